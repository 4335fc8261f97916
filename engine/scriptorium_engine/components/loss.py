"""Causal-LM loss on assistant tokens only, projecting to the vocabulary only where needed.

The plain way (`model(input_ids, labels=…)`) computes logits and a log-softmax
over the whole 49k vocabulary at every position, including system and user
tokens whose labels are masked. Here the decoder's hidden states are gathered
at target positions first, so the LM head and cross-entropy run on those rows
only. The result equals the plain loss with an explicit padding mask (tests/test_loss.py).
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def causal_lm_parts(model):
    """(decoder, lm_head) of a causal LM, through a PEFT wrapper if there is one."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return base.get_decoder(), base.get_output_embeddings()


def target_loss_sum(model, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, int]:
    """Sum of token cross-entropies over assistant targets, and how many targets there were."""
    decoder, lm_head = causal_lm_parts(model)
    # Batches are right-padded (chat_data.collate): every pad comes after every real token of its
    # row, so the causal mask alone already hides pads from real tokens. Without an explicit
    # padding mask SDPA takes its fast causal kernel (~1.3x a step on CPU); pad rows are never targets.
    hidden = decoder(input_ids=batch["input_ids"], attention_mask=None).last_hidden_state
    is_target = batch["loss_mask"][:, 1:]  # position t predicts token t+1
    rows = hidden[:, :-1][is_target]
    labels = batch["input_ids"][:, 1:][is_target]
    logits = lm_head(rows).float()
    return F.cross_entropy(logits, labels, reduction="sum"), int(labels.numel())


def plain_loss_mean(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """The reference: transformers' own loss with labels = -100 outside assistant tokens."""
    labels = batch["input_ids"].masked_fill(~batch["loss_mask"], -100)
    return model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels).loss
