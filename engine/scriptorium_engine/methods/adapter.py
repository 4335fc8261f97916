"""Bottleneck adapters (Houlsby et al. 2019, Pfeiffer et al. 2020): small residual MLPs in every decoder layer.

AdapterHub's `adapters` library pins transformers ~=4.57, so this is a small module of our own.
An adapter maps a sublayer's output h to h + up(act(down(h))). `up` starts at zero, so before
training the adapted model computes exactly what the base does. Houlsby adapts the output of
attention and of the MLP of every layer; Pfeiffer only the MLP's (its cheaper, equally strong variant).

Each adapter is a child of the sublayer it adapts (`model.layers.3.mlp.bottleneck_adapter`) and a
forward hook on that sublayer applies it. So the base's parameter names do not change, and the
adapters sit inside the decoder where the gathered-loss fast path (components/loss.py) runs them.

Artifact: adapter_config.json + adapter_model.safetensors (adapter weights only, full names).
"""

from __future__ import annotations

import json
import os

import torch
from torch import nn

CHILD = "bottleneck_adapter"
CONFIG_FILE = "adapter_config.json"
WEIGHTS_FILE = "adapter_model.safetensors"
_ATTENTION = ("self_attn", "attn", "attention", "self_attention")
_MLP = ("mlp", "feed_forward", "ffn")
_ACTIVATIONS = {"relu": nn.ReLU, "gelu": nn.GELU, "silu": nn.SiLU}


class Bottleneck(nn.Module):
    def __init__(self, hidden_size: int, bottleneck_size: int, non_linearity: str):
        super().__init__()
        self.down = nn.Linear(hidden_size, bottleneck_size)
        self.act = _ACTIVATIONS[non_linearity]()
        self.up = nn.Linear(bottleneck_size, hidden_size)
        nn.init.zeros_(self.up.weight)
        nn.init.zeros_(self.up.bias)

    def forward(self, h: torch.Tensor) -> torch.Tensor:
        return h + self.up(self.act(self.down(h)))


def _adapt_output(module, args, output):
    adapter = getattr(module, CHILD)
    # Attention blocks return (hidden, attention weights, ...); MLPs return the hidden states alone.
    if isinstance(output, tuple):
        return (adapter(output[0]),) + tuple(output[1:])
    return adapter(output)


def _layers(model):
    decoder = model.get_decoder()
    for name in ("layers", "h", "blocks"):
        if isinstance(getattr(decoder, name, None), nn.ModuleList):
            return getattr(decoder, name)
    raise ValueError(f"bottleneck adapters: cannot find the decoder layers of {type(model).__name__}")


def _sublayer(layer, names: tuple[str, ...], what: str):
    for name in names:
        if isinstance(getattr(layer, name, None), nn.Module):
            return getattr(layer, name)
    raise ValueError(f"bottleneck adapters: no {what} block ({' / '.join(names)}) in {type(layer).__name__}")


def adapter_config(model, method: dict) -> dict:
    hidden = model.get_input_embeddings().weight.shape[1]
    return {
        "peft_type": "BOTTLENECK_ADAPTER",
        "format_version": 1,
        "style": method["style"],
        "reduction_factor": method["reduction_factor"],
        "non_linearity": method["non_linearity"],
        "hidden_size": hidden,
        "bottleneck_size": max(1, hidden // method["reduction_factor"]),
        "num_layers": len(_layers(model)),
        "positions": ["attention", "mlp"] if method["style"] == "houlsby" else ["mlp"],
        "base_model_name_or_path": getattr(model, "name_or_path", None),
    }


def apply(model, method: dict):
    """Freeze the base and add zero-initialised adapters; returns the same (transformers) model."""
    cfg = adapter_config(model, method)
    for p in model.parameters():
        p.requires_grad_(False)
    device = model.get_input_embeddings().weight.device
    for layer in _layers(model):
        targets = [_sublayer(layer, _MLP, "MLP")]
        if "attention" in cfg["positions"]:
            targets.insert(0, _sublayer(layer, _ATTENTION, "attention"))
        for block in targets:
            if hasattr(block, CHILD):
                raise ValueError("this model already carries bottleneck adapters")
            # Adapters stay fp32 like every trainable weight here; bf16 comes from autocast.
            block.add_module(CHILD, Bottleneck(cfg["hidden_size"], cfg["bottleneck_size"], cfg["non_linearity"]).to(device))
            block.register_forward_hook(_adapt_output)
    return model


def adapter_state(model) -> dict[str, torch.Tensor]:
    return {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if f".{CHILD}." in n}


def save(model, method: dict, out_dir: str) -> None:
    from safetensors.torch import save_file

    save_file(adapter_state(model), os.path.join(out_dir, WEIGHTS_FILE), metadata={"format": "pt"})
    with open(os.path.join(out_dir, CONFIG_FILE), "w", encoding="utf-8") as f:
        json.dump(adapter_config(model, method), f, indent=2)


def load(model, artifact_dir: str):
    """Put a saved adapter back on a freshly loaded base model."""
    from safetensors.torch import load_file

    with open(os.path.join(artifact_dir, CONFIG_FILE), encoding="utf-8") as f:
        cfg = json.load(f)
    if cfg.get("peft_type") != "BOTTLENECK_ADAPTER":
        raise ValueError(f"{artifact_dir} does not hold a bottleneck adapter (peft_type {cfg.get('peft_type')!r})")
    apply(model, cfg)
    expected = adapter_config(model, cfg)
    for key in ("hidden_size", "num_layers"):
        if cfg[key] != expected[key]:
            raise ValueError(f"adapter in {artifact_dir} was trained for {key}={cfg[key]}, this base has {expected[key]}")
    weights = load_file(os.path.join(artifact_dir, WEIGHTS_FILE))
    params = dict(model.named_parameters())
    if set(weights) != set(adapter_state(model)):
        raise ValueError(f"adapter weights in {artifact_dir} do not fit this model's layers")
    with torch.no_grad():
        for name, value in weights.items():
            params[name].copy_(value)
    return model
