# PYTHONPATH=engine .venv/bin/python bench/packing/run.py [--train prepared/npc/train.jsonl] [--examples 48] [--repeats 3] [--flex]
#
# Sample packing vs length-grouped batches on the builtin SmolLM2-135M (fp32 weights, LoRA r=16
# all-linear, bf16 autocast where the CPU has bf16 instructions, else fp32, as precision: auto;
# 2 threads), on the same examples: forward + backward of every
# micro-batch of one epoch over a fixed random subset, tokens/s = real (non-pad) tokens / seconds.
# Also the packing efficiency over the whole training file. The configurations run interleaved,
# `--repeats` times, and medians are reported: on a shared machine single runs are noisy.
# Without --train the NPC recipe's data stage is run once into a temporary folder.
from __future__ import annotations

import argparse
import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import torch

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "engine"))

from scriptorium_engine import chat_data, runtime  # noqa: E402
from scriptorium_engine.batches import BatchOrder  # noqa: E402
from scriptorium_engine.components.loss import target_loss_sum  # noqa: E402
from scriptorium_engine.packing import PackedOrder  # noqa: E402

MAX_SEQ_LEN = 512


def builtin_dir() -> Path:
    home = Path(os.environ.get("SCRIPTORIUM_HOME", Path.home() / ".cache" / "scriptorium"))
    return home / "models" / "smollm2-135m-instruct"


def prepared_train() -> str:
    out = Path(tempfile.mkdtemp(prefix="bench-packing-")) / "prepared"
    subprocess.run(["node", str(ROOT / "dist/cli/index.js"), "data", "prepare", str(ROOT / "recipes/npc.yaml"),
                    "--out", str(out), "--json"], check=True, capture_output=True)
    return str(out / "train.jsonl")


def load_model(attn: str):
    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(builtin_dir(), dtype=torch.float32, attn_implementation=attn)
    model = get_peft_model(model, LoraConfig(r=16, lora_alpha=32, lora_dropout=0.0, target_modules="all-linear"))
    return model.train()


def epoch_seconds(model, batches: list[dict], precision: str) -> tuple[float, float]:
    """(wall seconds, CPU seconds of this process): on a shared machine the CPU time varies less."""
    t0, c0 = time.perf_counter(), time.process_time()
    for batch in batches:
        with runtime.autocast(torch.device("cpu"), precision):
            loss, n = target_loss_sum(model, batch)
        (loss / n).backward()
    model.zero_grad(set_to_none=True)
    return time.perf_counter() - t0, time.process_time() - c0


def main() -> None:
    ap = argparse.ArgumentParser()
    ap.add_argument("--train")
    ap.add_argument("--examples", type=int, default=48)
    ap.add_argument("--repeats", type=int, default=3)
    ap.add_argument("--flex", action="store_true", help="also packed rows with attn_implementation=flex_attention")
    ap.add_argument("--precision", choices=["auto", "bf16", "fp32"], default="auto")
    args = ap.parse_args()
    torch.set_num_threads(2)
    cpu = torch.device("cpu")
    # Without avx512_bf16/AMX, bf16 autocast is emulated and ~5x slower than fp32 (AVX2 EPYC, 2026-12).
    precision = args.precision if args.precision != "auto" else ("bf16" if runtime.bf16_supported(cpu) else "fp32")
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(builtin_dir())
    train, _, _ = chat_data.encode_file(tok, args.train or prepared_train(), MAX_SEQ_LEN)
    lengths = [len(e.input_ids) for e in train]

    whole = {"examples": len(train), "tokens": sum(lengths),
             "plain_batch8_waste": BatchOrder(lengths, 8, 42, False).padding_waste(range(-(-len(train) // 8))),
             "grouped_batch8_waste": BatchOrder(lengths, 8, 42, True).padding_waste(range(-(-len(train) // 8)))}
    for row_len, rpb in ((512, 2), (512, 4), (1024, 1), (1024, 2)):
        o = PackedOrder(lengths, row_len, rpb, 42)
        whole[f"packed{row_len}x{rpb}_waste"] = 1 - o.efficiency
        whole[f"packed{row_len}_row_fill"] = sum(lengths) / (o.rows_per_epoch * row_len)
    print(json.dumps({"whole_training_file": whole}, indent=1), flush=True)

    pick = torch.randperm(len(train), generator=torch.Generator().manual_seed(0))[: args.examples].tolist()
    subset = [train[i] for i in pick]
    sub_lengths = [len(e.input_ids) for e in subset]
    grouped = BatchOrder(sub_lengths, 8, 0, True)
    configs = {"grouped batch 8": ("sdpa", grouped, [chat_data.collate([subset[i] for i in grouped.micro_batch(k)[0]], cpu)
                                                  for k in range(grouped.per_epoch)])}
    for row_len, rpb in ((512, 2), (1024, 1)):
        o = PackedOrder(sub_lengths, row_len, rpb, 0)
        batches = [chat_data.collate_packed([[subset[i] for i in row] for row in o.micro_batch(k)[0]], cpu)
                   for k in range(o.per_epoch)]
        configs[f"packed {row_len}x{rpb}"] = ("sdpa", o, batches)
        if args.flex and row_len == 512:
            configs[f"packed {row_len}x{rpb} flex"] = ("flex_attention", o, batches)

    models, times = {}, {name: [] for name in configs}
    for name, (attn, _, batches) in configs.items():
        try:
            models[attn] = models.get(attn) or load_model(attn)
            t0 = time.perf_counter()
            epoch_seconds(models[attn], batches[:1], precision)  # warm-up (and, for flex, compilation)
            print(f"{name}: warm-up {time.perf_counter() - t0:.1f}s", flush=True)
        except Exception as e:  # report and go on: flex attention on CPU may not run at all
            print(f"{name}: failed: {type(e).__name__}: {str(e)[:300]}", flush=True)
            times.pop(name)
    for r in range(args.repeats):
        for name in times:
            attn, _, batches = configs[name]
            times[name].append(epoch_seconds(models[attn], batches, precision))
            print(f"repeat {r} {name}: {times[name][-1][0]:.1f}s wall, {times[name][-1][1]:.1f}s CPU", flush=True)

    report = {}
    for name, secs in times.items():
        _, order, batches = configs[name]
        real = sum(int(b["attention_mask"].sum()) for b in batches)
        slots = sum(b["input_ids"].numel() for b in batches)
        report[name] = {"micro_batches": len(batches), "real_tokens": real, "padding_waste": round(1 - real / slots, 4),
                        "tokens_per_s_median": round(real / statistics.median(w for w, _ in secs), 1),
                        "tokens_per_s_all": [round(real / w, 1) for w, _ in secs],
                        "tokens_per_cpu_s_median": round(real / statistics.median(c for _, c in secs), 1),
                        "tokens_per_cpu_s_all": [round(real / c, 1) for _, c in secs]}
    print(json.dumps({"precision": precision, "subset_examples": len(subset), "repeats": args.repeats, "results": report}, indent=1))


if __name__ == "__main__":
    main()
