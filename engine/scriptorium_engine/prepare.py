"""`prepare-model`: turn a packaged GGUF into a cached Hugging Face folder; `tiny-model`: a seeded random Llama for tests.

transformers loads GGUF with `gguf_file=` and dequantizes to float weights, but
refuses to `save_pretrained` a GGUF-loaded model; so a plain model is built from
the same config (minus the GGUF quantization marker) and the weights copied in.
"""

from __future__ import annotations

import hashlib
import importlib.util
import json
import os

import torch

from .components.checkpoint import atomic_dir
from .protocol import emit


def _package_dir(package: str) -> str:
    spec = importlib.util.find_spec(package)
    if spec is None or not spec.submodule_search_locations:
        raise FileNotFoundError(
            f"Python package '{package}' is not installed in the engine's venv "
            "(run `make setup`, which installs engine/requirements-models.txt)"
        )
    return list(spec.submodule_search_locations)[0]


def _sha256(path: str) -> str:
    h = hashlib.sha256()
    with open(path, "rb") as f:
        for chunk in iter(lambda: f.read(1 << 20), b""):
            h.update(chunk)
    return h.hexdigest()


def prepare_model(job: dict) -> dict:
    from transformers import AutoModelForCausalLM, AutoTokenizer

    src_dir = _package_dir(job["gguf"]["python_package"])
    gguf = job["gguf"]["file"]
    gguf_path = os.path.join(src_dir, gguf)
    if not os.path.isfile(gguf_path):
        raise FileNotFoundError(f"{gguf_path} is missing from package {job['gguf']['python_package']}")
    emit("progress", stage="prepare-model:load-gguf", done=0, total=3)
    tok = AutoTokenizer.from_pretrained(src_dir, gguf_file=gguf)
    loaded = AutoModelForCausalLM.from_pretrained(src_dir, gguf_file=gguf, dtype=torch.float32)
    config = loaded.config
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    config.name_or_path = job["name"]
    plain = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    missing, unexpected = plain.load_state_dict(loaded.state_dict(), strict=False)
    # Tied embeddings may show up as a missing lm_head; anything else is a real mismatch.
    missing = [k for k in missing if not (config.tie_word_embeddings and k == "lm_head.weight")]
    if missing or unexpected:
        raise ValueError(f"GGUF weights do not fit the config: missing {missing[:5]}, unexpected {unexpected[:5]}")
    emit("progress", stage="prepare-model:save", done=1, total=3)
    manifest = {
        **job["manifest"],
        "source": {"python_package": job["gguf"]["python_package"], "file": gguf, "sha256": _sha256(gguf_path)},
        "params": sum(p.numel() for p in plain.parameters()),
        "format": "safetensors (float32, dequantized from GGUF)",
    }

    def write(tmp: str) -> None:
        plain.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump(manifest, f, indent=2)

    atomic_dir(job["out_dir"], write)
    emit("progress", stage="prepare-model:done", done=3, total=3)
    return {"out_dir": job["out_dir"], "params": manifest["params"], "sha256": manifest["source"]["sha256"]}


def tiny_model(job: dict) -> dict:
    """A random Llama small enough for tests (< 5 MB) with a real tokenizer and chat template."""
    from transformers import AutoTokenizer, LlamaConfig, LlamaForCausalLM

    tok = AutoTokenizer.from_pretrained(job["tokenizer_from"])
    torch.manual_seed(job["seed"])
    config = LlamaConfig(
        vocab_size=len(tok),
        hidden_size=16,
        intermediate_size=48,
        num_hidden_layers=2,
        num_attention_heads=2,
        num_key_value_heads=1,
        head_dim=8,
        max_position_embeddings=2048,
        # Larger than the usual 0.02 so logits can move: with hidden 16 and tied embeddings, 0.02 caps
        # every logit near zero and no adapter could lower the loss measurably.
        initializer_range=0.3,
        tie_word_embeddings=True,
        bos_token_id=tok.bos_token_id,
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id,
    )
    model = LlamaForCausalLM(config)

    def write(tmp: str) -> None:
        model.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump({"name": "tiny-random-llama", "seed": job["seed"], "licence": "generated (random weights)",
                       "tokenizer_from": job["tokenizer_from"]}, f, indent=2)

    atomic_dir(job["out_dir"], write)
    return {"out_dir": job["out_dir"], "params": sum(p.numel() for p in model.parameters())}
