"""Loading base models and tokenizers from a local folder or a hub id (protocol ModelRef)."""

from __future__ import annotations

import os

import torch


def source_kwargs(ref: dict) -> dict:
    kwargs: dict = {"trust_remote_code": bool(ref["trust_remote_code"])}
    if ref["source"] == "hub" and ref.get("revision"):
        kwargs["revision"] = ref["revision"]
    if ref["source"] == "local" and not os.path.isdir(ref["id"]):
        raise FileNotFoundError(f"model folder {ref['id']} does not exist")
    return kwargs


def load_tokenizer(ref: dict):
    from transformers import AutoTokenizer

    tok = AutoTokenizer.from_pretrained(ref["id"], **source_kwargs(ref))
    if tok.chat_template is None:
        raise ValueError(
            f"the tokenizer of {ref['id']} has no chat template; chat fine-tuning needs one "
            "(use an instruct model, or add chat_template.jinja to the model folder)"
        )
    return tok


def load_model(ref: dict, device: torch.device):
    from transformers import AutoModelForCausalLM

    # Master weights stay fp32; bf16 comes from autocast so optimizer updates keep full precision.
    model = AutoModelForCausalLM.from_pretrained(ref["id"], dtype=torch.float32, **source_kwargs(ref))
    return model.to(device)


def count_params(model) -> tuple[int, int]:
    total = sum(p.numel() for p in model.parameters())
    trainable = sum(p.numel() for p in model.parameters() if p.requires_grad)
    return total, trainable
