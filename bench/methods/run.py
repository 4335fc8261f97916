"""Cost of every fine-tuning method on this machine: the same NPC batches through the engine, one method at a time.

Run: `make bench-methods` (or .venv/bin/python bench/methods/run.py --steps 6). Each method trains
`--steps` steps of the demo's settings (batch 8, max seq len 512, bf16 autocast where the CPU has it)
on the NPC training split, in its own engine process; the script reports seconds per step and tokens/s
(steps 2..N: step 1 is warm-up), peak RSS of the process (/usr/bin/time), trainable parameters, the
artifact's size on disk, and the loss of the first and last step. Writes bench/results/methods-<date>.json
and the `methods` section of BENCHMARKS.md.
"""

from __future__ import annotations

import argparse
import datetime
import json
import os
import platform
import re
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
LORA = {"r": 16, "alpha": 32, "dropout": 0.0, "rslora": False, "dora": False,
        "target_modules": ["q_proj", "k_proj", "v_proj", "o_proj", "gate_proj", "up_proj", "down_proj"]}
# (label, method, lr, training overrides): the recipes' settings, one line per technique of the guide.
CASES = [
    ("lora", {"kind": "lora", **LORA}, 1e-3, {}),
    ("lora + packing", {"kind": "lora", **LORA}, 1e-3, {"packing": True, "batch_size": 3}),
    ("lora dora", {"kind": "lora", **LORA, "dora": True}, 1e-3, {}),
    ("qlora nf4", {"kind": "qlora", **LORA, "quant_type": "nf4", "double_quant": True}, 1e-3, {}),
    ("full", {"kind": "full", "train_embeddings": False}, 5e-5, {}),
    ("full + grad ckpt", {"kind": "full", "train_embeddings": False}, 5e-5, {"gradient_checkpointing": True}),
    ("full + adafactor", {"kind": "full", "train_embeddings": False}, 5e-5,
     {"optimizer": {"kind": "adafactor", "eps": 1e-30, "clip_threshold": 1.0, "decay_rate": -0.8}}),
    ("adapter pfeiffer", {"kind": "adapter", "style": "pfeiffer", "reduction_factor": 16, "non_linearity": "relu"}, 1e-3, {}),
    ("adapter houlsby", {"kind": "adapter", "style": "houlsby", "reduction_factor": 16, "non_linearity": "relu"}, 1e-3, {}),
    ("prefix", {"kind": "prefix", "num_virtual_tokens": 20, "projection": False}, 1e-2, {}),
    ("prompt", {"kind": "prompt", "num_virtual_tokens": 20, "init_text": None}, 3e-2, {}),
]


def builtin() -> Path:
    home = Path(os.environ.get("SCRIPTORIUM_HOME", Path.home() / ".cache" / "scriptorium"))
    return home / "models" / "smollm2-135m-instruct"


def prepared_npc(work: Path) -> Path:
    out = work / "npc"
    if not (out / "train.jsonl").is_file():
        subprocess.run(["node", str(ROOT / "dist/cli/index.js"), "data", "prepare", str(ROOT / "recipes/npc.yaml"), "--out", str(out)],
                       check=True, stdout=subprocess.DEVNULL)
    return out / "train.jsonl"


def job_for(method: dict, lr: float, overrides: dict, train: Path, run_dir: Path, steps: int, threads: int) -> dict:
    training = {
        "max_steps": steps, "batch_size": 8, "auto_batch_size": False, "group_by_length": True, "packing": False,
        "grad_accum": 1, "lr": lr, "warmup_steps": 1, "schedule": {"kind": "cosine", "min_lr_ratio": 0.1, "cycles": 1, "power": 1.0},
        "optimizer": {"kind": "adamw", "betas": [0.9, 0.999], "eps": 1e-8}, "weight_decay": 0.0, "max_grad_norm": 1.0,
        "max_seq_len": 512, "gradient_checkpointing": False, "compile": False, "neftune_alpha": None, "eval_every": 0, "early_stopping": None,
        "load_best_at_end": False, "checkpoint_every": 0, "keep_checkpoints": 1, "log_every": 1, **overrides,
    }
    return {
        "protocol": 1, "command": "train", "run_dir": str(run_dir),
        "model": {"source": "local", "id": str(builtin()), "revision": None, "trust_remote_code": False},
        "data": {"train": str(train), "validation": None}, "method": method, "training": training,
        "runtime": {"precision": "auto", "threads": threads, "seed": 42}, "resume": False,
    }


def measure(label: str, job: dict, work: Path) -> dict:
    run_dir = Path(job["run_dir"])
    run_dir.mkdir(parents=True, exist_ok=True)
    job_path = run_dir / "job.json"
    job_path.write_text(json.dumps(job))
    cmd = ["/usr/bin/time", "-f", "RSS_KIB %M", sys.executable, "-m", "scriptorium_engine", "train", "--job", str(job_path)]
    p = subprocess.run(cmd, capture_output=True, text=True, env={**os.environ, "PYTHONPATH": str(ROOT / "engine")})
    events = [json.loads(line) for line in p.stdout.splitlines() if line.startswith("{")]
    if p.returncode != 0:
        err = [e for e in events if e["event"] == "error"]
        return {"label": label, "error": err[-1]["message"] if err else p.stderr[-500:]}
    steps = [e for e in events if e["event"] == "step"]
    model = next(e for e in events if e["event"] == "model")
    rest = steps[1:]
    span = sum(s["step_s"] for s in rest)
    done = next(e for e in events if e["event"] == "done")["result"]
    input_tokens_rest = sum(s["input_tokens"] for s in rest)
    artifact = Path(done["adapter"])
    size = sum(f.stat().st_size for f in artifact.rglob("*") if f.is_file())
    rss = int(re.search(r"RSS_KIB (\d+)", p.stderr).group(1))
    return {
        "label": label, "method": job["method"]["kind"], "precision": model["precision"],
        "params_trainable": model["params_trainable"], "params_total": model["params_total"],
        "s_per_step": span / len(rest), "tokens_per_s": input_tokens_rest / span, "peak_rss_mib": rss / 1024,
        "artifact_mib": size / 2**20, "first_loss": steps[0]["loss"], "last_loss": steps[-1]["loss"],
        "padding_waste": done["padding_waste"], "steps": len(steps),
    }


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    ap.add_argument("--steps", type=int, default=6)
    ap.add_argument("--threads", type=int, default=os.cpu_count() or 2)
    ap.add_argument("--only", nargs="*", help="labels to run (default: all)")
    ap.add_argument("--render", metavar="JSON", help="only rewrite the tables from a results file")
    args = ap.parse_args()
    if args.render:
        saved = json.loads(Path(args.render).read_text())
        _write_tables(saved["results"], saved["date"], saved["machine"], saved["steps"])
        return
    work = ROOT / "bench" / ".work"
    train = prepared_npc(work)
    rows = []
    for label, method, lr, overrides in CASES:
        if args.only and label not in args.only:
            continue
        job = job_for(method, lr, overrides, train, work / "methods" / label.replace(" ", "-").replace("+", ""), args.steps, args.threads)
        row = measure(label, job, work)
        print(json.dumps(row), flush=True)
        rows.append(row)
    date = datetime.date.today().isoformat()
    out = ROOT / "bench" / "results" / f"methods-{date}.json"
    out.parent.mkdir(parents=True, exist_ok=True)
    machine = {"cpu": _cpu(), "cores": os.cpu_count(), "python": platform.python_version(), "threads": args.threads}
    out.write_text(json.dumps({"bench": "methods", "date": date, "machine": machine, "steps": args.steps, "results": rows}, indent=2) + "\n")
    print(f"wrote {out}")
    _write_tables(rows, date, machine, args.steps)


def _write_tables(rows: list[dict], date: str, machine: dict, steps: int) -> None:
    table = _table(rows)
    precisions = sorted({r["precision"] for r in rows if "precision" in r})
    how = "bf16 autocast (fp32 master weights)" if precisions == ["bf16"] else (
        "fp32 (this CPU has no bf16 instructions, so `precision: auto` chose fp32)" if precisions == ["fp32"] else f"precision {precisions}")
    note = (f"{date}, {machine['cpu']}, {machine['cores']} cores, torch threads {machine['threads']}; smollm2-135m-instruct, "
            f"NPC training split, batch 8 (packing: 3 rows of 512), max seq len 512, {steps} steps per method "
            f"(s/step and tokens/s over steps 2..{steps}), {how}, the machine otherwise idle. Raw: `bench/results/methods-{date}.json`.")
    _replace(ROOT / "BENCHMARKS.md", "methods", f"## methods (`make bench-methods`)\n\nCost of every fine-tuning technique on the same batches. {note}\n\n{table}\n")
    _replace(ROOT / "docs/guide/02-techniques.md", "methods-cost", f"Measured by `make bench-methods` — {note}\n\n{table}\n")


def _table(rows: list[dict]) -> str:
    lines = ["| method | trainable params | s/step | tokens/s | peak RSS MiB | artifact MiB | loss step 1 → last |",
             "|---|---:|---:|---:|---:|---:|---|"]
    for r in rows:
        if "error" in r:
            lines.append(f"| {r['label']} | — | — | — | — | — | failed: {r['error'][:120]} |")
            continue
        lines.append(f"| {r['label']} | {r['params_trainable'] / 1e6:.2f}M | {r['s_per_step']:.2f} | {r['tokens_per_s']:.0f} | "
                     f"{r['peak_rss_mib']:.0f} | {r['artifact_mib']:.1f} | {r['first_loss']:.3f} → {r['last_loss']:.3f} |")
    return "\n".join(lines)


def _replace(path: Path, key: str, body: str) -> None:
    """Replace the text between <!-- key:start --> and <!-- key:end --> (appended when absent)."""
    text = path.read_text(encoding="utf-8")
    start, end = f"<!-- {key}:start -->", f"<!-- {key}:end -->"
    block = f"{start}\n{body}{end}"
    if start in text and end in text:
        text = text[: text.index(start)] + block + text[text.index(end) + len(end):]
    else:
        text = text.rstrip("\n") + "\n\n" + block + "\n"
    tmp = path.with_suffix(path.suffix + ".tmp")
    tmp.write_text(text, encoding="utf-8")
    tmp.replace(path)


def _cpu() -> str:
    try:
        for line in open("/proc/cpuinfo", encoding="utf-8"):
            if line.startswith("model name"):
                return line.split(":", 1)[1].strip()
    except OSError:
        pass
    return platform.processor()


if __name__ == "__main__":
    main()
