import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
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
  const e = failure(`${valid}runtime:\n  precision: fp16\n`);
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

test("the shipped recipes are valid", () => {
  const { recipe } = loadRecipe("recipes/npc.yaml");
  assert.equal(recipe.role, "npc");
  assert.match(readFileSync("recipes/npc.yaml", "utf8").split("\n")[0]!, /^# scriptorium run recipes\/npc\.yaml/);
});
