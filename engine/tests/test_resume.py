"""A run killed with SIGKILL and resumed from its last checkpoint ends exactly like an uninterrupted one."""

import json
import os
import signal
import subprocess
import sys

from scriptorium_engine.components import checkpoint

from conftest import ENGINE_DIR, run_engine, train_job


def _start(job: dict, tmp, name: str) -> subprocess.Popen:
    path = tmp / f"{name}.json"
    path.write_text(json.dumps(job))
    env = {**os.environ, "PYTHONPATH": str(ENGINE_DIR)}
    return subprocess.Popen(
        [sys.executable, "-m", "scriptorium_engine", "train", "--job", str(path)],
        stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True, env=env,
    )


def _final_loss(events: list[dict]) -> float:
    done = [e for e in events if e["event"] == "done"]
    assert done, events[-3:]
    return done[0]["result"]["final_loss"]


def test_sigkill_then_resume_matches_uninterrupted(tiny_model, chat_files, tmp_path):
    settings = {"max_steps": 30, "checkpoint_every": 5, "precision": None}
    settings.pop("precision")
    base = train_job(tiny_model, chat_files, tmp_path / "straight", **settings)
    base["runtime"]["precision"] = "auto"  # the default: bf16 autocast where the CPU has it
    code, events, err = run_engine("train", base, tmp_path)
    assert code == 0, err
    straight = _final_loss(events)

    killed = {**base, "run_dir": str(tmp_path / "killed")}
    p = _start(killed, tmp_path, "killed")
    for line in p.stdout:
        e = json.loads(line)
        if e["event"] == "checkpoint" and e["step"] == 10:
            break
    p.send_signal(signal.SIGKILL)
    p.wait()
    assert p.returncode == -signal.SIGKILL
    steps = checkpoint.list_steps(str(tmp_path / "killed" / "checkpoints"))
    assert steps and steps[-1] >= 10 and steps[-1] < 30

    code, events, err = run_engine("train", {**killed, "resume": True}, tmp_path)
    assert code == 0, err
    assert events[-1]["result"]["resumed_from"] == steps[-1]
    assert abs(_final_loss(events) - straight) < 1e-4


def test_sigint_writes_a_checkpoint_and_exits_3(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, chat_files, tmp_path / "cancel", max_steps=400, checkpoint_every=0, eval_every=0)
    p = _start(job, tmp_path, "cancel")
    events = []
    for line in p.stdout:
        events.append(json.loads(line))
        if events[-1]["event"] == "step" and events[-1]["step"] == 3:
            p.send_signal(signal.SIGINT)
    p.wait()
    assert p.returncode == 3
    ckpt = [e for e in events if e["event"] == "checkpoint"]
    assert ckpt and ckpt[-1]["reason"] == "cancel"
    assert events[-1]["event"] == "error" and events[-1]["kind"] == "cancelled"
    assert checkpoint.list_steps(str(tmp_path / "cancel" / "checkpoints")) == [ckpt[-1]["step"]]
