/**
 * Two `scriptorium train` runs at once in one runs root, through the built CLI on the tiny model:
 * both write the run index (index.sqlite) concurrently; `runs list`, `runs compare`, `runs rm`
 * and a deleted index then all agree with what each run's events.jsonl says.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import type Database from "better-sqlite3";
import { buildTinyModel, cli, cliStream, tempDir, writeRecipe } from "./helpers.js";

const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof Database;

let model = "";
before(async () => {
  model = await buildTinyModel();
});

const EVAL = `eval:
  generate:
    max_examples: 4
    max_new_tokens: 8
    few_shot: 1
  bootstrap:
    resamples: 100
`;

interface Ev {
  event: string;
  step: number;
  loss: number;
  perplexity: number;
}
const events = (runsDir: string, id: string) =>
  readFileSync(join(runsDir, id, "events.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l) as Ev);
const finalJson = (stdout: string) => JSON.parse(stdout.slice(stdout.lastIndexOf("\n{\n") + 1)) as { run: string };

test("two concurrent train runs: both indexed with every step; list, compare, show, rm and a lost index agree with events.jsonl", async () => {
  const dir = tempDir("e2e-runs-");
  const runsDir = join(dir, "runs");
  const env = { SCRIPTORIUM_RUNS: runsDir };
  const dirA = tempDir("e2e-runs-a-");
  const dirB = tempDir("e2e-runs-b-");
  const recipeA = writeRecipe(dirA, model, EVAL);
  const recipeB = writeRecipe(dirB, model, EVAL);
  writeFileSync(recipeB, readFileSync(recipeB, "utf8").replace("lr: 2.0e-2", "lr: 1.0e-2"));

  // Started together: both processes write manifests and metrics to the same index.sqlite at once.
  const [ra, rb] = await Promise.all([cliStream(["train", recipeA, "--json"], env, () => {}), cliStream(["train", recipeB, "--json", "--max-steps", "8"], env, () => {})]);
  assert.equal(ra.code, 0, ra.stderr);
  assert.equal(rb.code, 0, rb.stderr);
  for (const r of [ra, rb]) assert.doesNotMatch(r.stderr, /run index|SQLITE/, r.stderr);
  const a = finalJson(ra.stdout).run;
  const b = finalJson(rb.stdout).run;
  assert.notEqual(a, b);

  const list = cli(["runs", "list", "--json"], env);
  assert.equal(list.code, 0, list.stderr);
  const rows = JSON.parse(list.stdout) as { id: string; status: string; steps: number; role: string; method: string; final_loss: number }[];
  assert.deepEqual(rows.map((r) => [r.id, r.status, r.steps, r.role, r.method]).sort(), [
    [a, "done", 12, "npc", "lora"],
    [b, "done", 8, "npc", "lora"],
  ].sort());

  // The metrics table holds every step of both runs, with the values of their events.jsonl.
  const stepsIn = (id: string) => {
    const db = new Sqlite(join(runsDir, "index.sqlite"), { readonly: true });
    try {
      return db.prepare("SELECT step, value FROM metrics WHERE run_id = ? AND key = 'train/loss' ORDER BY step").all(id) as { step: number; value: number }[];
    } finally {
      db.close();
    }
  };
  const want = (id: string) => events(runsDir, id).filter((e) => e.event === "step").map((e) => ({ step: e.step, value: e.loss }));
  assert.deepEqual(stepsIn(a), want(a));
  assert.deepEqual(stepsIn(b), want(b));
  assert.deepEqual(stepsIn(a).map((s) => s.step), [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]);
  assert.deepEqual(stepsIn(b).map((s) => s.step), [1, 2, 3, 4, 5, 6, 7, 8]);

  // A role suite on one of them, so compare has suite metrics on one side and none on the other.
  const ev = cli(["eval", a, "--no-perplexity"], env);
  assert.equal(ev.code, 0, ev.stderr);
  const report = JSON.parse(readFileSync(join(runsDir, a, "eval", "report.json"), "utf8")) as { main_metric: string; metrics: { name: string; values: Record<string, { value: number; lo: number; hi: number }> }[] };

  const cmp = cli(["runs", "compare", a, b, "--json"], env);
  assert.equal(cmp.code, 0, cmp.stderr);
  const c = JSON.parse(cmp.stdout) as {
    runs: { id: string; steps: number }[];
    params: Record<string, Record<string, unknown>>;
    metrics: Record<string, Record<string, { step: number; value: number } | null>>;
    main_metric: Record<string, string | null>;
    eval: Record<string, Record<string, Record<string, { value: number; lo: number; hi: number } | null>>>;
  };
  assert.deepEqual(c.runs.map((r) => [r.id, r.steps]), [[a, 12], [b, 8]]);
  assert.deepEqual(c.params["training.lr"], { [a]: 0.02, [b]: 0.01 });
  assert.deepEqual(c.params["training.max_steps"], { [a]: 12, [b]: 8 });
  assert.equal(c.params["method.r"], undefined, "equal params are not listed");
  for (const id of [a, b]) {
    const evs = events(runsDir, id);
    const lastStep = evs.filter((e) => e.event === "step").at(-1)!;
    const lastEval = evs.filter((e) => e.event === "eval").at(-1)!;
    assert.deepEqual(c.metrics["train/loss"]![id], { step: lastStep.step, value: lastStep.loss });
    assert.deepEqual(c.metrics["eval/perplexity"]![id], { step: lastEval.step, value: lastEval.perplexity });
  }
  assert.deepEqual(c.main_metric, { [a]: report.main_metric, [b]: null });
  assert.equal(Object.keys(c.eval)[0], report.main_metric, "the main metric comes first");
  for (const m of report.metrics) {
    for (const [sys, e] of Object.entries(m.values)) {
      assert.deepEqual(c.eval[m.name]![sys], { [a]: { value: e.value, lo: e.lo, hi: e.hi }, [b]: null }, `${m.name} ${sys}`);
    }
  }
  const picked = JSON.parse(cli(["runs", "compare", a, b, "--json", "--metrics", `train/loss,${report.main_metric}`], env).stdout) as typeof c;
  assert.deepEqual(Object.keys(picked.metrics), ["train/loss"]);
  assert.deepEqual(Object.keys(picked.eval), [report.main_metric]);
  const text = cli(["runs", "compare", a, b], env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /params that differ[\s\S]*training\.lr\s+0\.02\s+0\.01/);
  assert.match(text.stdout, new RegExp(`\\*${report.main_metric} \\(base\\)[\\s\\S]*\\*${report.main_metric} +\\S+ \\[`));
  assert.match(cli(["runs", "show", a], env).stdout, /last logged[\s\S]*train\/loss[\s\S]*role suite \(main metric/);
  assert.match(cli(["runs", "compare", a], env).stderr, /error\[compare_needs_two\]/);

  // The index is lost: the next list rebuilds it from the folders, every step included.
  for (const f of readdirSync(runsDir)) if (f.startsWith("index.sqlite")) rmSync(join(runsDir, f));
  const again = JSON.parse(cli(["runs", "list", "--json", "--status", "done"], env).stdout) as { id: string }[];
  assert.deepEqual(again.map((r) => r.id).sort(), [a, b].sort());
  assert.deepEqual(stepsIn(a), want(a));
  assert.deepEqual(stepsIn(b), want(b));
  assert.equal(JSON.parse(cli(["runs", "compare", a, b, "--json"], env).stdout).eval[report.main_metric].tuned[a].value, report.metrics.find((m) => m.name === report.main_metric)!.values.tuned!.value);

  const rm = cli(["runs", "rm", b, "--json"], env);
  assert.deepEqual(JSON.parse(rm.stdout), { removed: [b] });
  assert.deepEqual((JSON.parse(cli(["runs", "list", "--json"], env).stdout) as { id: string }[]).map((r) => r.id), [a]);
  assert.deepEqual(stepsIn(b), []);
  assert.match(cli(["runs", "list", "--role", "director"], env).stdout, /no runs match/);
  const re = JSON.parse(cli(["runs", "reindex", "--json"], env).stdout) as { runs: number; metrics: number };
  assert.equal(re.runs, 1);
  const evsA = events(runsDir, a) as (Ev & { scores?: Record<string, number> })[];
  const evalsOfA = evsA.filter((e) => e.event === "eval").length;
  const sampleScores = new Set(evsA.filter((e) => e.event === "samples").flatMap((e) => Object.keys(e.scores ?? {}).map((k) => `${k}@${e.step}`))).size;
  assert.ok(evalsOfA >= 2);
  assert.equal(re.metrics, 12 * 5 + evalsOfA * 2 + sampleScores, "5 train scalars a step, eval loss and perplexity at each eval, the samples' scores");
});
