"""Optimizers from a job's `optimizer` spec, with weight decay kept off biases and norms.

Specs (every field present):
  {"kind": "adamw",      "betas": [b1, b2], "eps": float}
  {"kind": "adamw_8bit", "betas": [b1, b2], "eps": float}          bitsandbytes; CPU and CUDA
  {"kind": "adafactor",  "eps": float, "clip_threshold": float, "decay_rate": float}
  {"kind": "sgd",        "momentum": float, "nesterov": bool}

Adafactor is transformers' implementation with relative_step and
scale_parameter off, so `lr` is the step size itself and the schedule drives
it like any other optimizer's. torch.optim.Adafactor cannot do that: it always
multiplies the step by max(1e-3, RMS(param)) and caps it at 1/sqrt(t), which
leaves zero-initialised LoRA B matrices moving at about lr/1000.

The groups are always [decay, no_decay], even when one is empty, so a
checkpoint's param_groups fit the optimizer rebuilt on resume.
"""

from __future__ import annotations

import torch


def _no_decay(name: str, p: torch.nn.Parameter) -> bool:
    lowered = name.lower()
    return p.ndim <= 1 or "bias" in lowered or "norm" in lowered


def param_groups(named_params, weight_decay: float) -> list[dict]:
    trainable = [(n, p) for n, p in named_params if p.requires_grad]
    if not trainable:
        raise ValueError("no trainable parameters to optimize")
    return [
        {"params": [p for n, p in trainable if not _no_decay(n, p)], "weight_decay": weight_decay},
        {"params": [p for n, p in trainable if _no_decay(n, p)], "weight_decay": 0.0},
    ]


def build_optimizer(named_params, spec: dict, *, lr: float, weight_decay: float, device: torch.device) -> torch.optim.Optimizer:
    groups = param_groups(named_params, weight_decay)
    kind = spec["kind"]
    if kind == "adamw":
        kwargs = dict(lr=lr, betas=tuple(spec["betas"]), eps=spec["eps"])
        try:  # the fused kernel is faster on CPU and CUDA; older builds may lack it for a device
            return torch.optim.AdamW(groups, fused=True, **kwargs)
        except (RuntimeError, TypeError):
            return torch.optim.AdamW(groups, **kwargs)
    if kind == "adamw_8bit":
        if device.type not in ("cpu", "cuda"):
            raise ValueError(f"adamw_8bit runs on cpu or cuda, not {device.type}; use adamw")
        import bitsandbytes as bnb  # imported here: a second or more of start-up that only this kind needs

        # bitsandbytes keeps tensors under min_8bit_size (4096) elements in 32-bit state.
        return bnb.optim.AdamW8bit(groups, lr=lr, betas=tuple(spec["betas"]), eps=spec["eps"])
    if kind == "adafactor":
        from transformers.optimization import Adafactor

        return Adafactor(
            groups, lr=lr, eps=(spec["eps"], 1e-3), clip_threshold=spec["clip_threshold"],
            decay_rate=spec["decay_rate"], beta1=None, relative_step=False, scale_parameter=False, warmup_init=False,
        )
    if kind == "sgd":
        return torch.optim.SGD(groups, lr=lr, momentum=spec["momentum"], nesterov=spec["nesterov"])
    raise ValueError(f"unknown optimizer kind {kind!r} (expected adamw, adamw_8bit, adafactor or sgd)")
