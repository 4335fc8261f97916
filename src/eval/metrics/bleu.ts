/**
 * BLEU (Papineni et al., 2002) exactly as sacrebleu 2.x computes it with its defaults —
 * `BLEU()`: 13a tokenizer, case-sensitive, n-grams 1..4, "exp" smoothing (NIST), brevity
 * penalty against the closest reference length — and `sentence_bleu` (the same plus effective
 * order). test/metrics-parity.test.ts checks the numbers against sacrebleu itself.
 *
 * Scores are 0..100 like sacrebleu's. Corpus BLEU is not the mean of sentence BLEUs: n-gram
 * matches and lengths are summed over the corpus first.
 */
import { IdCounts, NgramTable, Vocab, pyRstrip, pySplit } from "./ngram-ids.js";

const MAX_ORDER = 4;

export interface BleuScore {
  /** 0..100 */
  score: number;
  /** n-gram precisions 1..4, in percent (after smoothing). */
  precisions: number[];
  /** Brevity penalty, 0..1. */
  bp: number;
  sys_len: number;
  ref_len: number;
  /** Clipped n-gram matches per order. */
  counts: number[];
  /** Hypothesis n-grams per order. */
  totals: number[];
}

// mteval-v13a's tokenisation as sacrebleu's TokenizerRegexp writes it. Spelled in hex: ASCII
// punctuation and symbols except ' , - . (those are handled, or kept, by the later rules).
// sacrebleu's class also holds the space, padding every space to three; we leave spaces alone —
// the later rules see a space before or after a mark either way, and runs of spaces collapse.
const SYMBOL = /([\x7b-\x7e\x5b-\x60\x21-\x26\x28-\x2b\x3a-\x40\x2f])/g;
const PERIOD_COMMA_AFTER_NON_DIGIT = /([^0-9])([.,])/g;
const PERIOD_COMMA_BEFORE_NON_DIGIT = /([.,])([^0-9])/g;
const DASH_AFTER_DIGIT = /([0-9])(-)/g;

/** sacrebleu's `13a` tokenizer, as a list of tokens. */
function tokens13a(line: string): string[] {
  let s = line;
  if (s.includes("<skipped>")) s = s.replaceAll("<skipped>", "");
  if (s.includes("\n")) s = s.replaceAll("-\n", "").replaceAll("\n", " ");
  if (s.includes("&")) {
    s = s.replaceAll("&quot;", '"').replaceAll("&amp;", "&").replaceAll("&lt;", "<").replaceAll("&gt;", ">");
  }
  s = ` ${s} `.replace(SYMBOL, " $1 ");
  if (s.includes(".") || s.includes(",")) {
    s = s.replace(PERIOD_COMMA_AFTER_NON_DIGIT, "$1 $2 ").replace(PERIOD_COMMA_BEFORE_NON_DIGIT, " $1 $2");
  }
  if (s.includes("-")) s = s.replace(DASH_AFTER_DIGIT, "$1 $2 ");
  return pySplit(s);
}

/** sacrebleu's `13a` tokenizer: the tokens of a line, joined by single spaces. */
export function tokenize13a(line: string): string {
  return tokens13a(line).join(" ");
}

// sacrebleu right-strips every segment before tokenising it.
const tokens = (line: string): string[] => tokens13a(pyRstrip(line));

/** sacrebleu's `_get_closest_ref_len`: the closest length, the shorter one on a tie. */
function closestRefLen(hypLen: number, refLens: readonly number[]): number {
  let bestDiff = -1;
  let best = -1;
  for (const r of refLens) {
    const d = Math.abs(hypLen - r);
    if (bestDiff === -1 || d < bestDiff) {
      bestDiff = d;
      best = r;
    } else if (d === bestDiff && r < best) best = r;
  }
  return best;
}

// sacrebleu's my_log: log(0) is floored so that a zero precision drives the score to 0.
const myLog = (x: number): number => (x === 0 ? -9999999999 : Math.log(x));

/** sacrebleu's `BLEU.compute_bleu` with smooth_method="exp". */
function computeBleu(
  correct: number[],
  total: number[],
  sysLen: number,
  refLen: number,
  effectiveOrder: boolean,
): BleuScore {
  let bp = 1;
  if (sysLen < refLen) bp = sysLen > 0 ? Math.exp(1 - refLen / sysLen) : 0;
  const precisions = new Array<number>(MAX_ORDER).fill(0);
  const result = { precisions, bp, sys_len: sysLen, ref_len: refLen, counts: correct, totals: total };
  if (!correct.some((c) => c !== 0)) return { score: 0, ...result };

  let smooth = 1;
  let effOrder = MAX_ORDER;
  for (let n = 1; n <= MAX_ORDER; n++) {
    const t = total[n - 1]!;
    const c = correct[n - 1]!;
    if (t === 0) break;
    if (effectiveOrder) effOrder = n;
    if (c === 0) {
      smooth *= 2;
      precisions[n - 1] = 100 / (smooth * t);
    } else precisions[n - 1] = (100 * c) / t;
  }
  let logSum = 0;
  for (let i = 0; i < effOrder; i++) logSum += myLog(precisions[i]!);
  return { score: bp * Math.exp(logSum / effOrder), ...result };
}

/** Sums of per-segment statistics: [hyp_len, ref_len, correct 1..4, total 1..4]. */
function corpusStats(hyps: readonly string[], refSets: readonly (readonly (string | null)[])[]): number[] {
  const vocab = new Vocab();
  const table = new NgramTable();
  const refMax = new IdCounts();
  const tmp = new IdCounts();
  const stats = new Array<number>(2 + 2 * MAX_ORDER).fill(0);
  const grams = (toks: string[]): Int32Array[] => table.ngrams(vocab.ids(toks), MAX_ORDER);

  for (let seg = 0; seg < hyps.length; seg++) {
    // Reference n-gram counts: per n-gram, the largest count in any one reference.
    table.reset();
    refMax.begin();
    const refLens: number[] = [];
    for (const set of refSets) {
      const ref = set[seg];
      if (ref === null || ref === undefined) continue;
      const toks = tokens(ref);
      refLens.push(toks.length);
      const g = grams(toks);
      tmp.ensure(table.size);
      refMax.ensure(table.size);
      tmp.begin();
      for (const order of g) {
        for (const id of order) {
          const c = tmp.add(id);
          if (c > refMax.get(id)) refMax.set(id, c);
        }
      }
    }

    const htoks = tokens(hyps[seg]!);
    const g = grams(htoks);
    tmp.ensure(table.size);
    refMax.ensure(table.size);
    tmp.begin();
    stats[0]! += htoks.length;
    stats[1]! += closestRefLen(htoks.length, refLens);
    for (let n = 0; n < MAX_ORDER; n++) {
      const order = g[n]!;
      stats[2 + MAX_ORDER + n]! += order.length;
      // Clipped matches: min(count in hyp, max count in a ref), added as the hyp count grows.
      let correct = 0;
      for (const id of order) if (tmp.add(id) <= refMax.get(id)) correct++;
      stats[2 + n]! += correct;
    }
  }
  return stats;
}

function fromStats(stats: number[], effectiveOrder: boolean): BleuScore {
  return computeBleu(
    stats.slice(2, 2 + MAX_ORDER),
    stats.slice(2 + MAX_ORDER),
    stats[0]!,
    stats[1]!,
    effectiveOrder,
  );
}

/**
 * Corpus BLEU, as `sacrebleu.corpus_bleu(hyps, refs)` / `BLEU().corpus_score(hyps, refs)`.
 *
 * `refs` has sacrebleu's layout: a list of reference *streams*, one per reference set, each
 * aligned with `hyps` — `refs[k][i]` is the k-th reference of hypothesis i. One reference per
 * hypothesis is `[refsList]`, not `refsList.map((r) => [r])`. A `null` entry means "this
 * hypothesis has no k-th reference" (a variable number of references).
 */
export function corpusBleu(hyps: readonly string[], refs: readonly (readonly (string | null)[])[]): BleuScore {
  if (refs.length === 0) throw new RangeError("corpusBleu: no reference stream given");
  for (const [k, stream] of refs.entries()) {
    if (stream.length !== hyps.length) {
      throw new RangeError(`corpusBleu: reference stream ${k} has ${stream.length} lines for ${hyps.length} hypotheses`);
    }
  }
  return fromStats(corpusStats(hyps, refs), false);
}

/**
 * Sentence BLEU, as `sacrebleu.sentence_bleu(hyp, refs)`: effective order on (orders with no
 * hypothesis n-gram are left out) and exp smoothing. `refs` are this hypothesis' references.
 */
export function sentenceBleu(hyp: string, refs: readonly string[]): BleuScore {
  if (refs.length === 0) throw new RangeError("sentenceBleu: no reference given");
  return fromStats(
    corpusStats(
      [hyp],
      refs.map((r) => [r]),
    ),
    true,
  );
}
