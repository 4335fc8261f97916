import { test } from "node:test";
import assert from "node:assert/strict";
import { cli } from "./helpers.js";

test("doctor --json reports the engine's torch and bf16 status and passes on a set-up machine", () => {
  const r = cli(["doctor", "--json"], {});
  const checks = JSON.parse(r.stdout) as { name: string; ok: boolean; detail: string }[];
  const byName = new Map(checks.map((c) => [c.name, c]));
  assert.match(byName.get("torch")!.detail, /^2\.13\.0/);
  assert.ok(byName.has("bf16"));
  assert.equal(byName.get("builtin smollm2-135m-instruct")!.ok, true);
  assert.equal(r.code, checks.every((c) => c.ok) ? 0 : 1);
});

test("models --json lists the builtin with its licence, cached by make setup", () => {
  const r = cli(["models", "--json"], {});
  assert.equal(r.code, 0, r.stderr);
  const out = JSON.parse(r.stdout) as { builtins: { name: string; licence: string; cached: boolean }[] };
  assert.deepEqual(out.builtins.map((b) => [b.name, b.licence, b.cached]), [["smollm2-135m-instruct", "Apache-2.0", true]]);
});

test("schema prints the recipe JSON Schema with defaults", () => {
  const r = cli(["schema"], {});
  assert.equal(r.code, 0, r.stderr);
  const schema = JSON.parse(r.stdout) as { properties: Record<string, { default?: unknown }> };
  assert.equal(schema.properties.base_model!.default, "smollm2-135m-instruct");
});

test("an unknown run is a user error with a hint, not a stack trace", () => {
  const r = cli(["runs", "show", "no-such-run"], { SCRIPTORIUM_RUNS: "/nonexistent-runs-dir" });
  assert.equal(r.code, 1);
  assert.match(r.stderr, /error\[no_runs\]/);
  assert.match(r.stderr, /hint:/);
});

test("eval's decoding options are checked before any work: --temperature ≥ 0, --top-p in (0, 1]", () => {
  const t = cli(["eval", "latest", "--temperature", "-1"], { SCRIPTORIUM_RUNS: "/nonexistent-runs-dir" });
  assert.equal(t.code, 1);
  assert.match(t.stderr, /error\[eval_bad_temperature\].*\n\s*hint: e\.g\. --temperature 0\.8/);
  const p = cli(["eval", "latest", "--temperature", "0.8", "--top-p", "1.5"], { SCRIPTORIUM_RUNS: "/nonexistent-runs-dir" });
  assert.equal(p.code, 1);
  assert.match(p.stderr, /error\[eval_bad_top_p\]/);
});
