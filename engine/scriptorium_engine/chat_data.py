"""Chat examples → token ids + a loss mask that covers assistant turns only.

The chat template comes from the tokenizer. Assistant spans are found in the
rendered text (the template renders a prefix of the conversation as a prefix
of the text) and mapped to tokens through the fast tokenizer's offsets, so the
mask is exact whatever the template's special tokens are.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

import torch


@dataclass
class Encoded:
    example_id: str
    input_ids: list[int]
    loss_mask: list[bool]  # True where the token is part of an assistant turn (is a target)
    truncated: bool


def read_jsonl(path: str) -> list[dict]:
    rows = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if line.strip():
                try:
                    rows.append(json.loads(line))
                except json.JSONDecodeError as e:
                    raise ValueError(f"{path}:{n}: not valid JSON: {e}") from e
    return rows


def _render(tok, messages: list[dict], generation_prompt: bool) -> str:
    return tok.apply_chat_template(messages, tokenize=False, add_generation_prompt=generation_prompt)


def assistant_char_spans(tok, messages: list[dict]) -> tuple[str, list[tuple[int, int]]]:
    text = _render(tok, messages, False)
    spans = []
    for i, m in enumerate(messages):
        if m["role"] != "assistant":
            continue
        start = len(_render(tok, messages[:i], True))
        end = len(_render(tok, messages[: i + 1], False))
        if not text.startswith(_render(tok, messages[: i + 1], False)):
            raise ValueError("chat template does not render conversations prefix-stably; cannot mask assistant turns")
        spans.append((start, end))
    return text, spans


def encode_text(tok, example: dict, max_seq_len: int) -> Encoded:
    """A raw-text record ({id, text}): every token is a target, and EOS closes the text."""
    ids = tok(example["text"], add_special_tokens=False)["input_ids"]
    if tok.eos_token_id is not None:
        ids = ids + [tok.eos_token_id]
    truncated = len(ids) > max_seq_len
    ids = ids[:max_seq_len]
    return Encoded(example["id"], ids, [True] * len(ids), truncated)


def encode(tok, example: dict, max_seq_len: int) -> Encoded:
    """One prepared example: chat ({id, messages}, assistant turns are targets) or text ({id, text})."""
    if "messages" not in example and "text" in example:
        return encode_text(tok, example, max_seq_len)
    text, spans = assistant_char_spans(tok, example["messages"])
    enc = tok(text, add_special_tokens=False, return_offsets_mapping=True)
    ids, offsets = enc["input_ids"], enc["offset_mapping"]
    mask = []
    for a, b in offsets:
        mask.append(any(a >= s and b <= e and b > a for s, e in spans))
    truncated = len(ids) > max_seq_len
    return Encoded(example["id"], ids[:max_seq_len], mask[:max_seq_len], truncated)


def encode_file(tok, path: str, max_seq_len: int) -> tuple[list[Encoded], int, int]:
    """Encode every example: (usable examples, how many were truncated, how many had no target left)."""
    out, truncated, dropped = [], 0, 0
    for row in read_jsonl(path):
        e = encode(tok, row, max_seq_len)
        truncated += e.truncated
        if sum(e.loss_mask[1:]) > 0:
            out.append(e)
        else:
            dropped += 1
    return out, truncated, dropped


def count_tokens(tok, path: str) -> dict:
    """Examples, all tokens and assistant (target) tokens of a chat JSONL file, untruncated."""
    examples = tokens = targets = 0
    for row in read_jsonl(path):
        e = encode(tok, row, max_seq_len=1 << 30)
        examples += 1
        tokens += len(e.input_ids)
        targets += sum(e.loss_mask)
    return {"examples": examples, "tokens": tokens, "assistant_tokens": targets}


def collate(batch: list[Encoded], device: torch.device) -> dict[str, torch.Tensor]:
    """Right-pad a batch. `targets` marks positions t whose next token t+1 is a loss target."""
    width = max(len(e.input_ids) for e in batch)
    ids = torch.zeros((len(batch), width), dtype=torch.long)
    attn = torch.zeros((len(batch), width), dtype=torch.long)
    mask = torch.zeros((len(batch), width), dtype=torch.bool)
    for i, e in enumerate(batch):
        n = len(e.input_ids)
        ids[i, :n] = torch.tensor(e.input_ids)
        attn[i, :n] = 1
        mask[i, :n] = torch.tensor(e.loss_mask)
    return {"input_ids": ids.to(device), "attention_mask": attn.to(device), "loss_mask": mask.to(device)}


def collate_packed(rows: list[list[Encoded]], device: torch.device) -> dict:
    """Right-pad packed rows (several examples each, from packing.PackedOrder).

    position_ids restart at 0 at every example. Passed with attention_mask=None, transformers
    reads the restarts as packed sequences and builds a block-diagonal causal mask, so no
    example attends to another (tests/test_packing.py). Pads continue the last example's
    positions: they join its block, but come after every real token, so causality alone
    hides them, and they are never targets. `attention_mask` (1 real, 0 pad) is for counting
    tokens and must not be passed to the model, which would then skip the packed detection.
    `seq_lens` lists the example lengths of each row (for per-example scaling such as NEFTune).
    """
    width = max(sum(len(e.input_ids) for e in row) for row in rows)
    ids = torch.zeros((len(rows), width), dtype=torch.long)
    attn = torch.zeros((len(rows), width), dtype=torch.long)
    mask = torch.zeros((len(rows), width), dtype=torch.bool)
    pos = torch.zeros((len(rows), width), dtype=torch.long)
    for r, row in enumerate(rows):
        start = 0
        for e in row:
            n = len(e.input_ids)
            ids[r, start : start + n] = torch.tensor(e.input_ids)
            mask[r, start : start + n] = torch.tensor(e.loss_mask)
            # Target t+1 is predicted from t: an example's first token would be predicted from the
            # previous example's last token, so it is never a target.
            mask[r, start] = False
            pos[r, start : start + n] = torch.arange(n)
            start += n
        attn[r, :start] = 1
        pos[r, start:] = torch.arange(n, n + width - start)
    return {
        "input_ids": ids.to(device), "attention_mask": attn.to(device), "loss_mask": mask.to(device),
        "position_ids": pos.to(device), "seq_lens": [[len(e.input_ids) for e in row] for row in rows],
    }
