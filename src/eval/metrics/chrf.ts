/**
 * chrF (Popović, 2015) and chrF++ (Popović, 2017) exactly as sacrebleu 2.x computes them with
 * `CHRF()` / `CHRF(word_order=2)`: character n-grams 1..6 of the text with all whitespace
 * removed, optionally word n-grams 1..wordOrder, case-sensitive, β = 2 (recall weighs 4× as much
 * as precision), and sacrebleu's default "effective order" averaging (orders that the hypothesis
 * or reference lacks are left out). test/metrics-parity.test.ts checks against sacrebleu.
 *
 * Scores are 0..100. Corpus chrF sums the n-gram statistics over the corpus before the
 * F-score; it is not a mean of sentence scores.
 */
import { IdCounts, NgramTable, Vocab, pyRemoveSpace, pySplit } from "./ngram-ids.js";

const CHAR_ORDER = 6;
const BETA = 2;

export interface ChrfOptions {
  /** Word n-gram order: 0 = chrF (default), 2 = chrF++. */
  wordOrder?: number;
}

// string.punctuation, which sacrebleu peels off the start or end of a word for chrF++.
const PUNCT = new Set("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~");

/** sacrebleu's `CHRF._remove_punctuation`: one leading or trailing ASCII punctuation mark split off. */
export function chrfWords(sent: string): string[] {
  const out: string[] = [];
  for (const w of pySplit(sent)) {
    // Python's len() counts code points: one astral character is a 1-character word.
    const single = w.length === 1 || (w.length === 2 && w.codePointAt(0)! > 0xffff);
    if (single) out.push(w);
    else if (PUNCT.has(w[w.length - 1]!)) out.push(w.slice(0, -1), w[w.length - 1]!);
    else if (PUNCT.has(w[0]!)) out.push(w[0]!, w.slice(1));
    else out.push(w);
  }
  return out;
}

function codePoints(s: string): number[] {
  const out: number[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s.codePointAt(i)!;
    if (c > 0xffff) i++;
    out.push(c);
  }
  return out;
}

/** sacrebleu's `CHRF._compute_f_score` (eps_smoothing off) over [hyp, ref, match] triples. */
function fScore(stats: ArrayLike<number>, order: number): number {
  const eps = 1e-16;
  const factor = BETA ** 2;
  let avgPrec = 0;
  let avgRec = 0;
  let effective = 0;
  for (let i = 0; i < order; i++) {
    const nHyp = stats[3 * i]!;
    const nRef = stats[3 * i + 1]!;
    const nMatch = stats[3 * i + 2]!;
    if (nHyp > 0 && nRef > 0) {
      avgPrec += nMatch / nHyp;
      avgRec += nMatch / nRef;
      effective++;
    }
  }
  if (effective === 0) return 0;
  avgPrec /= effective;
  avgRec /= effective;
  if (avgPrec + avgRec === 0) return 0;
  let score = (1 + factor) * avgPrec * avgRec;
  score /= factor * avgPrec + avgRec;
  return 100 * score;
}

class ChrfCounter {
  private readonly table = new NgramTable();
  private readonly vocab = new Vocab();
  private readonly refCounts = new IdCounts();
  private readonly hypCounts = new IdCounts();
  readonly order: number;

  constructor(private readonly wordOrder: number) {
    this.order = CHAR_ORDER + wordOrder;
  }

  /** N-gram ids per order: characters 1..6, then words 1..wordOrder. */
  private grams(text: string): Int32Array[] {
    // Code points are their own unit ids; word ids are offset past them so the two never meet.
    const out = this.table.ngrams(codePoints(pyRemoveSpace(text)), CHAR_ORDER);
    if (this.wordOrder > 0) {
      const words = this.vocab.ids(chrfWords(text)).map((id) => id + 0x110000);
      out.push(...this.table.ngrams(words, this.wordOrder));
    }
    return out;
  }

  /** [hyp, ref, match] per order against the reference with the best F-score (the first on a tie). */
  segment(hyp: string, refs: readonly string[]): number[] {
    this.table.reset();
    const h = this.grams(hyp);
    let best: number[] = [];
    let bestF = -1;
    for (const ref of refs) {
      const r = this.grams(ref);
      this.refCounts.ensure(this.table.size);
      this.hypCounts.ensure(this.table.size);
      const stats: number[] = [];
      for (let n = 0; n < this.order; n++) {
        const rn = r[n]!;
        const hn = h[n]!;
        this.refCounts.begin();
        for (const id of rn) this.refCounts.add(id);
        this.hypCounts.begin();
        let match = 0;
        for (const id of hn) if (this.hypCounts.add(id) <= this.refCounts.get(id)) match++;
        // sacrebleu counts no hypothesis n-grams for an order the reference lacks.
        stats.push(rn.length ? hn.length : 0, rn.length, match);
      }
      const f = fScore(stats, this.order);
      if (f > bestF) {
        bestF = f;
        best = stats;
      }
    }
    return best;
  }
}

/**
 * Corpus chrF (or chrF++ with `{ wordOrder: 2 }`), as `sacrebleu.corpus_chrf(hyps, refs)`.
 * `refs` has sacrebleu's layout, as in corpusBleu: reference streams, `refs[k][i]` the k-th
 * reference of hypothesis i; `null` = no k-th reference for that hypothesis.
 */
export function corpusChrf(
  hyps: readonly string[],
  refs: readonly (readonly (string | null)[])[],
  options: ChrfOptions = {},
): number {
  if (refs.length === 0) throw new RangeError("corpusChrf: no reference stream given");
  for (const [k, stream] of refs.entries()) {
    if (stream.length !== hyps.length) {
      throw new RangeError(`corpusChrf: reference stream ${k} has ${stream.length} lines for ${hyps.length} hypotheses`);
    }
  }
  const counter = new ChrfCounter(options.wordOrder ?? 0);
  const total = new Float64Array(3 * counter.order);
  for (let i = 0; i < hyps.length; i++) {
    const segRefs: string[] = [];
    for (const stream of refs) {
      const r = stream[i];
      if (r !== null && r !== undefined) segRefs.push(r);
    }
    if (segRefs.length === 0) throw new RangeError(`corpusChrf: hypothesis ${i} has no reference`);
    const s = counter.segment(hyps[i]!, segRefs);
    for (let j = 0; j < s.length; j++) total[j]! += s[j]!;
  }
  return fScore(total, counter.order);
}

/** Sentence chrF (or chrF++), as `sacrebleu.sentence_chrf(hyp, refs)`; `refs` are this hypothesis' references. */
export function sentenceChrf(hyp: string, refs: readonly string[], options: ChrfOptions = {}): number {
  if (refs.length === 0) throw new RangeError("sentenceChrf: no reference given");
  const counter = new ChrfCounter(options.wordOrder ?? 0);
  return fScore(counter.segment(hyp, refs), counter.order);
}
