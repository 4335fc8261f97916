// Our BLEU, chrF/chrF++, ROUGE and Porter stemmer against the Python references themselves
// (sacrebleu, rouge-score, NLTK), on 1,500 seeded pairs of world text in English and Spanish.
// Needs the project venv with engine/requirements.lock installed (`make setup`).
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { metricPairs, stemmerWords, type Pair } from "../bench/metrics/pairs.js";
import { corpusBleu, sentenceBleu, type BleuScore } from "../src/eval/metrics/bleu.js";
import { corpusChrf, sentenceChrf } from "../src/eval/metrics/chrf.js";
import { porterStem } from "../src/eval/metrics/porter.js";
import { rougeScores, type RougeScores } from "../src/eval/metrics/rouge.js";

const N_PAIRS = 1500;
const PY = ".venv/bin/python";
const ROUGE_TYPES = ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const;

interface PyBleu {
  score: number;
  precisions: number[];
  bp: number;
  sys_len: number;
  ref_len: number;
  counts: number[];
  totals: number[];
}
interface Reference {
  versions: Record<string, string>;
  corpus: {
    bleu: PyBleu;
    chrf: number;
    chrfpp: number;
    multi_bleu: PyBleu;
    multi_chrf: number;
    multi_chrfpp: number;
  };
  sentence: { bleu: PyBleu[]; chrf: number[]; chrfpp: number[]; multi_bleu: number[]; multi_chrf: number[] };
  rouge: { plain: number[][][]; stem: number[][][] };
  stems: string[];
}

let pairs: Pair[];
let multi: { hyps: string[]; refs: (string | null)[][] };
let words: string[];
let ref: Reference;

before(() => {
  pairs = metricPairs(N_PAIRS);
  // Two reference streams for 300 hypotheses: the second sometimes absent (null), sometimes a
  // cut-down first reference (so picking the closest length / best F matters), sometimes another text.
  const m = pairs.slice(0, 300);
  multi = {
    hyps: m.map((p) => p.hyp),
    refs: [
      m.map((p) => p.ref),
      m.map((p, i) => (i % 5 === 0 ? null : i % 2 ? p.ref.split(" ").slice(1).join(" ") : pairs[i + 500]!.ref)),
    ],
  };
  words = stemmerWords(pairs);
  assert.ok(existsSync(PY), `${PY} is missing: run \`make setup\` (the references come from engine/requirements.lock)`);
  const dir = mkdtempSync(join(tmpdir(), "metrics-parity-"));
  try {
    const inp = join(dir, "in.json");
    const out = join(dir, "out.json");
    writeFileSync(inp, JSON.stringify({ pairs: pairs.map((p) => [p.hyp, p.ref]), multi, words }));
    const r = spawnSync(PY, ["bench/metrics/reference.py", "parity", inp, out], { encoding: "utf8" });
    assert.equal(r.status, 0, `reference.py failed (is sacrebleu/rouge-score installed in .venv?):\n${r.stderr}`);
    ref = JSON.parse(readFileSync(out, "utf8")) as Reference;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

/** Counts disagreements and the largest absolute difference of one metric. */
class Tally {
  mismatches: string[] = [];
  maxAbs = 0;
  checked = 0;
  constructor(
    readonly name: string,
    private readonly ok: (ours: number, theirs: number) => boolean,
  ) {}
  check(where: string, ours: number, theirs: number): void {
    this.checked++;
    const d = Math.abs(ours - theirs);
    if (d > this.maxAbs || Number.isNaN(d)) this.maxAbs = Number.isNaN(d) ? Infinity : d;
    if (!this.ok(ours, theirs)) this.mismatches.push(`${where}: ours ${ours} vs reference ${theirs}`);
  }
  assert(): void {
    console.log(`${this.name}: ${this.checked} values, ${this.mismatches.length} mismatches, max |diff| ${this.maxAbs}`);
    assert.equal(
      this.mismatches.length,
      0,
      `${this.name}: ${this.mismatches.length} of ${this.checked} values disagree with the reference ` +
        `(max |diff| ${this.maxAbs}); first: \n${this.mismatches.slice(0, 8).join("\n")}`,
    );
  }
}

const perPair = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-9;
const corpusLevel = (a: number, b: number): boolean => Math.abs(a - b) <= 1e-6 || Math.abs(a - b) <= 1e-9 * Math.abs(b);
const exact = (a: number, b: number): boolean => a === b;

function checkBleu(t: Tally, counts: Tally, where: string, ours: BleuScore, theirs: PyBleu): void {
  t.check(`${where} score`, ours.score, theirs.score);
  t.check(`${where} bp`, ours.bp, theirs.bp);
  ours.precisions.forEach((p, i) => t.check(`${where} p${i + 1}`, p, theirs.precisions[i]!));
  counts.check(`${where} sys_len`, ours.sys_len, theirs.sys_len);
  counts.check(`${where} ref_len`, ours.ref_len, theirs.ref_len);
  ours.counts.forEach((c, i) => counts.check(`${where} counts[${i}]`, c, theirs.counts[i]!));
  ours.totals.forEach((c, i) => counts.check(`${where} totals[${i}]`, c, theirs.totals[i]!));
}

test(`corpus BLEU, chrF and chrF++ match sacrebleu ${"(1 and 2 reference streams)"}`, () => {
  const t = new Tally("corpus bleu/chrf", corpusLevel);
  const counts = new Tally("corpus bleu statistics", exact);
  const refs = [pairs.map((p) => p.ref)];
  const hyps = pairs.map((p) => p.hyp);
  checkBleu(t, counts, "corpus", corpusBleu(hyps, refs), ref.corpus.bleu);
  checkBleu(t, counts, "multi", corpusBleu(multi.hyps, multi.refs), ref.corpus.multi_bleu);
  t.check("chrF", corpusChrf(hyps, refs), ref.corpus.chrf);
  t.check("chrF++", corpusChrf(hyps, refs, { wordOrder: 2 }), ref.corpus.chrfpp);
  t.check("multi chrF", corpusChrf(multi.hyps, multi.refs), ref.corpus.multi_chrf);
  t.check("multi chrF++", corpusChrf(multi.hyps, multi.refs, { wordOrder: 2 }), ref.corpus.multi_chrfpp);
  // The scores must spread (a parity test on all-zero scores would prove little).
  assert.ok(ref.corpus.bleu.score > 5 && ref.corpus.bleu.score < 95, `corpus BLEU ${ref.corpus.bleu.score}`);
  t.assert();
  counts.assert();
});

test(`sentence BLEU matches sacrebleu.sentence_bleu on every pair`, () => {
  const t = new Tally("sentence bleu", perPair);
  const counts = new Tally("sentence bleu statistics", exact);
  pairs.forEach((p, i) => checkBleu(t, counts, `pair ${i}`, sentenceBleu(p.hyp, [p.ref]), ref.sentence.bleu[i]!));
  multi.hyps.forEach((h, i) => {
    const rs = multi.refs.map((s) => s[i]).filter((r): r is string => r !== null && r !== undefined);
    t.check(`multi ${i}`, sentenceBleu(h, rs).score, ref.sentence.multi_bleu[i]!);
  });
  const scores = ref.sentence.bleu.map((b) => b.score);
  const spread = [scores.filter((s) => s === 0).length, scores.filter((s) => s > 99.999).length, scores.filter((s) => s > 20 && s < 80).length];
  assert.ok(spread.every((c) => c > 20), `sentence BLEU spread (zero, ~100, 20..80): ${spread.join(", ")}`);
  t.assert();
  counts.assert();
});

test(`sentence chrF and chrF++ match sacrebleu.sentence_chrf on every pair`, () => {
  const chrf = new Tally("sentence chrF", perPair);
  const chrfpp = new Tally("sentence chrF++", perPair);
  pairs.forEach((p, i) => {
    chrf.check(`pair ${i}`, sentenceChrf(p.hyp, [p.ref]), ref.sentence.chrf[i]!);
    chrfpp.check(`pair ${i}`, sentenceChrf(p.hyp, [p.ref], { wordOrder: 2 }), ref.sentence.chrfpp[i]!);
  });
  multi.hyps.forEach((h, i) => {
    const rs = multi.refs.map((s) => s[i]).filter((r): r is string => r !== null && r !== undefined);
    chrf.check(`multi ${i}`, sentenceChrf(h, rs), ref.sentence.multi_chrf[i]!);
  });
  chrf.assert();
  chrfpp.assert();
});

for (const stemmer of [false, true]) {
  test(`ROUGE-1/2/L/Lsum match rouge-score on every pair (use_stemmer=${stemmer ? "True" : "False"})`, () => {
    const rows = stemmer ? ref.rouge.stem : ref.rouge.plain;
    const tallies = ROUGE_TYPES.map((k) => new Tally(`${k}${stemmer ? " stemmed" : ""}`, perPair));
    pairs.forEach((p, i) => {
      const ours: RougeScores = rougeScores(p.hyp, p.ref, { stemmer });
      ROUGE_TYPES.forEach((k, j) => {
        const [pr, rc, f] = rows[i]![j]!;
        tallies[j]!.check(`pair ${i} P`, ours[k].precision, pr!);
        tallies[j]!.check(`pair ${i} R`, ours[k].recall, rc!);
        tallies[j]!.check(`pair ${i} F`, ours[k].fmeasure, f!);
      });
    });
    for (const t of tallies) t.assert();
  });
}

test("Porter stemmer matches NLTK's PorterStemmer() word for word", () => {
  const mismatches = words.map((w, i) => [w, porterStem(w), ref.stems[i]] as const).filter(([, a, b]) => a !== b);
  console.log(`porter: ${words.length} words, ${mismatches.length} mismatches`);
  assert.ok(words.length > 1000, `only ${words.length} words`);
  assert.deepEqual(mismatches.slice(0, 20), [], `${mismatches.length} of ${words.length} stems differ`);
});
