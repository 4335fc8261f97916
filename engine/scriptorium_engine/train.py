"""`train` command: supervised fine-tuning on chat data (loss on assistant tokens), resumable exactly.

Exactness of resume rests on three things: the batch order is a pure function
of (seed, step); the lr is a pure function of the step; weights, optimizer
moments and the RNG (LoRA dropout) are restored from the checkpoint.
"""

from __future__ import annotations

import os
import time

import torch

from . import chat_data, models, runtime
from .batches import BatchOrder
from .components import checkpoint
from .components.cancel import CancelFlag
from .components.loss import target_loss_sum
from .components.schedule import cosine_with_warmup
from .evaluate import loss_over
from .methods import lora
from .protocol import Cancelled, emit


def _optimizer(params, t: dict, device) -> torch.optim.Optimizer:
    kwargs = dict(lr=t["lr"], betas=tuple(t["adam_betas"]), weight_decay=t["weight_decay"])
    try:  # the fused kernel is faster on CPU and CUDA; older builds may lack it for a device
        return torch.optim.AdamW(params, fused=True, **kwargs)
    except (RuntimeError, TypeError):
        return torch.optim.AdamW(params, **kwargs)


def _encode(tok, path: str | None, max_seq_len: int, what: str):
    if path is None:
        return []
    examples, truncated, dropped = chat_data.encode_file(tok, path, max_seq_len)
    if truncated:
        emit("warning", message=f"{truncated} {what} examples longer than max_seq_len={max_seq_len} were truncated")
    if dropped:
        emit("warning", message=f"{dropped} {what} examples had no assistant token left and were skipped (raise max_seq_len)")
    return examples


def run(job: dict, device, precision: str, hooks: dict | None = None) -> dict:
    """Train; `hooks` ('after_setup', 'after_train': callables taking the model) let tests look inside."""
    hooks = hooks or {}
    cancel = CancelFlag().install()
    t, rt = job["training"], job["runtime"]
    run_dir = job["run_dir"]
    ckpt_root = os.path.join(run_dir, "checkpoints")

    tok = models.load_tokenizer(job["model"])
    train_set = _encode(tok, job["data"]["train"], t["max_seq_len"], "training")
    val_set = _encode(tok, job["data"]["validation"], t["max_seq_len"], "validation")
    order = BatchOrder([len(e.input_ids) for e in train_set], t["batch_size"], rt["seed"], t["group_by_length"])

    model = lora.apply(models.load_model(job["model"], device), job["method"])
    model.train()
    total, trainable = models.count_params(model)
    emit("model", name=job["model"]["id"], params_total=total, params_trainable=trainable, precision=precision)

    params = [p for p in model.parameters() if p.requires_grad]
    optimizer = _optimizer(params, t, device)

    start_step, tokens_seen = 0, 0
    if job["resume"]:
        path = checkpoint.latest(ckpt_root)
        if path is None:
            emit("warning", message="resume asked but no complete checkpoint found; starting from step 0")
        else:
            state = checkpoint.load(path, model, optimizer)
            start_step, tokens_seen = state["step"], state["tokens_seen"]
            emit("warning", message=f"resumed from {path} at step {start_step}")

    def evaluate(step: int) -> dict | None:
        if not val_set:
            return None
        r = loss_over(model, val_set, batch_size=t["batch_size"], device=device, precision=precision)
        emit("eval", step=step, loss=r["loss"], perplexity=r["perplexity"], tokens=r["tokens"])
        return r

    def save(step: int, reason: str) -> None:
        state = {"tokens_seen": tokens_seen, "seed": rt["seed"], "max_steps": t["max_steps"]}
        path = checkpoint.save(ckpt_root, step, model, optimizer, state, t["keep_checkpoints"])
        emit("checkpoint", step=step, path=path, reason=reason)

    if "after_setup" in hooks:
        hooks["after_setup"](model)
    started = time.perf_counter()
    last_loss, last_eval = float("nan"), None
    for step in range(start_step, t["max_steps"]):
        t0 = time.perf_counter()
        lr = t["lr"] * cosine_with_warmup(
            step, warmup_steps=t["warmup_steps"], total_steps=t["max_steps"], min_lr_ratio=t["min_lr_ratio"]
        )
        for group in optimizer.param_groups:
            group["lr"] = lr
        micro = [order.micro_batch(step * t["grad_accum"] + j) for j in range(t["grad_accum"])]
        batches = [chat_data.collate([train_set[i] for i in idx], device) for idx, _ in micro]
        targets = sum(int(b["loss_mask"][:, 1:].sum()) for b in batches)
        optimizer.zero_grad(set_to_none=True)
        loss_total, input_tokens = 0.0, 0
        for batch in batches:
            with runtime.autocast(device, precision):
                loss_sum, _ = target_loss_sum(model, batch)
            # Normalise by the step's total target count: equal to one big batch's mean loss.
            (loss_sum / targets).backward()
            loss_total += float(loss_sum.detach())
            input_tokens += int(batch["attention_mask"].sum())
        grad_norm = float(torch.nn.utils.clip_grad_norm_(params, t["max_grad_norm"]))
        optimizer.step()
        done = step + 1
        tokens_seen += input_tokens
        last_loss = loss_total / targets
        dt = time.perf_counter() - t0
        if done % t["log_every"] == 0 or done == t["max_steps"] or done == start_step + 1:
            emit(
                "step", step=done, total_steps=t["max_steps"], epoch=micro[-1][1], loss=last_loss, lr=lr,
                grad_norm=grad_norm, tokens=targets, tokens_per_s=input_tokens / dt,
                elapsed_s=time.perf_counter() - started,
            )
        if t["eval_every"] and done % t["eval_every"] == 0 and done != t["max_steps"]:
            last_eval = evaluate(done)
        if cancel.requested:
            save(done, "cancel")
            raise Cancelled(f"{cancel.signal_name} at step {done}; checkpoint written")
        if t["checkpoint_every"] and done % t["checkpoint_every"] == 0 and done != t["max_steps"]:
            save(done, "interval")

    if start_step < t["max_steps"] or last_eval is None:
        last_eval = evaluate(t["max_steps"])
    if "after_train" in hooks:
        hooks["after_train"](model)
    adapter_dir = os.path.join(run_dir, "adapter")
    checkpoint.atomic_dir(adapter_dir, lambda tmp: model.save_pretrained(tmp, safe_serialization=True))
    return {
        "steps": t["max_steps"],
        "resumed_from": start_step,
        "final_loss": last_loss,
        "eval_loss": last_eval["loss"] if last_eval else None,
        "eval_perplexity": last_eval["perplexity"] if last_eval else None,
        "tokens_seen": tokens_seen,
        "train_seconds": time.perf_counter() - started,
        "adapter": adapter_dir,
        "precision": precision,
        "examples": {"train": len(train_set), "validation": len(val_set)},
        "padding_waste": order.padding_waste(range(t["max_steps"] * t["grad_accum"])),
    }
