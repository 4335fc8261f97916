"""Training checkpoints: trainable weights, optimizer, RNG and position — safetensors + JSON, no pickle.

A checkpoint is written into a hidden temporary folder and renamed into place,
so `checkpoints/step-NNNNNN/` either exists whole or not at all; a job killed
mid-write leaves only a `.tmp-*` folder that the next save removes.
"""

from __future__ import annotations

import json
import os
import re
import shutil

import torch
from safetensors.torch import load_file, save_file

_STEP_DIR = re.compile(r"^step-(\d{6,})$")


def _fsync_dir(path: str) -> None:
    fd = os.open(path, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def atomic_dir(final: str, write) -> None:
    """Call write(tmp_dir) then rename tmp_dir to final (replacing nothing that exists)."""
    parent = os.path.dirname(final)
    os.makedirs(parent, exist_ok=True)
    tmp = os.path.join(parent, f".tmp-{os.path.basename(final)}-{os.getpid()}")
    shutil.rmtree(tmp, ignore_errors=True)
    os.makedirs(tmp)
    write(tmp)
    for name in os.listdir(tmp):
        with open(os.path.join(tmp, name), "rb") as f:
            os.fsync(f.fileno())
    if os.path.exists(final):
        shutil.rmtree(final)
    os.rename(tmp, final)
    _fsync_dir(parent)


def _optimizer_tensors(optimizer: torch.optim.Optimizer) -> tuple[dict[str, torch.Tensor], dict]:
    """Split the state into tensors named "idx.key[.subkey]" and a JSON tree of the rest.

    bitsandbytes nests its quantisation state one dict deeper and shares one
    quantisation map between all parameters; safetensors refuses shared memory,
    so repeats are copied.
    """
    sd = optimizer.state_dict()
    tensors: dict[str, torch.Tensor] = {}
    scalars: dict[str, dict] = {}
    storages: set[int] = set()

    def walk(path: list[str], value) -> None:
        if isinstance(value, dict):
            for key, sub in value.items():
                if "." in str(key):
                    raise ValueError(f"optimizer state key {key!r} contains '.', which checkpoint names reserve")
                walk([*path, str(key)], sub)
        elif torch.is_tensor(value):
            t = value.detach().cpu().contiguous()
            ptr = t.untyped_storage().data_ptr()
            tensors[".".join(path)] = t.clone() if ptr in storages else t
            storages.add(ptr)
        else:
            _put(scalars, path, value)

    for idx, state in sd["state"].items():
        walk([str(idx)], state)
    return tensors, {"param_groups": sd["param_groups"], "scalars": scalars}


def _put(tree: dict, path: list[str], value) -> None:
    for key in path[:-1]:
        tree = tree.setdefault(key, {})
    tree[path[-1]] = value


def _merge(dst: dict, src: dict) -> None:
    for key, value in src.items():
        if isinstance(value, dict):
            _merge(dst.setdefault(key, {}), value)
        else:
            dst[key] = value


def _restore_optimizer(optimizer: torch.optim.Optimizer, tensors: dict[str, torch.Tensor], meta: dict) -> None:
    tree: dict[str, dict] = {}
    for name, value in tensors.items():
        _put(tree, name.split("."), value)
    _merge(tree, meta["scalars"])
    state = {int(idx): s for idx, s in tree.items()}
    optimizer.load_state_dict({"state": state, "param_groups": meta["param_groups"]})


def save(ckpt_root: str, step: int, model, optimizer, state: dict, keep: int) -> str:
    final = os.path.join(ckpt_root, f"step-{step:06d}")
    trainable = {n: p.detach().cpu().contiguous() for n, p in model.named_parameters() if p.requires_grad}
    opt_tensors, opt_meta = _optimizer_tensors(optimizer)
    rng = {"torch_cpu": torch.get_rng_state()}
    if torch.cuda.is_available():
        for i, s in enumerate(torch.cuda.get_rng_state_all()):
            rng[f"torch_cuda_{i}"] = s

    def write(tmp: str) -> None:
        save_file(trainable, os.path.join(tmp, "trainable.safetensors"))
        save_file(opt_tensors, os.path.join(tmp, "optimizer.safetensors"))
        save_file(rng, os.path.join(tmp, "rng.safetensors"))
        with open(os.path.join(tmp, "optimizer.json"), "w", encoding="utf-8") as f:
            json.dump(opt_meta, f)
        # state.json last: its presence marks a complete checkpoint even before the rename.
        with open(os.path.join(tmp, "state.json"), "w", encoding="utf-8") as f:
            json.dump({**state, "step": step}, f, indent=2)

    atomic_dir(final, write)
    _prune(ckpt_root, keep)
    return final


def _prune(ckpt_root: str, keep: int) -> None:
    for name in list_steps(ckpt_root)[:-keep]:
        shutil.rmtree(os.path.join(ckpt_root, f"step-{name:06d}"), ignore_errors=True)
    for name in os.listdir(ckpt_root):
        if name.startswith(".tmp-") and not name.endswith(f"-{os.getpid()}"):
            shutil.rmtree(os.path.join(ckpt_root, name), ignore_errors=True)


def list_steps(ckpt_root: str) -> list[int]:
    if not os.path.isdir(ckpt_root):
        return []
    steps = []
    for name in os.listdir(ckpt_root):
        m = _STEP_DIR.match(name)
        if m and os.path.isfile(os.path.join(ckpt_root, name, "state.json")):
            steps.append(int(m.group(1)))
    return sorted(steps)


def latest(ckpt_root: str) -> str | None:
    steps = list_steps(ckpt_root)
    return os.path.join(ckpt_root, f"step-{steps[-1]:06d}") if steps else None


def load(path: str, model, optimizer) -> dict:
    weights = load_file(os.path.join(path, "trainable.safetensors"))
    params = dict(model.named_parameters())
    missing = [n for n, p in params.items() if p.requires_grad and n not in weights]
    unknown = [n for n in weights if n not in params]
    if missing or unknown:
        raise ValueError(f"checkpoint {path} does not fit this model (missing {missing[:3]}, unknown {unknown[:3]})")
    with torch.no_grad():
        for n, t in weights.items():
            params[n].copy_(t)
    with open(os.path.join(path, "optimizer.json"), encoding="utf-8") as f:
        meta = json.load(f)
    _restore_optimizer(optimizer, load_file(os.path.join(path, "optimizer.safetensors")), meta)
    rng = load_file(os.path.join(path, "rng.safetensors"))
    torch.set_rng_state(rng["torch_cpu"])
    if torch.cuda.is_available():
        cuda = [rng[k] for k in sorted(k for k in rng if k.startswith("torch_cuda_"))]
        if cuda:
            torch.cuda.set_rng_state_all(cuda)
    with open(os.path.join(path, "state.json"), encoding="utf-8") as f:
        return json.load(f)
