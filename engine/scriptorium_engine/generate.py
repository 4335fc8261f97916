"""`generate` command: batched, seeded generation from chat prompts, for evaluation.

Prompts are rendered with the tokenizer's own chat template and generation prompt, the same
template training used (chat_data), so the tuned model sees what it was trained on. Batches are
sorted by prompt length and left-padded; outputs go back in the order of the prompts file.
"""

from __future__ import annotations

import json
import os
import time

import torch

from . import chat_data, methods, models, runtime
from .protocol import emit


def encode_prompts(tok, rows: list[dict], max_prompt_len: int) -> tuple[list[list[int]], int]:
    """Chat-template token ids per prompt, and how many had to be shortened to max_prompt_len.

    A long prompt loses its oldest turns first — never the system prompt (the persona, the brief)
    nor the last turn; only when those alone are too long are the last max_prompt_len tokens kept.
    """
    out, cut = [], 0
    for n, row in enumerate(rows, 1):
        if "messages" not in row or not row["messages"]:
            raise ValueError(f"prompts line {n}: needs a non-empty 'messages' list")
        messages = list(row["messages"])
        ids = _render(tok, messages)
        if len(ids) > max_prompt_len:
            cut += 1
            first = 1 if messages[0].get("role") == "system" else 0
            while len(ids) > max_prompt_len and len(messages) - first > 1:
                del messages[first]
                # a conversation resumes with the reader's turn, not with a reply to nothing
                while len(messages) - first > 1 and messages[first].get("role") == "assistant":
                    del messages[first]
                ids = _render(tok, messages)
            if len(ids) > max_prompt_len:
                ids = ids[-max_prompt_len:]
        out.append(ids)
    return out, cut


def _render(tok, messages: list[dict]) -> list[int]:
    text = tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=True)
    return tok(text, add_special_tokens=False)["input_ids"]


def _left_pad(seqs: list[list[int]], pad_id: int, device) -> tuple[torch.Tensor, torch.Tensor]:
    width = max(len(s) for s in seqs)
    ids = torch.full((len(seqs), width), pad_id, dtype=torch.long)
    attn = torch.zeros((len(seqs), width), dtype=torch.long)
    for i, s in enumerate(seqs):
        ids[i, width - len(s) :] = torch.tensor(s)
        attn[i, width - len(s) :] = 1
    return ids.to(device), attn.to(device)


def _sampling_kwargs(sampling: dict) -> dict:
    if sampling["kind"] == "greedy":
        return {"do_sample": False, "temperature": None, "top_p": None, "top_k": None}
    return {"do_sample": True, "temperature": sampling["temperature"], "top_p": sampling["top_p"], "top_k": sampling["top_k"] or None}


@torch.no_grad()
def generate_all(model, tok, prompts: list[list[int]], *, batch_size: int, max_new_tokens: int, sampling: dict,
                 seed: int, device, precision: str, on_batch=None, return_ids: bool = False) -> list[dict]:
    """Generations for token-id prompts, in their order: {text, new_tokens, finish}."""
    eos = tok.eos_token_id
    pad = tok.pad_token_id if tok.pad_token_id is not None else eos
    order = sorted(range(len(prompts)), key=lambda i: len(prompts[i]))
    results: list[dict | None] = [None] * len(prompts)
    torch.manual_seed(seed)
    for start in range(0, len(order), batch_size):
        idx = order[start : start + batch_size]
        ids, attn = _left_pad([prompts[i] for i in idx], pad, device)
        with runtime.autocast(device, precision):
            out = model.generate(
                input_ids=ids, attention_mask=attn, max_new_tokens=max_new_tokens, pad_token_id=pad,
                eos_token_id=eos, **_sampling_kwargs(sampling),
            )
        new = out[:, ids.shape[1] :].tolist()
        for i, row in zip(idx, new):
            ended = eos in row
            if ended:
                row = row[: row.index(eos)]
            results[i] = {
                "text": tok.decode(row, skip_special_tokens=True).strip(),
                "new_tokens": len(row), "prompt_tokens": len(prompts[i]), "finish": "eos" if ended else "length",
            }
            if return_ids:
                results[i].update(prompt_ids=list(prompts[i]), token_ids=row)
        if on_batch:
            on_batch(min(start + batch_size, len(order)), len(order))
    return results  # type: ignore[return-value]


def run(job: dict, device, precision: str) -> dict:
    tok = models.load_tokenizer(job["model"])
    rows = chat_data.read_jsonl(job["prompts"])
    prompts, cut = encode_prompts(tok, rows, job["max_prompt_len"])
    if cut:
        emit("warning", message=f"{cut} prompts longer than max_prompt_len={job['max_prompt_len']} lost their oldest turns (the system prompt and the last turn are kept)")
    if job["adapter"]:
        model = methods.load_trained(job["model"], job["method_kind"], job["adapter"], device)
    else:
        model = models.load_model(job["model"], device).eval()
    total, trainable = models.count_params(model)
    emit("model", name=job["label"], params_total=total, params_trainable=trainable, precision=precision)
    t0 = time.perf_counter()

    def progress(done: int, total_n: int) -> None:
        emit("progress", stage=f"generate:{job['label']}", done=done, total=total_n)

    results = generate_all(
        model, tok, prompts, batch_size=job["batch_size"], max_new_tokens=job["max_new_tokens"],
        sampling=job["sampling"], seed=job["seed"], device=device, precision=precision, on_batch=progress,
        return_ids=bool(job.get("return_ids")),
    )
    seconds = time.perf_counter() - t0
    tmp = job["output"] + ".tmp"
    with open(tmp, "w", encoding="utf-8") as f:
        for row, r in zip(rows, results):
            f.write(json.dumps({"id": row.get("id"), **r}, ensure_ascii=False) + "\n")
    os.replace(tmp, job["output"])
    new_tokens = sum(r["new_tokens"] for r in results)
    return {
        "label": job["label"], "output": job["output"], "prompts": len(rows), "truncated_prompts": cut,
        "new_tokens": new_tokens, "seconds": seconds, "tokens_per_s": new_tokens / seconds if seconds > 0 else None,
        "hit_length_limit": sum(r["finish"] == "length" for r in results),
    }
