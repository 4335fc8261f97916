"""The translate command on a tiny random MarianMT: gibberish out, but batching, order, counts and errors are real."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from conftest import builtin_dir, run_engine


@pytest.fixture(scope="module")
def tiny_translator(tmp_path_factory) -> Path:
    src = builtin_dir()
    if not (src / "tokenizer.json").is_file():
        pytest.fail(f"builtin model cache {src} is missing: run `make setup` first (it converts the packaged GGUF)")
    out = tmp_path_factory.mktemp("tiny-mt") / "model"
    code, events, err = run_engine(
        "tiny-translator", {"protocol": 1, "command": "tiny-translator", "tokenizer_from": str(src), "out_dir": str(out), "seed": 0},
        out.parent,
    )
    assert code == 0, err
    assert events[-1]["event"] == "done" and events[-1]["result"]["params"] < 2_000_000
    return out


def _job(model: Path, inp: Path, out: Path, **over) -> dict:
    job = {
        "protocol": 1, "command": "translate",
        "model": {"source": "local", "id": str(model), "revision": None, "trust_remote_code": False},
        "input": str(inp), "output": str(out), "batch_size": 2, "max_input_tokens": 64, "max_new_tokens": 12,
        "source_lang": None, "target_lang": None,
        "runtime": {"precision": "fp32", "threads": 2, "seed": 0},
    }
    job.update(over)
    return job


def _write(path: Path, texts: list[str]) -> None:
    path.write_text("".join(json.dumps({"text": t}, ensure_ascii=False) + "\n" for t in texts), encoding="utf-8")


def _read(path: Path) -> list[str]:
    return [json.loads(line)["text"] for line in path.read_text(encoding="utf-8").splitlines()]


TEXTS = [
    "¿Dónde está el Pozo?",
    "El [0] está en el hexágono [1], tres escaleras más abajo.",
    "",
    "Gracias.",
    "Mire usted, guárdese sus cosas. Le ayudaré porque es mi oficio, y el oficio no se discute en la Sala de Lectura.",
]


def test_translate_batches_keeps_order_and_counts(tiny_translator, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(inp, TEXTS)
    code, events, err = run_engine("translate", _job(tiny_translator, inp, out), tmp_path)
    assert code == 0, err
    kinds = [e["event"] for e in events]
    assert kinds[0] == "hello" and "model" in kinds and kinds[-1] == "done"
    result = events[-1]["result"]
    assert result["count"] == 5 and result["translated"] == 4 and result["batches"] == 2
    progress = [e for e in events if e["event"] == "progress"]
    assert [p["done"] for p in progress] == [0, 2, 4] and progress[-1]["total"] == 4
    got = _read(out)
    assert len(got) == 5 and got[2] == ""  # an empty source stays empty, in its place
    assert all(isinstance(t, str) for t in got)

    # Greedy decoding: the same inputs give the same outputs, whatever the batch composition.
    out2 = tmp_path / "out2.jsonl"
    code, _, err = run_engine("translate", _job(tiny_translator, inp, out2, batch_size=1), tmp_path)
    assert code == 0, err
    assert _read(out2) == got


def test_translate_reports_truncated_sources(tiny_translator, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(inp, TEXTS)
    code, events, err = run_engine("translate", _job(tiny_translator, inp, out, max_input_tokens=8), tmp_path)
    assert code == 0, err
    assert events[-1]["result"]["truncated"] >= 2
    assert any(e["event"] == "warning" and "max_input_tokens=8" in e["message"] for e in events)


def test_translate_refuses_a_causal_model_and_a_missing_folder(tiny_translator, tmp_path):
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(inp, ["hola"])
    code, events, _ = run_engine("translate", _job(tmp_path / "nowhere", inp, out), tmp_path)
    assert code == 1 and "does not exist" in events[-1]["message"]
    assert not out.exists()

    code, events, _ = run_engine("translate", _job(builtin_dir(), inp, out), tmp_path)
    assert code == 1 and events[-1]["event"] == "error"
    assert not out.exists()


def test_translate_job_is_validated(tiny_translator, tmp_path):
    job = _job(tiny_translator, tmp_path / "in.jsonl", tmp_path / "out.jsonl")
    del job["max_new_tokens"]
    code, events, _ = run_engine("translate", job, tmp_path)
    assert code == 2 and events[-1]["kind"] == "bad_job" and "does not match protocol v1" in events[-1]["message"]


def test_sentencepiece_tokenizer_without_the_package_names_the_fix(tiny_translator, tmp_path):
    import importlib.util

    if importlib.util.find_spec("sentencepiece") is not None:
        pytest.skip("sentencepiece is installed here")
    fake = tmp_path / "opus-mt-like"
    fake.mkdir()
    for name in ("config.json", "model.safetensors"):
        (fake / name).write_bytes((tiny_translator / name).read_bytes())
    (fake / "source.spm").write_bytes(b"")
    (fake / "target.spm").write_bytes(b"")
    inp, out = tmp_path / "in.jsonl", tmp_path / "out.jsonl"
    _write(inp, ["hola"])
    code, events, _ = run_engine("translate", _job(fake, inp, out), tmp_path)
    assert code == 1 and "pip install sentencepiece" in events[-1]["message"]
