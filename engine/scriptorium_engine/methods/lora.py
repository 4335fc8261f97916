"""LoRA through PEFT: only the low-rank adapter matrices (and DoRA's magnitudes) train; the base stays frozen."""

from __future__ import annotations


def config(method: dict):
    from peft import LoraConfig

    return LoraConfig(
        r=method["r"],
        lora_alpha=method["alpha"],
        lora_dropout=method["dropout"],
        target_modules=method["target_modules"],
        # rsLoRA scales by alpha/sqrt(r) instead of alpha/r, so raising r does not shrink the update.
        use_rslora=method["rslora"],
        # DoRA splits each weight into magnitude and direction; the LoRA pair adapts the direction.
        use_dora=method["dora"],
        bias="none",
        task_type="CAUSAL_LM",
    )


def apply(model, method: dict):
    from peft import get_peft_model

    return get_peft_model(model, config(method))
