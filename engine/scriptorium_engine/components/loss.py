"""Causal-LM loss on assistant tokens only, projecting to the vocabulary only where needed.

The plain way (`model(input_ids, labels=…)`) computes logits and a log-softmax
over the whole 49k vocabulary at every position, including system and user
tokens whose labels are masked. Here the decoder's hidden states are gathered
at target positions first, so the LM head and cross-entropy run on those rows
only. The result equals the plain loss with an explicit padding mask (tests/test_loss.py).

Full, LoRA/DoRA, QLoRA and bottleneck adapters all live inside the decoder, so calling the
decoder directly sees them. Prefix and prompt tuning inject virtual tokens in PeftModel.forward
(past key/values, prepended embeddings), so those go through it.
"""

from __future__ import annotations

import torch
import torch.nn.functional as F


def causal_lm_parts(model):
    """(decoder, lm_head) of a causal LM, through a PEFT wrapper if there is one."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return base.get_decoder(), base.get_output_embeddings()


def is_prompt_learning(model) -> bool:
    config = getattr(model, "active_peft_config", None)
    return bool(config is not None and config.is_prompt_learning)


def _prompt_learning_hidden(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    if batch.get("position_ids") is not None:
        raise ValueError(
            "packed batches (position_ids) cannot train prefix or prompt tuning: PEFT's forward offsets or drops "
            "position ids and its virtual tokens belong to the row, not to each packed example; turn packing off"
        )
    ids = batch["input_ids"]
    # logits_to_keep=1 keeps the full-vocabulary projection off all but one position; the
    # gathered target rows get the head below, as on the fast path.
    out = model(input_ids=ids, attention_mask=None, output_hidden_states=True, logits_to_keep=1, use_cache=False)
    hidden = out.hidden_states[-1]  # the final-norm output (transformers ties it to last_hidden_state)
    return hidden[:, hidden.shape[1] - ids.shape[1] :]  # prompt tuning prepends its virtual tokens


def target_loss_sum(model, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, int]:
    """Sum of token cross-entropies over assistant targets, and how many targets there were.

    `batch` may carry `position_ids` (sample packing: several examples per row, positions restarting
    at 0 for each); with no attention mask, transformers then keeps attention inside each example.
    """
    logits, labels, _ = _target_logits(model, batch)
    return F.cross_entropy(logits, labels, reduction="sum"), int(labels.numel())


def target_loss_sums_per_row(model, batch: dict[str, torch.Tensor]) -> list[tuple[float, int]]:
    """(sum of target cross-entropies, target count) for each row of an unpacked batch (per-example perplexity)."""
    logits, labels, rows = _target_logits(model, batch)
    losses = F.cross_entropy(logits, labels, reduction="none")
    n_rows = batch["input_ids"].shape[0]
    sums = torch.zeros(n_rows, dtype=losses.dtype, device=losses.device).index_add_(0, rows, losses)
    counts = torch.bincount(rows, minlength=n_rows)
    return [(float(s), int(c)) for s, c in zip(sums.tolist(), counts.tolist())]


def _target_logits(model, batch: dict[str, torch.Tensor]) -> tuple[torch.Tensor, torch.Tensor, torch.Tensor]:
    """Logits (float32) and labels at the assistant-target positions, and the batch row of each."""
    decoder, lm_head = causal_lm_parts(model)
    if is_prompt_learning(model):
        hidden = _prompt_learning_hidden(model, batch)
    else:
        # Batches are right-padded (chat_data.collate): every pad comes after every real token of its
        # row, so the causal mask alone already hides pads from real tokens. Without an explicit
        # padding mask SDPA takes its fast causal kernel (~1.3x a step on CPU); pad rows are never targets.
        # No cache: transformers only builds the per-example (packed) mask when there is none.
        hidden = decoder(
            input_ids=batch["input_ids"], attention_mask=None, position_ids=batch.get("position_ids"), use_cache=False
        ).last_hidden_state
    is_target = batch["loss_mask"][:, 1:]  # position t predicts token t+1
    hidden_rows = hidden[:, :-1][is_target]
    labels = batch["input_ids"][:, 1:][is_target]
    row_of = is_target.nonzero()[:, 0]
    return lm_head(hidden_rows).float(), labels, row_of


def plain_loss_mean(model, batch: dict[str, torch.Tensor]) -> torch.Tensor:
    """The reference: transformers' own loss with labels = -100 outside assistant tokens."""
    labels = batch["input_ids"].masked_fill(~batch["loss_mask"], -100)
    return model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"], labels=labels).loss
