"""lr_multiplier against transformers' own schedules, plus floors and shapes."""

import math

import pytest
import torch
import transformers

from scriptorium_engine.components.schedule import KINDS, cosine_with_warmup, lr_multiplier

W, T = 10, 100


def spec(kind: str, min_lr_ratio: float = 0.0, cycles: int = 3, power: float = 2.0) -> dict:
    return {"kind": kind, "min_lr_ratio": min_lr_ratio, "cycles": cycles, "power": power}


def hf_lambda(kind: str, warmup: int = W, total: int = T, cycles: int = 3, power: float = 2.0, lr_end: float = 0.0):
    """transformers' multiplier as a function of the step (the LambdaLR's lambda itself)."""
    opt = torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0)
    make = {
        "constant": lambda: transformers.get_constant_schedule_with_warmup(opt, warmup),
        "linear": lambda: transformers.get_linear_schedule_with_warmup(opt, warmup, total),
        "cosine": lambda: transformers.get_cosine_schedule_with_warmup(opt, warmup, total),
        "cosine_restarts": lambda: transformers.get_cosine_with_hard_restarts_schedule_with_warmup(opt, warmup, total, cycles),
        "polynomial": lambda: transformers.get_polynomial_decay_schedule_with_warmup(opt, warmup, total, lr_end=lr_end, power=power),
    }[kind]
    return make().lr_lambdas[0]


@pytest.mark.parametrize("kind", KINDS)
def test_equals_transformers_from_the_end_of_warmup(kind):
    theirs = hf_lambda(kind)
    for s in range(W, T):
        assert lr_multiplier(s, spec(kind), warmup_steps=W, total_steps=T) == pytest.approx(theirs(s), abs=1e-12), s


@pytest.mark.parametrize("kind", KINDS)
def test_warmup_is_transformers_shifted_one_step_earlier(kind):
    theirs = hf_lambda(kind)
    for s in range(W):
        ours = lr_multiplier(s, spec(kind), warmup_steps=W, total_steps=T)
        assert ours == pytest.approx(theirs(s + 1), abs=1e-12), s
        assert ours == (s + 1) / W
    assert theirs(0) == 0.0  # theirs wastes the first update; ours starts at 1/W


@pytest.mark.parametrize("kind", KINDS)
def test_no_warmup_equals_transformers_everywhere(kind):
    theirs = hf_lambda(kind, warmup=0)
    for s in range(T):
        assert lr_multiplier(s, spec(kind), warmup_steps=0, total_steps=T) == pytest.approx(theirs(s), abs=1e-12), s


def test_floors_match_transformers_where_it_has_them():
    cosine_min = transformers.get_cosine_with_min_lr_schedule_with_warmup(
        torch.optim.SGD([torch.nn.Parameter(torch.zeros(1))], lr=1.0), W, T, min_lr_rate=0.1
    ).lr_lambdas[0]
    poly_min = hf_lambda("polynomial", lr_end=0.1)
    for s in range(W, T):
        assert lr_multiplier(s, spec("cosine", 0.1), warmup_steps=W, total_steps=T) == pytest.approx(cosine_min(s), abs=1e-12)
        assert lr_multiplier(s, spec("polynomial", 0.1), warmup_steps=W, total_steps=T) == pytest.approx(poly_min(s), abs=1e-12)


@pytest.mark.parametrize("kind", ["linear", "cosine", "cosine_restarts", "polynomial"])
def test_floor_bounds_every_decaying_kind_and_is_reached(kind):
    values = [lr_multiplier(s, spec(kind, 0.2), warmup_steps=W, total_steps=T) for s in range(W, T + 20)]
    assert min(values) >= 0.2 - 1e-12
    assert max(values) == pytest.approx(1.0)
    assert values[-1] == pytest.approx(0.2)  # past total_steps the lr rests on the floor
    if kind != "cosine_restarts":  # restarts jump back up by design
        assert all(a >= b for a, b in zip(values, values[1:]))


def test_restart_shape():
    values = [lr_multiplier(s, spec("cosine_restarts", cycles=3), warmup_steps=W, total_steps=T) for s in range(W, T)]
    restarts = [i for i, (a, b) in enumerate(zip(values, values[1:])) if b > a]
    assert len(restarts) == 2  # 3 cycles: 2 jumps back to peak
    assert all(values[i + 1] > 0.99 for i in restarts)
    assert lr_multiplier(T, spec("cosine_restarts", cycles=3), warmup_steps=W, total_steps=T) == 0.0


def test_constant_and_warmup_shapes():
    ramp = [lr_multiplier(s, spec("constant"), warmup_steps=W, total_steps=T) for s in range(W)]
    assert ramp == sorted(ramp) and ramp[0] == 1 / W and ramp[-1] == 1.0
    assert {lr_multiplier(s, spec("constant", 0.5), warmup_steps=W, total_steps=T) for s in range(W, T)} == {1.0}


def test_polynomial_power_one_is_linear():
    for s in range(T):
        a = lr_multiplier(s, spec("polynomial", 0.1, power=1.0), warmup_steps=W, total_steps=T)
        assert a == pytest.approx(lr_multiplier(s, spec("linear", 0.1), warmup_steps=W, total_steps=T), abs=1e-12)


def test_cosine_alias_keeps_the_original_values():
    for s in range(T + 5):
        old = (s + 1) / W if s < W else 0.1 + 0.9 * 0.5 * (1 + math.cos(math.pi * min(1.0, (s - W) / (T - W))))
        assert cosine_with_warmup(s, warmup_steps=W, total_steps=T, min_lr_ratio=0.1) == old


def test_unknown_kind_is_refused():
    with pytest.raises(ValueError, match="unknown schedule kind"):
        lr_multiplier(0, spec("step"), warmup_steps=0, total_steps=T)
