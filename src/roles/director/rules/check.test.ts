import { test } from "node:test";
import assert from "node:assert/strict";
import type { GameState } from "../game-state.js";
import { FIXTURE_WORLD } from "../fixture-world.js";
import { decision, sceneState } from "../test-helpers.js";
import { BEATS } from "../beats.js";
import { checkDecision, checkDecisionText } from "./check.js";
import { RULE_DESCRIPTIONS, RULES, type RuleName } from "./rule-names.js";

const world = FIXTURE_WORLD;
const rulesOf = (state: GameState, d: unknown): RuleName[] => [...new Set(checkDecision(state, d, world).violations.map((v) => v.rule))].sort();

test("a legal decision of every beat passes", () => {
  const legal = [
    decision("introduce_npc", ["tomas"], 0.4),
    decision("reveal_book", ["catalogue-of-lamps"], 0.5),
    decision("environmental_event", ["reading-room"], 0.6),
    decision("advance_quest", ["descent-to-the-well"], 0.5),
    decision("advance_quest", ["count-the-stairs", "ines"], 0.5),
    decision("complication", ["ines", "save-the-chronicle"], 0.7),
    decision("complication", ["save-the-chronicle"], 0.5),
    decision("quiet_moment", [], 0.1),
    decision("quiet_moment", ["dolores"], 0.3),
    decision("resolve_quest", ["count-the-stairs"], 0.8),
    decision("resolve_quest", ["count-the-stairs", "dolores"], 1),
    decision("foreshadow", ["descent-to-the-well"], 0.2),
  ];
  for (const d of legal) assert.deepEqual(checkDecision(sceneState(), d, world), { legal: true, violations: [] }, JSON.stringify(d));
  assert.deepEqual(new Set(legal.map((d) => d.beat)), new Set(BEATS), "every beat has a legal example");
});

test("edges are legal: complication at exactly 0.8, a quiet moment when one is owed", () => {
  assert.ok(checkDecision(sceneState({ tension: 0.8 }), decision("complication", ["ines"], 0.6), world).legal);
  const owed = sceneState({ recent_beats: ["complication", "environmental_event", "resolve_quest"] });
  assert.ok(checkDecision(owed, decision("quiet_moment", [], 0.3), world).legal);
  // Two tense beats and a calm one do not oblige a pause.
  assert.ok(checkDecision(sceneState({ recent_beats: ["complication", "complication", "quiet_moment"] }), decision("complication", ["ines"], 0.6), world).legal);
});

/**
 * Illegal decisions, at least one per rule. `also` lists the rules a case cannot help
 * breaking too (a duplicate target is also one target too many); every other case
 * breaks exactly its rule, so a rule that fires too eagerly fails here as well.
 */
interface Case {
  state?: GameState;
  decision: unknown;
  also?: RuleName[];
}
const CASES: Record<RuleName, Case[]> = {
  schema: [
    { decision: { ...decision("quiet_moment", [], 0.1), beat: "monologue" } },
    { decision: { beat: "quiet_moment", targets: [], intensity: 0.1, narration_hint: "A lamp flickers." } },
    { decision: { ...decision("quiet_moment", [], 0.1), intensity: 1.5 } },
    { decision: { ...decision("quiet_moment", [], 0.1), mood: "grim" } },
    { decision: "quiet_moment" },
  ],
  target_count: [
    { decision: decision("introduce_npc", [], 0.4) },
    { decision: decision("advance_quest", ["ines"], 0.5) },
    { decision: decision("complication", [], 0.6) },
    { decision: decision("resolve_quest", ["count-the-stairs", "ines", "dolores"], 0.8) },
  ],
  target_duplicate: [{ decision: decision("complication", ["ines", "ines"], 0.6), also: ["target_count"] }],
  target_unknown: [{ decision: decision("reveal_book", ["necronomicon"], 0.5) }],
  target_wrong_kind: [
    { decision: decision("quiet_moment", ["reading-room"], 0.1) },
    { decision: decision("reveal_book", ["ines"], 0.5), also: ["target_count"] },
  ],
  spoiler: [
    // The game should never flag a chapter-3 quest in chapter 2; the rule catches it if it does.
    { state: sceneState({ quest_flags: { ...sceneState().quest_flags, "the-empty-shelf": "open" } }), decision: decision("foreshadow", ["the-empty-shelf"], 0.2) },
    { state: sceneState({ npcs_present: ["ines", "lucio"] }), decision: decision("introduce_npc", ["lucio"], 0.4) },
    { state: sceneState({ books_on_shelf: ["vindicacion-de-nadie"] }), decision: decision("reveal_book", ["vindicacion-de-nadie"], 0.5) },
    { state: sceneState({ location: { place: "lamp-gallery", hexagon: "H-0430" } }), decision: decision("environmental_event", ["lamp-gallery"], 0.5) },
  ],
  npc_absent: [
    { decision: decision("introduce_npc", ["casiano"], 0.4) },
    { decision: decision("quiet_moment", ["aurelio"], 0.2) },
  ],
  npc_already_introduced: [{ decision: decision("introduce_npc", ["ines"], 0.4) }],
  npc_not_introduced: [
    { decision: decision("quiet_moment", ["tomas"], 0.2) },
    { decision: decision("complication", ["tomas", "save-the-chronicle"], 0.6) },
  ],
  book_not_on_shelf: [{ decision: decision("reveal_book", ["cuaderno-de-escaleras"], 0.5) }],
  book_already_revealed: [{ decision: decision("reveal_book", ["tratado-hexagono-vacio"], 0.5) }],
  place_elsewhere: [{ decision: decision("environmental_event", ["map-room"], 0.6) }],
  quest_status: [
    { decision: decision("resolve_quest", ["descent-to-the-well"], 0.8) },
    { decision: decision("advance_quest", ["misfiled-book"], 0.5) },
    { decision: decision("complication", ["descent-to-the-well"], 0.6) },
    { decision: decision("foreshadow", ["save-the-chronicle"], 0.2) },
    { state: sceneState({ quest_flags: {} }), decision: decision("advance_quest", ["count-the-stairs"], 0.5) },
  ],
  complication_too_tense: [{ state: sceneState({ tension: 0.85 }), decision: decision("complication", ["ines"], 0.7) }],
  quiet_moment_required: [
    { state: sceneState({ recent_beats: ["complication", "environmental_event", "resolve_quest"] }), decision: decision("reveal_book", ["catalogue-of-lamps"], 0.5) },
    { state: sceneState({ recent_beats: ["quiet_moment", "environmental_event", "complication", "environmental_event"] }), decision: decision("introduce_npc", ["tomas"], 0.4) },
  ],
  beat_repeated: [
    { state: sceneState({ recent_beats: ["advance_quest", "advance_quest"] }), decision: decision("advance_quest", ["count-the-stairs"], 0.5) },
    { state: sceneState({ recent_beats: ["reveal_book", "quiet_moment", "quiet_moment"] }), decision: decision("quiet_moment", [], 0.1) },
  ],
  intensity_range: [
    { decision: decision("quiet_moment", [], 0.5) },
    { decision: decision("complication", ["ines"], 0.3) },
    { decision: decision("foreshadow", ["descent-to-the-well"], 0.9) },
  ],
};

test("every rule has an illegal decision that breaks it, and only it", () => {
  for (const rule of RULES) {
    const cases = CASES[rule];
    assert.ok(cases.length > 0, `no failing case for rule ${rule}`);
    for (const c of cases) {
      const result = checkDecision(c.state ?? sceneState(), c.decision, world);
      assert.equal(result.legal, false, `${rule}: ${JSON.stringify(c.decision)} should be illegal`);
      assert.deepEqual(rulesOf(c.state ?? sceneState(), c.decision), [rule, ...(c.also ?? [])].sort(), `${rule}: ${JSON.stringify(result.violations)}`);
      for (const v of result.violations) assert.ok(v.message.length > 10, `${rule}: the message says what is wrong`);
    }
  }
  assert.deepEqual(Object.keys(CASES).sort(), [...RULES].sort());
  assert.deepEqual(Object.keys(RULE_DESCRIPTIONS).sort(), [...RULES].sort());
});

test("violations name the culprit", () => {
  const [v] = checkDecision(sceneState(), decision("introduce_npc", ["casiano"], 0.4), world).violations;
  assert.match(v!.message, /Casiano the Purifier/);
  const spoiler = checkDecision(sceneState({ npcs_present: ["lucio"] }), decision("introduce_npc", ["lucio"], 0.4), world).violations[0]!;
  assert.match(spoiler.message, /chapter 3; this is chapter 2/);
});

test("several broken rules are all reported", () => {
  const state = sceneState({ tension: 0.9, recent_beats: ["complication", "environmental_event", "resolve_quest"] });
  assert.deepEqual(rulesOf(state, decision("complication", ["casiano", "misfiled-book"], 0.2)), [
    "complication_too_tense",
    "intensity_range",
    "npc_absent",
    "npc_not_introduced",
    "quest_status",
    "quiet_moment_required",
  ]);
});

test("a model's raw reply is judged as text", () => {
  const ok = JSON.stringify(decision("quiet_moment", [], 0.1));
  assert.ok(checkDecisionText(sceneState(), ` ${ok}\n`, world).legal);
  const bad = checkDecisionText(sceneState(), "The reader rests.", world);
  assert.equal(bad.legal, false);
  assert.deepEqual(bad.violations.map((v) => v.rule), ["schema"]);
});
