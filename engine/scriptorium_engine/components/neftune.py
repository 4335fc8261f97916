"""NEFTune (Jain et al. 2023): uniform noise on the input embeddings while training.

noise = U(-1, 1) * alpha / sqrt(L * d), with d the hidden size and L the real
tokens of the row. Padding would inflate L, and with sample packing a row holds
several examples, so the caller sets `handle.lengths` (one count per row, e.g.
attention_mask.sum(1)) before each forward; left as None, L is the padded
sequence length, as transformers' Trainer does. The noise comes from torch's
default generator of the embedding's device, which checkpoints save and restore,
so a resumed run draws the same noise.
"""

from __future__ import annotations

import torch


class NEFTune:
    def __init__(self, embeddings: torch.nn.Module, alpha: float):
        if alpha <= 0:
            raise ValueError(f"neftune alpha must be > 0, got {alpha}")
        self.alpha = float(alpha)
        self.lengths: torch.Tensor | None = None
        self.module = embeddings
        self._handle = embeddings.register_forward_hook(self._hook)

    def _hook(self, module: torch.nn.Module, args, output: torch.Tensor):
        if not module.training:
            return None
        rows, seq, dim = output.shape
        if self.lengths is None:
            mag = self.alpha / (seq * dim) ** 0.5
        else:
            if self.lengths.shape != (rows,):
                raise ValueError(f"neftune lengths has shape {tuple(self.lengths.shape)}, the batch has {rows} rows")
            tokens = self.lengths.to(device=output.device, dtype=torch.float32).clamp(min=1)
            mag = (self.alpha / (tokens * dim).sqrt()).to(output.dtype).view(rows, 1, 1)
        return output + torch.zeros_like(output).uniform_(-1.0, 1.0) * mag

    def remove(self) -> None:
        self._handle.remove()


def enable_neftune(model: torch.nn.Module, alpha: float) -> NEFTune:
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    return NEFTune(base.get_input_embeddings(), alpha)
