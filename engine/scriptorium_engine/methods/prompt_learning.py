"""Prefix tuning and prompt tuning through PEFT: the base is frozen, only virtual tokens train.

Prefix tuning learns key/value pairs prepended in every attention layer (optionally produced by
a small MLP during training, `projection`); prompt tuning learns input embeddings prepended to
the sequence, started from the embeddings of `init_text` when one is given.
"""

from __future__ import annotations


def apply(model, method: dict, model_ref: dict):
    from peft import PrefixTuningConfig, PromptTuningConfig, get_peft_model

    if method["kind"] == "prefix":
        config = PrefixTuningConfig(
            task_type="CAUSAL_LM",
            num_virtual_tokens=method["num_virtual_tokens"],
            prefix_projection=method["projection"],
        )
    elif method["init_text"] is None:
        config = PromptTuningConfig(
            task_type="CAUSAL_LM", num_virtual_tokens=method["num_virtual_tokens"], prompt_tuning_init="RANDOM"
        )
    else:
        # PEFT tokenizes the text with the base's own tokenizer to pick the starting embeddings.
        tokenizer_kwargs = {"trust_remote_code": bool(model_ref["trust_remote_code"])}
        if model_ref["source"] == "hub" and model_ref.get("revision"):
            tokenizer_kwargs["revision"] = model_ref["revision"]
        config = PromptTuningConfig(
            task_type="CAUSAL_LM",
            num_virtual_tokens=method["num_virtual_tokens"],
            prompt_tuning_init="TEXT",
            prompt_tuning_init_text=method["init_text"],
            tokenizer_name_or_path=model_ref["id"],
            tokenizer_kwargs=tokenizer_kwargs,
        )
    return get_peft_model(model, config)
