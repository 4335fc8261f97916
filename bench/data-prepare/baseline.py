"""The same data work with Hugging Face `datasets` + `datasketch`, for bench/data-prepare.

normalize (NFC, zero-width and control characters, HTML entities and tags, whitespace) → exact dedup
(normalized-text hash) → near dedup (MinHash, 128 permutations, word 3-grams, LSH at Jaccard 0.9)
→ deterministic hash split 80/10/10 → JSONL files. Prints one JSON line with counts and seconds.

usage: python baseline.py INPUT.jsonl OUT_DIR
"""

import hashlib
import html
import json
import re
import sys
import time
import unicodedata

from datasets import load_dataset
from datasketch import MinHash, MinHashLSH

ZW = re.compile("[\u200b-\u200d\u2060\ufeff\u00ad]")
CTRL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
TAG = re.compile(r"</?[A-Za-z][^<>]*>")
SPACES = re.compile(r"[ \t]+")
PUNCT = re.compile(r"[^\w\s]")


def clean(text: str) -> str:
    text = unicodedata.normalize("NFC", text)
    text = CTRL.sub("", ZW.sub("", text))
    text = TAG.sub("", html.unescape(text))
    return "\n".join(SPACES.sub(" ", line).strip() for line in text.split("\n")).strip()


def normalize_row(row):
    messages = [{"role": m["role"], "content": clean(m["content"])} for m in row["messages"]]
    content = "\n".join(m["content"] for m in messages if m["role"] != "system")
    key = SPACES.sub(" ", PUNCT.sub("", unicodedata.normalize("NFKC", content).lower())).strip()
    return {"messages": messages, "content": content, "key": hashlib.blake2b(key.encode(), digest_size=8).hexdigest()}


def shingles(text: str):
    words = text.lower().split()
    if len(words) < 3:
        return {text[i : i + 5].encode() for i in range(max(1, len(text) - 4))}
    return {" ".join(words[i : i + 3]).encode() for i in range(len(words) - 2)}


def split_of(group: str) -> str:
    u = int.from_bytes(hashlib.sha256(f"scriptorium-split-v1\0{group}".encode()).digest()[:4], "big") / 2**32
    return "test" if u < 0.1 else "validation" if u < 0.2 else "train"


def main() -> None:
    src, out = sys.argv[1], sys.argv[2]
    t0 = time.perf_counter()
    ds = load_dataset("json", data_files=src, split="train", cache_dir=f"{out}/hf-cache")
    n_in = len(ds)
    ds = ds.map(normalize_row, num_proc=2)
    seen: set[str] = set()
    keep_exact = []
    for key in ds["key"]:
        keep_exact.append(key not in seen)
        seen.add(key)
    ds = ds.select([i for i, k in enumerate(keep_exact) if k])
    n_exact = n_in - len(ds)
    lsh = MinHashLSH(threshold=0.9, num_perm=128)
    keep = []
    for i, (rid, content) in enumerate(zip(ds["id"], ds["content"])):
        m = MinHash(num_perm=128, seed=1)
        m.update_batch(list(shingles(content)))
        if lsh.query(m):
            continue
        lsh.insert(rid, m)
        keep.append(i)
    n_near = len(ds) - len(keep)
    ds = ds.select(keep)
    ds = ds.map(lambda r: {"split": split_of(r["id"])}, num_proc=2)
    counts = {}
    for split in ("train", "validation", "test"):
        part = ds.filter(lambda r: r["split"] == split, num_proc=2).remove_columns(["content", "key", "split"])
        part.to_json(f"{out}/{split}.jsonl", lines=True, force_ascii=False)
        counts[split] = len(part)
    print(json.dumps({"read": n_in, "exact_duplicates": n_exact, "near_duplicates": n_near, "removed": n_exact + n_near, **counts, "seconds": time.perf_counter() - t0}))


if __name__ == "__main__":
    main()
