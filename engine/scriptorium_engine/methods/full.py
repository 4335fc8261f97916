"""Full fine-tuning: every weight trains, the token embeddings only when asked.

`train_embeddings: false` freezes the input embedding matrix. Where the LM head is tied to it
(SmolLM2, the tiny test model) the head is that same tensor and stays frozen too; an untied
head is an ordinary linear layer and trains.
"""

from __future__ import annotations


def apply(model, method: dict):
    for p in model.parameters():
        p.requires_grad_(True)
    if not method["train_embeddings"]:
        model.get_input_embeddings().weight.requires_grad_(False)
    return model
