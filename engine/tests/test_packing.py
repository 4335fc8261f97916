"""Packing: the order is deterministic and complete, and a packed row gives each example its own loss."""

import random

import pytest
import torch
import torch.nn.functional as F
from transformers.masking_utils import create_causal_mask

from scriptorium_engine import chat_data, models
from scriptorium_engine.components.loss import causal_lm_parts
from scriptorium_engine.packing import PackedOrder, pack_rows

from conftest import chat_rows


def _lengths(n: int, seed: int = 0) -> list[int]:
    """The spread of the NPC training data with the builtin tokenizer: 77 to 354 tokens, median 140."""
    rnd = random.Random(seed)
    return [min(354, 77 + int(rnd.lognormvariate(4.0, 0.8))) for _ in range(n)]


def test_order_is_deterministic_complete_and_within_rows():
    lengths = _lengths(600)
    a, b = PackedOrder(lengths, 512, 4, seed=3), PackedOrder(lengths, 512, 4, seed=3)
    epochs = []
    for epoch in range(2):
        batches = [a.micro_batch(epoch * a.per_epoch + i)[0] for i in range(a.per_epoch)]
        assert batches == [b.micro_batch(epoch * b.per_epoch + i)[0] for i in range(b.per_epoch)]
        rows = [row for batch in batches for row in batch]
        assert all(len(batch) <= 4 for batch in batches)
        assert sorted(i for row in rows for i in row) == list(range(600))
        assert max(sum(lengths[i] for i in row) for row in rows) <= 512
        epochs.append(rows)
    assert epochs[0] != epochs[1]
    assert a.micro_batch(a.per_epoch)[1] == 1.0
    # Packing looks at lengths only, so every epoch has as many rows (steps per epoch are fixed).
    assert len(a.rows_for_epoch(5)) == a.rows_per_epoch


def test_efficiency_on_a_realistic_spread():
    lengths = _lengths(1500)
    for row_len, rows_per_batch in ((512, 4), (1024, 2)):
        order = PackedOrder(lengths, row_len, rows_per_batch, seed=0)
        assert order.efficiency >= 0.97, (row_len, order.efficiency)
    assert pack_rows(list(range(4)), [3, 3, 2, 4], 6) == [[3, 2], [0, 1]]


def test_an_example_longer_than_a_row_is_refused():
    with pytest.raises(ValueError, match="row_len must be at least max_seq_len"):
        PackedOrder([100, 600], 512, 2, seed=0)


def _example_losses(model, batch: dict, position_ids) -> list[float]:
    """Per-example sums of target cross-entropies, in the order the examples sit in the rows."""
    decoder, lm_head = causal_lm_parts(model)
    # use_cache defaults to config.use_cache (True) even in training; with a cache transformers
    # skips the packed-sequence detection and attends across examples.
    hidden = decoder(
        input_ids=batch["input_ids"], attention_mask=None, position_ids=position_ids, use_cache=False
    ).last_hidden_state
    logits = lm_head(hidden[:, :-1]).float()
    ce = F.cross_entropy(logits.transpose(1, 2), batch["input_ids"][:, 1:], reduction="none")
    ce = ce * batch["loss_mask"][:, 1:]
    out = []
    for r, lens in enumerate(batch["seq_lens"]):
        start = 0
        for n in lens:
            out.append(float(ce[r, start : start + n - 1].sum()))
            start += n
    return out


@pytest.fixture(scope="module")
def model_and_rows(tiny_model):
    ref = {"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False}
    tok = models.load_tokenizer(ref)
    model = models.load_model(ref, torch.device("cpu")).eval()
    assert model.config._attn_implementation == "sdpa"
    rows = chat_rows(5)
    # Distinct texts, so that attending to a neighbour would change a loss visibly (the control).
    personas = ["Ines, keeper of the index", "Cirilo, the lamp trimmer", "Marta, who counts mirrors", "Tomas, a pilgrim"]
    for row, persona in zip(rows[1:], personas):
        row["messages"][0]["content"] = f"Eres {persona}. Responde siempre en castellano, 1-2 frases."
    rows[0]["messages"][2]["content"] += " The stairs turn left twice, then the lamps go out."
    rows[3]["messages"][1]["content"] += " Quickly, please, the lamps are dimming."
    enc = [chat_data.encode(tok, r, 256) for r in rows]
    return model, [enc[:3], enc[3:]]  # three examples in one row, two in a shorter, padded row


def test_packed_row_gives_each_example_its_own_loss(model_and_rows):
    model, rows = model_and_rows
    batch = chat_data.collate_packed(rows, torch.device("cpu"))
    assert int(batch["attention_mask"][1].sum()) < batch["input_ids"].shape[1]  # the second row is padded
    for r, lens in enumerate(batch["seq_lens"]):
        starts = torch.tensor([0] + lens[:-1]).cumsum(0)
        assert not batch["loss_mask"][r, starts].any()
    with torch.no_grad():
        packed = _example_losses(model, batch, batch["position_ids"])
        alone = [_example_losses(model, chat_data.collate_packed([[e]], torch.device("cpu")), None)[0]
                 for row in rows for e in row]
        unpositioned = _example_losses(model, batch, None)
    assert packed == pytest.approx(alone, rel=1e-4, abs=1e-4)
    # The control: without restarting positions, later examples of a row attend to earlier ones.
    for k in (1, 2, 4):
        assert abs(unpositioned[k] - alone[k]) > 1e-2 * abs(alone[k]), (k, unpositioned, alone)


def test_sdpa_mask_is_block_diagonal(model_and_rows):
    model, _ = model_and_rows
    pos = torch.tensor([[0, 1, 2, 0, 1, 0, 1, 2, 3]])
    embeds = torch.zeros((1, pos.shape[1], model.config.hidden_size))
    mask = create_causal_mask(model.config, embeds, None, None, position_ids=pos)[0, 0]
    seg = torch.tensor([0, 0, 0, 1, 1, 2, 2, 2, 2])
    expected = (seg[:, None] == seg[None, :]) & torch.ones(9, 9, dtype=torch.bool).tril()
    assert torch.equal(mask, expected)
