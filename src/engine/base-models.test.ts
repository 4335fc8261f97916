import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { resolveBaseModel } from "./base-models.js";
import { UserError } from "../errors.js";

const opts = (recipeDir: string) => ({ recipeDir, revision: "abc123", trustRemoteCode: false });

test("a hub id becomes a hub ModelRef carrying the revision", async () => {
  const ref = await resolveBaseModel("HuggingFaceTB/SmolLM2-135M-Instruct", opts(tmpdir()));
  assert.deepEqual(ref, { source: "hub", id: "HuggingFaceTB/SmolLM2-135M-Instruct", revision: "abc123", trust_remote_code: false });
});

test("a local Hugging Face folder is resolved relative to the recipe", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bm-"));
  mkdirSync(join(dir, "models", "mine"), { recursive: true });
  writeFileSync(join(dir, "models", "mine", "config.json"), "{}");
  const ref = await resolveBaseModel("models/mine", opts(dir));
  assert.equal(ref.source, "local");
  assert.equal(ref.id, join(dir, "models", "mine"));
  assert.equal(ref.revision, null);
});

test("a folder without config.json and an unknown name are user errors with hints", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bm-"));
  mkdirSync(join(dir, "empty"));
  await assert.rejects(resolveBaseModel("empty", opts(dir)), (e: unknown) => e instanceof UserError && e.code === "base_model_not_hf_folder");
  await assert.rejects(
    resolveBaseModel("smollm-135", opts(dir)),
    (e: unknown) => e instanceof UserError && e.location.field === "base_model" && /smollm2-135m-instruct/.test(e.hint ?? ""),
  );
});
