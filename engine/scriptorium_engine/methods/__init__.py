"""Fine-tuning methods, selected by the job's `method.kind`: build a trainable model, save it, reload it, merge it.

kind      trains                                  artifact                                   merge
full      every weight (embeddings if asked)      HF model folder                            the model itself
lora      LoRA pairs (+ DoRA magnitudes)          PEFT adapter                               folded into the base
qlora     LoRA pairs on a 4-bit base              PEFT adapter + quantization.json           dequantized base, folded
adapter   bottleneck adapters                     adapter_config.json + safetensors (ours)   refused (non-linear)
prefix    per-layer virtual keys/values           PEFT adapter                               refused (no weight to fold into)
prompt    virtual input embeddings                PEFT adapter                               refused (no weight to fold into)
"""

from __future__ import annotations

import torch

from .. import models
from . import adapter, full, lora, prompt_learning, qlora

PEFT_KINDS = ("lora", "qlora", "prefix", "prompt")


def build(model_ref: dict, method: dict, device: torch.device, precision: str):
    """Load the base and apply the method; afterwards exactly the method's parameters require grad."""
    kind = method["kind"]
    if kind == "qlora":
        return qlora.build(model_ref, method, device, precision)
    model = models.load_model(model_ref, device)
    if kind == "full":
        return full.apply(model, method)
    if kind == "lora":
        return lora.apply(model, method)
    if kind == "adapter":
        return adapter.apply(model, method)
    if kind in ("prefix", "prompt"):
        return prompt_learning.apply(model, method, model_ref)
    raise ValueError(f"unknown method kind {kind!r}")


def save(model, method: dict, out_dir: str) -> None:
    """Write the trained artifact into the (existing, empty) out_dir; safetensors only."""
    kind = method["kind"]
    if kind == "adapter":
        adapter.save(model, method, out_dir)
    elif kind == "qlora":
        qlora.save(model, method, out_dir)
    elif kind == "full":
        model.save_pretrained(out_dir)  # transformers 5 writes safetensors only
    else:
        model.save_pretrained(out_dir, safe_serialization=True)


def load_trained(model_ref: dict, method_kind: str, artifact_dir: str, device: torch.device):
    """Base + artifact, in eval mode, for evaluation. QLoRA: see qlora.py (the dequantized quantized base)."""
    if method_kind == "full":
        model = models.load_model({**model_ref, "source": "local", "id": artifact_dir, "revision": None}, device)
    elif method_kind == "qlora":
        model = qlora.load_trained(model_ref, artifact_dir, device)
    elif method_kind == "adapter":
        model = adapter.load(models.load_model(model_ref, device), artifact_dir)
    elif method_kind in PEFT_KINDS:
        from peft import PeftModel

        model = PeftModel.from_pretrained(models.load_model(model_ref, device), artifact_dir)
    else:
        raise ValueError(f"unknown method kind {method_kind!r}")
    return model.eval()


def merge(model, method: dict):
    """A plain transformers model computing what the trained one does, where such a model exists."""
    kind = method["kind"]
    if kind == "full":
        return model
    if kind == "lora":
        return model.merge_and_unload()
    if kind == "qlora":
        return qlora.merge(model)
    if kind == "adapter":
        raise ValueError(
            "bottleneck adapters cannot be merged because the non-linearity between their down- and "
            "up-projection is no linear map that base weights could absorb; ship base + adapter instead"
        )
    if kind in ("prefix", "prompt"):
        raise ValueError(
            f"{kind} tuning cannot be merged because its virtual tokens are extra inputs (attention keys/values "
            "or embeddings), not a change to any base weight; ship base + adapter instead"
        )
    raise ValueError(f"unknown method kind {kind!r}")


def trainable_names(model) -> set[str]:
    return {n for n, p in model.named_parameters() if p.requires_grad}
