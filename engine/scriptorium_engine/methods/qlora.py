"""QLoRA: LoRA on a base quantized to 4 bits (NF4 or FP4) by bitsandbytes, dequantized on the fly.

The artifact is an ordinary PEFT LoRA adapter plus `quantization.json`, because the adapter
was fitted to the *quantized* base: evaluation and merging rebuild that same base (quantize the
original weights again, which is deterministic, then dequantize to fp32 once). That keeps the
evaluated model, the merged model and the trained one the same function, and evaluation runs as
plain fp32 matmuls, which on CPU are faster than bitsandbytes' per-call dequantization.
"""

from __future__ import annotations

import json
import os

import torch

from .. import models
from . import lora

QUANT_FILE = "quantization.json"


def compute_dtype(device: torch.device, precision: str) -> torch.dtype:
    if precision == "bf16":
        return torch.bfloat16
    if precision == "fp16" and device.type == "cuda":
        return torch.float16
    return torch.float32


def check_backend(device: torch.device, quant_type: str) -> None:
    """Fail early, with what to do instead, when this machine cannot run 4-bit bitsandbytes."""
    try:
        import bitsandbytes.functional as bnbf
    except Exception as e:  # noqa: BLE001 - any import failure means the same thing to the user
        raise ValueError(
            f"QLoRA needs the bitsandbytes package, which cannot be imported here ({type(e).__name__}: {e}); "
            "install bitsandbytes or use method kind 'lora' (same adapter on an unquantized base)"
        ) from e
    # A real round trip: the library also imports where its 4-bit kernels are missing or wrong.
    x = torch.ones(64, 64, device=device)
    try:
        q, state = bnbf.quantize_4bit(x, quant_type=quant_type)
        ok = bool(torch.allclose(bnbf.dequantize_4bit(q, state).float(), x, atol=1e-2))
        reason = "its 4-bit round trip returned wrong values"
    except Exception as e:  # noqa: BLE001
        ok, reason = False, f"{type(e).__name__}: {e}"
    if not ok:
        raise ValueError(
            f"bitsandbytes cannot do 4-bit {quant_type} on device {device} ({reason}); use method kind 'lora' instead"
        )


def load_quantized(model_ref: dict, device: torch.device, quant: dict, dtype: torch.dtype):
    from transformers import AutoModelForCausalLM, BitsAndBytesConfig

    check_backend(device, quant["quant_type"])
    bnb = BitsAndBytesConfig(
        load_in_4bit=True,
        bnb_4bit_quant_type=quant["quant_type"],
        bnb_4bit_use_double_quant=quant["double_quant"],
        bnb_4bit_compute_dtype=dtype,
    )
    # Quantization happens while loading, on the target device: that is why this cannot reuse models.load_model.
    where = "cpu" if device.type == "cpu" else (device.index if device.index is not None else torch.cuda.current_device())
    model = AutoModelForCausalLM.from_pretrained(
        model_ref["id"], quantization_config=bnb, dtype=torch.float32, device_map={"": where},
        **models.source_kwargs(model_ref),
    )
    keep_one_layout(model)
    return model


def build(model_ref: dict, method: dict, device: torch.device, precision: str):
    from peft import prepare_model_for_kbit_training

    model = load_quantized(model_ref, device, method, compute_dtype(device, precision))
    # Freezes the base and keeps norms fp32; no gradient checkpointing (the caller decides memory trade-offs).
    model = prepare_model_for_kbit_training(model, use_gradient_checkpointing=False)
    return lora.apply(model, method)


def keep_one_layout(model) -> None:
    """On CPUs with AVX512-BF16, bitsandbytes repacks a 4-bit weight in place the first time a layer runs in eval
    mode without gradients (our in-training evaluations) — and asserts out_features % 32 == 0 while doing so, which
    the tiny test model's layers are not. Our 4-bit models keep one layout: the repacking is an inference fast path,
    and our inference (evaluate, generate) runs on the dequantized base anyway (`load_trained`)."""
    import bitsandbytes as bnb

    for module in model.modules():
        if isinstance(module, bnb.nn.Linear4bit):
            module.support_avx512bf16_for_cpu = False


def save(model, method: dict, out_dir: str) -> None:
    model.save_pretrained(out_dir, safe_serialization=True)
    with open(os.path.join(out_dir, QUANT_FILE), "w", encoding="utf-8") as f:
        json.dump({"quant_type": method["quant_type"], "double_quant": method["double_quant"]}, f, indent=2)


def dequantized_base(model_ref: dict, device: torch.device, quant: dict):
    """The exact base a QLoRA adapter was trained on, as a plain fp32 transformers model."""
    return load_quantized(model_ref, device, quant, torch.float32).dequantize(dtype=torch.float32)


def load_trained(model_ref: dict, artifact_dir: str, device: torch.device):
    from peft import PeftModel

    with open(os.path.join(artifact_dir, QUANT_FILE), encoding="utf-8") as f:
        quant = json.load(f)
    return PeftModel.from_pretrained(dequantized_base(model_ref, device, quant), artifact_dir)


def merge(model):
    """Dequantize the base, then fold LoRA in: merging into 4-bit weights would re-quantize (and lose) the update."""
    from peft import get_peft_model, get_peft_model_state_dict, set_peft_model_state_dict

    config = model.peft_config[model.active_adapter]
    state = get_peft_model_state_dict(model)
    base = model.unload().dequantize(dtype=torch.float32)
    plain = get_peft_model(base, config)
    set_peft_model_state_dict(plain, state)
    return plain.merge_and_unload()
