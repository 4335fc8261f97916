// node --import tsx bench/metrics/run.ts [--pairs 10000] [--repeats 5]   (make bench-metrics)
//
// Throughput of our corpus BLEU, chrF, chrF++ and ROUGE-1/2/L/Lsum (stemmer off and on) against
// sacrebleu and rouge-score on the same seeded pairs (bench/metrics/pairs.ts). Each side is timed
// inside its own process around the scoring calls only (no interpreter start, no file reading);
// every repeat starts from fresh metric objects. Reports the median of the repeats.
// Writes bench/results/metrics-<date>.json and the metrics section of BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { corpusBleu } from "../../src/eval/metrics/bleu.js";
import { corpusChrf } from "../../src/eval/metrics/chrf.js";
import { clearPorterCache } from "../../src/eval/metrics/porter.js";
import { rougeScores } from "../../src/eval/metrics/rouge.js";
import { metricPairs } from "./pairs.js";

const ROOT = process.cwd();
const START = "<!-- metrics:start -->";
const END = "<!-- metrics:end -->";

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}
const nPairs = arg("pairs", 10_000);
const repeats = arg("repeats", 5);

const pairs = metricPairs(nPairs);
const hyps = pairs.map((p) => p.hyp);
const refs = [pairs.map((p) => p.ref)];

const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};

function timed(fn: () => void): number[] {
  const out: number[] = [];
  for (let r = 0; r < repeats; r++) {
    clearPorterCache(); // the stem memo would otherwise carry over from the previous repeat
    const t0 = performance.now();
    fn();
    out.push((performance.now() - t0) / 1000);
  }
  return out;
}

const rouge = (stemmer: boolean) => () => {
  for (const p of pairs) rougeScores(p.hyp, p.ref, { stemmer });
};

const load = loadavg()[0]!;
const ours: Record<string, number[]> = {
  bleu: timed(() => corpusBleu(hyps, refs)),
  chrf: timed(() => corpusChrf(hyps, refs)),
  chrfpp: timed(() => corpusChrf(hyps, refs, { wordOrder: 2 })),
  rouge: timed(rouge(false)),
  rouge_stem: timed(rouge(true)),
};

const dir = mkdtempSync(join(tmpdir(), "bench-metrics-"));
let reference: { versions: Record<string, string>; seconds: Record<string, number[]> };
try {
  writeFileSync(join(dir, "in.json"), JSON.stringify({ pairs: pairs.map((p) => [p.hyp, p.ref]), repeats }));
  const r = spawnSync(
    join(ROOT, ".venv/bin/python"),
    ["bench/metrics/reference.py", "bench", join(dir, "in.json"), join(dir, "out.json")],
    { encoding: "utf8", stdio: ["ignore", "inherit", "pipe"] },
  );
  if (r.status !== 0) throw new Error(`reference.py failed (run make setup):\n${r.stderr}`);
  reference = JSON.parse(readFileSync(join(dir, "out.json"), "utf8")) as typeof reference;
} finally {
  rmSync(dir, { recursive: true, force: true });
}

const LABELS: Record<string, [string, string]> = {
  bleu: ["corpus BLEU", "sacrebleu `BLEU().corpus_score`"],
  chrf: ["corpus chrF", "sacrebleu `CHRF().corpus_score`"],
  chrfpp: ["corpus chrF++", "sacrebleu `CHRF(word_order=2).corpus_score`"],
  rouge: ["ROUGE-1/2/L/Lsum", "rouge-score `RougeScorer(…, use_stemmer=False)`"],
  rouge_stem: ["ROUGE-1/2/L/Lsum, stemmed", "rouge-score `RougeScorer(…, use_stemmer=True)`"],
};
const rows = Object.keys(LABELS).map((k) => {
  const o = median(ours[k]!);
  const p = median(reference.seconds[k]!);
  return { metric: k, ours_s: ours[k]!, reference_s: reference.seconds[k]!, ours_pairs_per_s: nPairs / o, reference_pairs_per_s: nPairs / p, speedup: p / o };
});

const date = new Date().toISOString().slice(0, 10);
const cpu = cpus();
const machine = `${cpu[0]?.model.trim() ?? "CPU"}, ${cpu.length} cores, Node ${process.version}, Python ${reference.versions.python}`;
const versions = `sacrebleu ${reference.versions.sacrebleu}, rouge-score ${reference.versions["rouge-score"]}, nltk ${reference.versions.nltk}`;
const resultFile = `bench/results/metrics-${date}.json`;
writeFileSync(
  join(ROOT, resultFile),
  JSON.stringify({ date, machine, versions: reference.versions, pairs: nPairs, repeats, load_at_start: load, rows }, null, 2) + "\n",
);

const fmt = (x: number): string => Math.round(x).toLocaleString("en-US");
const table = rows
  .map((r) => `| ${LABELS[r.metric]![0]} | ${fmt(r.ours_pairs_per_s)} | ${LABELS[r.metric]![1]} | ${fmt(r.reference_pairs_per_s)} | ${r.speedup.toFixed(1)}× |`)
  .join("\n");
const section = `${START}
## Metrics (\`make bench-metrics\`)

Our TypeScript BLEU, chrF and ROUGE against the Python references they reproduce number for number
(test/metrics-parity.test.ts). ${date}, ${machine}; ${versions}; load average ${load.toFixed(1)} at the start
(the machine is shared). ${fmt(nPairs)} seeded English/Spanish pairs from the sample world (bench/metrics/pairs.ts),
median of ${repeats} repeats, each side timed in-process around the scoring calls only. Raw: \`${resultFile}\`.

| metric | ours pairs/s | reference | reference pairs/s | speed-up |
|---|---:|---|---:|---:|
${table}
${END}`;

const bm = join(ROOT, "BENCHMARKS.md");
const text = readFileSync(bm, "utf8");
writeFileSync(
  bm,
  text.includes(START)
    ? text.slice(0, text.indexOf(START)) + section + text.slice(text.indexOf(END) + END.length)
    : `${text.trimEnd()}\n\n${section}\n`,
);
console.log(table);
