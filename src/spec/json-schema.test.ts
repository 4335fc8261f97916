import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { JOB_SCHEMA_FILE, jobJsonSchemaText } from "./json-schema.js";
import { Job } from "./job.js";

test("the engine's committed job schema equals the one generated from src/spec (run npm run gen:schema)", () => {
  assert.equal(readFileSync(JOB_SCHEMA_FILE, "utf8"), jobJsonSchemaText());
});

test("the job union rejects an unknown command", () => {
  assert.equal(Job.safeParse({ protocol: 1, command: "fly" }).success, false);
  assert.equal(Job.safeParse({ protocol: 1, command: "env" }).success, true);
});
