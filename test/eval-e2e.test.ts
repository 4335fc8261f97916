/**
 * The generative evaluation end to end through the built CLI on the tiny model: `scriptorium run`
 * ends with the role suite (three systems on the same prompts, report.json + report.html), and
 * `scriptorium eval` re-scores a run, reuses its generations, holds gates against a reference and
 * exits 1 naming the failing metric.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { buildTinyModel, cli, tempDir, writeRecipe } from "./helpers.js";

let model = "";
before(async () => {
  model = await buildTinyModel();
});

const EVAL = `eval:
  samples:
    count: 3
    max_new_tokens: 8
  generate:
    max_examples: 6
    max_new_tokens: 12
    few_shot: 2
  bootstrap:
    resamples: 200
  gates:
    - metric: distinct_2
      min: 2.0                 # impossible: distinct-n is at most 1
    - metric: "*"
      max_drop: 0.0
      against: reference
`;

interface Report {
  role: string;
  run: string;
  systems: { name: string }[];
  main_metric: string;
  metrics: { name: string; main: boolean; values: Record<string, { value: number; lo: number; hi: number; n: number }>; tuned_vs_few_shot?: { verdict: string } }[];
  answer: { fine_tuning_vs_prompting: string; text: string };
  samples: { outputs: Record<string, string> }[];
  generation: Record<string, { prompts: number; new_tokens: number }>;
  gates?: { metric: string; status: string; detail: string }[];
}

test("run ends with the NPC suite: base, few-shot and tuned on the same prompts, with intervals, report.json and report.html", () => {
  const dir = tempDir("e2e-eval-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  const r = cli(["run", writeRecipe(dir, model, EVAL)], env);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /in_character_rate/);
  assert.match(r.stdout, /gate failed: distinct_2 = .* < min 2/);
  const runId = /run (\d{8}-\d{6}-tiny-npc)/.exec(r.stdout)![1]!;
  const evalDir = join(dir, "runs", runId, "eval");
  const report = JSON.parse(readFileSync(join(evalDir, "report.json"), "utf8")) as Report;
  assert.equal(report.role, "npc");
  assert.deepEqual(report.systems.map((s) => s.name), ["base", "few_shot", "tuned"]);
  for (const s of ["base", "few_shot", "tuned"]) assert.equal(report.generation[s]!.prompts, 6, s);
  const names = report.metrics.map((m) => m.name);
  for (const n of ["perplexity", "persona_consistency_rate", "in_character_rate", "forbidden_leak_rate", "voice_marker_rate", "distinct_2", "bleu", "chrf", "rouge_l"]) assert.ok(names.includes(n), n);
  assert.equal(report.main_metric, "persona_consistency_rate");
  // Soundness is measured for every system (the random tiny model's replies are mostly degenerate),
  // responsiveness by the packaged encoder, and the report lists each system's worst replies.
  for (const n of ["degenerate_rate", "responsive_rate", "responsiveness"]) {
    const m = report.metrics.find((x) => x.name === n)!;
    for (const s of ["base", "few_shot", "tuned"] as const) assert.ok(Number.isFinite(m.values[s]!.value), `${n} ${s}`);
  }
  assert.match(r.stdout, /degenerate_rate/);
  for (const s of ["base", "few_shot", "tuned"] as const) assert.ok((report as unknown as { worst: Record<string, unknown[]> }).worst[s]!.length > 0, `worst ${s}`);
  assert.match((report as unknown as { prompts: Record<string, string> }).prompts.base!, /^full persona card/);
  const ppl = report.metrics.find((m) => m.name === "perplexity")!;
  assert.ok(ppl.values.tuned!.value < ppl.values.base!.value, "tuned perplexity below base");
  for (const m of report.metrics) {
    for (const e of Object.values(m.values)) if (Number.isFinite(e.value)) assert.ok(e.lo <= e.value + 1e-9 && e.value <= e.hi + 1e-9, `${m.name} interval holds its value`);
  }
  // the few-shot prompt is longer than the zero-shot one: it carries two training exchanges
  const zero = readFileSync(join(evalDir, "prompts.base.jsonl"), "utf8").split("\n")[0]!;
  const few = readFileSync(join(evalDir, "prompts.few_shot.jsonl"), "utf8").split("\n")[0]!;
  assert.equal((JSON.parse(few).messages as unknown[]).length, (JSON.parse(zero).messages as unknown[]).length + 4);
  assert.ok(["better", "worse", "tie", "no few-shot baseline"].includes(report.answer.fine_tuning_vs_prompting));
  const html = readFileSync(join(evalDir, "report.html"), "utf8");
  assert.match(html, /id="answer"/);
  assert.match(html, /<svg/);
  assert.ok(html.includes("in_character_rate"));
  const manifest = JSON.parse(readFileSync(join(dir, "runs", runId, "manifest.json"), "utf8"));
  assert.equal(manifest.eval_report.main_metric, "persona_consistency_rate");

  // the small generative eval during training: 3 validation prompts answered at each evaluation (steps 6 and 12), scored by the role
  const events = readFileSync(join(dir, "runs", runId, "events.jsonl"), "utf8").trim().split("\n").map((l) => JSON.parse(l));
  const samples = events.filter((e) => e.event === "samples") as { step: number; outputs: { id: string; text: string }[]; scores: Record<string, number> }[];
  assert.deepEqual(samples.map((e) => e.step), [6, 12]);
  for (const e of samples) {
    assert.equal(e.outputs.length, 3);
    const v = e.scores["samples/persona_consistency_rate"]!;
    assert.ok(v >= 0 && v <= 1, JSON.stringify(e.scores));
    assert.ok(Number.isFinite(e.scores["samples/distinct_2"]), JSON.stringify(e.scores));
  }
  assert.ok(manifest.eval_report.gates_failed.some((d: string) => d.startsWith("distinct_2")));

  // eval again: generations are reused; --gate exits 1 and names the failing metric; against itself nothing drops
  const again = cli(["eval", runId, "--gate", "--against", runId, "--no-perplexity"], env);
  assert.equal(again.code, 1, again.stderr);
  assert.match(again.stderr, /reusing 6 generations/);
  assert.match(again.stdout, /gate\(s\) failed: distinct_2/);
  const rep2 = JSON.parse(readFileSync(join(evalDir, "report.json"), "utf8")) as Report;
  const dropGates = rep2.gates!.filter((g) => g.detail.includes("allowed 0"));
  assert.ok(dropGates.length > 3 && dropGates.every((g) => g.status === "passed"), JSON.stringify(rep2.gates));
  assert.ok(existsSync(join(evalDir, "perplexity.json")));

  const json = cli(["eval", runId, "--json", "--suite", "npc"], env);
  assert.equal(json.code, 0, json.stderr);
  assert.equal((JSON.parse(json.stdout.slice(json.stdout.indexOf("{\n"))) as Report).run, runId);

  const bad = cli(["eval", runId, "--suite", "bard"], env);
  assert.equal(bad.code, 1);
  assert.match(bad.stderr, /unknown suite "bard"[\s\S]*npc, director, book/);
});
