"""Find the largest batch size that fits, halving from `start` on out-of-memory.

On CUDA an oversized trial raises; on CPU Linux's OOM killer usually ends the
process before any error, so on CPU each trial also runs under two guards:
  * an address-space limit (RLIMIT_AS = address space at the trial's start +
    budget), so an allocation past the budget fails with torch's "can't
    allocate memory" instead of summoning the OOM killer. Address space grows
    at least as fast as resident memory, so this errs towards smaller sizes;
  * the peak resident memory, sampled by a thread and cross-checked with
    getrusage's high-water mark (which catches spikes between samples), above
    the resident memory when the search began; a trial whose peak passes the
    budget counts as out of memory.
The CPU budget defaults to 80% of the memory psutil reports available at the
start, so the search leaves a fifth of the headroom to everything else.
On CUDA a given budget is checked against torch.cuda.max_memory_allocated.
"""

from __future__ import annotations

import contextlib
import gc
import resource
import threading
from dataclasses import dataclass
from typing import Callable

import psutil
import torch

DEFAULT_CPU_FRACTION = 0.8
_OOM_WORDS = ("out of memory", "can't allocate memory", "cannot allocate memory")


@dataclass
class Trial:
    batch_size: int
    ok: bool
    peak_bytes: int | None  # above the memory in use when the search began
    reason: str | None  # why it counts as out of memory


class BatchSizeError(RuntimeError):
    pass


def is_oom(error: BaseException) -> bool:
    if isinstance(error, (torch.OutOfMemoryError, MemoryError)):
        return True
    return isinstance(error, RuntimeError) and any(w in str(error).lower() for w in _OOM_WORDS)


class _PeakRSS:
    """Highest resident set size of this process while the block runs."""

    def __init__(self, interval_s: float = 0.005):
        self.interval_s, self.peak = interval_s, 0
        self._proc, self._stop = psutil.Process(), threading.Event()

    def _sample(self) -> None:
        while not self._stop.is_set():
            self.peak = max(self.peak, self._proc.memory_info().rss)
            self._stop.wait(self.interval_s)

    def __enter__(self):
        self._maxrss_before = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        self.peak = self._proc.memory_info().rss
        self._thread = threading.Thread(target=self._sample, daemon=True)
        self._thread.start()
        return self

    def __exit__(self, *exc):
        self._stop.set()
        self._thread.join()
        maxrss = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
        if maxrss > self._maxrss_before:  # a new high-water mark was set inside the block (KiB on Linux)
            self.peak = max(self.peak, maxrss * 1024)
        return False


@contextlib.contextmanager
def _address_space_limit(extra_bytes: int):
    soft, hard = resource.getrlimit(resource.RLIMIT_AS)
    limit = psutil.Process().memory_info().vms + extra_bytes
    if hard != resource.RLIM_INFINITY:
        limit = min(limit, hard)
    if soft != resource.RLIM_INFINITY and soft <= limit:
        yield  # an existing, tighter limit already guards
        return
    resource.setrlimit(resource.RLIMIT_AS, (limit, hard))
    try:
        yield
    finally:
        resource.setrlimit(resource.RLIMIT_AS, (soft, hard))


def _clear(device: torch.device) -> None:
    gc.collect()
    if device.type == "cuda":
        torch.cuda.empty_cache()


def _trial(try_batch, size: int, device: torch.device, budget: int | None, baseline: int) -> Trial:
    reason, peak = None, None
    try:
        if device.type == "cuda":
            torch.cuda.reset_peak_memory_stats(device)
            try_batch(size)
            peak = torch.cuda.max_memory_allocated(device) - baseline
        else:
            with _PeakRSS() as rss, _address_space_limit(budget):
                try_batch(size)
            peak = rss.peak - baseline
    except Exception as e:  # noqa: BLE001 - anything that is not out-of-memory is re-raised
        if not is_oom(e):
            raise
        reason = f"{type(e).__name__}: {(str(e).splitlines() or [''])[0][:200]}"
    if reason is None and budget is not None and peak > budget:
        reason = f"peak {peak / 2**20:.0f} MiB over the budget of {budget / 2**20:.0f} MiB"
    return Trial(size, reason is None, peak, reason)


def find_batch_size(
    try_batch: Callable[[int], None], start: int, *, device: torch.device,
    memory_budget_bytes: int | None = None, on_try: Callable[[Trial], None] | None = None,
) -> int:
    """Run try_batch(start), try_batch(start // 2), … and return the first size that fits."""
    if start < 1:
        raise ValueError(f"start batch size must be >= 1, got {start}")
    _clear(device)
    if device.type == "cuda":
        baseline = torch.cuda.memory_allocated(device)
    else:
        baseline = psutil.Process().memory_info().rss
        if memory_budget_bytes is None:
            memory_budget_bytes = int(DEFAULT_CPU_FRACTION * psutil.virtual_memory().available)
    size, tried = start, []
    while size >= 1:
        trial = _trial(try_batch, size, device, memory_budget_bytes, baseline)
        _clear(device)  # after the except block: the traceback no longer pins the trial's tensors
        tried.append(trial)
        if on_try is not None:
            on_try(trial)
        if trial.ok:
            return size
        size //= 2
    raise BatchSizeError(
        f"even batch size 1 does not fit ({tried[-1].reason}); lower max_seq_len, enable gradient checkpointing "
        "or use a smaller model"
    )
