"""Deterministic batch order: a function of (seed, epoch, position), so a resumed run sees the same batches.

With `group_by_length`, each epoch's shuffled examples are cut into chunks of 16
batches, each chunk is sorted by length and cut into batches, and the batches are
shuffled again: batches hold examples of similar length, so less compute goes to
padding, while the order stays random from batch to batch.
"""

from __future__ import annotations

import math

import torch

_CHUNK_BATCHES = 16


class BatchOrder:
    def __init__(self, lengths: list[int], batch_size: int, seed: int, group_by_length: bool) -> None:
        if not lengths:
            raise ValueError("no training examples with assistant tokens")
        self.lengths = lengths
        self.n = len(lengths)
        self.batch_size = batch_size
        self.seed = seed
        self.group_by_length = group_by_length
        self.per_epoch = math.ceil(self.n / batch_size)
        self._cache: tuple[int, list[list[int]]] | None = None

    def _batches(self, epoch: int) -> list[list[int]]:
        if self._cache and self._cache[0] == epoch:
            return self._cache[1]
        g = torch.Generator().manual_seed(self.seed * 100_003 + epoch)
        perm = torch.randperm(self.n, generator=g).tolist()
        bs = self.batch_size
        if self.group_by_length:
            chunk = bs * _CHUNK_BATCHES
            batches = []
            for start in range(0, self.n, chunk):
                ordered = sorted(perm[start : start + chunk], key=lambda i: -self.lengths[i])
                batches += [ordered[j : j + bs] for j in range(0, len(ordered), bs)]
            batches = [batches[k] for k in torch.randperm(len(batches), generator=g).tolist()]
        else:
            batches = [perm[j : j + bs] for j in range(0, self.n, bs)]
        self._cache = (epoch, batches)
        return batches

    def micro_batch(self, index: int) -> tuple[list[int], float]:
        """Example indices of global micro-batch `index`, and the fractional epoch it belongs to."""
        epoch, pos = divmod(index, self.per_epoch)
        return self._batches(epoch)[pos], epoch + pos / self.per_epoch

    def padding_waste(self, index_range: range) -> float:
        """Fraction of batch slots that are padding over the given micro-batches (reported per run)."""
        real = padded = 0
        for i in index_range:
            idx, _ = self.micro_batch(i)
            lens = [self.lengths[k] for k in idx]
            real += sum(lens)
            padded += max(lens) * len(lens)
        return 1 - real / padded if padded else 0.0
