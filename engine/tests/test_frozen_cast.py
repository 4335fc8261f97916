"""Frozen Linear weights stored in bf16 once give the same bf16-autocast loss and gradients as fp32 weights cast by autocast."""

import torch

from scriptorium_engine import chat_data, methods, models
from scriptorium_engine.components.frozen_cast import cast_frozen_linears
from scriptorium_engine.components.loss import target_loss_sum

from conftest import chat_rows

LORA = {"kind": "lora", "r": 4, "alpha": 8, "dropout": 0.0, "target_modules": "all-linear", "rslora": False, "dora": False}


def _loss_and_grads(model, batch):
    model.zero_grad(set_to_none=True)
    with torch.autocast("cpu", dtype=torch.bfloat16):
        s, n = target_loss_sum(model, batch)
    (s / n).backward()
    return float(s) / n, {k: p.grad.clone() for k, p in model.named_parameters() if p.requires_grad}


def test_cast_keeps_the_bf16_loss_and_gradients_and_leaves_trainables_fp32(tiny_model):
    ref = {"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False}
    tok = models.load_tokenizer(ref)
    batch = chat_data.collate([chat_data.encode(tok, r, 128) for r in chat_rows(4)], torch.device("cpu"))
    torch.manual_seed(0)
    plain = methods.build(ref, LORA, torch.device("cpu"), "bf16")
    torch.manual_seed(0)
    cast = methods.build(ref, LORA, torch.device("cpu"), "bf16")
    with torch.no_grad():  # LoRA B starts at zero; give it values so the adapter path is exercised
        for (_, a), (_, b) in zip(plain.named_parameters(), cast.named_parameters()):
            if a.requires_grad:
                a.normal_(0, 0.05)
                b.copy_(a)
    n = cast_frozen_linears(cast)
    assert n > 0
    base = cast.get_base_model()
    assert base.get_output_embeddings().weight.dtype == torch.bfloat16
    assert base.get_input_embeddings().weight.dtype == torch.float32  # the lookup keeps reading fp32 rows
    assert all(p.dtype == torch.float32 for p in cast.parameters() if p.requires_grad)
    loss_a, grads_a = _loss_and_grads(plain, batch)
    loss_b, grads_b = _loss_and_grads(cast, batch)
    assert abs(loss_a - loss_b) < 1e-6, (loss_a, loss_b)
    assert grads_a.keys() == grads_b.keys()
    for k in grads_a:
        assert torch.allclose(grads_a[k], grads_b[k], atol=1e-6, rtol=1e-4), k
