"""Early stopping on an evaluation metric, with a JSON-able state so a resumed run counts on exactly."""

from __future__ import annotations

import math


class EarlyStopping:
    """Stop after `patience` evaluations in a row that fail to beat the best by more than `min_delta`.

    A NaN value never counts as an improvement.
    """

    def __init__(self, metric: str, mode: str, patience: int, min_delta: float):
        if mode not in ("min", "max"):
            raise ValueError(f"early stopping mode must be 'min' or 'max', got {mode!r}")
        if patience < 1:
            raise ValueError(f"early stopping patience must be >= 1, got {patience}")
        if min_delta < 0:
            raise ValueError(f"early stopping min_delta must be >= 0, got {min_delta}")
        self.metric, self.mode, self.patience, self.min_delta = metric, mode, patience, float(min_delta)
        self.best_value: float | None = None
        self.best_step: int | None = None
        self.bad_evals = 0

    def _improves(self, value: float) -> bool:
        if math.isnan(value):
            return False
        if self.best_value is None:
            return True
        if self.mode == "min":
            return value < self.best_value - self.min_delta
        return value > self.best_value + self.min_delta

    def update(self, step: int, value: float) -> bool:
        """Record the metric at `step`; True when training should stop now."""
        value = float(value)
        if self._improves(value):
            self.best_value, self.best_step, self.bad_evals = value, step, 0
        else:
            self.bad_evals += 1
        return self.bad_evals >= self.patience

    def to_dict(self) -> dict:
        return {
            "metric": self.metric, "mode": self.mode, "patience": self.patience, "min_delta": self.min_delta,
            "best_value": self.best_value, "best_step": self.best_step, "bad_evals": self.bad_evals,
        }

    @classmethod
    def from_dict(cls, d: dict) -> "EarlyStopping":
        es = cls(d["metric"], d["mode"], d["patience"], d["min_delta"])
        es.best_value, es.best_step, es.bad_evals = d["best_value"], d["best_step"], d["bad_evals"]
        return es
