"""The generate command: batched left-padded generation equals one-at-a-time generation, seeds
reproduce, prompts are cut from the left, outputs keep the prompts' order; per-example perplexity
sums to the total."""

from __future__ import annotations

import json
from pathlib import Path

import torch

from conftest import chat_rows, run_engine
from scriptorium_engine import generate, models
from scriptorium_engine.evaluate import loss_over
from scriptorium_engine import chat_data


def _ref(model: Path) -> dict:
    return {"source": "local", "id": str(model), "revision": None, "trust_remote_code": False}


def _prompts(n: int) -> list[dict]:
    rows = chat_rows(n)
    # different prompt lengths so left padding really happens inside a batch
    return [{"id": r["id"], "messages": r["messages"][:2] if i % 2 else [r["messages"][1]]} for i, r in enumerate(rows)]


def test_batched_greedy_equals_one_at_a_time(tiny_model: Path):
    torch.set_num_threads(1)
    tok = models.load_tokenizer(_ref(tiny_model))
    model = models.load_model(_ref(tiny_model), torch.device("cpu")).eval()
    ids, _ = generate.encode_prompts(tok, _prompts(6), 512)
    assert len({len(x) for x in ids}) > 1
    kw = dict(max_new_tokens=12, sampling={"kind": "greedy"}, seed=0, device=torch.device("cpu"), precision="fp32")
    batched = generate.generate_all(model, tok, ids, batch_size=6, **kw)
    single = [generate.generate_all(model, tok, [p], batch_size=1, **kw)[0] for p in ids]
    assert [b["text"] for b in batched] == [s["text"] for s in single]
    assert all(b["new_tokens"] > 0 for b in batched)


def test_generate_command_order_seed_and_truncation(tiny_model: Path, tmp_path: Path):
    prompts = tmp_path / "prompts.jsonl"
    prompts.write_text("".join(json.dumps(p) + "\n" for p in _prompts(5)))

    def job(out: str, seed: int, max_prompt_len: int = 512) -> dict:
        return {
            "protocol": 1, "command": "generate", "model": _ref(tiny_model), "adapter": None, "method_kind": "lora",
            "prompts": str(prompts), "output": str(tmp_path / out), "label": "base", "batch_size": 2,
            "max_new_tokens": 8, "max_prompt_len": max_prompt_len, "seed": seed,
            "sampling": {"kind": "sample", "temperature": 1.0, "top_p": 1.0, "top_k": 0},
            "runtime": {"precision": "fp32", "threads": 1, "seed": 0},
        }

    outs = {}
    for name, seed in (("a", 1), ("b", 1), ("c", 2)):
        code, events, err = run_engine("generate", job(f"{name}.jsonl", seed), tmp_path)
        assert code == 0, err
        outs[name] = [json.loads(line) for line in (tmp_path / f"{name}.jsonl").read_text().splitlines()]
        done = events[-1]
        assert done["event"] == "done" and done["result"]["prompts"] == 5
    assert [o["id"] for o in outs["a"]] == [p["id"] for p in _prompts(5)]
    assert outs["a"] == outs["b"]
    assert [o["text"] for o in outs["a"]] != [o["text"] for o in outs["c"]]
    code, events, err = run_engine("generate", job("cut.jsonl", 1, max_prompt_len=10), tmp_path)
    assert code == 0, err
    assert any(e["event"] == "warning" and "max_prompt_len=10" in e["message"] for e in events)
    cut = [json.loads(line) for line in (tmp_path / "cut.jsonl").read_text().splitlines()]
    assert {o["prompt_tokens"] for o in cut} == {10}


def test_per_example_loss_sums_to_total(tiny_model: Path, chat_files: dict[str, Path]):
    tok = models.load_tokenizer(_ref(tiny_model))
    model = models.load_model(_ref(tiny_model), torch.device("cpu"))
    examples, _, _ = chat_data.encode_file(tok, str(chat_files["validation"]), 128)
    r = loss_over(model, examples, batch_size=3, device=torch.device("cpu"), precision="fp32")
    per = r["per_example"]
    assert sorted(p["id"] for p in per) == sorted(e.example_id for e in examples)
    assert sum(p["tokens"] for p in per) == r["tokens"]
    assert abs(sum(p["loss_sum"] for p in per) / r["tokens"] - r["loss"]) < 1e-9
    # each row alone gives the same sum as inside its batch
    one = next(e for e in examples)
    alone = loss_over(model, [one], batch_size=1, device=torch.device("cpu"), precision="fp32")["per_example"][0]
    mine = next(p for p in per if p["id"] == one.example_id)
    assert abs(alone["loss_sum"] - mine["loss_sum"]) < 1e-3 and alone["tokens"] == mine["tokens"]
