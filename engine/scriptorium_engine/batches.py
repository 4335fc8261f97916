"""Deterministic batch order: a function of (seed, epoch, position), so a resumed run sees the same batches."""

from __future__ import annotations

import math

import torch


class BatchOrder:
    def __init__(self, n_examples: int, batch_size: int, seed: int) -> None:
        if n_examples == 0:
            raise ValueError("no training examples with assistant tokens")
        self.n = n_examples
        self.batch_size = batch_size
        self.seed = seed
        self.per_epoch = math.ceil(n_examples / batch_size)
        self._perms: dict[int, list[int]] = {}

    def _perm(self, epoch: int) -> list[int]:
        if epoch not in self._perms:
            g = torch.Generator().manual_seed(self.seed * 100_003 + epoch)
            self._perms = {epoch: torch.randperm(self.n, generator=g).tolist()}
        return self._perms[epoch]

    def micro_batch(self, index: int) -> tuple[list[int], float]:
        """Example indices of global micro-batch `index`, and the fractional epoch it belongs to."""
        epoch, pos = divmod(index, self.per_epoch)
        perm = self._perm(epoch)
        return perm[pos * self.batch_size : (pos + 1) * self.batch_size], epoch + pos / self.per_epoch
