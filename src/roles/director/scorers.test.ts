import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { metricValue } from "../../eval/metric.js";
import { BEAT_SPEC } from "./beats.js";
import { DirectorRecord } from "./dataset.js";
import { decisionJson, type Decision } from "./decision.js";
import { loadDefaultDirectorWorld } from "./default-world.js";
import { quietRequired } from "./game-state.js";
import { checkDecisionText } from "./rules/check.js";
import { directorMetrics, firstJsonObject, type DirectorEvalItem } from "./scorers.js";

const { world, source } = await loadDefaultDirectorWorld(".");
const metrics = directorMetrics(world);
const held = readFileSync("world/datasets/director/test.jsonl", "utf8")
  .trim()
  .split("\n")
  .map((l) => DirectorRecord.parse(JSON.parse(l)));

const item = (r: DirectorRecord, output: string): DirectorEvalItem => ({ id: r.id, state: r.state, gold: r.decision, output });
const scores = (it: DirectorEvalItem): Record<string, number | null> =>
  Object.fromEntries(metrics.map((m) => [m.name, m.kind === "item" ? m.score(it) : null]));

// Chapter 1 states with a gold reveal_book: room for a later-chapter book to be revealed instead.
const ch1 = held.find((r) => r.state.chapter === 1 && r.decision.beat === "reveal_book")!;
const latestBook = [...world.books].sort((a, b) => b.first_chapter - a.first_chapter)[0]!;
const laterNpc = world.npcs.find((n) => n.first_chapter > 1)!;

test("the suite: unique snake_case names, one main metric and it is rules_legal_rate", () => {
  assert.equal(source, "canon");
  const names = metrics.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  for (const n of names) assert.match(n, /^[a-z][a-z0-9_]*$/);
  assert.deepEqual(metrics.filter((m) => m.main).map((m) => m.name), ["rules_legal_rate"]);
});

test("gold decisions of the held-out states score perfectly on every metric", () => {
  const items = held.map((r) => item(r, decisionJson(r.decision)));
  const v = Object.fromEntries(metrics.map((m) => [m.name, metricValue(m, items)]));
  assert.deepEqual(v, {
    json_parse_rate: 1,
    json_extractable_rate: 1,
    schema_valid_rate: 1,
    rules_legal_rate: 1,
    beat_accuracy: 1,
    pacing_violation_rate: 0,
    spoiler_rate: 0,
  });
  assert.ok(held.length > 100 && latestBook.first_chapter > 1 && laterNpc, "the canon has later-chapter entities to spoil");
});

test("prose, a fence and truncated JSON fail parsing; only the fence is extractable", () => {
  const r = held[0]!;
  const gold = decisionJson(r.decision);
  const prose = scores(item(r, "The reader should meet someone new, perhaps by the stairs."));
  assert.deepEqual(prose, {
    json_parse_rate: 0,
    json_extractable_rate: 0,
    schema_valid_rate: 0,
    rules_legal_rate: 0,
    beat_accuracy: 0,
    pacing_violation_rate: null,
    spoiler_rate: null,
  });
  const fenced = scores(item(r, "```json\n" + gold + "\n```"));
  assert.equal(fenced.json_parse_rate, 0, "the game parses the whole reply");
  assert.equal(fenced.json_extractable_rate, 1);
  assert.equal(fenced.rules_legal_rate, 0);
  const truncated = scores(item(r, gold.slice(0, gold.length - 12)));
  assert.equal(truncated.json_parse_rate, 0);
  assert.equal(truncated.json_extractable_rate, 0);
  assert.equal(truncated.schema_valid_rate, 0);
  // Whitespace around the object is what the game trims too.
  assert.equal(scores(item(r, `\n  ${gold}  \n`)).rules_legal_rate, 1);
});

test("wrong keys parse but fail the schema; a JSON array is not an object", () => {
  const r = held[1]!;
  const { beat, ...rest } = r.decision;
  const s = scores(item(r, JSON.stringify({ beat_type: beat, ...rest })));
  assert.equal(s.json_parse_rate, 1);
  assert.equal(s.schema_valid_rate, 0);
  assert.equal(s.rules_legal_rate, 0);
  assert.equal(s.beat_accuracy, 0);
  assert.equal(s.pacing_violation_rate, null);
  assert.equal(scores(item(r, JSON.stringify([r.decision]))).json_parse_rate, 0);
});

test("an illegal target is caught by rules_legal_rate only", () => {
  const bad: Decision = { ...ch1.decision, targets: ["no-such-book"] };
  const s = scores(item(ch1, decisionJson(bad)));
  assert.deepEqual(
    [s.schema_valid_rate, s.rules_legal_rate, s.beat_accuracy, s.pacing_violation_rate, s.spoiler_rate],
    [1, 0, 1, 0, 0],
  );
});

test("revealing a later chapter's book in chapter 1 is a spoiler, not a pacing fault", () => {
  const spoil: Decision = { ...ch1.decision, targets: [latestBook.id], narration_hint: "A book lies open.", rationale: "Now." };
  const s = scores(item(ch1, decisionJson(spoil)));
  assert.equal(s.spoiler_rate, 1);
  assert.equal(s.rules_legal_rate, 0);
  assert.equal(s.pacing_violation_rate, 0);
  assert.equal(s.beat_accuracy, 1);
});

test("naming a later-chapter NPC or book in the hint is a spoiler even when the rules pass", () => {
  for (const name of [laterNpc.name, `«${latestBook.title}»`]) {
    const d: Decision = { ...ch1.decision, narration_hint: `${name} is mentioned in passing.` };
    const s = scores(item(ch1, decisionJson(d)));
    assert.equal(s.rules_legal_rate, 1, "the rules judge targets, not prose");
    assert.equal(s.spoiler_rate, 1, name);
  }
  // The same names are no spoiler once their chapter has come.
  const later = { ...ch1, state: { ...ch1.state, chapter: Math.max(latestBook.first_chapter, laterNpc.first_chapter) } };
  const d: Decision = { ...ch1.decision, narration_hint: `${laterNpc.name} and «${latestBook.title}».` };
  assert.equal(scores(item(later, decisionJson(d))).spoiler_rate, 0);
});

test("pacing: intensity out of range, and a tense beat when a quiet moment is owed", () => {
  const [lo] = BEAT_SPEC[ch1.decision.beat].intensity;
  const weak = scores(item(ch1, decisionJson({ ...ch1.decision, intensity: Math.max(0, lo - 0.15) })));
  assert.deepEqual([weak.schema_valid_rate, weak.pacing_violation_rate, weak.spoiler_rate, weak.beat_accuracy], [1, 1, 0, 1]);

  const owed = held.find((r) => quietRequired(r.state))!;
  assert.equal(owed.decision.beat, "quiet_moment");
  const place = world.places.find((p) => p.hexagon === owed.state.location.hexagon)!;
  const event: Decision = { beat: "environmental_event", targets: [place.id], intensity: 0.6, narration_hint: "Dust falls from the shelves.", rationale: "Shake the room." };
  const s = scores(item(owed, decisionJson(event)));
  assert.deepEqual([s.schema_valid_rate, s.rules_legal_rate, s.pacing_violation_rate, s.spoiler_rate, s.beat_accuracy], [1, 0, 1, 0, 0]);
});

test("rules_legal_rate is exactly the game's checkDecisionText verdict", () => {
  const outputs = (r: DirectorRecord): string[] => [
    decisionJson(r.decision),
    decisionJson({ ...r.decision, intensity: 1 }),
    decisionJson({ ...r.decision, beat: "quiet_moment", targets: [], intensity: 0.1 }),
    "not json",
  ];
  const legal = metrics.find((m) => m.name === "rules_legal_rate")!;
  assert.equal(legal.kind, "item");
  for (const r of held.slice(0, 40)) {
    for (const out of outputs(r)) {
      const it = item(r, out);
      assert.equal(legal.kind === "item" && legal.score(it), checkDecisionText(r.state, out, world).legal ? 1 : 0, out);
    }
  }
});

test("firstJsonObject skips prose and braces inside strings", () => {
  assert.deepEqual(firstJsonObject('Sure! {"a": "}{", "b": {"c": 1}} done'), { a: "}{", b: { c: 1 } });
  assert.deepEqual(firstJsonObject("{broken {\"x\": 2}"), { x: 2 });
  assert.equal(firstJsonObject("no braces"), undefined);
});
