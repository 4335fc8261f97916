"""Baseline for the train-throughput benchmark: the same LoRA SFT job, trained by plain HF Trainer + PEFT.

    PYTHONPATH=engine .venv/bin/python bench/train-throughput/hf_trainer_baseline.py --job runs/<id>/job.train.json

Reads an engine train job (protocol v1) and reproduces it with stock components: same model folder, same
LoraConfig, same train file encoded by our `chat_data` (identical input ids; labels -100 outside assistant
tokens), same batch size / accumulation / lr / warm-up / steps / clipping / weight decay / betas / seed /
threads / precision. By default the Trainer is fed the engine's very batches (from the engine's own BatchOrder,
laid out for a sequential sampler), so both do identical work on identical padded shapes; `--batches trainer`
uses the Trainer's own sampler instead (group_by_length when the job asks for it).

The lr schedule is the engine's (cosine to min_lr_ratio, warm-up from lr/warmup_steps) given to the Trainer
as a LambdaLR, because HF's own cosine ends at 0 and starts warm-up at lr 0; the optimizer is the one
`optim` names, built by the Trainer's own `get_optimizer_cls_and_kwargs`.

Prints one JSON line on stdout at the end; tokens and seconds leave out step 1 (warm-up).
"""

from __future__ import annotations

import argparse
import json
import sys
import time

import torch


def parse_args() -> argparse.Namespace:
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument("--job", required=True, help="engine train job JSON (e.g. runs/<id>/job.train.json)")
    p.add_argument(
        "--batches", choices=["engine", "trainer"], default="engine",
        help="engine: feed the engine's exact batches (sequential sampler); trainer: the Trainer's own sampler "
        "(group_by_length when the job asks for it, else random)",
    )
    p.add_argument("--out-dir", default=None, help="Trainer output_dir (nothing is saved there; default a temp dir)")
    return p.parse_args()


def engine_batches(lengths: list[int], t: dict, seed: int, count: int) -> list[list[int]] | None:
    """Example indices of the engine's first `count` micro-batches, from its own BatchOrder; None if unavailable."""
    try:
        from scriptorium_engine.batches import BatchOrder

        try:
            order = BatchOrder(lengths, t["batch_size"], seed, bool(t.get("group_by_length", False)))
        except TypeError:  # the engine's earlier signature, before length grouping
            order = BatchOrder(len(lengths), t["batch_size"], seed)
        return [list(order.micro_batch(i)[0]) for i in range(count)]
    except Exception as e:  # noqa: BLE001 - the engine's batching may change; fall back to the Trainer's sampler
        print(f"baseline: cannot mirror the engine's batch order ({type(e).__name__}: {e})", file=sys.stderr)
        return None


def sequential_slots(features: list[dict], batches: list[list[int]], batch_size: int) -> list[dict | None]:
    """Lay batches out for a sequential sampler: each batch fills `batch_size` slots, a short one padded with None."""
    slots: list[dict | None] = []
    for idx in batches:
        slots += [features[i] for i in idx] + [None] * (batch_size - len(idx))
    return slots


class PadCollator:
    """Right-pads input_ids / attention_mask / labels; remembers non-pad tokens of every batch, in call order."""

    def __init__(self, pad_id: int) -> None:
        self.pad_id = pad_id
        self.tokens: list[int] = []
        self.slots: list[int] = []  # batch rows x width, padding included
        self.targets: list[int] = []  # positions whose next token is a loss target (the engine's `tokens`)

    def __call__(self, slots: list[dict | None]) -> dict[str, torch.Tensor]:
        features = [f for f in slots if f is not None]
        width = max(len(f["input_ids"]) for f in features)
        ids = torch.full((len(features), width), self.pad_id, dtype=torch.long)
        attn = torch.zeros((len(features), width), dtype=torch.long)
        labels = torch.full((len(features), width), -100, dtype=torch.long)
        for i, f in enumerate(features):
            n = len(f["input_ids"])
            ids[i, :n] = torch.tensor(f["input_ids"])
            attn[i, :n] = 1
            labels[i, :n] = torch.tensor(f["labels"])
        self.tokens.append(int(attn.sum()))
        self.slots.append(ids.numel())
        self.targets.append(int((labels[:, 1:] != -100).sum()))
        return {"input_ids": ids, "attention_mask": attn, "labels": labels}


def main() -> None:
    args = parse_args()
    # stdout carries the one result line only: the Trainer's own log prints go to stderr, as in the engine.
    out, sys.stdout = sys.stdout, sys.stderr
    with open(args.job, encoding="utf-8") as f:
        job = json.load(f)
    t, rt, method = job["training"], job["runtime"], job["method"]

    from scriptorium_engine import chat_data, models, runtime
    from scriptorium_engine.components.schedule import lr_multiplier

    # Same process-wide settings as the engine: threads, 1 inter-op thread, seeds, concrete precision.
    device, precision = runtime.setup(rt)
    threads = torch.get_num_threads()

    from peft import LoraConfig, get_peft_model
    from transformers import AutoModelForCausalLM, Trainer, TrainerCallback, TrainingArguments

    tok = models.load_tokenizer(job["model"])
    encoded, _truncated, _dropped = chat_data.encode_file(tok, job["data"]["train"], t["max_seq_len"])
    features = [
        {"input_ids": e.input_ids, "labels": [i if m else -100 for i, m in zip(e.input_ids, e.loss_mask)]}
        for e in encoded
    ]
    micro_batches = t["max_steps"] * t["grad_accum"]
    batches = None
    if args.batches == "engine":
        batches = engine_batches([len(f["input_ids"]) for f in features], t, rt["seed"], micro_batches)
    if batches is not None:
        train_dataset, sampling = sequential_slots(features, batches, t["batch_size"]), "sequential"
        batch_source = "engine's BatchOrder (sequential sampler)"
    else:
        train_dataset, sampling = features, "group_by_length" if t.get("group_by_length") else "random"
        batch_source = f"trainer {sampling} sampler"

    model = AutoModelForCausalLM.from_pretrained(
        job["model"]["id"], dtype=torch.float32, trust_remote_code=bool(job["model"]["trust_remote_code"])
    )
    base_params = sum(p.numel() for p in model.parameters())
    model = get_peft_model(
        model,
        LoraConfig(
            r=method["r"], lora_alpha=method["alpha"], lora_dropout=method["dropout"],
            target_modules=method["target_modules"], bias="none", task_type="CAUSAL_LM",
        ),
    )
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)

    import tempfile

    out_dir = args.out_dir or tempfile.mkdtemp(prefix="hf-baseline-")

    def training_args(optim: str) -> TrainingArguments:
        return TrainingArguments(
            output_dir=out_dir,
            use_cpu=device.type == "cpu",
            bf16=precision == "bf16",
            per_device_train_batch_size=t["batch_size"],
            gradient_accumulation_steps=t["grad_accum"],
            learning_rate=t["lr"],
            lr_scheduler_type="cosine",  # replaced below by the engine's schedule (see the module docstring)
            warmup_steps=t["warmup_steps"],
            max_steps=t["max_steps"],
            max_grad_norm=t["max_grad_norm"],
            weight_decay=t["weight_decay"],
            adam_beta1=t["optimizer"]["betas"][0],
            adam_beta2=t["optimizer"]["betas"][1],
            adam_epsilon=t["optimizer"]["eps"],
            optim=optim,
            seed=rt["seed"],
            data_seed=rt["seed"],
            train_sampling_strategy=sampling,
            eval_strategy="no",
            save_strategy="no",
            logging_strategy="steps",
            logging_steps=1,
            report_to="none",
            dataloader_num_workers=0,
            remove_unused_columns=False,
            disable_tqdm=True,
        )

    optim = "adamw_torch_fused"
    targs = training_args(optim)
    optimizer_cls, optimizer_kwargs = Trainer.get_optimizer_cls_and_kwargs(targs, model)
    params = [p for p in model.parameters() if p.requires_grad]
    try:
        optimizer = optimizer_cls(params, **optimizer_kwargs)
    except (RuntimeError, TypeError) as e:  # a build without the fused CPU kernel
        print(f"baseline: adamw_torch_fused unavailable ({e}); using adamw_torch", file=sys.stderr)
        optim = "adamw_torch"
        targs = training_args(optim)
        optimizer_cls, optimizer_kwargs = Trainer.get_optimizer_cls_and_kwargs(targs, model)
        optimizer = optimizer_cls(params, **optimizer_kwargs)
    schedule = torch.optim.lr_scheduler.LambdaLR(
        optimizer,
        lambda step: lr_multiplier(step, t["schedule"], warmup_steps=t["warmup_steps"], total_steps=t["max_steps"]),
    )

    collator = PadCollator(tok.pad_token_id if tok.pad_token_id is not None else 0)

    class StepTimer(TrainerCallback):
        """Wall time between consecutive optimizer-step ends (step 1: from train begin), and the last logged loss."""

        def __init__(self) -> None:
            self.marks: list[float] = []
            self.losses: list[float] = []
            self.threads_in_loop = 0

        def on_train_begin(self, args, state, control, **kwargs):
            self.threads_in_loop = torch.get_num_threads()
            self.marks.append(time.perf_counter())

        def on_step_end(self, args, state, control, **kwargs):
            self.marks.append(time.perf_counter())

        def on_log(self, args, state, control, logs=None, **kwargs):
            if logs and "loss" in logs:
                self.losses.append(float(logs["loss"]))

    timer = StepTimer()
    trainer = Trainer(
        model=model,
        args=targs,
        train_dataset=train_dataset,
        data_collator=collator,
        optimizers=(optimizer, schedule),
        callbacks=[timer],
    )
    trainer.train()

    steps = len(timer.marks) - 1
    durations = [b - a for a, b in zip(timer.marks, timer.marks[1:])]
    # The collator runs ahead of the step (accelerate prefetches one batch), so match counts by call order.
    ga = t["grad_accum"]
    step_tokens = [sum(collator.tokens[s * ga : (s + 1) * ga]) for s in range(steps)]
    tokens, seconds = sum(step_tokens[1:]), sum(durations[1:])
    print(json.dumps({
        "impl": "hf-trainer",
        "steps": steps,
        "tokens": tokens,
        "seconds": seconds,
        "tokens_per_s": tokens / seconds if seconds > 0 else None,
        "first_step_s": durations[0] if durations else None,
        "final_loss": timer.losses[-1] if timer.losses else None,
        "losses": timer.losses,
        "step_tokens": step_tokens,
        "step_seconds": durations,
        "step_targets": [sum(collator.targets[s * ga : (s + 1) * ga]) for s in range(steps)],
        "padding_waste": 1 - sum(collator.tokens[: steps * ga]) / max(1, sum(collator.slots[: steps * ga])),
        "batches": batch_source,
        "optim": optim,
        "precision": precision,
        "threads": threads,
        "threads_in_loop": timer.threads_in_loop,
        "params_base": base_params,
        "params_trainable": trainable,
        "examples": len(features),
    }), file=out, flush=True)


if __name__ == "__main__":
    main()
