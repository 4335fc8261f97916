import { test } from "node:test";
import assert from "node:assert/strict";
import { BEATS, COMPLICATION_MAX_TENSION } from "./beats.js";
import { Decision } from "./decision.js";
import { expertDecision, legalCandidates } from "./expert-policy.js";
import { FIXTURE_WORLD } from "./fixture-world.js";
import { canonicalState, GameState, quietRequired } from "./game-state.js";
import { Rng } from "../rng.js";
import { checkDecision } from "./rules/check.js";
import { simulateSession, type SimStep } from "./simulator.js";
import { sceneState } from "./test-helpers.js";
import { indexWorld, type DirectorWorld } from "./world.js";

const world = FIXTURE_WORLD;
const sessions = (seed: number, n: number): SimStep[] => Array.from({ length: n }, (_, i) => simulateSession(world, seed, i + 1)).flat();
const steps = sessions(7, 80);

/** What a consistent state of this world looks like; the simulator must only produce these. */
function stateProblems(s: GameState, w: DirectorWorld): string[] {
  const { byId } = indexWorld(w);
  const kind = (id: string) => byId.get(id)?.kind;
  const chapterOf = (id: string) => byId.get(id)?.first_chapter ?? Infinity;
  const out: string[] = [];
  const place = byId.get(s.location.place);
  if (place?.kind !== "place" || place.hexagon !== s.location.hexagon) out.push(`bad location ${JSON.stringify(s.location)}`);
  if (chapterOf(s.location.place) > s.chapter) out.push("the reader is in a later chapter's place");
  for (const id of [...s.npcs_present, ...s.npcs_introduced]) if (kind(id) !== "npc" || chapterOf(id) > s.chapter) out.push(`npc ${id}`);
  for (const id of s.books_on_shelf) {
    const b = byId.get(id);
    if (b?.kind !== "book" || b.hexagon !== s.location.hexagon || b.first_chapter > s.chapter) out.push(`shelf ${id}`);
  }
  for (const id of s.books_revealed) if (kind(id) !== "book" || chapterOf(id) > s.chapter) out.push(`revealed ${id}`);
  const inPlay = w.chapters.filter((c) => c.n <= s.chapter).flatMap((c) => c.quests.map((q) => q.id));
  assert.deepEqual(Object.keys(s.quest_flags).sort(), inPlay.sort(), "every quest of this and earlier chapters is flagged, no other");
  return out;
}

test("sessions are deterministic per (seed, session) and differ across seeds", () => {
  assert.deepEqual(simulateSession(world, 7, 3), simulateSession(world, 7, 3));
  assert.notDeepEqual(simulateSession(world, 7, 3), simulateSession(world, 8, 3));
  assert.notDeepEqual(simulateSession(world, 7, 3), simulateSession(world, 7, 4));
});

test("every simulated state is valid and consistent with the world", () => {
  for (const { state } of steps) {
    GameState.parse(state);
    assert.deepEqual(state, canonicalState(state));
    assert.deepEqual(stateProblems(state, world), [], JSON.stringify(state));
  }
});

test("every gold decision is legal and well formed", () => {
  for (const { state, decision } of steps) {
    Decision.parse(decision);
    const check = checkDecision(state, decision, world);
    assert.ok(check.legal, `${JSON.stringify(state)} → ${JSON.stringify(decision)}: ${JSON.stringify(check.violations)}`);
    assert.doesNotMatch(`${decision.narration_hint} ${decision.rationale}`, /undefined|\$\{|NaN/);
  }
});

test("sessions walk: turns count up, places change, people come and go, tension rises and falls, chapters turn", () => {
  for (let s = 1; s <= 20; s++) {
    const run = simulateSession(world, 7, s);
    run.forEach((step, i) => {
      assert.equal(step.step, i + 1);
      if (i > 0) {
        const prev = run[i - 1]!;
        assert.equal(step.state.turn, prev.state.turn + 1);
        assert.equal(step.state.recent_beats.at(-1), prev.decision.beat, "the last beat is remembered");
        assert.ok(step.state.chapter === prev.state.chapter || step.state.chapter === prev.state.chapter + 1);
      }
    });
  }
  const distinct = <T>(f: (s: SimStep) => T) => new Set(steps.map((s) => JSON.stringify(f(s)))).size;
  assert.ok(distinct((s) => s.state.location.place) >= 7, "places");
  assert.ok(distinct((s) => s.state.npcs_present) >= 15, "casts");
  assert.ok(distinct((s) => s.state.chapter) === 4, "chapters");
  const rises = steps.filter((s, i) => i > 0 && s.session === steps[i - 1]!.session && s.state.tension > steps[i - 1]!.state.tension + 0.1).length;
  const falls = steps.filter((s, i) => i > 0 && s.session === steps[i - 1]!.session && s.state.tension < steps[i - 1]!.state.tension - 0.1).length;
  assert.ok(rises > 50 && falls > 50, `tension rises ${rises}, falls ${falls}`);
  assert.ok(steps.some((s, i) => i > 0 && s.session === steps[i - 1]!.session && s.state.chapter > steps[i - 1]!.state.chapter), "a chapter turns mid-session");
});

test("the expert uses every beat and follows the pacing rules where they bite", () => {
  const beats = new Set(steps.map((s) => s.decision.beat));
  assert.deepEqual([...beats].sort(), [...BEATS].sort());
  const owed = steps.filter((s) => quietRequired(s.state));
  assert.ok(owed.length > 10, `states that owe a quiet moment: ${owed.length}`);
  for (const s of owed) assert.equal(s.decision.beat, "quiet_moment");
  const taut = steps.filter((s) => s.state.tension > COMPLICATION_MAX_TENSION);
  assert.ok(taut.length > 10, `states above ${COMPLICATION_MAX_TENSION}: ${taut.length}`);
  assert.ok(taut.every((s) => s.decision.beat !== "complication"));
  // Judgement, not only legality: a taut scene is mostly eased, a slack one mostly stirred.
  const calming = taut.filter((s) => ["quiet_moment", "resolve_quest"].includes(s.decision.beat)).length;
  assert.ok(calming / taut.length > 0.5, `taut scenes eased ${calming}/${taut.length}`);
  const slack = steps.filter((s) => s.state.tension < 0.3 && !quietRequired(s.state));
  assert.ok(slack.filter((s) => s.decision.beat === "quiet_moment").length / slack.length < 0.15, "slack scenes are rarely left quiet");
});

test("hints and rationales vary and use the world's names", () => {
  const hints = new Set(steps.map((s) => s.decision.narration_hint));
  const rationales = new Set(steps.map((s) => s.decision.rationale));
  assert.ok(hints.size > steps.length * 0.3, `${hints.size} distinct hints of ${steps.length}`);
  assert.ok(rationales.size > steps.length * 0.5, `${rationales.size} distinct rationales of ${steps.length}`);
  for (const beat of BEATS) {
    const mine = steps.filter((s) => s.decision.beat === beat);
    const shapes = new Set(mine.map((s) => s.decision.narration_hint.replace(/«[^»]*»/g, "«»").split(" ").slice(0, 3).join(" ")));
    assert.ok(shapes.size >= 3, `${beat}: only ${shapes.size} hint templates in use`);
  }
  const { byId } = indexWorld(world);
  for (const { decision } of steps.filter((s) => s.decision.beat === "introduce_npc")) {
    const name = byId.get(decision.targets[0]!)!;
    assert.ok(decision.narration_hint.includes(name.kind === "npc" ? name.name : "?"), decision.narration_hint);
  }
});

test("the expert picks the only legal beat when only one is left, and always finds one", () => {
  const owed = sceneState({ recent_beats: ["complication", "environmental_event", "resolve_quest"] });
  assert.equal(expertDecision(owed, world, new Rng(1)).beat, "quiet_moment");
  assert.deepEqual([...new Set(legalCandidates(owed, world).map((c) => c.beat))], ["quiet_moment"]);
  const bare = sceneState({ npcs_present: [], books_on_shelf: [], quest_flags: {}, recent_beats: ["quiet_moment", "quiet_moment"] });
  for (let seed = 0; seed < 20; seed++) assert.equal(expertDecision(bare, world, new Rng(seed)).beat, "environmental_event");
});
