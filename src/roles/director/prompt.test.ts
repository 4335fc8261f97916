import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatExample } from "../../spec/chat.js";
import { BEATS } from "./beats.js";
import { Decision, DECISION_KEYS } from "./decision.js";
import { FIXTURE_WORLD } from "./fixture-world.js";
import { GameState } from "./game-state.js";
import { buildDirectorMessages, directorChatExample, directorSystemPrompt } from "./prompt.js";
import { checkDecisionText } from "./rules/check.js";
import { decision, sceneState } from "./test-helpers.js";

test("the brief names every beat with its range, the JSON keys and the pacing rules, and stays short", () => {
  const brief = directorSystemPrompt();
  for (const beat of BEATS) assert.match(brief, new RegExp(`^${beat} \\[`, "m"));
  assert.match(brief, /"beat","targets","intensity","narration_hint","rationale"/);
  assert.match(brief, /quiet_moment \[npc\?\] 0-0\.3/);
  assert.match(brief, /no complication above tension 0\.8/);
  assert.match(brief, /quiet_moment after 3 tense beats \(environmental_event, complication, resolve_quest\)/);
  // ~250 tokens with the SmolLM2 tokenizer (251 when written); characters are a tokenizer-free proxy.
  assert.ok(brief.length <= 1000, `${brief.length} characters`);
});

test("with a world, the brief adds the names behind the ids", () => {
  const brief = directorSystemPrompt(FIXTURE_WORLD);
  assert.ok(brief.startsWith(directorSystemPrompt()));
  assert.match(brief, /ines=Hermana Inés/);
  assert.match(brief, /tratado-hexagono-vacio=Tratado del Hexágono Vacío/);
});

test("messages: system brief, the state as compact JSON, the decision with keys in order", () => {
  const d: Decision = { rationale: "Why.", narration_hint: "A lamp.", intensity: 0.1, targets: [], beat: "quiet_moment" };
  const state = sceneState({ npcs_present: ["tomas", "dolores"] });
  const messages = buildDirectorMessages({ state }, d);
  assert.deepEqual(messages.map((m) => m.role), ["system", "user", "assistant"]);
  assert.equal(messages[0]!.content, directorSystemPrompt());
  assert.equal(messages[1]!.content, JSON.stringify(JSON.parse(messages[1]!.content)), "compact JSON");
  assert.deepEqual(GameState.parse(JSON.parse(messages[1]!.content)).npcs_present, ["dolores", "tomas"], "ids sorted");
  assert.deepEqual(Object.keys(JSON.parse(messages[2]!.content) as object), [...DECISION_KEYS]);
  assert.ok(checkDecisionText(state, messages[2]!.content, FIXTURE_WORLD).legal, "the assistant turn is what the rules read");
  assert.equal(buildDirectorMessages({ state }).length, 2, "no decision: a prompt to complete");
});

test("a record becomes a chat example; an explicit decision wins over the record's", () => {
  const record = { id: "dir-0001-01", scenario: "ch2/mid/dolores+ines+tomas", state: sceneState(), decision: decision("quiet_moment", [], 0.1) };
  const example = ChatExample.parse(directorChatExample(record));
  assert.equal(example.id, "dir-0001-01");
  assert.equal(example.messages.length, 3);
  const other = decision("introduce_npc", ["tomas"], 0.4);
  assert.equal(JSON.parse(buildDirectorMessages(record, other)[2]!.content).beat, "introduce_npc");
});

test("without a world, the brief is the one the datasets were built with, word for word", () => {
  // Training data depends on these bytes: changing them changes what tuned models expect.
  assert.equal(
    directorSystemPrompt(),
    [
      'You are the Director of La Biblioteca Eterna. Given the game state, reply with the next story beat as JSON {"beat","targets","intensity","narration_hint","rationale"}.',
      "beat [target ids] intensity:",
      "introduce_npc [unmet npc] 0.2-0.6",
      "reveal_book [unrevealed book on shelf] 0.3-0.8",
      "environmental_event [this place] 0.4-0.9",
      "advance_quest [open/active quest, npc?] 0.3-0.7",
      "complication [npc?, active quest?] 0.5-1",
      "quiet_moment [npc?] 0-0.3",
      "resolve_quest [active quest, npc?] 0.5-1",
      "foreshadow [open quest] 0.1-0.4",
      "Rules: NPCs present and met (except introduce_npc); nothing from later chapters; no complication above tension 0.8; quiet_moment after 3 tense beats (environmental_event, complication, resolve_quest); no beat 3 times in a row.",
    ].join("\n"),
  );
});

test("with a world, the brief ends with one line asking for a single JSON object and nothing else", () => {
  const lines = directorSystemPrompt(FIXTURE_WORLD).split("\n");
  assert.match(lines.at(-2)!, /^Names: /);
  assert.match(lines.at(-1)!, /^Reply with a single JSON object and nothing else/);
  assert.match(lines.at(-1)!, /intensity.*range above/, "points at the ranges already listed per beat");
  assert.doesNotMatch(directorSystemPrompt(), /single JSON object/);
});
