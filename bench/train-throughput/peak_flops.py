"""Matmul peak of this machine: best GFLOP/s of a large square torch.mm, bf16 and fp32, at a given thread count.

    .venv/bin/python bench/train-throughput/peak_flops.py --threads 2      # prints one JSON line

It is the denominator of MFU in run.ts: the best a dense GEMM reaches here, not a vendor datasheet figure.
"""

from __future__ import annotations

import argparse
import json
import time

import torch


def best_gflops(dtype: torch.dtype, n: int, repeats: int, rounds: int, warmup: int = 2) -> float:
    g = torch.Generator().manual_seed(0)
    a = torch.randn(n, n, generator=g).to(dtype)
    b = torch.randn(n, n, generator=g).to(dtype)
    out = torch.empty(n, n, dtype=dtype)
    for _ in range(warmup):  # warm-up: oneDNN picks and caches its kernel on the first calls
        torch.mm(a, b, out=out)
    best = float("inf")
    for _ in range(rounds):
        t0 = time.perf_counter()
        for _ in range(repeats):
            torch.mm(a, b, out=out)
        best = min(best, (time.perf_counter() - t0) / repeats)
    return 2 * n**3 / best / 1e9


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--threads", type=int, default=torch.get_num_threads())
    p.add_argument("--size", type=int, default=2048)
    p.add_argument("--repeats", type=int, default=5, help="matmuls per timed round")
    p.add_argument("--rounds", type=int, default=5, help="timed rounds; the best one counts")
    args = p.parse_args()
    torch.set_num_threads(args.threads)
    # Without bf16 instructions a bf16 matmul is emulated and far slower than fp32: one timed matmul
    # and no warm-up say enough (0.25 GFLOP/s on an AVX2 EPYC: 70 s per 2048² matmul).
    native_bf16 = bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    bf16_reps = (args.repeats, args.rounds, 2) if native_bf16 else (1, 1, 0)
    result = {
        "threads": torch.get_num_threads(),
        "size": args.size,
        "torch": torch.__version__,
        "bf16_gflops": best_gflops(torch.bfloat16, args.size, *bf16_reps),
        "native_bf16": native_bf16,
        "fp32_gflops": best_gflops(torch.float32, args.size, args.repeats, args.rounds),
    }
    print(json.dumps(result))


if __name__ == "__main__":
    main()
