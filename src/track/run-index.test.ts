import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type Database from "better-sqlite3";
import { indexDbPath } from "../paths.js";
import {
  closeIndexDbs,
  evalMetrics,
  INDEX_SCHEMA_VERSION,
  indexScalars,
  lastMetrics,
  listIndexed,
  metricSeries,
  migrateModule,
  openIndexDb,
  reindex,
  removeIndexed,
} from "./run-index.js";
import { createRun, removeRun, type RunDir, type RunManifest } from "./run-store.js";

const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof Database;

function freshRoot(): string {
  closeIndexDbs();
  const root = mkdtempSync(join(tmpdir(), "run-index-"));
  process.env.SCRIPTORIUM_RUNS = root;
  return root;
}
afterEach(() => {
  closeIndexDbs();
  delete process.env.SCRIPTORIUM_RUNS;
});

/** Captures what the index writes to stderr (its warnings) while `f` runs. */
function stderrOf(f: () => void): string {
  const write = process.stderr.write.bind(process.stderr);
  let out = "";
  process.stderr.write = ((chunk: string) => ((out += chunk), true)) as typeof process.stderr.write;
  try {
    f();
  } finally {
    process.stderr.write = write;
  }
  return out;
}

function manifest(run: RunDir, over: Partial<RunManifest> = {}): RunManifest {
  return { id: run.id, recipe: "npc", recipe_path: "x.yaml", status: "running", created: "2026-11-25T10:00:00Z", updated: "", base_model: { requested: "tiny" }, data: { sha256: "abc" }, engine: {}, metrics: {}, parent_run: null, ...over };
}

/** A finished run folder written the way the pipeline writes it: config, events, held-out perplexity, a suite report. */
function writeRunFolder(recipe: string, role: string, steps: number, when: Date): RunDir {
  const run = createRun(recipe, when);
  writeFileSync(run.path("config.resolved.json"), JSON.stringify({ role, method: { kind: "lora" } }));
  run.writeManifest(manifest(run, { recipe }));
  for (let s = 1; s <= steps; s++) run.appendEvent({ event: "step", time: 1000 + s, step: s, total_steps: steps, epoch: s / steps, loss: 5 - s / 10, lr: 0.01, grad_norm: 1, tokens: 10, tokens_per_s: 100, elapsed_s: s });
  run.appendEvent({ event: "eval", time: 1000 + steps, step: steps, loss: 2.5, perplexity: 12.18, tokens: 50 });
  run.appendEvent({ event: "samples", time: 1000 + steps, step: steps, outputs: [], scores: { "samples/in_character_rate": 0.25 } });
  run.appendEvent({ event: "checkpoint", time: 1000 + steps, step: steps, path: "x", reason: "final" });
  mkdirSync(run.path("eval"));
  writeFileSync(
    run.path("eval", "report.json"),
    JSON.stringify({ main_metric: "in_character_rate", metrics: [{ name: "in_character_rate", values: { base: { value: 0.1, lo: 0, hi: 0.3 }, tuned: { value: 0.5, lo: 0.2, hi: 0.8 } } }, { name: "bleu", values: { tuned: { value: 3.2, lo: 1, hi: 5 } } }] }),
  );
  run.writeManifest(manifest(run, { recipe, status: "done", metrics: { steps }, evaluation: { base: { perplexity: 40 }, tuned: { perplexity: 20 } }, eval_report: { main_metric: "in_character_rate" } } as Partial<RunManifest>));
  return run;
}

test("schema: WAL, a busy timeout, user_version, the three tables; other modules version their own tables", () => {
  freshRoot();
  const db = openIndexDb();
  assert.equal(db.pragma("journal_mode", { simple: true }), "wal");
  assert.ok((db.pragma("busy_timeout", { simple: true }) as number) >= 5000);
  assert.equal(db.pragma("user_version", { simple: true }), INDEX_SCHEMA_VERSION);
  const tables = (db.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").all() as { name: string }[]).map((t) => t.name);
  assert.deepEqual(tables, ["eval_metrics", "metrics", "runs"]);
  migrateModule(db, "registry", ["CREATE TABLE registry_versions (name TEXT PRIMARY KEY)"]);
  migrateModule(db, "registry", ["CREATE TABLE registry_versions (name TEXT PRIMARY KEY)", "ALTER TABLE registry_versions ADD COLUMN stage TEXT"]);
  db.prepare("INSERT INTO registry_versions VALUES ('npc@1', 'prod')").run();
  assert.throws(() => migrateModule(db, "registry", ["CREATE TABLE x (a)"]), /registry tables in the run index are version 2/);
});

test("scalars upsert by (run, key, step); series come back by step, lastMetrics at the last step", () => {
  freshRoot();
  assert.equal(indexScalars("r1", 2, { "train/loss": 3, "train/lr": 0.1 }, 10), true);
  assert.equal(indexScalars("r1", 1, { "train/loss": 4, "train/lr": NaN }, 9), true);
  assert.equal(indexScalars("r1", 2, { "train/loss": 2.5 }, 11), true); // a resumed run logs step 2 again
  indexScalars("r2", 7, { "train/loss": 1 }, 12);
  assert.deepEqual(metricSeries("r1", "train/loss"), [{ step: 1, value: 4, wall_time: 9 }, { step: 2, value: 2.5, wall_time: 11 }]);
  assert.deepEqual(metricSeries("r1", "train/lr"), [{ step: 2, value: 0.1, wall_time: 10 }], "NaN is skipped");
  assert.deepEqual(lastMetrics(["r1", "r2", "r3"]), { r1: { "train/loss": { step: 2, value: 2.5 }, "train/lr": { step: 2, value: 0.1 } }, r2: { "train/loss": { step: 7, value: 1 } }, r3: {} });
  removeIndexed("r1");
  assert.deepEqual(lastMetrics(["r1"]), { r1: {} });
});

test("writeManifest indexes the run; the index rebuilds from the folders when it is missing", () => {
  const root = freshRoot();
  const a = writeRunFolder("npc", "npc", 5, new Date("2026-11-25T10:00:00Z"));
  const b = writeRunFolder("director", "director", 3, new Date("2026-11-25T11:00:00Z"));
  const live = listIndexed();
  assert.deepEqual(live.map((r) => [r.id, r.role, r.method, r.status, r.recipe]), [
    [a.id, "npc", "lora", "done", "npc"],
    [b.id, "director", "lora", "done", "director"],
  ]);
  assert.equal(live[0]!.manifest.metrics.steps, 5);
  assert.deepEqual(evalMetrics([a.id])[a.id]!.map((e) => [e.metric, e.system, e.value, e.main]), [
    ["in_character_rate", "base", 0.1, true],
    ["in_character_rate", "tuned", 0.5, true],
    ["bleu", "tuned", 3.2, false],
  ]);

  // Gone: the next read rebuilds it from manifests, events.jsonl and eval/report.json.
  closeIndexDbs();
  for (const f of readdirSync(root)) if (f.startsWith("index.sqlite")) rmSync(join(root, f));
  assert.deepEqual(listIndexed({ role: "npc" }).map((r) => r.id), [a.id]);
  assert.deepEqual(listIndexed({ recipe: "director", status: "done" }).map((r) => r.id), [b.id]);
  assert.deepEqual(listIndexed({ status: "failed" }), []);
  assert.deepEqual(metricSeries(a.id, "train/loss").map((p) => [p.step, p.value]), [1, 2, 3, 4, 5].map((s) => [s, 5 - s / 10]));
  const last = lastMetrics([a.id])[a.id]!;
  assert.deepEqual(last["eval/perplexity"], { step: 5, value: 12.18 });
  assert.deepEqual(last["heldout/perplexity/tuned"], { step: 5, value: 20 });
  assert.deepEqual(last["samples/in_character_rate"], { step: 5, value: 0.25 }, "the training-time samples' scores");
  assert.equal(evalMetrics([b.id])[b.id]!.length, 3);

  // A folder removed behind the index's back is forgotten; removeRun forgets its own.
  rmSync(b.dir, { recursive: true });
  const counts = reindex();
  assert.equal(counts.runs, 1);
  assert.equal(counts.metrics, 5 * 5 + 2 + 1 + 2); // 5 train scalars × 5 steps, eval loss + perplexity, one samples score, held-out base + tuned
  removeRun(a.id);
  assert.deepEqual(listIndexed(), []);
  assert.equal((openIndexDb().prepare("SELECT COUNT(*) AS n FROM metrics").get() as { n: number }).n, 0);
});

test("a corrupt index is moved aside and rebuilt; one of a newer schema is rebuilt, other modules' tables kept", () => {
  const root = freshRoot();
  const a = writeRunFolder("npc", "npc", 4, new Date("2026-11-25T10:00:00Z"));
  closeIndexDbs();
  for (const f of readdirSync(root)) if (f.startsWith("index.sqlite")) rmSync(join(root, f));
  writeFileSync(indexDbPath(), "this is not a database, it is a shopping list\n".repeat(100));
  let runs: string[] = [];
  const warning = stderrOf(() => (runs = listIndexed().map((r) => r.id)));
  assert.deepEqual(runs, [a.id]);
  assert.match(warning, /was unreadable .* moved it to .*index\.sqlite\.corrupt-\d+ and rebuilt it/);
  assert.ok(readdirSync(root).some((f) => /^index\.sqlite\.corrupt-\d+$/.test(f)));
  assert.equal(metricSeries(a.id, "train/loss").length, 4);

  const db = openIndexDb();
  migrateModule(db, "registry", ["CREATE TABLE registry_versions (name TEXT PRIMARY KEY)"]);
  db.prepare("INSERT INTO registry_versions VALUES ('npc@1')").run();
  db.pragma("user_version = 99"); // as a newer Scriptorium would leave it
  db.prepare("DELETE FROM metrics").run();
  closeIndexDbs();
  assert.equal(metricSeries(a.id, "train/loss").length, 4, "refilled from the folders");
  const again = openIndexDb();
  assert.equal(again.pragma("user_version", { simple: true }), INDEX_SCHEMA_VERSION);
  assert.deepEqual(again.prepare("SELECT name FROM registry_versions").all(), [{ name: "npc@1" }]);
});

test("an unusable index never fails a run: one warning, the folders still list", () => {
  const root = freshRoot();
  mkdirSync(join(root, "index.sqlite")); // a directory where the file should be: SQLite cannot open it
  let run: RunDir | undefined;
  const warning = stderrOf(() => {
    run = createRun("npc");
    run.writeManifest(manifest(run));
    for (let s = 1; s <= 20; s++) assert.equal(indexScalars(run.id, s, { "train/loss": 1 }, 0), false);
    run.writeManifest(manifest(run, { status: "done" }));
  });
  assert.equal(warning.match(/warning: run index/g)?.length, 1, warning);
  assert.match(warning, /runs reindex/);
  let listed: string[] = [];
  const w2 = stderrOf(() => (listed = listIndexed().map((r) => `${r.id} ${r.status}`)));
  assert.deepEqual(listed, [`${run!.id} done`]);
  assert.match(w2, /reading the run folders instead/);
  assert.throws(() => reindex(), /cannot open the run index/);
});

test("concurrent writers: 4 processes × 3,000 metrics and a reader at once on a fresh index — every row lands, no SQLITE_BUSY escapes", async () => {
  const root = freshRoot();
  const script = join(root, "..", `index-writer-${process.pid}.mjs`);
  const url = (p: string) => JSON.stringify(pathToFileURL(resolve(p)).href);
  const STEPS = 300;
  const KEYS = 10;
  writeFileSync(
    script,
    `const { indexScalars, listIndexed, lastMetrics } = await import(${url("src/track/run-index.ts")});
const { createRun } = await import(${url("src/track/run-store.ts")});
const worker = process.env.WORKER;
while (Date.now() < Number(process.env.START_AT)) {} // every process starts its first write at the same moment
if (worker === "reader") {
  for (let i = 0; i < 150; i++) {
    const runs = listIndexed();
    lastMetrics(runs.map((r) => r.id));
  }
  process.exit(0);
}
const run = createRun("conc-" + worker, new Date("2026-11-25T10:00:00Z"));
const m = { id: run.id, recipe: "conc", recipe_path: "x", status: "running", created: "", updated: "", base_model: {}, data: {}, engine: {}, metrics: {}, parent_run: null };
run.writeManifest(m);
const first = Date.now();
for (let step = 1; step <= ${STEPS}; step++) {
  const values = {};
  for (let k = 0; k < ${KEYS}; k++) values["k" + k] = step * 100 + k + Number(worker) / 10;
  if (!indexScalars(run.id, step, values, step)) process.exit(2);
  if (step % 50 === 0) run.writeManifest({ ...m, status: step === ${STEPS} ? "done" : "running", metrics: { steps: step } });
}
process.stdout.write(JSON.stringify({ first, last: Date.now() }));
`,
  );
  const startAt = Date.now() + 4000;
  const procs = ["0", "1", "2", "3", "reader"].map(
    (worker) =>
      new Promise<{ worker: string; code: number | null; stdout: string; stderr: string }>((done) => {
        const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, SCRIPTORIUM_RUNS: root, WORKER: worker, START_AT: String(startAt) } });
        let stdout = "";
        let stderr = "";
        child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
        child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
        child.on("close", (code) => done({ worker, code, stdout, stderr }));
      }),
  );
  const results = await Promise.all(procs);
  rmSync(script);
  for (const r of results) {
    assert.equal(r.code, 0, `${r.worker}: ${r.stderr}`);
    assert.doesNotMatch(r.stderr, /warning|SQLITE_BUSY|locked/i, r.worker);
  }
  const spans = results.filter((r) => r.worker !== "reader").map((r) => JSON.parse(r.stdout) as { first: number; last: number });
  assert.ok(Math.max(...spans.map((s) => s.first)) < Math.min(...spans.map((s) => s.last)), `the writers overlapped: ${JSON.stringify(spans)}`);
  const runs = listIndexed();
  assert.equal(runs.length, 4);
  assert.ok(runs.every((r) => r.status === "done" && r.manifest.metrics.steps === STEPS));
  const db = new Sqlite(indexDbPath(), { readonly: true });
  const perRun = db.prepare("SELECT run_id, COUNT(*) AS n, SUM(value) AS total FROM metrics GROUP BY run_id ORDER BY run_id").all() as { run_id: string; n: number; total: number }[];
  db.close();
  assert.equal(perRun.length, 4);
  let sumSteps = 0;
  for (let s = 1; s <= STEPS; s++) sumSteps += s;
  for (const r of perRun) {
    assert.equal(r.n, STEPS * KEYS, r.run_id);
    const w = Number(/conc-(\d)/.exec(r.run_id)![1]);
    const want = sumSteps * 100 * KEYS + STEPS * (0 + 1 + 2 + 3 + 4 + 5 + 6 + 7 + 8 + 9) + STEPS * KEYS * (w / 10);
    assert.ok(Math.abs(r.total - want) < 1e-6 * want, `${r.run_id}: values intact`);
  }
  assert.ok(!existsSync(`${indexDbPath()}.rebuild-lock`));
});
