import torch

from scriptorium_engine import chat_data, models
from scriptorium_engine.components.loss import plain_loss_mean, target_loss_sum
from scriptorium_engine.methods import lora

from conftest import chat_rows


def test_gathered_loss_equals_transformers_loss(tiny_model):
    ref = {"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False}
    tok = models.load_tokenizer(ref)
    model = lora.apply(models.load_model(ref, torch.device("cpu")), {
        "kind": "lora", "r": 4, "alpha": 8, "dropout": 0.0, "target_modules": "all-linear"})
    model.eval()
    rows = chat_rows(6)
    rows[1]["messages"][2]["content"] += " And a much longer answer, so the batch needs padding."
    batch = chat_data.collate([chat_data.encode(tok, r, 256) for r in rows], torch.device("cpu"))
    with torch.no_grad():
        s, n = target_loss_sum(model, batch)
        plain = plain_loss_mean(model, batch)
    assert n == int(batch["loss_mask"][:, 1:].sum())
    assert abs(float(s) / n - float(plain)) < 1e-5
