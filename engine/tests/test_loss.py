import pytest
import torch

from scriptorium_engine import chat_data, methods, models
from scriptorium_engine.components.loss import plain_loss_mean, target_loss_sum

from conftest import chat_rows

CPU = torch.device("cpu")
LORA = {"kind": "lora", "r": 4, "alpha": 8, "dropout": 0.0, "target_modules": "all-linear", "rslora": False, "dora": False}


def _ref(tiny_model) -> dict:
    return {"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False}


def _padded_batch(tok):
    rows = chat_rows(6)
    rows[1]["messages"][2]["content"] += " And a much longer answer, so the batch needs padding."
    return chat_data.collate([chat_data.encode(tok, r, 256) for r in rows], CPU)


def _nudge(model) -> None:
    """Move every trainable weight off its initial value (LoRA B and zero-init parts would hide bugs)."""
    g = torch.Generator().manual_seed(0)
    with torch.no_grad():
        for p in model.parameters():
            if p.requires_grad:
                p.add_(0.05 * torch.randn(p.shape, generator=g))


@pytest.mark.parametrize("method", [
    LORA,
    {**LORA, "dora": True},
    {**LORA, "kind": "qlora", "quant_type": "fp4", "double_quant": False},
    {"kind": "adapter", "style": "houlsby", "reduction_factor": 4, "non_linearity": "gelu"},
    {"kind": "prefix", "num_virtual_tokens": 4, "projection": False},
    {"kind": "prompt", "num_virtual_tokens": 4, "init_text": None},
], ids=["lora", "dora", "qlora", "adapter", "prefix", "prompt"])
def test_gathered_loss_equals_transformers_loss(tiny_model, method):
    ref = _ref(tiny_model)
    tok = models.load_tokenizer(ref)
    model = methods.build(ref, method, CPU, "fp32")
    _nudge(model)
    model.eval()
    batch = _padded_batch(tok)
    with torch.no_grad():
        s, n = target_loss_sum(model, batch)
        plain = plain_loss_mean(model, batch)
    assert n == int(batch["loss_mask"][:, 1:].sum())
    assert abs(float(s) / n - float(plain)) < 1e-5


def test_packed_row_loss_equals_the_examples_run_apart(tiny_model):
    ref = _ref(tiny_model)
    tok = models.load_tokenizer(ref)
    model = methods.build(ref, LORA, CPU, "fp32")
    _nudge(model)
    model.eval()
    a, b = (chat_data.encode(tok, r, 256) for r in chat_rows(2))
    packed = {
        "input_ids": torch.tensor([a.input_ids + b.input_ids]),
        "loss_mask": torch.tensor([a.loss_mask + b.loss_mask]),
        "position_ids": torch.tensor([list(range(len(a.input_ids))) + list(range(len(b.input_ids)))]),
    }
    packed["attention_mask"] = torch.ones_like(packed["input_ids"])
    with torch.no_grad():
        s_packed, n_packed = target_loss_sum(model, packed)
        apart = [target_loss_sum(model, chat_data.collate([e], CPU)) for e in (a, b)]
        # Without position ids the second example would attend to the first: the loss must differ.
        leaky, _ = target_loss_sum(model, {k: v for k, v in packed.items() if k != "position_ids"})
    assert n_packed == sum(n for _, n in apart)
    assert abs(float(s_packed) - sum(float(s) for s, _ in apart)) < 1e-4
    assert abs(float(leaky) - float(s_packed)) > 1e-3


def test_packed_batches_are_refused_for_prompt_learning(tiny_model):
    ref = _ref(tiny_model)
    tok = models.load_tokenizer(ref)
    model = methods.build(ref, {"kind": "prompt", "num_virtual_tokens": 2, "init_text": None}, CPU, "fp32")
    batch = chat_data.collate([chat_data.encode(tok, r, 256) for r in chat_rows(1)], CPU)
    batch["position_ids"] = torch.arange(batch["input_ids"].shape[1])[None]
    with pytest.raises(ValueError, match="packed batches"):
        target_loss_sum(model, batch)
