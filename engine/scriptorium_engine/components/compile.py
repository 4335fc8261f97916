"""`training.compile`: torch.compile each decoder layer (TorchInductor), once, in place.

On a CPU LoRA step about a quarter of the time is element-wise work between the matmuls —
RMSNorm, rotary embeddings, SiLU × up, the LoRA scale and the residual adds — each a separate
pass over the activations in eager mode. Inductor fuses them into a few loops per layer.
Measured on the 135M with the NPC data (fp32, 2 cores): 158 vs 137 tokens/s, the same losses to
four decimals, for ~70 s of compiling in the first step (BENCHMARKS.md, chapter 4).

Layers are compiled in place (`Module.compile`), so parameter names, checkpoints and the saved
adapter are exactly those of an uncompiled run. Shapes are marked dynamic (batches differ in length),
so batch lengths share compiled code rather than each compiling anew. On CPU Inductor writes C++: a compiler must be installed.
"""

from __future__ import annotations

import os
import shutil

import torch

from ..protocol import BadJob
from .loss import causal_lm_parts


def cpp_compiler() -> str | None:
    """The C++ compiler Inductor would use on CPU (it honours $CXX first), or None."""
    for name in (os.environ.get("CXX"), "g++", "c++", "clang++"):
        if name and shutil.which(name):
            return name
    return None


def compile_decoder_layers(model, device: torch.device) -> int:
    """Compile every decoder layer in place; returns how many. Raises BadJob with a hint when it cannot."""
    if device.type == "cpu" and cpp_compiler() is None:
        raise BadJob(
            "training.compile needs a C++ compiler on CPU (TorchInductor generates C++): install g++ "
            "(Debian: apt-get install g++) or set CXX, or set training.compile: false"
        )
    decoder, _ = causal_lm_parts(model)
    layers = getattr(decoder, "layers", None)
    if not isinstance(layers, torch.nn.ModuleList) or len(layers) == 0:
        raise BadJob(
            f"training.compile: {type(decoder).__name__} has no list of decoder layers to compile; "
            "set training.compile: false for this model"
        )
    for layer in layers:
        layer.compile(dynamic=True)
    return len(layers)
