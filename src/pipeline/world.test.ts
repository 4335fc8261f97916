import { before, test } from "node:test";
import assert from "node:assert/strict";
import { buildWorld, staleFiles, worldStats, type WorldBuild } from "./world.js";

let build: WorldBuild;
before(async () => {
  build = await buildWorld();
});

test("scriptorium world build reproduces the committed datasets byte for byte", () => {
  assert.deepEqual(staleFiles(build), [], "run `scriptorium world build` and commit the result");
  assert.equal(Object.keys(build.files).length, 9);
});

test("the world meets WORLD.md's sizes and the NPC variety targets", async () => {
  const s = await worldStats(build, { tokens: false });
  assert.ok(s.npc.splits.train.conversations >= 1500, `npc train ${s.npc.splits.train.conversations}`);
  assert.ok(Object.keys(s.npc.per_persona).length >= 6);
  assert.ok(s.npc.held_out.conversations >= 200 && s.npc.held_out.adversarial >= 60, JSON.stringify(s.npc.held_out));
  assert.ok(s.npc.variety.distinct_trigram_ratio >= 0.5, JSON.stringify(s.npc.variety));
  assert.ok(s.npc.variety.max_reply_repeats <= 5, JSON.stringify(s.npc.variety));
  assert.ok(s.director.records.train >= 1000);
  assert.ok(s.director.records.validation + s.director.records.test >= 200);
  for (const [style, n] of Object.entries(s.book.by_style)) {
    assert.ok(n.validation.books + n.test.books > 0, `style ${style} has no held-out shelf`);
  }
});
