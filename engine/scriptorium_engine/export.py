"""Plain Hugging Face folders for export (the GGUF converters of llama.cpp read these).

`base_hf_out`: the base model as safetensors + tokenizer, for a base that is not a local folder
(a hub id) — llama.cpp's converters need files on disk. `merged_hf_out`: base + trained artifact
as one model (LoRA merged into the weights, a full fine-tune as it is, QLoRA merged into the
dequantized base). Methods with no merge (bottleneck adapters, prefix/prompt tuning) fail with
the reason from methods.merge. Folders are written atomically.
"""

from __future__ import annotations

import torch

from . import models
from .components import checkpoint


def _save(model, tok, out_dir: str) -> None:
    def write(tmp: str) -> None:
        model.save_pretrained(tmp)
        tok.save_pretrained(tmp)

    checkpoint.atomic_dir(out_dir, write)


def run(job: dict) -> dict:
    from . import methods

    cpu = torch.device("cpu")  # export is a one-off copy: fp32 on the CPU, whatever trained it
    ref = job["model"]
    tok = models.load_tokenizer(ref)
    out: dict = {"base_hf": None, "merged_hf": None}
    if job.get("base_hf_out"):
        _save(models.load_model(ref, cpu), tok, job["base_hf_out"])
        out["base_hf"] = job["base_hf_out"]
    if job.get("merged_hf_out"):
        if job.get("adapter") is None:
            raise ValueError("merged_hf_out needs an adapter: there is nothing to merge into the base model")
        kind = job["method_kind"]
        trained = methods.load_trained(ref, kind, job["adapter"], cpu)
        merged = methods.merge(trained, {"kind": kind})
        _save(merged, tok, job["merged_hf_out"])
        out["merged_hf"] = job["merged_hf_out"]
    return out
