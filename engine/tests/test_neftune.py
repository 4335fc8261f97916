"""NEFTune on a tiny random Llama: bounded noise in training, none in eval, gone after remove()."""

import pytest
import torch
from peft import LoraConfig, get_peft_model
from transformers import LlamaConfig, LlamaForCausalLM

from scriptorium_engine.components.neftune import enable_neftune

D, ALPHA = 32, 5.0


@pytest.fixture()
def model():
    torch.manual_seed(0)
    config = LlamaConfig(vocab_size=64, hidden_size=D, intermediate_size=64, num_hidden_layers=1,
                         num_attention_heads=2, num_key_value_heads=2, max_position_embeddings=64)
    return LlamaForCausalLM(config)


IDS = torch.arange(2 * 12).remainder(64).view(2, 12)


def plain(model):
    return torch.nn.functional.embedding(IDS, model.get_input_embeddings().weight).detach()


def test_train_mode_adds_noise_within_the_bound(model):
    handle = enable_neftune(model, ALPHA)
    model.train()
    noise = model.get_input_embeddings()(IDS).detach() - plain(model)
    bound = ALPHA / (12 * D) ** 0.5
    assert noise.abs().max() <= bound * (1 + 1e-6)
    assert noise.abs().max() > 0.9 * bound  # fills the range: uniform, not a tiny perturbation
    assert abs(float(noise.mean())) < 0.1 * bound
    handle.remove()


def test_per_row_lengths_scale_each_row(model):
    handle = enable_neftune(model, ALPHA)
    model.train()
    handle.lengths = torch.tensor([3, 12])
    noise = model.get_input_embeddings()(IDS).detach() - plain(model)
    short, full = ALPHA / (3 * D) ** 0.5, ALPHA / (12 * D) ** 0.5
    assert full < noise[0].abs().max() <= short * (1 + 1e-6)
    assert noise[1].abs().max() <= full * (1 + 1e-6)
    handle.lengths = torch.tensor([3, 12, 4])
    with pytest.raises(ValueError, match="2 rows"):
        model.get_input_embeddings()(IDS)
    handle.remove()


def test_eval_mode_and_removal_leave_embeddings_untouched(model):
    handle = enable_neftune(model, ALPHA)
    model.eval()
    assert torch.equal(model.get_input_embeddings()(IDS), plain(model))
    handle.remove()
    model.train()
    assert torch.equal(model.get_input_embeddings()(IDS), plain(model))


def test_noise_follows_the_global_rng_that_checkpoints_restore(model):
    handle = enable_neftune(model, ALPHA)
    model.train()
    emb = model.get_input_embeddings()
    state = torch.get_rng_state()
    first, second = emb(IDS).detach(), emb(IDS).detach()
    torch.set_rng_state(state)
    assert torch.equal(emb(IDS), first) and not torch.equal(first, second)
    handle.remove()


def test_through_a_peft_wrapper(model):
    peft_model = get_peft_model(model, LoraConfig(r=4, lora_alpha=8, lora_dropout=0.0, target_modules=["q_proj", "v_proj"]))
    handle = enable_neftune(peft_model, ALPHA)
    assert handle.module is model.get_input_embeddings()
    peft_model.train()
    with torch.no_grad():
        a, b = peft_model(input_ids=IDS).logits, peft_model(input_ids=IDS).logits
        assert not torch.equal(a, b)
        handle.remove()
        assert torch.equal(peft_model(input_ids=IDS).logits, peft_model(input_ids=IDS).logits)
