import { test } from "node:test";
import assert from "node:assert/strict";
import { readdirSync, readFileSync } from "node:fs";
import { parseRecipe, loadRecipe } from "./load-recipe.js";
import { UserError } from "../errors.js";

const valid = "name: npc\ndata:\n  path: x.jsonl\n";

function failure(text: string): UserError {
  try {
    parseRecipe(text, "recipes/bad.yaml");
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return e;
  }
  assert.fail("recipe should have been rejected");
}

test("defaults are filled in from the schema", () => {
  const r = parseRecipe(valid, "r.yaml");
  assert.equal(r.base_model, "smollm2-135m-instruct");
  assert.equal(r.method.kind, "lora");
  assert.equal(r.training.batch_size, 8);
  assert.equal(r.runtime.precision, "auto");
});

test("a misspelt field names file, line, field and suggests the right one", () => {
  const e = failure(`${valid}training:\n  batch_sise: 4\n`);
  assert.equal(e.location.file, "recipes/bad.yaml");
  assert.equal(e.location.line, 5);
  assert.equal(e.location.field, "training.batch_sise");
  assert.match(e.hint ?? "", /did you mean 'batch_size'/);
  assert.match(e.format(), /recipes\/bad\.yaml:5 field 'training\.batch_sise'/);
});

test("a bad enum value lists the allowed values", () => {
  const e = failure(`${valid}runtime:\n  precision: fp8\n`);
  assert.equal(e.location.field, "runtime.precision");
  assert.equal(e.location.line, 5);
  assert.match(e.hint ?? "", /"bf16"/);
});

test("a missing required section is named", () => {
  const e = failure("name: npc\n");
  assert.equal(e.location.field, "data");
  assert.match(e.message, /missing required field 'data'/);
});

test("a number out of range names its line", () => {
  const e = failure(`${valid}method:\n  kind: lora\n  r: 0\n`);
  assert.equal(e.location.field, "method.r");
  assert.equal(e.location.line, 6);
});

test("broken YAML is reported with its line", () => {
  const e = failure("name: npc\ndata: [\n");
  assert.equal(e.code, "recipe_yaml");
  assert.ok(e.location.line);
});

test("the shipped recipes are valid and each begins with the command that runs it", () => {
  const { recipe } = loadRecipe("recipes/npc.yaml");
  assert.equal(recipe.role, "npc");
  const kinds = new Set<string>();
  for (const f of readdirSync("recipes").filter((n) => n.endsWith(".yaml"))) {
    kinds.add(loadRecipe(`recipes/${f}`).recipe.method.kind);
    assert.equal(readFileSync(`recipes/${f}`, "utf8").split("\n")[0]!.startsWith(`# scriptorium run recipes/${f}`), true, f);
  }
  assert.deepEqual([...kinds].sort(), ["adapter", "full", "lora", "prefix", "prompt", "qlora"]);
});

test("every method kind takes its own options, with defaults", () => {
  const r = parseRecipe(`${valid}method:\n  kind: qlora\n  dora: true\n`, "r.yaml");
  assert.equal(r.method.kind, "qlora");
  if (r.method.kind !== "qlora") return;
  assert.equal(r.method.quant_type, "nf4");
  assert.equal(r.method.dora, true);
  const e = failure(`${valid}method:\n  kind: prefix\n  r: 8\n`);
  assert.equal(e.location.field, "method.r");
  assert.equal(e.location.line, 6);
});

test("optimizer and schedule are tagged objects; a wrong kind lists the kinds", () => {
  const r = parseRecipe(`${valid}training:\n  optimizer: {kind: sgd}\n  schedule: {kind: cosine_restarts, cycles: 3}\n`, "r.yaml");
  assert.deepEqual(r.training.optimizer, { kind: "sgd", momentum: 0.9, nesterov: false });
  assert.deepEqual(r.training.schedule, { kind: "cosine_restarts", min_lr_ratio: 0.1, cycles: 3, power: 1 });
  const e = failure(`${valid}training:\n  optimizer:\n    kind: lion\n`);
  assert.match(e.location.field ?? "", /^training\.optimizer/);
});

test("settings that act on evaluations need eval_every; packing refuses prompt-learning methods", () => {
  const e = failure(`${valid}training:\n  early_stopping: {patience: 2}\n`);
  assert.equal(e.location.field, "training.early_stopping");
  assert.match(e.message, /eval_every/);
  const p = failure(`${valid}method:\n  kind: prompt\ntraining:\n  packing: true\n`);
  assert.equal(p.location.field, "training.packing");
  assert.match(p.message, /virtual tokens/);
});
