"""The trainer's options through the real `train` command path: packing, early stopping and best weights,
auto batch size, gradient checkpointing, NEFTune, every optimizer and schedule, fp16 refusal on CPU."""

import json

import pytest
import torch
from safetensors.torch import load_file

import scriptorium_engine.train as train_mod
from scriptorium_engine import chat_data, methods, models, runtime
from scriptorium_engine.evaluate import loss_over

from conftest import run_engine, train_job


def _train(job: dict) -> tuple[dict, list[dict]]:
    events: list[dict] = []
    real = train_mod.emit

    def spy(event, **fields):
        events.append({"event": event, **fields})
        real(event, **fields)

    train_mod.emit = spy
    runtime.seed_everything(job["runtime"]["seed"])  # as the engine's entry point does: runs compared here start alike
    try:
        result = train_mod.run(job, torch.device("cpu"), job["runtime"]["precision"])
    finally:
        train_mod.emit = real
    return result, events


def _losses(events):
    return [e["loss"] for e in events if e["event"] == "step"]


def _falls(losses, ratio=0.8):
    return sum(losses[-3:]) / 3 < ratio * sum(losses[:3]) / 3


def test_packing_trains_with_little_padding_and_counts_every_token(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, chat_files, tmp_path / "run", packing=True, batch_size=2, max_steps=12, eval_every=0, checkpoint_every=0)
    result, events = _train(job)
    assert _falls(_losses(events)), _losses(events)
    assert result["padding_waste"] < 0.05, result["padding_waste"]
    steps = [e for e in events if e["event"] == "step"]
    assert all(s["input_tokens"] > 0 for s in steps)


def test_early_stopping_stops_and_best_weights_are_the_saved_artifact(tiny_model, chat_files, tmp_path):
    # min_delta is larger than any possible gain: the first evaluation stays the best, the second stops the run.
    stop = {"metric": "eval_loss", "patience": 1, "min_delta": 100.0}
    job = train_job(tiny_model, chat_files, tmp_path / "run", max_steps=20, eval_every=3, checkpoint_every=0,
                    early_stopping=stop, load_best_at_end=True)
    result, events = _train(job)
    assert result["stopped_early"] == 6 and result["steps"] == 6
    assert result["best"]["step"] == 3
    assert len([e for e in events if e["event"] == "step"]) == 6
    evals = [e for e in events if e["event"] == "eval"]
    assert [e["step"] for e in evals] == [3, 6]
    # The saved adapter holds step 3's weights: its validation loss is step 3's, not step 6's.
    ref = job["model"]
    tok = models.load_tokenizer(ref)
    val, _, _ = chat_data.encode_file(tok, job["data"]["validation"], 128)
    reloaded = methods.load_trained(ref, "lora", result["adapter"], torch.device("cpu"))
    r = loss_over(reloaded, val, batch_size=4, device=torch.device("cpu"), precision="fp32")
    assert abs(r["loss"] - evals[0]["loss"]) < 1e-5, (r["loss"], evals)
    assert abs(r["loss"] - evals[1]["loss"]) > 1e-4
    best = load_file(tmp_path / "run" / "checkpoints" / "best" / "trainable.safetensors")
    assert best and all("lora_" in k for k in best)


def test_auto_batch_size_keeps_the_effective_batch_and_is_kept_for_resume(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, chat_files, tmp_path / "run", auto_batch_size=True, batch_size=4, grad_accum=2, max_steps=4,
                    eval_every=0, checkpoint_every=2)
    result, events = _train(job)
    assert result["micro_batch_size"] * result["grad_accum"] == 8
    assert any("batch-size finder" in e.get("message", "") for e in events if e["event"] == "warning")
    state = json.loads((tmp_path / "run" / "checkpoints" / "step-000002" / "state.json").read_text())
    assert state["micro_batch_size"] == result["micro_batch_size"]


def test_gradient_checkpointing_gives_the_same_losses(tiny_model, chat_files, tmp_path):
    # SGD, not Adam: Adam turns a 1e-12 recomputation difference in a zero gradient (LoRA A while B is 0) into a full step.
    sgd = {"kind": "sgd", "momentum": 0.0, "nesterov": False}
    base = dict(max_steps=6, eval_every=0, checkpoint_every=0, optimizer=sgd, lr=0.5)
    plain_job = train_job(tiny_model, chat_files, tmp_path / "a", **base)
    gc_job = train_job(tiny_model, chat_files, tmp_path / "b", gradient_checkpointing=True, **base)
    for j in (plain_job, gc_job):
        j["method"]["dropout"] = 0.0
    _, ev_a = _train(plain_job)
    _, ev_b = _train(gc_job)
    assert _losses(ev_a) == pytest.approx(_losses(ev_b), abs=1e-5)


def test_neftune_changes_training_but_not_evaluation(tiny_model, chat_files, tmp_path):
    base = dict(max_steps=8, eval_every=0, checkpoint_every=0)
    plain = train_job(tiny_model, chat_files, tmp_path / "a", **base)
    noisy = train_job(tiny_model, chat_files, tmp_path / "b", neftune_alpha=5.0, **base)
    for j in (plain, noisy):
        j["method"]["dropout"] = 0.0
    r_a, ev_a = _train(plain)
    r_b, ev_b = _train(noisy)
    la, lb = _losses(ev_a), _losses(ev_b)
    assert la[0] != lb[0]  # the first step's forward already sees the noise
    assert _falls(lb, 0.9), lb
    assert r_b["eval_loss"] is not None and abs(r_b["eval_loss"] - r_a["eval_loss"]) < 0.5


@pytest.mark.parametrize("opt", [
    {"kind": "adamw", "betas": [0.9, 0.999], "eps": 1e-8},
    {"kind": "adamw_8bit", "betas": [0.9, 0.999], "eps": 1e-8},
    {"kind": "adafactor", "eps": 1e-30, "clip_threshold": 1.0, "decay_rate": -0.8},
    {"kind": "sgd", "momentum": 0.9, "nesterov": True},
])
def test_every_optimizer_trains(tiny_model, chat_files, tmp_path, opt):
    lr = {"sgd": 0.5, "adafactor": 3e-2}.get(opt["kind"], 3e-2)
    job = train_job(tiny_model, chat_files, tmp_path / "run", optimizer=opt, lr=lr, max_steps=15, eval_every=0, checkpoint_every=0,
                    weight_decay=0.01)
    _, events = _train(job)
    assert _falls(_losses(events)), (opt["kind"], _losses(events))


@pytest.mark.parametrize("kind", ["constant", "linear", "cosine_restarts", "polynomial"])
def test_schedules_drive_the_lr(tiny_model, chat_files, tmp_path, kind):
    sched = {"kind": kind, "min_lr_ratio": 0.0, "cycles": 2, "power": 2.0}
    job = train_job(tiny_model, chat_files, tmp_path / "run", schedule=sched, max_steps=8, warmup_steps=2, eval_every=0, checkpoint_every=0)
    _, events = _train(job)
    lrs = [e["lr"] for e in events if e["event"] == "step"]
    peak = job["training"]["lr"]
    assert lrs[0] == pytest.approx(peak / 2) and lrs[1] == pytest.approx(peak)
    if kind == "constant":
        assert lrs[2:] == pytest.approx([peak] * 6)
    else:
        assert lrs[-1] < peak
    if kind == "cosine_restarts":
        assert any(b > a for a, b in zip(lrs[2:], lrs[3:]))  # a restart


def test_fp16_on_cpu_is_refused_with_a_hint(tiny_model, chat_files, tmp_path):
    job = train_job(tiny_model, chat_files, tmp_path / "run")
    job["runtime"]["precision"] = "fp16"
    code, events, _ = run_engine("train", job, tmp_path)
    assert code == 2
    assert "fp16 needs a CUDA GPU" in events[-1]["message"] and "auto" in events[-1]["message"]


def test_samples_are_generated_at_each_evaluation_and_training_goes_on(tiny_model, chat_files, tmp_path):
    """The small generative eval: at every evaluation the model answers the sample prompts greedily in eval mode;
    training goes on afterwards exactly as without samples (generation draws no random numbers and changes no weight)."""
    rows = [json.loads(line) for line in chat_files["validation"].read_text().splitlines()][:3]
    prompts = tmp_path / "samples.jsonl"
    prompts.write_text("".join(json.dumps({"id": r["id"], "messages": r["messages"][:-1]}) + "\n" for r in rows))
    plain = train_job(tiny_model, chat_files, tmp_path / "plain", max_steps=10, eval_every=5)
    plain["method"]["dropout"] = 0.0  # dropout masks would draw from the RNG differently after generation
    sampled = {**plain, "run_dir": str(tmp_path / "sampled"), "samples": {"prompts": str(prompts), "max_new_tokens": 6, "max_prompt_len": 256}}
    _, base_events = _train(plain)
    _, events = _train(sampled)
    samples = [e for e in events if e["event"] == "samples"]
    assert [s["step"] for s in samples] == [5, 10]
    for s in samples:
        assert [o["id"] for o in s["outputs"]] == [r["id"] for r in rows]
        assert all(0 < o["new_tokens"] <= 6 and isinstance(o["text"], str) for o in s["outputs"])
    assert _losses(events) == pytest.approx(_losses(base_events), abs=1e-6)


def test_long_sample_prompts_lose_old_turns_not_the_system_prompt(tiny_model):
    from scriptorium_engine import generate

    tok = models.load_tokenizer({"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False})
    system = {"role": "system", "content": "You are Aurelio, the cartographer of stairs."}
    turns = []
    for i in range(12):
        turns += [{"role": "user", "content": f"Question number {i} about the hexagon H-04{i:02d}?"},
                  {"role": "assistant", "content": f"Answer {i}: the staircase turns left, amigo."}]
    last = {"role": "user", "content": "And where is the Well?"}
    full, _ = generate.encode_prompts(tok, [{"messages": [system, *turns, last]}], 100_000)
    (short,), cut = generate.encode_prompts(tok, [{"messages": [system, *turns, last]}], len(full[0]) // 2)
    assert cut == 1 and len(short) <= len(full[0]) // 2
    text = tok.decode(short)
    assert "You are Aurelio, the cartographer of stairs." in text and "And where is the Well?" in text
    assert "Question number 0 " not in text and "Question number 11 " in text
    # only a system prompt and last turn longer than the budget fall back to the last tokens
    (tail,), _ = generate.encode_prompts(tok, [{"messages": [system, last]}], 8)
    assert len(tail) == 8


def test_compiled_layers_train_evaluate_sample_and_save_like_eager(tiny_model, chat_files, tmp_path):
    """training.compile through the real `train` command: the same losses, eval loss and greedy samples as eager
    (Inductor reorders float sums, so to a tolerance), and an adapter with exactly the eager run's tensor names."""
    rows = [json.loads(line) for line in chat_files["validation"].read_text().splitlines()][:2]
    prompts = tmp_path / "samples.jsonl"
    prompts.write_text("".join(json.dumps({"id": r["id"], "messages": r["messages"][:-1]}) + "\n" for r in rows))
    results = {}
    for name, compiled in (("eager", False), ("compiled", True)):
        job = train_job(tiny_model, chat_files, tmp_path / name, max_steps=6, eval_every=3, checkpoint_every=0, compile=compiled)
        job["method"]["dropout"] = 0.0
        job["samples"] = {"prompts": str(prompts), "max_new_tokens": 6, "max_prompt_len": 256}
        code, events, err = run_engine("train", job, tmp_path, timeout=900)
        assert code == 0, err[-3000:]
        results[name] = (events, load_file(str(tmp_path / name / "adapter" / "adapter_model.safetensors")))
    (ev_a, w_a), (ev_b, w_b) = results["eager"], results["compiled"]
    layers = lambda ev: next(e for e in ev if e["event"] == "model")["compiled_layers"]  # noqa: E731
    assert layers(ev_a) == 0 and layers(ev_b) > 0
    assert _falls(_losses(ev_b), ratio=0.95), _losses(ev_b)
    assert _losses(ev_b) == pytest.approx(_losses(ev_a), abs=2e-4)
    evals = lambda ev: [e["loss"] for e in ev if e["event"] == "eval"]  # noqa: E731
    assert len(evals(ev_b)) == 2 and evals(ev_b) == pytest.approx(evals(ev_a), abs=2e-4)
    texts = lambda ev: [[o["text"] for o in e["outputs"]] for e in ev if e["event"] == "samples"]  # noqa: E731
    assert len(texts(ev_b)) == 2 and all(len(t) == 2 for t in texts(ev_b))
    assert sorted(w_b) == sorted(w_a)
    for k in w_a:
        assert torch.allclose(w_a[k], w_b[k], atol=1e-3), k


def test_compile_without_a_cpp_compiler_is_refused_with_a_hint(tiny_model, monkeypatch):
    from scriptorium_engine.components import compile as compile_mod
    from scriptorium_engine.protocol import BadJob

    monkeypatch.setattr(compile_mod, "cpp_compiler", lambda: None)
    model = methods.build({"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False},
                          {"kind": "lora", "r": 4, "alpha": 8, "dropout": 0.0, "target_modules": "all-linear", "rslora": False, "dora": False},
                          torch.device("cpu"), "fp32")
    with pytest.raises(BadJob, match="C\\+\\+ compiler.*g\\+\\+.*compile: false"):
        compile_mod.compile_decoder_layers(model, torch.device("cpu"))
