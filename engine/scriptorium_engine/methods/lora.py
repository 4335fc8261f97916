"""LoRA through PEFT: only the low-rank adapter matrices train; the base stays frozen."""

from __future__ import annotations


def apply(model, method: dict):
    from peft import LoraConfig, get_peft_model

    config = LoraConfig(
        r=method["r"],
        lora_alpha=method["alpha"],
        lora_dropout=method["dropout"],
        target_modules=method["target_modules"],
        bias="none",
        task_type="CAUSAL_LM",
    )
    return get_peft_model(model, config)
