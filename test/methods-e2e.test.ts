/**
 * Every method recipe in recipes/ end to end through the built CLI: the shipped recipe, with the
 * tiny random model as base and a short run (10 steps of 4 conversations) on the world's NPC data. Each must train
 * (loss falls), save its artifact in its library's format, and evaluate base vs tuned.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { parse, stringify } from "yaml";
import { buildTinyModel, cli, tempDir } from "./helpers.js";

let model = "";
before(async () => {
  model = await buildTinyModel();
});

/** The shipped recipe with the tiny model, absolute data paths and a short schedule. */
function shortRecipe(dir: string, name: string, lr: number): string {
  const r = parse(readFileSync(resolve("recipes", `${name}.yaml`), "utf8"));
  r.base_model = model;
  r.data.path = resolve("recipes", r.data.path);
  r.data.personas = resolve("recipes", r.data.personas);
  r.data.canon = resolve("recipes", r.data.canon ?? "../world/canon");
  r.training = { ...r.training, max_steps: 10, batch_size: 4, lr, warmup_ratio: 0, max_seq_len: 256, eval_every: 5, checkpoint_every: 5 };
  r.runtime = { ...r.runtime, threads: 2 };
  // the role suite runs too (as in `scriptorium run`), kept small: 4 held-out conversations, 16 new tokens
  r.eval = { ...(r.eval ?? {}), max_examples: 16, generate: { ...(r.eval?.generate ?? {}), max_examples: 4, few_shot: 1, max_new_tokens: 16 } };
  const path = join(dir, `${name}.yaml`);
  writeFileSync(path, stringify(r));
  return path;
}

/**
 * `heldOut: false`: prefix tuning's 20 key/value positions on a 2-layer, 16-wide random model lower
 * the training loss but do not generalise in 10 steps (held-out perplexity moved by +1%, measured);
 * its training and exact reload are checked in engine/tests/test_methods.py.
 */
const CASES: { recipe: string; lr: number; files: string[]; peftType?: string; heldOut?: false }[] = [
  { recipe: "npc", lr: 2e-2, files: ["adapter_config.json", "adapter_model.safetensors"], peftType: "LORA" },
  { recipe: "npc-full", lr: 3e-3, files: ["config.json", "model.safetensors", "tokenizer.json"] },
  { recipe: "npc-qlora", lr: 2e-2, files: ["adapter_config.json", "adapter_model.safetensors"], peftType: "LORA" },
  { recipe: "npc-adapter", lr: 2e-2, files: ["adapter_config.json", "adapter_model.safetensors"] },
  { recipe: "npc-prefix", lr: 3e-2, files: ["adapter_config.json", "adapter_model.safetensors"], peftType: "PREFIX_TUNING", heldOut: false },
  { recipe: "npc-prompt", lr: 3e-1, files: ["adapter_config.json", "adapter_model.safetensors"], peftType: "PROMPT_TUNING" },
];

for (const c of CASES) {
  test(`recipes/${c.recipe}.yaml: trains, saves its artifact and evaluates it against the base`, () => {
    const dir = tempDir(`e2e-${c.recipe}-`);
    const env = { SCRIPTORIUM_RUNS: join(dir, "runs") };
    const r = cli(["run", shortRecipe(dir, c.recipe, c.lr), "--json"], env);
    assert.equal(r.code, 0, r.stderr.slice(-3000));
    const lines = r.stdout.trim().split("\n");
    const steps = lines.filter((l) => l.startsWith('{"event":"step"')).map((l) => JSON.parse(l) as { loss: number });
    assert.equal(steps.length, 10);
    const head = (steps[0]!.loss + steps[1]!.loss) / 2;
    const tail = (steps.at(-1)!.loss + steps.at(-2)!.loss) / 2;
    assert.ok(tail < head, `loss should fall: ${steps.map((s) => s.loss.toFixed(3)).join(" ")}`);
    const report = JSON.parse(lines.slice(lines.findIndex((l) => l === "{")).join("\n")) as {
      run: string;
      evaluation: { base: { perplexity: number }; tuned: { perplexity: number; tokens: number } };
    };
    assert.ok(Number.isFinite(report.evaluation.tuned.perplexity) && report.evaluation.tuned.tokens > 0, JSON.stringify(report.evaluation));
    if (c.heldOut !== false) assert.ok(report.evaluation.tuned.perplexity < report.evaluation.base.perplexity, JSON.stringify(report.evaluation));
    const artifact = join(dir, "runs", report.run, "adapter");
    for (const f of c.files) assert.ok(existsSync(join(artifact, f)), `${c.recipe}: missing adapter/${f}`);
    if (c.peftType) assert.equal(JSON.parse(readFileSync(join(artifact, "adapter_config.json"), "utf8")).peft_type, c.peftType);
    const manifest = JSON.parse(readFileSync(join(dir, "runs", report.run, "manifest.json"), "utf8"));
    assert.equal(manifest.status, "done");
  });
}
