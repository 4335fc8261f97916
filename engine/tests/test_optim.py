"""Every optimizer kind: decay groups, learning, and exact survival of checkpoint.save → checkpoint.load."""

import json

import pytest
import torch

from scriptorium_engine.components import checkpoint
from scriptorium_engine.components.optim import build_optimizer

CPU = torch.device("cpu")
SPECS = {
    "adamw": {"kind": "adamw", "betas": [0.9, 0.999], "eps": 1e-8},
    "adamw_8bit": {"kind": "adamw_8bit", "betas": [0.9, 0.999], "eps": 1e-8},
    "adafactor": {"kind": "adafactor", "eps": 1e-30, "clip_threshold": 1.0, "decay_rate": -0.8},
    "sgd": {"kind": "sgd", "momentum": 0.9, "nesterov": True},
}
LR = {"adamw": 1e-2, "adamw_8bit": 1e-2, "adafactor": 1e-2, "sgd": 1e-2}


class Net(torch.nn.Module):
    """Names and shapes of a transformer block in miniature; proj.weight has 8192 elements so
    bitsandbytes really keeps it in 8-bit state (it keeps tensors under 4096 in 32-bit)."""

    def __init__(self, with_1d: bool = True):
        super().__init__()
        torch.manual_seed(0)
        self.proj = torch.nn.Linear(128, 64, bias=with_1d)
        self.norm = torch.nn.LayerNorm(64) if with_1d else torch.nn.Identity()
        self.head = torch.nn.Linear(64, 4, bias=False)
        self.frozen = torch.nn.Linear(4, 4)
        self.frozen.requires_grad_(False)

    def forward(self, x):
        return self.head(self.norm(self.proj(x)))


def make(kind: str, with_1d: bool = True, weight_decay: float = 0.1):
    net = Net(with_1d)
    return net, build_optimizer(list(net.named_parameters()), SPECS[kind], lr=LR[kind], weight_decay=weight_decay, device=CPU)


def data():
    g = torch.Generator().manual_seed(1)
    x = torch.randn(64, 128, generator=g)
    return x, x[:, :4] * 2.0 - x[:, 4:8]


def train(net, opt, steps: int) -> list[float]:
    x, y = data()
    losses = []
    for _ in range(steps):
        loss = torch.nn.functional.mse_loss(net(x), y)
        opt.zero_grad(set_to_none=True)
        loss.backward()
        opt.step()
        losses.append(float(loss))
    return losses


def test_groups_split_decay_from_biases_norms_and_vectors():
    net, opt = make("adamw")
    decay, no_decay = opt.param_groups
    assert decay["weight_decay"] == 0.1 and no_decay["weight_decay"] == 0.0
    assert {id(p) for p in decay["params"]} == {id(net.proj.weight), id(net.head.weight)}
    assert {id(p) for p in no_decay["params"]} == {id(net.proj.bias), id(net.norm.weight), id(net.norm.bias)}
    assert opt.defaults["fused"] is True  # torch 2.13 has the fused kernel on CPU


def test_a_matrix_named_norm_is_not_decayed():
    w = torch.nn.Parameter(torch.ones(3, 3))
    opt = build_optimizer([("layers.0.q_norm.weight", w)], SPECS["adamw"], lr=1e-3, weight_decay=0.1, device=CPU)
    assert opt.param_groups[0]["params"] == [] and opt.param_groups[1]["params"] == [w]


@pytest.mark.parametrize("kind", SPECS)
def test_decay_shrinks_only_the_decay_group(kind):
    net, opt = make(kind)
    before = {n: p.detach().clone() for n, p in net.named_parameters()}
    x, _ = data()
    for _ in range(3):  # zero gradients: only weight decay can move a parameter
        opt.zero_grad()
        (net(x) * 0.0).sum().backward()
        opt.step()
    after = dict(net.named_parameters())
    for n in ("proj.weight", "head.weight"):
        assert after[n].abs().sum() < before[n].abs().sum(), n
    for n in ("proj.bias", "norm.weight", "norm.bias"):
        assert torch.equal(after[n], before[n]), n


@pytest.mark.parametrize("kind", SPECS)
def test_each_kind_fits_a_small_regression(kind):
    net, opt = make(kind, weight_decay=0.0)
    losses = train(net, opt, 40)
    assert losses[-1] < 0.5 * losses[0], losses[::8]


def test_adamw_8bit_really_keeps_8bit_state_on_cpu():
    net, opt = make("adamw_8bit")
    train(net, opt, 1)
    assert opt.state[net.proj.weight]["state1"].dtype == torch.uint8
    assert opt.state[net.norm.weight]["state1"].dtype == torch.float32


def _same(a, b, where="") -> None:
    if torch.is_tensor(a):
        assert torch.is_tensor(b) and a.dtype == b.dtype and torch.equal(a.cpu(), b.cpu()), where
    elif isinstance(a, dict):
        assert set(a) == set(b), where
        for k in a:
            _same(a[k], b[k], f"{where}.{k}")
    else:  # JSON brings tuples back as lists
        assert json.loads(json.dumps(a)) == json.loads(json.dumps(b)), where


@pytest.mark.parametrize("with_1d", [True, False], ids=["two-groups", "empty-no-decay"])
@pytest.mark.parametrize("kind", SPECS)
def test_state_survives_a_checkpoint_exactly(kind, with_1d, tmp_path):
    net, opt = make(kind, with_1d)
    train(net, opt, 3)
    path = checkpoint.save(str(tmp_path), 3, net, opt, {"tokens_seen": 0}, keep=1)

    net2, opt2 = make(kind, with_1d)
    checkpoint.load(path, net2, opt2)
    _same(opt.state_dict(), opt2.state_dict())
    for (n, p), (_, q) in zip(net.named_parameters(), net2.named_parameters()):
        assert torch.equal(p, q), n
    train(net, opt, 3)
    train(net2, opt2, 3)
    for (n, p), (_, q) in zip(net.named_parameters(), net2.named_parameters()):
        assert torch.equal(p, q), n  # the resumed optimizer steps bit for bit like the original


def test_bad_specs_are_refused():
    net = Net()
    with pytest.raises(ValueError, match="unknown optimizer kind"):
        build_optimizer(list(net.named_parameters()), {"kind": "lion"}, lr=1e-3, weight_decay=0.0, device=CPU)
    with pytest.raises(ValueError, match="no trainable parameters"):
        build_optimizer(list(net.frozen.named_parameters()), SPECS["adamw"], lr=1e-3, weight_decay=0.0, device=CPU)
