import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BEATS } from "./beats.js";
import { DIRECTOR_MIN, DIRECTOR_SEED, DIRECTOR_SPLITS, DirectorRecord, directorDatasetStats, directorJsonl, generateDirectorDataset } from "./dataset.js";
import { loadDefaultDirectorWorld } from "./default-world.js";
import { FIXTURE_WORLD } from "./fixture-world.js";
import { comboKey, planHeldOut, tensionBand } from "./held-out.js";
import { checkDecision } from "./rules/check.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const ds = generateDirectorDataset(FIXTURE_WORLD, DIRECTOR_SEED);
const all = [...ds.train, ...ds.validation, ...ds.test];

test("sizes meet WORLD.md: ≥ 1,000 training pairs, ≥ 200 held-out states", () => {
  assert.ok(ds.train.length >= DIRECTOR_MIN.train, `train ${ds.train.length}`);
  assert.ok(ds.validation.length + ds.test.length >= DIRECTOR_MIN.held_out, `held out ${ds.validation.length + ds.test.length}`);
  assert.ok(ds.validation.length >= 80 && ds.test.length >= 100, `validation ${ds.validation.length}, test ${ds.test.length}`);
});

test("every gold decision passes the rules engine", () => {
  for (const r of all) {
    DirectorRecord.parse(r);
    const check = checkDecision(r.state, r.decision, FIXTURE_WORLD);
    assert.ok(check.legal, `${r.id}: ${JSON.stringify(check.violations)}`);
  }
});

test("held-out situations never appear in training", () => {
  const key = (split: "train" | "validation" | "test") => new Set(ds[split].map((r) => r.scenario));
  const [train, validation, test] = [key("train"), key("validation"), key("test")];
  for (const k of [...validation, ...test]) assert.ok(!train.has(k), `held-out combination ${k} is in train`);
  for (const k of validation) assert.ok(!test.has(k), `${k} is in validation and test`);
  assert.deepEqual([...validation].sort(), ds.held_out.validation);
  assert.deepEqual([...test].sort(), ds.held_out.test);
  for (const r of all) assert.equal(r.scenario, comboKey(r.state), "the scenario is the state's combination");
  // The unseen combinations are made of seen parts: each held-out chapter, band and cast also occurs in training.
  const parts = (f: (r: DirectorRecord) => string) => new Set(ds.train.map(f));
  const chapters = parts((r) => String(r.state.chapter));
  const bands = parts((r) => tensionBand(r.state.tension));
  for (const r of [...ds.validation, ...ds.test]) {
    assert.ok(chapters.has(String(r.state.chapter)) && bands.has(tensionBand(r.state.tension)));
  }
  for (const split of ["validation", "test"] as const) {
    assert.deepEqual(new Set(ds[split].map((r) => r.state.chapter)).size, FIXTURE_WORLD.chapters.length, `${split} covers every chapter`);
  }
});

test("the held-out plan moves whole combinations in hash order and skips giants", () => {
  const counts = new Map([["ch1/low/nobody", 500], ["ch1/mid/ines", 30], ["ch1/high/ines", 40], ["ch2/low/ines", 25], ["ch2/mid/nobody", 35]]);
  const plan = planHeldOut(counts, { test: 40, validation: 40, maxComboSize: 100 });
  assert.ok(!plan.test.includes("ch1/low/nobody") && !plan.validation.includes("ch1/low/nobody"));
  assert.ok(plan.test.some((k) => k.startsWith("ch1/")) && plan.test.some((k) => k.startsWith("ch2/")), "quotas are per chapter");
  assert.deepEqual(planHeldOut(new Map([...counts].reverse()), { test: 40, validation: 40, maxComboSize: 100 }), plan, "order-free");
});

test("deterministic, ids unique, no state twice", () => {
  assert.equal(directorJsonl(generateDirectorDataset(FIXTURE_WORLD, DIRECTOR_SEED).train), directorJsonl(ds.train));
  assert.notEqual(directorJsonl(generateDirectorDataset(FIXTURE_WORLD, DIRECTOR_SEED + 1).train), directorJsonl(ds.train));
  assert.equal(new Set(all.map((r) => r.id)).size, all.length);
  assert.equal(new Set(all.map((r) => JSON.stringify(r.state))).size, all.length);
});

test("stats count beats, chapters, bands and situations per split", () => {
  const stats = directorDatasetStats(ds);
  for (const split of DIRECTOR_SPLITS) {
    const n = ds[split].length;
    assert.equal(stats.records[split], n);
    assert.equal(Object.values(stats.beats[split]).reduce((a, b) => a + b, 0), n);
    assert.equal(Object.values(stats.chapters[split]).reduce((a, b) => a + b, 0), n);
    assert.equal(Object.values(stats.tension_bands[split]).reduce((a, b) => a + b, 0), n);
  }
  for (const beat of BEATS) assert.ok(stats.beats.train[beat] >= 50, `train has only ${stats.beats.train[beat]} ${beat}`);
  assert.equal(stats.combos.validation, ds.held_out.validation.length);
  assert.ok(stats.quiet_owed.train > 20);
});

test("JSONL: one record per line, fixed key order, trailing newline", () => {
  const text = directorJsonl(ds.test);
  assert.ok(text.endsWith("}\n"));
  const lines = text.trimEnd().split("\n");
  assert.equal(lines.length, ds.test.length);
  const first = JSON.parse(lines[0]!) as Record<string, Record<string, unknown>>;
  assert.deepEqual(Object.keys(first), ["id", "scenario", "state", "decision"]);
  assert.deepEqual(Object.keys(first.decision!), ["beat", "targets", "intensity", "narration_hint", "rationale"]);
  assert.deepEqual(Object.keys(first.state!), ["turn", "chapter", "location", "tension", "recent_beats", "npcs_present", "npcs_introduced", "books_on_shelf", "books_revealed", "quest_flags"]);
});

test("the committed world/datasets/director/*.jsonl are what the generator builds", async () => {
  const { world, source, note } = await loadDefaultDirectorWorld(root);
  const built = generateDirectorDataset(world, DIRECTOR_SEED);
  for (const split of DIRECTOR_SPLITS) {
    const committed = readFileSync(new URL(`world/datasets/director/${split}.jsonl`, `file://${root}`), "utf8");
    assert.ok(committed === directorJsonl(built[split]), `stale ${split}.jsonl (${source}: ${note}): run \`scriptorium world build\``);
  }
  // Built from canon, the gold must be legal in the canon world too.
  for (const r of built.train) assert.ok(checkDecision(r.state, r.decision, world).legal, r.id);
});

test("without world/canon the data is built from the fixture world, and says so", async () => {
  const { world, source, note } = await loadDefaultDirectorWorld("/nonexistent-scriptorium-root");
  assert.equal(source, "fixture");
  assert.equal(world, FIXTURE_WORLD);
  assert.match(note, /fixture world/);
});
