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


def test_count_tokens_counts_all_and_assistant_tokens(tiny_model, tmp_path):
    import json

    tok = _tok(tiny_model)
    rows = chat_rows(3)
    path = tmp_path / "d.jsonl"
    path.write_text("".join(json.dumps(r) + "\n" for r in rows))
    counts = chat_data.count_tokens(tok, str(path))
    encoded = [chat_data.encode(tok, r, 10_000) for r in rows]
    assert counts == {
        "examples": 3,
        "tokens": sum(len(e.input_ids) for e in encoded),
        "assistant_tokens": sum(sum(e.loss_mask) for e in encoded),
    }
    assert 0 < counts["assistant_tokens"] < counts["tokens"]


def test_text_records_train_on_every_token_and_end_with_eos(tiny_model):
    tok = _tok(tiny_model)
    e = chat_data.encode(tok, {"id": "t", "text": "En la Biblioteca hay un libro total."}, 512)
    assert all(e.loss_mask)
    assert e.input_ids[-1] == tok.eos_token_id
    assert tok.decode(e.input_ids[:-1]) == "En la Biblioteca hay un libro total."
    short = chat_data.encode(tok, {"id": "t", "text": "En la Biblioteca hay un libro total."}, 4)
    assert short.truncated and len(short.input_ids) == 4
