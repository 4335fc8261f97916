"""Baseline for bench/runtime: transformers `generate` on the same prompt ids, base + PEFT LoRA adapter.

    PYTHONPATH=engine .venv/bin/python bench/runtime/hf_generate.py --model <hf dir> --adapter <peft dir> \
        --prompts prompts.json --new-tokens 64 --threads 2 --precision bf16

`prompts.json` is a JSON list of token-id lists (the chat template already applied). For each prompt:
first-token latency = wall time of generate(max_new_tokens=1) (prompt processing + one token, batch 1,
the way a game answers one player); then generate(min_new_tokens=max_new_tokens=N) and decode speed =
(N - 1) / (total - first). One warm-up prompt is run first and not counted. Prints one JSON line.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import statistics
import time

import torch


def main() -> None:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--model", required=True)
    p.add_argument("--adapter", default=None)
    p.add_argument("--prompts", required=True)
    p.add_argument("--new-tokens", type=int, default=64)
    p.add_argument("--threads", type=int, default=2)
    p.add_argument("--precision", choices=["fp32", "bf16"], default="bf16")
    a = p.parse_args()
    torch.set_num_threads(a.threads)
    from transformers import AutoModelForCausalLM

    model = AutoModelForCausalLM.from_pretrained(a.model, dtype=torch.float32)
    if a.adapter:
        from peft import PeftModel

        model = PeftModel.from_pretrained(model, a.adapter)
    model.eval()
    prompts = json.load(open(a.prompts))
    ctx = (lambda: torch.autocast("cpu", dtype=torch.bfloat16)) if a.precision == "bf16" else contextlib.nullcontext

    def gen(ids: list[int], n: int) -> float:
        x = torch.tensor([ids])
        t0 = time.perf_counter()
        with torch.inference_mode(), ctx():
            model.generate(input_ids=x, attention_mask=torch.ones_like(x), max_new_tokens=n, min_new_tokens=n,
                           do_sample=False, pad_token_id=0)
        return time.perf_counter() - t0

    gen(prompts[0], 8)  # warm-up
    first, decode = [], []
    for ids in prompts:
        f = gen(ids, 1)
        total = gen(ids, a.new_tokens)
        first.append(f)
        decode.append((a.new_tokens - 1) / max(total - f, 1e-9))
    print(json.dumps({
        "first_token_ms_median": statistics.median(first) * 1000, "first_token_ms": [x * 1000 for x in first],
        "decode_tokens_per_s_median": statistics.median(decode), "prompts": len(prompts),
        "prompt_tokens_mean": statistics.mean(len(p) for p in prompts), "precision": a.precision,
        "threads": a.threads, "torch": torch.__version__,
    }))


if __name__ == "__main__":
    main()
