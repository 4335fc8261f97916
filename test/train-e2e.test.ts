/**
 * End to end through the built CLI, as a user runs it: recipe → engine → run dir,
 * on a tiny random model with the real tokenizer.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTinyModel, cli, cliStream, tempDir, writeRecipe } from "./helpers.js";

let model = "";
before(async () => {
  model = await buildTinyModel();
});

test("scriptorium run: trains, evaluates base vs tuned, and writes a complete run directory", () => {
  const dir = tempDir("e2e-run-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  const r = cli(["run", writeRecipe(dir, model), "--json"], env);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  const events = lines.filter((l) => l.startsWith('{"event"')).map((l) => JSON.parse(l) as { event: string; loss?: number });
  const steps = events.filter((e) => e.event === "step");
  assert.equal(steps.length, 12);
  assert.ok(steps.at(-1)!.loss! < steps[0]!.loss!, "loss should fall");
  const report = JSON.parse(lines.slice(lines.findIndex((l) => l === "{")).join("\n")) as {
    run: string;
    evaluation: { base: { perplexity: number }; tuned: { perplexity: number }; improved: boolean };
  };
  assert.ok(report.evaluation.tuned.perplexity < report.evaluation.base.perplexity, JSON.stringify(report.evaluation));

  const runDir = join(dir, "runs", report.run);
  for (const f of ["config.resolved.json", "manifest.json", "events.jsonl", "job.train.json", "adapter/adapter_config.json", "adapter/adapter_model.safetensors", "data/train.jsonl"]) {
    assert.ok(existsSync(join(runDir, f)), `missing ${f}`);
  }
  const manifest = JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8"));
  assert.equal(manifest.status, "done");
  assert.equal(manifest.evaluation.improved, true);
  assert.equal(manifest.base_model.id, model);
  assert.ok(["bf16", "fp32"].includes(manifest.metrics.precision));
  const config = JSON.parse(readFileSync(join(runDir, "config.resolved.json"), "utf8"));
  assert.equal(config.training.max_steps, 12);
  assert.equal(config.runtime.threads, 2);
  assert.deepEqual(readdirSync(join(runDir, "checkpoints")).sort(), ["step-000004", "step-000008"]);

  const list = cli(["runs", "list", "--json"], env);
  assert.equal(list.code, 0, list.stderr);
  assert.deepEqual(JSON.parse(list.stdout).map((m: { id: string }) => m.id), [report.run]);
  const show = cli(["runs", "show", "latest"], env);
  assert.match(show.stdout, /tuned/);
  assert.match(show.stdout, new RegExp(report.run));
});

test("Ctrl-C stops after a checkpoint (exit 3) and --resume finishes the same run", async () => {
  const dir = tempDir("e2e-cancel-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  const recipe = writeRecipe(dir, model);
  let sent = false;
  const first = await cliStream(["train", recipe, "--json", "--max-steps", "200"], env, (line, kill) => {
    const e = JSON.parse(line) as { event?: string; step?: number };
    if (!sent && e.event === "step" && e.step === 3) {
      sent = true;
      kill("SIGINT");
    }
  });
  assert.equal(first.code, 3, first.stderr);
  assert.match(first.stderr, /--resume/);
  const runId = readdirSync(join(dir, "runs"))[0]!;
  const manifest = JSON.parse(readFileSync(join(dir, "runs", runId, "manifest.json"), "utf8"));
  assert.equal(manifest.status, "cancelled");
  const ckpts = readdirSync(join(dir, "runs", runId, "checkpoints"));
  assert.equal(ckpts.length, 1);

  const resumed = cli(["train", recipe, "--resume", "latest", "--json"], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  const result = JSON.parse(resumed.stdout.slice(resumed.stdout.indexOf("\n{\n") + 1));
  assert.equal(result.run, runId);
  assert.equal(result.resumed_from, Number(ckpts[0]!.slice(5)));
  assert.equal(result.steps, 200);
});

test("a recipe with a wrong field fails before training, naming file, line, field and a hint", () => {
  const dir = tempDir("e2e-bad-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  const recipe = writeRecipe(dir, model, "eval:\n  batch_sizes: 4\n");
  const r = cli(["train", recipe], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /tiny\.yaml:\d+ field 'eval\.batch_sizes': unknown field 'batch_sizes'/);
  assert.match(r.stderr, /hint: did you mean 'batch_size'/);
  assert.doesNotMatch(r.stderr, /at .*\.js:\d+/, "no stack trace for user errors");
  assert.equal(existsSync(join(dir, "runs")), false, "nothing was started");
});

test("an engine crash is a clear error with the end of the Python traceback", () => {
  const dir = tempDir("e2e-crash-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  // A module name the model does not have: PEFT raises inside the engine.
  const recipe = writeRecipe(dir, model);
  writeFileSync(recipe, readFileSync(recipe, "utf8").replace("target_modules: all-linear", "target_modules: [no_such_proj]"));
  const r = cli(["train", recipe], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[engine_crash\]: run \S+: the engine exited with code 1: \w+Error: .*no_such_proj/);
  assert.match(r.stderr, /--- last lines from the engine ---\n[\s\S]*File "[^"]+", line \d+[\s\S]*no_such_proj/);
  const runId = readdirSync(join(dir, "runs"))[0]!;
  assert.equal(JSON.parse(readFileSync(join(dir, "runs", runId, "manifest.json"), "utf8")).status, "failed");
});

test("a sequence limit that would cut every answer stops in the data stage, before the engine starts", () => {
  const dir = tempDir("e2e-short-");
  const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
  const recipe = writeRecipe(dir, model);
  writeFileSync(recipe, readFileSync(recipe, "utf8").replace("max_seq_len: 256", "max_seq_len: 8"));
  const r = cli(["train", recipe], env);
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[no_training_data\]/);
  assert.match(r.stderr, /answer_would_be_cut/);
  const runId = readdirSync(join(dir, "runs"))[0]!;
  const quarantine = readFileSync(join(dir, "runs", runId, "data", "quarantine.jsonl"), "utf8").trim().split("\n");
  assert.equal(quarantine.length, 120, "every record is in the quarantine with its reason");
  assert.match(quarantine[0]!, /"code":"answer_would_be_cut"/);
});
