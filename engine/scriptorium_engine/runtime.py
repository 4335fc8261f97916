"""Device, threads, precision and seeds: the few process-wide settings every command shares."""

from __future__ import annotations

import contextlib
import os
import random

import torch


def bf16_supported(device: torch.device) -> bool:
    if device.type == "cuda":
        return torch.cuda.is_bf16_supported()
    # On CPU, bf16 is only fast with native instructions (avx512_bf16 / AMX); oneDNN reports that.
    try:
        return bool(torch.backends.mkldnn.is_available() and torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def pick_device() -> torch.device:
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def setup(runtime: dict) -> tuple[torch.device, str]:
    """Apply threads and seed; return the device and the concrete precision ('bf16', 'fp16' or 'fp32')."""
    threads = int(runtime["threads"])
    torch.set_num_threads(threads)
    with contextlib.suppress(RuntimeError):  # only settable before any parallel work
        torch.set_num_interop_threads(1)
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    seed_everything(int(runtime["seed"]))
    device = pick_device()
    precision = runtime["precision"]
    if precision == "auto":
        if bf16_supported(device):
            precision = "bf16"
        else:  # older GPUs: fp16 with loss scaling; CPUs without bf16 instructions: fp32
            precision = "fp16" if device.type == "cuda" else "fp32"
    if precision == "fp16" and device.type != "cuda":
        from .protocol import BadJob

        raise BadJob(
            "precision fp16 needs a CUDA GPU (loss scaling and fast fp16 matmuls); on this CPU use "
            "precision: auto (bf16 where the CPU has it) or fp32"
        )
    return device, precision


def seed_everything(seed: int) -> None:
    random.seed(seed)
    torch.manual_seed(seed)
    if torch.cuda.is_available():
        torch.cuda.manual_seed_all(seed)


def autocast(device: torch.device, precision: str):
    if precision == "bf16":
        return torch.autocast(device_type=device.type, dtype=torch.bfloat16)
    if precision == "fp16":
        return torch.autocast(device_type=device.type, dtype=torch.float16)
    return contextlib.nullcontext()
