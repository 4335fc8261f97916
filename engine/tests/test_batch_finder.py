"""The batch-size finder backs off on real out-of-memory errors and on real memory peaks."""

import mmap
import resource
import time

import pytest
import torch

from scriptorium_engine.components.batch_finder import BatchSizeError, _PeakRSS, find_batch_size, is_oom

CPU = torch.device("cpu")
MiB = 2**20


def run(try_batch, start, **kw):
    tries = []
    size = find_batch_size(try_batch, start, device=CPU, on_try=tries.append, **kw)
    return size, [(t.batch_size, t.ok) for t in tries], tries


def test_backs_off_on_out_of_memory_errors():
    def try_batch(n):
        x = torch.zeros(n, 1024)  # real work, freed between tries
        if n > 6:
            raise RuntimeError(f"CUDA out of memory. Tried to allocate {x.numel() * 4} bytes")

    size, tries, trials = run(try_batch, 32)
    assert size == 4 and tries == [(32, False), (16, False), (8, False), (4, True)]
    assert "out of memory" in trials[0].reason


def test_halving_floors_and_reaches_one():
    def try_batch(n):
        if n > 1:
            raise torch.OutOfMemoryError("out of memory")

    assert run(try_batch, 5)[1] == [(5, False), (2, False), (1, True)]


def test_other_errors_are_not_swallowed():
    def try_batch(n):
        raise RuntimeError("shape mismatch")

    with pytest.raises(RuntimeError, match="shape mismatch"):
        run(try_batch, 4)


def test_a_clear_error_when_even_one_fails():
    def try_batch(n):
        raise MemoryError()

    with pytest.raises(BatchSizeError, match="even batch size 1 does not fit"):
        run(try_batch, 2)


def test_real_allocations_past_the_budget_fail_instead_of_killing_the_process():
    def try_batch(n):  # n x 64 MiB, touched, like a step's activations
        torch.ones(n * 16 * MiB, dtype=torch.float32)

    limits = resource.getrlimit(resource.RLIMIT_AS)
    size, tries, trials = run(try_batch, 8, memory_budget_bytes=200 * MiB)
    assert resource.getrlimit(resource.RLIMIT_AS) == limits
    assert size == 2 and tries == [(8, False), (4, False), (2, True)]
    assert "allocate memory" in trials[0].reason  # the address-space guard turned the OOM into an error
    assert 120 * MiB < trials[-1].peak_bytes < 200 * MiB


def test_a_measured_peak_past_the_budget_counts_as_out_of_memory():
    # Memory mapped before the search: touching it grows resident memory but not the
    # address space, so only the sampled peak can see it.
    region = mmap.mmap(-1, 256 * MiB)
    pages = torch.frombuffer(region, dtype=torch.uint8)

    def try_batch(n):
        pages[: n * 32 * MiB].fill_(1)
        time.sleep(0.02)
        region.madvise(mmap.MADV_DONTNEED)  # hand the pages back, as freed tensors are

    try:
        size, tries, trials = run(try_batch, 8, memory_budget_bytes=100 * MiB)
    finally:
        del pages
        region.close()
    assert size == 2 and tries == [(8, False), (4, False), (2, True)]
    assert "over the budget" in trials[1].reason
    assert trials[1].peak_bytes > 100 * MiB


def test_peak_sampler_sees_memory_freed_before_the_block_ends():
    with _PeakRSS() as rss:
        start = rss.peak
        x = torch.ones(96 * MiB // 4)
        time.sleep(0.02)
        del x
    assert rss.peak - start > 90 * MiB


def test_oom_recognition():
    assert is_oom(RuntimeError("DefaultCPUAllocator: can't allocate memory: you tried to allocate 1 bytes"))
    assert is_oom(torch.OutOfMemoryError("CUDA out of memory"))
    assert not is_oom(RuntimeError("expected scalar type Float"))
    assert not is_oom(ValueError("out of memory"))
