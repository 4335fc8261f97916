// node --import tsx bench/data-prepare/run.ts [--sizes 100000,1000000] [--no-baseline]    (what `make bench-data` runs)
//
// Records/s and MB/s of normalize + exact/near dedup + split on generated chat JSONL, ours (the real
// data stage, `prepareDataset`) vs Hugging Face `datasets` + `datasketch` doing the same work
// (baseline.py, in its own venv .venv-bench), in the same run, each under /usr/bin/time for peak RSS.
// Writes bench/results/data-prepare-<date>.json and the data-prepare section of BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { cpus, totalmem } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { generate } from "./generate.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const HERE = join(ROOT, "bench", "data-prepare");
const WORK = join(ROOT, "bench", "results", "data-prepare-work");
const BENCH_VENV = join(ROOT, ".venv-bench");
const START = "<!-- data-prepare:start -->";
// What the numbers mean (checked against the last full run; re-read it when the figures move).
const NOTES = `
Memory: ours holds no records, only the dedup index (typed arrays, ~270 bytes per kept record: 184 → 416 MiB from 100k to 1M,
the input growing 10×); the baseline's Arrow tables, Python sets and MinHashLSH grow with the data (528 → 3,059 MiB).
Duplicates: ours verifies every LSH band collision against the threshold on an 8-bit MinHash sketch; datasketch's \`MinHashLSH\`
takes any band collision as a duplicate, so it can also remove pairs somewhat below Jaccard 0.9 — the likely reason for its ~6% more removals (not yet checked pair by pair).
`;
const END = "<!-- data-prepare:end -->";

interface Measured { impl: string; records: number; mb: number; seconds: number; records_per_s: number; mb_per_s: number; peak_rss_mib: number; removed: number; train: number; validation: number; test: number }

function args(): { sizes: number[]; baseline: boolean } {
  const a = process.argv.slice(2);
  let sizes = [100_000, 1_000_000];
  let baseline = true;
  for (let i = 0; i < a.length; i++) {
    if (a[i] === "--sizes") sizes = a[++i]!.split(",").map(Number);
    else if (a[i] === "--no-baseline") baseline = false;
    else throw new Error(`unknown argument ${a[i]}`);
  }
  return { sizes, baseline };
}

function ensureBaselineVenv(): string {
  const py = join(BENCH_VENV, "bin", "python");
  if (!existsSync(py)) spawnSync("python3", ["-m", "venv", BENCH_VENV], { stdio: "inherit" });
  const ok = spawnSync(py, ["-c", "import datasets, datasketch"], { encoding: "utf8" });
  if (ok.status !== 0) {
    const p = spawnSync(py, ["-m", "pip", "install", "--quiet", "--disable-pip-version-check", "-r", join(HERE, "requirements.txt")], { stdio: "inherit" });
    if (p.status !== 0) throw new Error("could not install the baseline's requirements into .venv-bench");
  }
  return py;
}

function timed(impl: string, cmd: string[], records: number, bytes: number): Measured {
  const rss = join(WORK, `${impl}.rss`);
  process.stderr.write(`bench: ${impl} on ${records.toLocaleString("en")} records…\n`);
  const t0 = performance.now();
  const p = spawnSync("/usr/bin/time", ["-f", "%M", "-o", rss, ...cmd], { cwd: ROOT, encoding: "utf8", maxBuffer: 64 << 20, env: { ...process.env, OMP_NUM_THREADS: "2" } });
  const wall = (performance.now() - t0) / 1000;
  if (p.status !== 0) throw new Error(`${impl} failed:\n${p.stderr.slice(-3000)}`);
  const out = JSON.parse(p.stdout.trim().split("\n").pop()!) as Record<string, number>;
  const mb = bytes / 1e6;
  return {
    impl,
    records,
    mb,
    seconds: wall,
    records_per_s: records / wall,
    mb_per_s: mb / wall,
    peak_rss_mib: Number(readFileSync(rss, "utf8").trim().split("\n").pop()) / 1024,
    removed: out.removed!,
    train: out.train!,
    validation: out.validation!,
    test: out.test!,
  };
}

const { sizes, baseline } = args();
mkdirSync(WORK, { recursive: true });
const py = baseline ? ensureBaselineVenv() : null;
const results: Measured[] = [];
for (const n of sizes) {
  const input = join(WORK, `chat-${n}.jsonl`);
  if (!existsSync(input)) await generate(input, n);
  const bytes = statSync(input).size;
  const outOurs = join(WORK, `ours-${n}`);
  rmSync(outOurs, { recursive: true, force: true });
  results.push(timed(`scriptorium`, ["node", "--import", "tsx", join(HERE, "ours.ts"), input, outOurs], n, bytes));
  if (py) {
    const outBase = join(WORK, `baseline-${n}`);
    rmSync(outBase, { recursive: true, force: true });
    mkdirSync(outBase, { recursive: true });
    results.push(timed(`hf-datasets`, [py, join(HERE, "baseline.py"), input, outBase], n, bytes));
    rmSync(outBase, { recursive: true, force: true });
  }
  rmSync(outOurs, { recursive: true, force: true });
}

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus().length} × ${cpus()[0]?.model ?? "CPU"}, ${(totalmem() / 2 ** 30).toFixed(0)} GiB, Node ${process.version}`;
writeFileSync(join(ROOT, "bench", "results", `data-prepare-${date}.json`), JSON.stringify({ date, machine, results }, null, 2) + "\n");

const fmt = (x: number, d = 0) => x.toLocaleString("en", { maximumFractionDigits: d, minimumFractionDigits: d });
const rows = results.map((r) => `| ${r.impl} | ${fmt(r.records)} | ${fmt(r.mb, 0)} | ${fmt(r.seconds, 1)} | ${fmt(r.records_per_s)} | ${fmt(r.mb_per_s, 2)} | ${fmt(r.peak_rss_mib)} | ${fmt(r.removed)} | ${fmt(r.train)} / ${fmt(r.validation)} / ${fmt(r.test)} |`);
const speedups = sizes
  .map((n) => {
    const a = results.find((r) => r.impl === "scriptorium" && r.records === n);
    const b = results.find((r) => r.impl === "hf-datasets" && r.records === n);
    return a && b ? `${fmt(n)} records: ${(a.records_per_s / b.records_per_s).toFixed(2)}× the baseline's records/s, ${(a.peak_rss_mib / b.peak_rss_mib).toFixed(2)}× its peak RSS` : null;
  })
  .filter(Boolean);
const section = `${START}
## Data preparation (\`make bench-data\`)

${date}, ${machine}. Generated chat JSONL (~40-word turns, 4% exact and 4% near duplicates, some HTML and zero-width noise).
Work: normalize (NFC, control/zero-width, HTML, whitespace) → exact dedup → near dedup (MinHash 128 permutations, word 3-grams, LSH at Jaccard 0.9) → hash split 80/10/10 → JSONL.
Ours: the real data stage (\`prepareDataset\`, streaming, no tokenizer). Baseline: Hugging Face \`datasets\` 5.2 (\`map\` with 2 processes) + \`datasketch\` 2.0 \`MinHashLSH\` ([baseline.py](bench/data-prepare/baseline.py)). Wall time includes start-up; peak RSS from /usr/bin/time.

| impl | records | MB | s | records/s | MB/s | peak RSS MiB | duplicates removed | train / val / test |
|---|---:|---:|---:|---:|---:|---:|---:|---:|
${rows.join("\n")}

${speedups.map((s) => `- ${s}`).join("\n")}
${NOTES}${END}`;
const bm = join(ROOT, "BENCHMARKS.md");
const text = readFileSync(bm, "utf8");
writeFileSync(bm, text.includes(START) ? text.slice(0, text.indexOf(START)) + section + text.slice(text.indexOf(END) + END.length) : `${text.trimEnd()}\n\n${section}\n`);
process.stderr.write(`${section}\n`);
