"""Every training method on the tiny model: it learns, it trains exactly its own weights, its artifact
reloads to the same function with its own library, and it merges where merging is defined."""

import os

import pytest
import torch

from scriptorium_engine import chat_data, methods, models
from scriptorium_engine.components.loss import target_loss_sum
from scriptorium_engine.methods import adapter, qlora

from conftest import chat_rows

CPU = torch.device("cpu")
LORA = {"kind": "lora", "r": 4, "alpha": 8, "dropout": 0.0, "target_modules": "all-linear", "rslora": False, "dora": False}
LORA_KEYS = ("lora_A", "lora_B")
# name → (method, lr, what the state_dict key of every trained weight contains; None: every key)
CASES = {
    "full": ({"kind": "full", "train_embeddings": True}, 3e-3, None),
    "full-frozen-embeddings": ({"kind": "full", "train_embeddings": False}, 3e-3, None),
    "lora": (LORA, 3e-2, LORA_KEYS),
    "rslora": ({**LORA, "rslora": True}, 3e-2, LORA_KEYS),
    "dora": ({**LORA, "dora": True}, 3e-2, LORA_KEYS + ("lora_magnitude_vector",)),
    "qlora": ({**LORA, "kind": "qlora", "quant_type": "nf4", "double_quant": True}, 3e-2, LORA_KEYS),
    "adapter-houlsby": ({"kind": "adapter", "style": "houlsby", "reduction_factor": 2, "non_linearity": "gelu"}, 3e-2, (".bottleneck_adapter.",)),
    "adapter-pfeiffer": ({"kind": "adapter", "style": "pfeiffer", "reduction_factor": 2, "non_linearity": "relu"}, 1e-1, (".bottleneck_adapter.",)),
    "prefix": ({"kind": "prefix", "num_virtual_tokens": 8, "projection": True}, 1e-1, ("prompt_encoder.",)),
    "prompt": ({"kind": "prompt", "num_virtual_tokens": 32, "init_text": "You are Aurelio, the cartographer of stairs."}, 1e-1, ("prompt_encoder.",)),
}
MERGEABLE = ("full", "lora", "qlora")


@pytest.fixture(scope="module", autouse=True)
def one_thread():
    # These matrices are tiny: with 2 threads on shared cores OpenMP hand-offs cost more than the math (~5x a step).
    threads = torch.get_num_threads()
    torch.set_num_threads(1)
    yield
    torch.set_num_threads(threads)


@pytest.fixture(scope="module")
def ref(tiny_model) -> dict:
    return {"source": "local", "id": str(tiny_model), "revision": None, "trust_remote_code": False}


@pytest.fixture(scope="module")
def data(ref):
    tok = models.load_tokenizer(ref)
    encoded = [chat_data.encode(tok, r, 128) for r in chat_rows(16)]
    train = [chat_data.collate(encoded[i : i + 4], CPU) for i in range(0, 16, 4)]
    return train, chat_data.collate(encoded[:3], CPU)


def _expected(name: str, keys) -> set[str]:
    method, _, parts = CASES[name]
    if parts is None:  # full fine-tuning; the tied head is the embedding matrix
        frozen = () if method["train_embeddings"] else ("embed_tokens", "lm_head")
        return {k for k in keys if not any(f in k for f in frozen)}
    return {k for k in keys if any(p in k for p in parts)}


def _train(model, batches, lr: float, steps: int = 30) -> list[float]:
    params = [p for p in model.parameters() if p.requires_grad]
    opt = torch.optim.AdamW(params, lr=lr, weight_decay=0.0)
    model.train()
    losses = []
    for step in range(steps):
        s, n = target_loss_sum(model, batches[step % len(batches)])
        opt.zero_grad(set_to_none=True)
        (s / n).backward()
        opt.step()
        losses.append(float(s.detach()) / n)
    return losses


@torch.no_grad()
def _logits(model, batch) -> torch.Tensor:
    model.eval()
    return model(input_ids=batch["input_ids"], attention_mask=batch["attention_mask"]).logits


def _reload_with_library(name: str, ref: dict, out: str):
    """The artifact as its own library reads it, without methods.load_trained."""
    from peft import PeftModel
    from transformers import AutoModelForCausalLM

    kind = CASES[name][0]["kind"]
    if kind == "full":
        return AutoModelForCausalLM.from_pretrained(out, dtype=torch.float32)
    if kind == "adapter":
        return adapter.load(models.load_model(ref, CPU), out)
    if kind == "qlora":  # the base quantized as in training, then PEFT
        base = qlora.load_quantized(ref, CPU, {"quant_type": "nf4", "double_quant": True}, torch.float32)
        return PeftModel.from_pretrained(base, out)
    return PeftModel.from_pretrained(models.load_model(ref, CPU), out)


@pytest.mark.parametrize("name", list(CASES))
def test_method_learns_trains_only_its_weights_reloads_and_merges(name, ref, data, tmp_path):
    method, lr, _ = CASES[name]
    train, probe = data
    torch.manual_seed(0)
    model = methods.build(ref, method, CPU, "fp32")
    before = {k: v.detach().clone() for k, v in model.state_dict().items()}
    expected = _expected(name, before)
    assert expected, "the method trains nothing"
    assert methods.trainable_names(model) == expected & set(dict(model.named_parameters()))

    losses = _train(model, train, lr)
    # Prefix and prompt tuning only add attention inputs to a 2-layer, 16-wide random model (prompt
    # embeddings even pass its RMSNorm): they learn, but less in 30 steps (measured 0.86-0.87).
    ratio = 0.9 if method["kind"] in ("prefix", "prompt") else 0.8
    assert sum(losses[-3:]) / 3 < ratio * sum(losses[:3]) / 3, losses
    after = model.state_dict()
    assert {k for k in before if not torch.equal(before[k], after[k])} == expected

    logits = _logits(model, probe)
    out = tmp_path / "artifact"
    out.mkdir()
    methods.save(model, method, str(out))
    files = set(os.listdir(out))
    assert not {f for f in files if f.endswith((".bin", ".pt", ".pth", ".pkl"))}, files
    assert ("model.safetensors" if method["kind"] == "full" else "adapter_model.safetensors") in files
    for reloaded in (_reload_with_library(name, ref, str(out)), methods.load_trained(ref, method["kind"], str(out), CPU)):
        torch.testing.assert_close(_logits(reloaded, probe), logits, atol=1e-5, rtol=0)

    if method["kind"] in MERGEABLE:
        merged = methods.merge(model, method)
        assert not hasattr(merged, "peft_config") and type(merged).__name__ == "LlamaForCausalLM"
        # x(W + BA) and xW + (xA)B round differently in fp32: 1e-5 relative to logits of a few units.
        torch.testing.assert_close(_logits(merged, probe), logits, atol=1e-4, rtol=1e-5)
    else:
        with pytest.raises(ValueError, match="cannot be merged because"):
            methods.merge(model, method)


def test_adapter_positions_follow_the_style(ref):
    for style, blocks in (("houlsby", {"self_attn", "mlp"}), ("pfeiffer", {"mlp"})):
        model = methods.build(ref, {"kind": "adapter", "style": style, "reduction_factor": 4, "non_linearity": "silu"}, CPU, "fp32")
        names = methods.trainable_names(model)
        assert {n.split(".")[3] for n in names} == blocks
        assert {int(n.split(".")[2]) for n in names} == {0, 1}  # every decoder layer


def test_zero_initialised_adapter_starts_as_the_base(ref, data):
    _, probe = data
    base = _logits(models.load_model(ref, CPU), probe)
    model = methods.build(ref, CASES["adapter-houlsby"][0], CPU, "fp32")
    assert torch.equal(_logits(model, probe), base)


def test_qlora_quantizes_the_base_and_refuses_a_backend_without_4bit(ref, data):
    import bitsandbytes as bnb

    model = methods.build(ref, CASES["qlora"][0], CPU, "bf16")
    linear4 = [m for m in model.modules() if isinstance(m, bnb.nn.Linear4bit)]
    assert len(linear4) == 14 and all(m.compute_dtype == torch.bfloat16 for m in linear4)
    with torch.autocast("cpu", dtype=torch.bfloat16):  # as train.py runs bf16
        s, n = target_loss_sum(model, data[0][0])
    s.backward()
    assert torch.isfinite(s) and all(p.grad is not None and p.grad.dtype == torch.float32
                                     for p in model.parameters() if p.requires_grad)
    assert qlora.compute_dtype(CPU, "fp16") == torch.float32  # fp16 compute only on CUDA
    with pytest.raises(ValueError, match="use method kind 'lora'"):
        qlora.check_backend(torch.device("meta"), "nf4")


def test_qlora_evaluates_between_steps_without_repacking(ref, data):
    """An in-training evaluation (eval mode, no gradients) must leave the 4-bit layout alone: on CPUs with
    AVX512-BF16 bitsandbytes would repack it in place, and refuses layers whose width is not a multiple of 32
    (the tiny model's) — a crash seen in the recipe test. Training goes on after the evaluation."""
    train, held_out = data
    model = methods.build(ref, CASES["qlora"][0], CPU, "fp32")
    opt = torch.optim.AdamW([p for p in model.parameters() if p.requires_grad], lr=3e-2)
    for batch in train[:2]:
        model.train()
        loss, n = target_loss_sum(model, batch)
        (loss / n).backward()
        opt.step()
        opt.zero_grad()
        model.eval()
        with torch.no_grad():
            ev, m = target_loss_sum(model, held_out)
        assert torch.isfinite(ev / m)
