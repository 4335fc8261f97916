"""Token-weighted loss and perplexity over a set of encoded chat examples (assistant tokens only)."""

from __future__ import annotations

import math

import torch

from . import chat_data, runtime
from .components.loss import target_loss_sums_per_row


@torch.no_grad()
def loss_over(model, examples, *, batch_size: int, device, precision: str, on_batch=None) -> dict:
    was_training = model.training
    model.eval()
    # Sorting by length keeps padding low; the sum does not depend on the order.
    ordered = sorted(examples, key=lambda e: len(e.input_ids))
    total, count = 0.0, 0
    per_example = []
    for start in range(0, len(ordered), batch_size):
        chunk = ordered[start : start + batch_size]
        batch = chat_data.collate(chunk, device)
        with runtime.autocast(device, precision):
            sums = target_loss_sums_per_row(model, batch)
        for e, (s, n) in zip(chunk, sums):
            per_example.append({"id": e.example_id, "loss_sum": s, "tokens": n})
            total += s
            count += n
        if on_batch:
            on_batch(min(start + batch_size, len(ordered)), len(ordered))
    if was_training:
        model.train()
    loss = total / max(count, 1)
    return {"loss": loss, "perplexity": math.exp(loss), "tokens": count, "examples": len(ordered), "per_example": per_example}
