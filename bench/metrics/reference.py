"""The Python references our TypeScript metrics must agree with: sacrebleu and rouge-score.

  .venv/bin/python bench/metrics/reference.py parity IN.json OUT.json   # every number, for test/metrics-parity.test.ts
  .venv/bin/python bench/metrics/reference.py bench IN.json OUT.json    # timings, for bench/metrics/run.ts

IN.json (written by the TypeScript side): {"pairs": [[hyp, ref], ...], "multi": {"hyps": [...],
"refs": [[...], [...]]}, "words": [...], "repeats": N}. Floats are written with repr (exact).
"""
import json
import sys
import time
from importlib.metadata import version

import sacrebleu
from nltk.stem.porter import PorterStemmer
from rouge_score import rouge_scorer
from sacrebleu.metrics import BLEU, CHRF

ROUGE_TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"]


def versions():
    return {p: version(p) for p in ("sacrebleu", "rouge-score", "nltk")} | {"python": sys.version.split()[0]}


def bleu_dict(s):
    return {"score": s.score, "precisions": s.precisions, "bp": s.bp, "sys_len": s.sys_len, "ref_len": s.ref_len,
            "counts": s.counts, "totals": s.totals}


def rouge_rows(scorer, pairs):
    rows = []
    for hyp, ref in pairs:
        s = scorer.score(ref, hyp)  # rouge-score takes (target, prediction)
        rows.append([[s[t].precision, s[t].recall, s[t].fmeasure] for t in ROUGE_TYPES])
    return rows


def parity(inp):
    pairs = inp["pairs"]
    hyps = [h for h, _ in pairs]
    refs = [[r for _, r in pairs]]
    multi = inp["multi"]
    multi_rows = [[r for r in refs_i if r is not None] for refs_i in zip(*multi["refs"])]
    stemmer = PorterStemmer()
    return {
        "versions": versions(),
        "corpus": {
            "bleu": bleu_dict(sacrebleu.corpus_bleu(hyps, refs)),
            "chrf": sacrebleu.corpus_chrf(hyps, refs).score,
            "chrfpp": sacrebleu.corpus_chrf(hyps, refs, word_order=2).score,
            "multi_bleu": bleu_dict(sacrebleu.corpus_bleu(multi["hyps"], multi["refs"])),
            "multi_chrf": sacrebleu.corpus_chrf(multi["hyps"], multi["refs"]).score,
            "multi_chrfpp": sacrebleu.corpus_chrf(multi["hyps"], multi["refs"], word_order=2).score,
        },
        "sentence": {
            "bleu": [bleu_dict(sacrebleu.sentence_bleu(h, [r])) for h, r in pairs],
            "chrf": [sacrebleu.sentence_chrf(h, [r]).score for h, r in pairs],
            "chrfpp": [sacrebleu.sentence_chrf(h, [r], word_order=2).score for h, r in pairs],
            "multi_bleu": [sacrebleu.sentence_bleu(h, rs).score for h, rs in zip(multi["hyps"], multi_rows)],
            "multi_chrf": [sacrebleu.sentence_chrf(h, rs).score for h, rs in zip(multi["hyps"], multi_rows)],
        },
        "rouge": {
            "plain": rouge_rows(rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=False), pairs),
            "stem": rouge_rows(rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=True), pairs),
        },
        "stems": [stemmer.stem(w) for w in inp["words"]],
    }


def timed(fn, repeats):
    seconds = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        fn()
        seconds.append(time.perf_counter() - t0)
    return seconds


def bench(inp):
    pairs = inp["pairs"]
    hyps = [h for h, _ in pairs]
    refs = [[r for _, r in pairs]]
    repeats = inp["repeats"]

    # A fresh metric object per repeat: sacrebleu's tokenizer memoises per instance (lru_cache on
    # the method, keyed by self), so reusing one would time cache hits from the previous repeat.
    def rouge(stem):
        def run():
            scorer = rouge_scorer.RougeScorer(ROUGE_TYPES, use_stemmer=stem)
            for h, r in pairs:
                scorer.score(r, h)
        return run

    return {
        "versions": versions(),
        "seconds": {
            "bleu": timed(lambda: BLEU().corpus_score(hyps, refs), repeats),
            "chrf": timed(lambda: CHRF().corpus_score(hyps, refs), repeats),
            "chrfpp": timed(lambda: CHRF(word_order=2).corpus_score(hyps, refs), repeats),
            "rouge": timed(rouge(False), repeats),
            "rouge_stem": timed(rouge(True), repeats),
        },
    }


def main():
    mode, src, dst = sys.argv[1:4]
    with open(src, encoding="utf-8") as f:
        inp = json.load(f)
    out = parity(inp) if mode == "parity" else bench(inp)
    with open(dst, "w", encoding="utf-8") as f:
        json.dump(out, f, ensure_ascii=False)


if __name__ == "__main__":
    main()
