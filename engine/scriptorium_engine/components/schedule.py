"""Learning-rate schedules as pure functions of the step, so resuming needs only the step.

Every schedule warms up linearly as (step+1)/warmup_steps: the first update
already moves (transformers' step/warmup spends update 1 at lr 0). From
step >= warmup_steps the values equal transformers' schedules exactly (at
min_lr_ratio 0); during warm-up ours at step s is theirs at s+1.
"""

from __future__ import annotations

import math

KINDS = ("constant", "linear", "cosine", "cosine_restarts", "polynomial")


def lr_multiplier(step: int, spec: dict, *, warmup_steps: int, total_steps: int) -> float:
    """Multiplier of the peak lr at optimizer step `step` (0-based: the lr used for update step+1).

    spec: {"kind", "min_lr_ratio", "cycles", "power"}; min_lr_ratio is the floor
    (a fraction of peak) of every decaying kind, cycles is read only by
    cosine_restarts, power only by polynomial.
    """
    kind, floor = spec["kind"], float(spec["min_lr_ratio"])
    if kind not in KINDS:
        raise ValueError(f"unknown schedule kind {kind!r} (expected one of {', '.join(KINDS)})")
    if warmup_steps > 0 and step < warmup_steps:
        return (step + 1) / warmup_steps
    if kind == "constant":
        return 1.0
    span = max(1, total_steps - warmup_steps)
    progress = min(1.0, (step - warmup_steps) / span)
    if kind == "linear":
        return floor + (1.0 - floor) * (1.0 - progress)
    if kind == "cosine":
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * progress))
    if kind == "cosine_restarts":
        if progress >= 1.0:  # without this the phase wraps to 0 and the lr jumps back to peak
            return floor
        phase = (float(spec["cycles"]) * progress) % 1.0
        return floor + (1.0 - floor) * 0.5 * (1.0 + math.cos(math.pi * phase))
    return floor + (1.0 - floor) * (1.0 - progress) ** float(spec["power"])


def cosine_with_warmup(step: int, *, warmup_steps: int, total_steps: int, min_lr_ratio: float) -> float:
    """The original cosine entry point, kept until train.py calls lr_multiplier."""
    spec = {"kind": "cosine", "min_lr_ratio": min_lr_ratio, "cycles": 1, "power": 1.0}
    return lr_multiplier(step, spec, warmup_steps=warmup_steps, total_steps=total_steps)
