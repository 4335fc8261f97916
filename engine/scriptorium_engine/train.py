"""`train` command: supervised fine-tuning on chat or text data (loss on assistant tokens), resumable exactly.

Exactness of resume rests on three things: the batch order is a pure function
of (seed, step); the lr is a pure function of the step; weights, optimizer
moments, the loss scaler, the early-stopping counters and the RNG (dropout,
NEFTune) are restored from the checkpoint.
"""

from __future__ import annotations

import os
import time

import torch

from . import chat_data, generate, methods, models, runtime
from .batches import BatchOrder
from .components import checkpoint, frozen_cast, optim
from .components.compile import compile_decoder_layers
from .components.batch_finder import find_batch_size
from .components.cancel import CancelFlag
from .components.early_stop import EarlyStopping
from .components.loss import target_loss_sum
from .components.neftune import enable_neftune
from .components.schedule import lr_multiplier
from .evaluate import loss_over
from .packing import PackedOrder
from .protocol import Cancelled, emit


def _encode(tok, path: str | None, max_seq_len: int, what: str):
    if path is None:
        return []
    examples, truncated, dropped = chat_data.encode_file(tok, path, max_seq_len)
    if truncated:
        emit("warning", message=f"{truncated} {what} examples longer than max_seq_len={max_seq_len} were truncated")
    if dropped:
        emit("warning", message=f"{dropped} {what} examples had no assistant token left and were skipped (raise max_seq_len)")
    return examples


class _Batches:
    """The step's micro-batches as tensors: plain (padded rows of examples) or packed (rows of several examples)."""

    def __init__(self, train_set, t: dict, micro: int, seed: int, device) -> None:
        self.train_set, self.device, self.packing = train_set, device, t["packing"]
        lengths = [len(e.input_ids) for e in train_set]
        if self.packing:
            self.order = PackedOrder(lengths, t["max_seq_len"], micro, seed)
        else:
            self.order = BatchOrder(lengths, micro, seed, t["group_by_length"])

    def get(self, index: int) -> tuple[dict, float]:
        idx, epoch = self.order.micro_batch(index)
        if self.packing:
            return chat_data.collate_packed([[self.train_set[i] for i in row] for row in idx], self.device), epoch
        return chat_data.collate([self.train_set[i] for i in idx], self.device), epoch


def _micro_batch_size(t: dict, model, batches_for, device, precision: str, n_trainable: int) -> int:
    """The largest micro-batch ≤ batch_size whose forward + backward fits (halving on out-of-memory)."""

    def attempt(size: int) -> None:
        batch, _ = batches_for(size).get(0)
        # Optimizer moments do not exist yet; hold their size (AdamW: 2 fp32 copies) during the trial.
        reserve = torch.empty(2 * n_trainable, dtype=torch.float32, device=device)
        try:
            with runtime.autocast(device, precision):
                loss_sum, n = target_loss_sum(model, batch)
            (loss_sum / max(n, 1)).backward()
        finally:
            del reserve
            model.zero_grad(set_to_none=True)

    rng = torch.get_rng_state()  # trials must not shift dropout / NEFTune randomness of the real steps
    try:
        size = find_batch_size(
            attempt, t["batch_size"], device=device,
            on_try=lambda trial: emit(
                "warning", message=f"batch-size finder: {trial.batch_size} {'fits' if trial.ok else 'does not fit: ' + str(trial.reason)}"
            ),
        )
    finally:
        torch.set_rng_state(rng)
    emit("warning", message=f"auto batch size: micro-batch {size} (asked {t['batch_size']}), grad_accum {max(1, t['grad_accum'] * t['batch_size'] // size)}")
    return size


def run(job: dict, device, precision: str, hooks: dict | None = None) -> dict:
    """Train; `hooks` ('after_setup', 'after_train': callables taking the model) let tests look inside."""
    hooks = hooks or {}
    cancel = CancelFlag().install()
    t, rt = job["training"], job["runtime"]
    run_dir = job["run_dir"]
    ckpt_root = os.path.join(run_dir, "checkpoints")
    best_dir = os.path.join(ckpt_root, "best")

    tok = models.load_tokenizer(job["model"])
    train_set = _encode(tok, job["data"]["train"], t["max_seq_len"], "training")
    val_set = _encode(tok, job["data"]["validation"], t["max_seq_len"], "validation")
    if not train_set:
        raise ValueError("no training examples with assistant tokens")

    model = methods.build(job["model"], job["method"], device, precision)
    if frozen_cast.applies(job["method"], precision, device):
        frozen_cast.cast_frozen_linears(model)
    if t["gradient_checkpointing"]:
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
    neftune = enable_neftune(model, t["neftune_alpha"]) if t["neftune_alpha"] else None
    # After every module swap (methods, casts, checkpointing): the compiled code sees the final model.
    compiled = compile_decoder_layers(model, device) if t.get("compile") else 0
    model.train()
    total, trainable = models.count_params(model)
    emit("model", name=job["model"]["id"], params_total=total, params_trainable=trainable, precision=precision, compiled_layers=compiled)

    named = [(n, p) for n, p in model.named_parameters() if p.requires_grad]
    params = [p for _, p in named]
    optimizer = optim.build_optimizer(named, t["optimizer"], lr=t["lr"], weight_decay=t["weight_decay"], device=device)
    scaler = torch.amp.GradScaler("cuda") if precision == "fp16" else None
    tracks_best = bool(t["early_stopping"] or t["load_best_at_end"])
    stop_cfg = t["early_stopping"] or {"metric": "eval_loss", "patience": 1 << 30, "min_delta": 0.0}
    stopper = EarlyStopping(stop_cfg["metric"], "min", stop_cfg["patience"], stop_cfg["min_delta"]) if tracks_best else None

    start_step, tokens_seen, state = 0, 0, None
    if job["resume"]:
        path = checkpoint.latest(ckpt_root)
        if path is None:
            emit("warning", message="resume asked but no complete checkpoint found; starting from step 0")
        else:
            state = checkpoint.load(path, model, optimizer)
            start_step, tokens_seen = state["step"], state["tokens_seen"]
            if scaler is not None and state.get("scaler"):
                scaler.load_state_dict(state["scaler"])
            if stopper is not None and state.get("early_stop"):
                stopper = EarlyStopping.from_dict(state["early_stop"])
            emit("warning", message=f"resumed from {path} at step {start_step}")

    seed = rt["seed"]
    if state is not None and state.get("micro_batch_size"):
        micro = int(state["micro_batch_size"])
    elif t["auto_batch_size"]:
        micro = _micro_batch_size(t, model, lambda s: _Batches(train_set, t, s, seed, device), device, precision, trainable)
    else:
        micro = t["batch_size"]
    # The effective batch (examples or rows per optimizer step) stays what the recipe asked for.
    accum = max(1, t["grad_accum"] * t["batch_size"] // micro)
    batches = _Batches(train_set, t, micro, seed, device)

    samples = job.get("samples")
    sample_prompts = _sample_prompts(tok, samples) if samples else None

    def sample(step: int) -> None:
        """The small generative eval: greedy replies to a few held-out prompts, in eval mode, then back to training."""
        if not sample_prompts:
            return
        t_s = time.perf_counter()
        model.eval()
        try:
            outs = generate.generate_all(
                model, tok, sample_prompts[1], batch_size=len(sample_prompts[1]), max_new_tokens=samples["max_new_tokens"],
                sampling={"kind": "greedy"}, seed=seed, device=device, precision=precision,
            )
        finally:
            model.train()
        emit("samples", step=step, seconds=time.perf_counter() - t_s,
             outputs=[{"id": i, "text": o["text"], "new_tokens": o["new_tokens"]} for i, o in zip(sample_prompts[0], outs)])

    def evaluate(step: int) -> dict | None:
        sample(step)
        if not val_set:
            return None
        r = loss_over(model, val_set, batch_size=micro, device=device, precision=precision)
        emit("eval", step=step, loss=r["loss"], perplexity=r["perplexity"], tokens=r["tokens"])
        r["stop"] = stopper.update(step, r["loss"]) if stopper is not None else False
        if stopper is not None and stopper.best_step == step:
            _save_best(best_dir, model, step, r["loss"])
        return r

    def save(step: int, reason: str) -> None:
        state = {
            "tokens_seen": tokens_seen, "seed": seed, "max_steps": t["max_steps"], "micro_batch_size": micro,
            "grad_accum": accum, "scaler": scaler.state_dict() if scaler is not None else None,
            "early_stop": stopper.to_dict() if stopper is not None else None,
        }
        path = checkpoint.save(ckpt_root, step, model, optimizer, state, t["keep_checkpoints"])
        emit("checkpoint", step=step, path=path, reason=reason)

    if "after_setup" in hooks:
        hooks["after_setup"](model)
    started = time.perf_counter()
    last_loss, last_eval, done, stopped_early = float("nan"), None, start_step, None
    for step in range(start_step, t["max_steps"]):
        t0 = time.perf_counter()
        lr = t["lr"] * lr_multiplier(step, t["schedule"], warmup_steps=t["warmup_steps"], total_steps=t["max_steps"])
        for group in optimizer.param_groups:
            group["lr"] = lr
        micro_batches = [batches.get(step * accum + j) for j in range(accum)]
        targets = sum(int(b["loss_mask"][:, 1:].sum()) for b, _ in micro_batches)
        optimizer.zero_grad(set_to_none=True)
        loss_total, input_tokens = 0.0, 0
        for batch, _ in micro_batches:
            if neftune is not None:  # noise scale per row: 1/√(real tokens of the row)
                neftune.lengths = batch["attention_mask"].sum(1)
            with runtime.autocast(device, precision):
                loss_sum, _ = target_loss_sum(model, batch)
            # Normalise by the step's total target count: equal to one big batch's mean loss.
            loss = loss_sum / targets
            (scaler.scale(loss) if scaler is not None else loss).backward()
            loss_total += float(loss_sum.detach())
            input_tokens += int(batch["attention_mask"].sum())
        if scaler is not None:
            scaler.unscale_(optimizer)
        grad_norm = float(torch.nn.utils.clip_grad_norm_(params, t["max_grad_norm"]))
        if scaler is not None:
            scaler.step(optimizer)
            scaler.update()
        else:
            optimizer.step()
        done = step + 1
        tokens_seen += input_tokens
        last_loss = loss_total / targets
        dt = time.perf_counter() - t0
        if done % t["log_every"] == 0 or done == t["max_steps"] or done == start_step + 1:
            emit(
                "step", step=done, total_steps=t["max_steps"], epoch=micro_batches[-1][1], loss=last_loss, lr=lr,
                grad_norm=grad_norm, tokens=targets, tokens_per_s=input_tokens / dt, input_tokens=input_tokens, step_s=dt,
                elapsed_s=time.perf_counter() - started,
            )
        if t["eval_every"] and done % t["eval_every"] == 0 and done != t["max_steps"]:
            last_eval = evaluate(done)
            if last_eval is not None and last_eval["stop"] and t["early_stopping"]:
                stopped_early = done
                emit("warning", message=(
                    f"early stopping at step {done}: eval loss has not improved by {stop_cfg['min_delta']} for "
                    f"{stop_cfg['patience']} evaluations (best {stopper.best_value:.4f} at step {stopper.best_step})"))
                break
        if cancel.requested:
            save(done, "cancel")
            raise Cancelled(f"{cancel.signal_name} at step {done}; checkpoint written")
        if t["checkpoint_every"] and done % t["checkpoint_every"] == 0 and done != t["max_steps"]:
            save(done, "interval")

    if stopped_early is None and (start_step < t["max_steps"] or last_eval is None):
        last_eval = evaluate(done)
    best = None
    if stopper is not None and stopper.best_step is not None:
        best = {"step": stopper.best_step, "eval_loss": stopper.best_value}
        if t["load_best_at_end"] and stopper.best_step != done:
            _load_best(best_dir, model)
            emit("warning", message=f"loaded the best weights (step {stopper.best_step}, eval loss {stopper.best_value:.4f}) for the final artifact")
    if neftune is not None:
        neftune.remove()
    if "after_train" in hooks:
        hooks["after_train"](model)
    adapter_dir = os.path.join(run_dir, "adapter")
    checkpoint.atomic_dir(adapter_dir, lambda tmp: _save_artifact(model, job["method"], tok, tmp))
    return {
        "steps": done,
        "resumed_from": start_step,
        "stopped_early": stopped_early,
        "best": best,
        "final_loss": last_loss,
        "eval_loss": last_eval["loss"] if last_eval else None,
        "eval_perplexity": last_eval["perplexity"] if last_eval else None,
        "tokens_seen": tokens_seen,
        "train_seconds": time.perf_counter() - started,
        "adapter": adapter_dir,
        "method": job["method"]["kind"],
        "precision": precision,
        "micro_batch_size": micro,
        "grad_accum": accum,
        "examples": {"train": len(train_set), "validation": len(val_set)},
        "padding_waste": batches.order.padding_waste(range(done * accum)),
    }


def _sample_prompts(tok, samples: dict) -> tuple[list, list[list[int]]] | None:
    rows = chat_data.read_jsonl(samples["prompts"])
    if not rows:
        return None
    ids, cut = generate.encode_prompts(tok, rows, samples["max_prompt_len"])
    if cut:
        emit("warning", message=f"{cut} sample prompts longer than max_prompt_len={samples['max_prompt_len']} were shortened")
    return [r.get("id") for r in rows], ids


def _save_artifact(model, method: dict, tok, out_dir: str) -> None:
    methods.save(model, method, out_dir)
    if method["kind"] == "full":  # a full fine-tune is a whole model folder: it loads without the base
        tok.save_pretrained(out_dir)


def _save_best(best_dir: str, model, step: int, value: float) -> None:
    from safetensors.torch import save_file

    weights = {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if p.requires_grad}
    checkpoint.atomic_dir(best_dir, lambda tmp: save_file(weights, os.path.join(tmp, "trainable.safetensors"), metadata={"step": str(step), "eval_loss": repr(value)}))


def _load_best(best_dir: str, model) -> None:
    from safetensors.torch import load_file

    weights = load_file(os.path.join(best_dir, "trainable.safetensors"))
    params = dict(model.named_parameters())
    with torch.no_grad():
        for n, w in weights.items():
            params[n].copy_(w)
