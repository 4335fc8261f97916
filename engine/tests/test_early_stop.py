"""EarlyStopping: patience, min_delta, max mode, NaN, and a JSON round trip that resumes the count."""

import json
import math

import pytest

from scriptorium_engine.components.early_stop import EarlyStopping


def feed(es: EarlyStopping, values, start: int = 10, every: int = 10) -> list[bool]:
    return [es.update(start + i * every, v) for i, v in enumerate(values)]


def test_stops_after_patience_evals_without_improvement():
    es = EarlyStopping("eval_loss", "min", patience=2, min_delta=0.0)
    assert feed(es, [3.0, 2.0, 2.5, 1.5, 1.6, 1.5]) == [False, False, False, False, False, True]
    assert (es.best_step, es.best_value) == (40, 1.5)  # an equal value is no improvement


def test_min_delta_requires_a_real_improvement():
    es = EarlyStopping("eval_loss", "min", patience=2, min_delta=0.1)
    assert feed(es, [2.0, 1.95, 1.91]) == [False, False, True]
    assert es.best_value == 2.0
    es = EarlyStopping("eval_loss", "min", patience=2, min_delta=0.1)
    assert feed(es, [2.0, 1.85, 1.8, 1.7]) == [False, False, False, False]
    assert (es.best_step, es.best_value) == (40, 1.7)


def test_max_mode():
    es = EarlyStopping("accuracy", "max", patience=1, min_delta=0.01)
    assert feed(es, [0.5, 0.6, 0.605]) == [False, False, True]
    assert (es.best_step, es.best_value) == (20, 0.6)


def test_nan_is_never_an_improvement():
    es = EarlyStopping("eval_loss", "min", patience=2, min_delta=0.0)
    assert feed(es, [1.0, math.nan, math.nan]) == [False, False, True]
    assert es.best_value == 1.0


def test_state_round_trip_continues_the_count_exactly():
    values = [3.0, 2.0, 2.1, 2.2, 1.9, 2.0, 2.0, 2.0]
    straight = EarlyStopping("eval_loss", "min", patience=3, min_delta=0.05)
    expected = feed(straight, values)
    first = EarlyStopping("eval_loss", "min", patience=3, min_delta=0.05)
    head = feed(first, values[:3])
    resumed = EarlyStopping.from_dict(json.loads(json.dumps(first.to_dict())))
    tail = feed(resumed, values[3:], start=40)
    assert head + tail == expected and expected[-1] is True
    assert resumed.to_dict() == straight.to_dict()


def test_bad_settings_are_refused():
    for kwargs in ({"mode": "lower"}, {"patience": 0}, {"min_delta": -1.0}):
        with pytest.raises(ValueError):
            EarlyStopping(**{"metric": "eval_loss", "mode": "min", "patience": 1, "min_delta": 0.0, **kwargs})
