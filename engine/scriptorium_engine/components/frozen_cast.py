"""Keep frozen matmul weights in bf16 once, instead of autocast re-casting them on every forward.

Autocast caches its casts only for leaf tensors that require grad, so a frozen
fp32 weight is converted to bf16 anew in every forward (and the copy is kept
for backward): for a 135M model that is ~0.5 GB of conversion traffic per step,
about a tenth of a CPU LoRA step. Autocast rounds fp32 → bf16 the same way a
one-time `.to(bfloat16)` does, so the matmuls see bit-identical operands and the
loss does not change (tests/test_frozen_cast.py). Only nn.Linear weights whose
module is wholly frozen are cast; embeddings and norms stay fp32, as autocast
leaves them. A frozen LM head tied to a frozen embedding gets its own bf16 copy
(the embedding lookup must keep reading fp32 rows).
"""

from __future__ import annotations

import torch

# Methods whose base weights are frozen plain Linears. DoRA is left out: it takes the norm of
# the base weight itself, outside autocast, so a bf16 copy would change its numerics.
CASTABLE = ("lora", "adapter", "prefix", "prompt")


def applies(method: dict, precision: str, device: torch.device) -> bool:
    return precision == "bf16" and method["kind"] in CASTABLE and not method.get("dora", False) and device.type == "cpu"


def cast_frozen_linears(model, dtype: torch.dtype = torch.bfloat16) -> int:
    """Cast every wholly frozen nn.Linear's parameters to `dtype`; returns how many weights were cast."""
    base = model.get_base_model() if hasattr(model, "get_base_model") else model
    head = base.get_output_embeddings()
    embed = base.get_input_embeddings()
    cast = 0
    for module in base.modules():
        if not isinstance(module, torch.nn.Linear) or module is head:
            continue
        params = list(module.parameters(recurse=False))
        if not params or any(p.requires_grad for p in params):
            continue
        for p in params:
            p.data = p.data.to(dtype)
        cast += 1
    if head is not None and not head.weight.requires_grad:
        if embed is not None and head.weight is embed.weight:
            head.weight = torch.nn.Parameter(head.weight.detach().to(dtype).clone(), requires_grad=False)
        else:
            head.weight.data = head.weight.data.to(dtype)
        cast += 1
    return cast
