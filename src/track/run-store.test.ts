import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createRun, listRuns, openRun } from "./run-store.js";

test("runs get unique ids, list in order and open by latest, id or prefix", () => {
  process.env.SCRIPTORIUM_RUNS = mkdtempSync(join(tmpdir(), "runs-"));
  const when = new Date("2026-11-25T10:00:00Z");
  const a = createRun("npc", when);
  const b = createRun("npc", when); // same second: must not collide
  assert.notEqual(a.id, b.id);
  for (const r of [a, b]) {
    r.writeManifest({ id: r.id, recipe: "npc", recipe_path: "x", status: "done", created: "", updated: "", base_model: {}, data: {}, engine: {}, metrics: { steps: 1 }, parent_run: null });
  }
  assert.deepEqual(listRuns().map((r) => r.id), [a.id, b.id]);
  assert.equal(openRun("latest").id, b.id);
  assert.equal(openRun(a.id).id, a.id);
  assert.throws(() => openRun("20261125"), /matches 2 runs/);
  assert.throws(() => openRun("nope"), /no run 'nope'/);
  b.appendEvent({ event: "step", step: 1 });
  assert.deepEqual(b.readEvents(), [{ event: "step", step: 1 }]);
  delete process.env.SCRIPTORIUM_RUNS;
});
