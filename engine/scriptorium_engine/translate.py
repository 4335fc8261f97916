"""`translate`: batched greedy translation with a local seq2seq model; `tiny-translator`: a seeded random MarianMT for tests.

The input is a JSONL file of {"text": ...} lines; the output is a JSONL file of {"text": ...}
lines in the same order (written to a temporary file, then renamed). Texts are sorted by
length before batching (less padding) and put back in their order afterwards. Decoding is
greedy (num_beams 1, no sampling) so a translation is a function of its input: the same
text always gives the same output, which keeps back-translated data reproducible.

Real translation needs a real model pair, e.g. Helsinki-NLP/opus-mt-es-en and
opus-mt-en-es downloaded to local folders. Their MarianTokenizer reads SentencePiece
files (source.spm / target.spm), so the engine venv also needs the `sentencepiece`
package; without it this command fails with that hint instead of a bare ImportError.
"""

from __future__ import annotations

import importlib.util
import json
import os
import time

import torch

from . import models, runtime
from .components.checkpoint import atomic_dir
from .protocol import Cancelled, emit


def _read_texts(path: str) -> list[str]:
    texts: list[str] = []
    with open(path, encoding="utf-8") as f:
        for n, line in enumerate(f, 1):
            if not line.strip():
                continue
            row = json.loads(line)
            if not isinstance(row, dict) or not isinstance(row.get("text"), str):
                raise ValueError(f"{path}:{n}: each line must be an object with a string 'text'")
            texts.append(row["text"])
    return texts


def _write_texts(path: str, texts: list[str]) -> None:
    os.makedirs(os.path.dirname(os.path.abspath(path)), exist_ok=True)
    tmp = f"{path}.tmp-{os.getpid()}"
    with open(tmp, "w", encoding="utf-8") as f:
        for t in texts:
            f.write(json.dumps({"text": t}, ensure_ascii=False) + "\n")
        f.flush()
        os.fsync(f.fileno())
    os.replace(tmp, path)


def _load_tokenizer(ref: dict):
    from transformers import AutoTokenizer

    kwargs = models.source_kwargs(ref)
    folder = ref["id"] if ref["source"] == "local" else None
    needs_spm = folder is not None and not os.path.isfile(os.path.join(folder, "tokenizer.json")) and any(
        name.endswith(".spm") or name.endswith(".model") for name in os.listdir(folder)
    )
    if needs_spm and importlib.util.find_spec("sentencepiece") is None:
        raise ModuleNotFoundError(
            f"the tokenizer of {folder} is a SentencePiece model (MarianMT's source.spm/target.spm) and the engine venv "
            "has no `sentencepiece` package: install it with `.venv/bin/pip install sentencepiece`"
        )
    try:
        tok = AutoTokenizer.from_pretrained(ref["id"], **kwargs)
    except ImportError as e:
        raise ModuleNotFoundError(f"cannot load the tokenizer of {ref['id']}: {e} (MarianMT tokenizers need `pip install sentencepiece`)") from e
    # Encoder-decoder models pad the source on the right; the decoder starts from its own start token.
    tok.padding_side = "right"
    if tok.pad_token_id is None:
        if tok.eos_token_id is None:
            raise ValueError(f"the tokenizer of {ref['id']} has neither a pad nor an eos token; batched translation needs one")
        tok.pad_token = tok.eos_token
    return tok


def run(job: dict, device: torch.device, precision: str) -> dict:
    from transformers import AutoModelForSeq2SeqLM

    ref = job["model"]
    texts = _read_texts(job["input"])
    tok = _load_tokenizer(ref)
    model = AutoModelForSeq2SeqLM.from_pretrained(ref["id"], dtype=torch.float32, **models.source_kwargs(ref)).to(device).eval()
    if not getattr(model.config, "is_encoder_decoder", False):
        raise ValueError(f"{ref['id']} is not an encoder-decoder (seq2seq) model: translation needs one, e.g. a MarianMT opus-mt pair")
    total, _ = models.count_params(model)
    emit("model", name=os.path.basename(str(ref["id"]).rstrip("/")) or str(ref["id"]), params_total=total, params_trainable=0, precision=precision)

    gen_kwargs: dict = {"max_new_tokens": int(job["max_new_tokens"]), "do_sample": False, "num_beams": 1}
    # Multilingual models (NLLB, M2M100, mBART) take language codes; pair models (MarianMT) ignore them.
    if job.get("source_lang") and hasattr(tok, "src_lang"):
        tok.src_lang = job["source_lang"]
    if job.get("target_lang"):
        tgt_id = tok.convert_tokens_to_ids(job["target_lang"])
        if tgt_id is None or tgt_id == tok.unk_token_id:
            raise ValueError(f"target language code {job['target_lang']!r} is not a token of the tokenizer of {ref['id']}")
        gen_kwargs["forced_bos_token_id"] = tgt_id

    outputs: list[str] = [""] * len(texts)
    todo = [i for i, t in enumerate(texts) if t.strip()]
    todo.sort(key=lambda i: len(texts[i]))
    batch_size = int(job["batch_size"])
    max_input = int(job["max_input_tokens"])
    batches = [todo[i : i + batch_size] for i in range(0, len(todo), batch_size)]
    truncated = 0
    generated = 0
    started = time.perf_counter()
    emit("progress", stage="translate", done=0, total=len(todo))
    try:
        done = 0
        for batch in batches:
            src = [texts[i] for i in batch]
            lengths = tok(src, add_special_tokens=True)["input_ids"]
            truncated += sum(1 for ids in lengths if len(ids) > max_input)
            enc = tok(src, return_tensors="pt", padding=True, truncation=True, max_length=max_input).to(device)
            with torch.inference_mode(), runtime.autocast(device, precision):
                out = model.generate(**enc, **gen_kwargs)
            generated += int((out != tok.pad_token_id).sum())
            for i, text in zip(batch, tok.batch_decode(out, skip_special_tokens=True)):
                outputs[i] = text.strip()
            done += len(batch)
            emit("progress", stage="translate", done=done, total=len(todo))
    except KeyboardInterrupt as e:
        raise Cancelled("translation interrupted; no output was written") from e
    seconds = time.perf_counter() - started
    if truncated:
        emit("warning", message=f"{truncated} texts were longer than max_input_tokens={max_input} and were cut before translation")
    _write_texts(job["output"], outputs)
    return {
        "output": job["output"], "count": len(texts), "translated": len(todo), "batches": len(batches),
        "truncated": truncated, "generated_tokens": generated, "seconds": round(seconds, 3),
    }


def tiny_translator(job: dict) -> dict:
    """A random MarianMT (one layer each side, d_model 16) with a real fast tokenizer: gibberish out, every code path in."""
    from transformers import AutoTokenizer, MarianConfig, MarianMTModel

    tok = AutoTokenizer.from_pretrained(job["tokenizer_from"])
    pad = tok.pad_token_id if tok.pad_token_id is not None else tok.eos_token_id
    torch.manual_seed(job["seed"])
    config = MarianConfig(
        vocab_size=len(tok),
        d_model=16,
        encoder_layers=1,
        decoder_layers=1,
        encoder_attention_heads=2,
        decoder_attention_heads=2,
        encoder_ffn_dim=32,
        decoder_ffn_dim=32,
        max_position_embeddings=512,
        init_std=0.3,
        pad_token_id=pad,
        eos_token_id=tok.eos_token_id,
        decoder_start_token_id=pad,
        forced_eos_token_id=tok.eos_token_id,
        share_encoder_decoder_embeddings=True,
        tie_word_embeddings=True,
    )
    model = MarianMTModel(config)

    def write(tmp: str) -> None:
        model.save_pretrained(tmp, safe_serialization=True)
        tok.save_pretrained(tmp)
        with open(os.path.join(tmp, "manifest.json"), "w", encoding="utf-8") as f:
            json.dump({"name": "tiny-random-marian", "seed": job["seed"], "licence": "generated (random weights)",
                       "tokenizer_from": job["tokenizer_from"]}, f, indent=2)

    atomic_dir(job["out_dir"], write)
    return {"out_dir": job["out_dir"], "params": sum(p.numel() for p in model.parameters())}
