"""Shared fixtures: a tiny random Llama (real SmolLM2 tokenizer + chat template) and small chat data."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ENGINE_DIR = Path(__file__).resolve().parents[1]


def builtin_dir() -> Path:
    home = Path(os.environ.get("SCRIPTORIUM_HOME", Path.home() / ".cache" / "scriptorium"))
    return home / "models" / "smollm2-135m-instruct"


def run_engine(command: str, job: dict, tmp: Path, timeout: float = 300) -> tuple[int, list[dict], str]:
    """Run the engine as the TypeScript client does: a job file in, JSONL events out."""
    job_path = tmp / f"{command}-job.json"
    job_path.write_text(json.dumps(job))
    env = {**os.environ, "PYTHONPATH": str(ENGINE_DIR)}
    p = subprocess.run(
        [sys.executable, "-m", "scriptorium_engine", command, "--job", str(job_path)],
        capture_output=True, text=True, env=env, timeout=timeout,
    )
    events = [json.loads(line) for line in p.stdout.splitlines() if line.strip()]
    return p.returncode, events, p.stderr


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    src = builtin_dir()
    if not (src / "tokenizer.json").is_file():
        pytest.fail(f"builtin model cache {src} is missing: run `make setup` first (it converts the packaged GGUF)")
    out = tmp_path_factory.mktemp("tiny") / "model"
    code, events, err = run_engine(
        "tiny-model", {"protocol": 1, "command": "tiny-model", "tokenizer_from": str(src), "out_dir": str(out), "seed": 0},
        out.parent,
    )
    assert code == 0, err
    return out


def chat_rows(n: int = 48) -> list[dict]:
    """A voice the tiny model can learn: a fixed persona answering varied questions the same way."""
    places = ["the Well", "hexagon H-0412", "the Reading Room", "the north staircase", "the lamp gallery", "hexagon H-0007"]
    rows = []
    for i in range(n):
        place = places[i % len(places)]
        rows.append({
            "id": f"ex-{i:03d}",
            "messages": [
                {"role": "system", "content": "You are Aurelio, the cartographer of stairs."},
                {"role": "user", "content": f"How do I reach {place}?"},
                {"role": "assistant", "content": f"Count the hexagons to {place}, friend... or so the maps say."},
            ],
        })
    return rows


@pytest.fixture(scope="session")
def chat_files(tmp_path_factory) -> dict[str, Path]:
    d = tmp_path_factory.mktemp("data")
    rows = chat_rows()
    files = {"train": d / "train.jsonl", "validation": d / "validation.jsonl"}
    files["train"].write_text("".join(json.dumps(r) + "\n" for r in rows[:40]))
    files["validation"].write_text("".join(json.dumps(r) + "\n" for r in rows[40:]))
    return files


def train_job(model: Path, data: dict[str, Path], run_dir: Path, **training) -> dict:
    settings = {
        "max_steps": 20, "batch_size": 4, "auto_batch_size": False, "group_by_length": True, "packing": False, "grad_accum": 2,
        "lr": 3e-2, "warmup_steps": 2, "schedule": {"kind": "cosine", "min_lr_ratio": 0.1, "cycles": 1, "power": 1.0},
        "optimizer": {"kind": "adamw", "betas": [0.9, 0.999], "eps": 1e-8}, "weight_decay": 0.0, "max_grad_norm": 1.0,
        "max_seq_len": 128, "gradient_checkpointing": False, "compile": False, "neftune_alpha": None, "eval_every": 10, "early_stopping": None,
        "load_best_at_end": False, "checkpoint_every": 5, "keep_checkpoints": 2, "log_every": 1,
    }
    settings.update(training)
    return {
        "protocol": 1, "command": "train", "run_dir": str(run_dir),
        "model": {"source": "local", "id": str(model), "revision": None, "trust_remote_code": False},
        "data": {"train": str(data["train"]), "validation": str(data["validation"])},
        "method": {"kind": "lora", "r": 8, "alpha": 16, "dropout": 0.1, "target_modules": "all-linear", "rslora": False, "dora": False},
        "training": settings,
        "runtime": {"precision": "fp32", "threads": 2, "seed": 7},
        "resume": False,
    }
