"""`perplexity` command: held-out perplexity of a base model, or of a trained artifact (any method) on it."""

from __future__ import annotations

from . import chat_data, methods, models
from .evaluate import loss_over
from .protocol import emit


def run(job: dict, device, precision: str) -> dict:
    tok = models.load_tokenizer(job["model"])
    examples, truncated, dropped = chat_data.encode_file(tok, job["data"], job["max_seq_len"])
    if truncated:
        emit("warning", message=f"{truncated} examples longer than max_seq_len={job['max_seq_len']} were truncated")
    if dropped:
        emit("warning", message=f"{dropped} examples had no assistant token left and were skipped (raise max_seq_len)")
    if job["adapter"]:
        model = methods.load_trained(job["model"], job["method_kind"], job["adapter"], device)
    else:
        model = models.load_model(job["model"], device)
    total, trainable = models.count_params(model)
    emit("model", name=job["label"], params_total=total, params_trainable=trainable, precision=precision)

    def progress(done: int, total_n: int) -> None:
        emit("progress", stage=f"perplexity:{job['label']}", done=done, total=total_n)

    result = loss_over(model, examples, batch_size=job["batch_size"], device=device, precision=precision, on_batch=progress)
    return {**result, "label": job["label"], "truncated": truncated, "skipped": dropped}
