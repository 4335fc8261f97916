/**
 * ROUGE-1, ROUGE-2, ROUGE-L and ROUGE-Lsum (Lin, 2004) exactly as Google's rouge-score 0.1.2
 * computes them with `RougeScorer(["rouge1", "rouge2", "rougeL", "rougeLsum"], use_stemmer=…)`.
 * test/metrics-parity.test.ts checks every pair against rouge-score itself.
 *
 * Know its tokenizer before trusting it on Spanish: it lower-cases and keeps only [a-z0-9] runs,
 * so "señor" becomes the two tokens "se" "or" and "¿Dónde?" becomes "d" "nde". We match that on
 * purpose (parity with published numbers); for Spanish text prefer chrF.
 */
import { Vocab } from "./ngram-ids.js";
import { porterStem } from "./porter.js";

export interface RougeScore {
  precision: number;
  recall: number;
  fmeasure: number;
}

export interface RougeScores {
  rouge1: RougeScore;
  rouge2: RougeScore;
  rougeL: RougeScore;
  /** Summary-level LCS: sentences are the lines of the text, matched by union LCS. */
  rougeLsum: RougeScore;
}

export interface RougeOptions {
  /** Porter-stem tokens longer than 3 characters (NLTK's stemmer), as `use_stemmer=True`. */
  stemmer?: boolean;
}

const NON_ALNUM = /[^a-z0-9]+/g;
const VALID = /^[a-z0-9]+$/;

/** rouge-score's default tokenizer. */
export function rougeTokens(text: string, stemmer = false): string[] {
  const out: string[] = [];
  for (const raw of text.toLowerCase().replace(NON_ALNUM, " ").split(" ")) {
    const t = stemmer && raw.length > 3 ? porterStem(raw) : raw;
    if (VALID.test(t)) out.push(t);
  }
  return out;
}

function fmeasure(precision: number, recall: number): number {
  return precision + recall > 0 ? (2 * precision * recall) / (precision + recall) : 0;
}

const ZERO: RougeScore = { precision: 0, recall: 0, fmeasure: 0 };

function scoreNgrams(target: Int32Array, pred: Int32Array, n: number, vocabSize: number): RougeScore {
  const tCount = Math.max(0, target.length - n + 1);
  const pCount = Math.max(0, pred.length - n + 1);
  let hits = 0;
  if (n === 1) {
    const counts = new Int32Array(vocabSize);
    for (const id of target) counts[id]!++;
    for (const id of pred) if (counts[id]! > 0) (counts[id]!--, hits++);
  } else {
    // Key of a bigram: a * V + b (exact: V² is far below 2^53).
    const counts = new Map<number, number>();
    for (let i = 0; i + 1 < target.length; i++) {
      const k = target[i]! * vocabSize + target[i + 1]!;
      counts.set(k, (counts.get(k) ?? 0) + 1);
    }
    for (let i = 0; i + 1 < pred.length; i++) {
      const k = pred[i]! * vocabSize + pred[i + 1]!;
      const c = counts.get(k);
      if (c) (counts.set(k, c - 1), hits++);
    }
  }
  const precision = hits / Math.max(pCount, 1);
  const recall = hits / Math.max(tCount, 1);
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/** Length of the longest common subsequence, in two rows. */
function lcsLength(a: Int32Array, b: Int32Array): number {
  let prev = new Int32Array(b.length + 1);
  let cur = new Int32Array(b.length + 1);
  for (let i = 0; i < a.length; i++) {
    const ai = a[i];
    for (let j = 1; j <= b.length; j++) {
      cur[j] = ai === b[j - 1] ? prev[j - 1]! + 1 : Math.max(prev[j]!, cur[j - 1]!);
    }
    [prev, cur] = [cur, prev];
  }
  return prev[b.length]!;
}

function scoreLcs(target: Int32Array, pred: Int32Array): RougeScore {
  if (!target.length || !pred.length) return ZERO;
  const lcs = lcsLength(target, pred);
  const precision = lcs / pred.length;
  const recall = lcs / target.length;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

/**
 * Indices into `ref` of one LCS with `can` — the very one rouge-score's `_backtrack_norec`
 * reads out (ties go up, i.e. drop a ref token), since the union below depends on which.
 */
function lcsIndices(ref: Int32Array, can: Int32Array, out: Set<number>): void {
  const cols = can.length + 1;
  const t = new Int32Array((ref.length + 1) * cols);
  for (let i = 1; i <= ref.length; i++) {
    const r = ref[i - 1];
    for (let j = 1; j <= can.length; j++) {
      t[i * cols + j] =
        r === can[j - 1] ? t[(i - 1) * cols + j - 1]! + 1 : Math.max(t[(i - 1) * cols + j]!, t[i * cols + j - 1]!);
    }
  }
  let i = ref.length;
  let j = can.length;
  while (i > 0 && j > 0) {
    if (ref[i - 1] === can[j - 1]) {
      out.add(i - 1);
      i--;
      j--;
    } else if (t[i * cols + j - 1]! > t[(i - 1) * cols + j]!) j--;
    else i--;
  }
}

/** rouge-score's `_summary_level_lcs`: union LCS per reference sentence, no token counted twice. */
function scoreLsum(refSents: Int32Array[], canSents: Int32Array[], vocabSize: number): RougeScore {
  if (!refSents.length || !canSents.length) return ZERO;
  let m = 0;
  let n = 0;
  const cntR = new Int32Array(vocabSize);
  const cntC = new Int32Array(vocabSize);
  for (const s of refSents) {
    m += s.length;
    for (const id of s) cntR[id]!++;
  }
  for (const s of canSents) {
    n += s.length;
    for (const id of s) cntC[id]!++;
  }
  if (!m || !n) return ZERO;
  let hits = 0;
  for (const r of refSents) {
    const union = new Set<number>();
    for (const c of canSents) lcsIndices(r, c, union);
    // Sorted like rouge-score's union; the order of consumption is what it sees.
    for (const idx of [...union].sort((a, b) => a - b)) {
      const tok = r[idx]!;
      if (cntC[tok]! > 0 && cntR[tok]! > 0) {
        hits++;
        cntC[tok]!--;
        cntR[tok]!--;
      }
    }
  }
  const recall = hits / m;
  const precision = hits / n;
  return { precision, recall, fmeasure: fmeasure(precision, recall) };
}

const lines = (text: string): string[] => text.split("\n").filter((s) => s.length > 0);

/**
 * ROUGE of one hypothesis against one reference, as rouge-score's
 * `scorer.score(target=reference, prediction=hypothesis)`: precision is over the hypothesis,
 * recall over the reference.
 */
export function rougeScores(hypothesis: string, reference: string, options: RougeOptions = {}): RougeScores {
  const stem = options.stemmer ?? false;
  const vocab = new Vocab();
  const target = vocab.ids(rougeTokens(reference, stem));
  const pred = vocab.ids(rougeTokens(hypothesis, stem));
  const refSents = lines(reference).map((s) => vocab.ids(rougeTokens(s, stem)));
  const canSents = lines(hypothesis).map((s) => vocab.ids(rougeTokens(s, stem)));
  const v = vocab.size;
  return {
    rouge1: scoreNgrams(target, pred, 1, v),
    rouge2: scoreNgrams(target, pred, 2, v),
    rougeL: scoreLcs(target, pred),
    rougeLsum: scoreLsum(refSents, canSents, v),
  };
}

/** The mean precision, recall and F of each ROUGE type over pairs (NaN for no pairs). */
export function meanRouge(scores: readonly RougeScores[]): RougeScores {
  const mean = (key: keyof RougeScores): RougeScore => {
    let p = 0;
    let r = 0;
    let f = 0;
    for (const s of scores) {
      p += s[key].precision;
      r += s[key].recall;
      f += s[key].fmeasure;
    }
    const k = scores.length;
    return { precision: p / k, recall: r / k, fmeasure: f / k };
  };
  return { rouge1: mean("rouge1"), rouge2: mean("rouge2"), rougeL: mean("rougeL"), rougeLsum: mean("rougeLsum") };
}
