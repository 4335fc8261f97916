from scriptorium_engine import chat_data, models

from conftest import chat_rows


def _tok(tiny_model):
    return models.load_tokenizer({"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False})


def test_loss_mask_covers_exactly_the_assistant_turns(tiny_model):
    tok = _tok(tiny_model)
    row = {
        "id": "a",
        "messages": [
            {"role": "system", "content": "Sé breve."},
            {"role": "user", "content": "¿Dónde está el Pozo?"},
            {"role": "assistant", "content": "Mire usted, abajo. En fin."},
            {"role": "user", "content": "¿Y la Sala?"},
            {"role": "assistant", "content": "Arriba."},
        ],
    }
    e = chat_data.encode(tok, row, 512)
    targets = tok.decode([t for t, m in zip(e.input_ids, e.loss_mask) if m])
    assert targets == "Mire usted, abajo. En fin.<|im_end|>\nArriba.<|im_end|>\n"
    assert not e.truncated


def test_truncation_is_reported(tiny_model):
    tok = _tok(tiny_model)
    e = chat_data.encode(tok, chat_rows(1)[0], 8)
    assert e.truncated and len(e.input_ids) == 8
