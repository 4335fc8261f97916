import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import type { ResolvedConfig } from "../../config/resolve.js";
import { BOOK_STYLE_SHEET, buildBookMessages } from "../../roles/book/prompt.js";
import type { BookRecord } from "../../roles/book/record.js";
import type { BookStyle } from "../../roles/canon/schema.js";
import { directorChatExample } from "../../roles/director/prompt.js";
import type { Decision } from "../../roles/director/decision.js";
import type { GameState } from "../../roles/director/game-state.js";
import { loadPersonaCards, type PersonaCard } from "../../roles/npc/persona.js";
import { buildNpcMessages, npcSystemPrompt, type NpcTurn } from "../../roles/npc/prompt.js";
import type { ChatExample } from "../../spec/index.js";
import { bookSuite } from "./book.js";
import { directorSuite } from "./director.js";
import { npcSuite } from "./npc.js";
import { loadRawRecords, readJsonl, type EvalCase, type SuiteInput } from "./suite.js";

// The sample world as the data build prepares it: held-out and training splits in chat form, as
// the tuned model was trained (NPC with the compact persona prompt), and the raw role records.
const at = (p: string) => fileURLToPath(new URL(`../../../world/${p}`, import.meta.url));
const personas = at("personas");
const cards = new Map(loadPersonaCards(personas).map((c) => [c.id, c]));
const K = 2;

function input(role: "npc" | "director" | "book", chat: (r: Record<string, unknown>) => ChatExample): SuiteInput {
  const split = (name: string) => readJsonl<Record<string, unknown>>(at(`datasets/${role}/${name}.jsonl`)).map(chat);
  return {
    // The suites read only these fields of the resolved config.
    config: { data: { personas, canon: at("canon"), npc_prompt: "compact" } } as unknown as ResolvedConfig,
    heldOut: split("test"),
    train: split("train"),
    raw: loadRawRecords(at(`datasets/${role}`)),
    maxExamples: 12,
    fewShot: K,
    seed: 7,
  };
}

const npcChat = (r: Record<string, unknown>): ChatExample => ({
  id: String(r.id),
  messages: buildNpcMessages(cards.get(String(r.persona))!, r.turns as NpcTurn[], "compact"),
});

/** What every baseline shares whatever the role: the same turns, and few-shot = baseline + k exchanges. */
function assertSameTurns(c: EvalCase): void {
  assert.equal(c.prompt[0]!.role, "system");
  assert.equal(c.baseline[0]!.role, "system");
  assert.deepEqual(c.baseline.slice(1), c.prompt.slice(1), `${c.id}: the conversation after the system message`);
  assert.ok(c.fewShot);
  assert.deepEqual(c.fewShot[0], c.baseline[0], `${c.id}: few-shot starts with the baseline's system message`);
  assert.equal(c.fewShot.length, c.baseline.length + 2 * K);
  assert.deepEqual(c.fewShot.slice(1 + 2 * K), c.baseline.slice(1));
}

test("NPC: the base model gets the full persona card, the tuned model the compact prompt it was trained on", () => {
  const suite = npcSuite(input("npc", npcChat));
  assert.ok(suite.cases.length > 0);
  assert.match(suite.prompts.tuned, /^compact persona prompt/);
  assert.match(suite.prompts.baseline, /^full persona card/);
  for (const c of suite.cases) {
    const card = cards.get(c.group) as PersonaCard;
    const system = c.baseline[0]!.content;
    assert.equal(system, npcSystemPrompt(card, "full"));
    for (const tic of card.voice.tics) assert.ok(system.includes(tic), `${c.id}: tic "${tic}"`);
    assert.match(system, /never tell them/);
    assert.equal(c.prompt[0]!.content, npcSystemPrompt(card, "compact"));
    assert.doesNotMatch(c.prompt[0]!.content, /never tell them/);
    assertSameTurns(c);
  }
});

test("NPC: few-shot examples are other conversations of the same persona", () => {
  const inp = input("npc", npcChat);
  const suite = npcSuite(inp);
  // Each shot pair is a training conversation's first exchange; find which persona it came from.
  const personaOf = new Map(inp.train.map((t) => [JSON.stringify(t.messages.slice(1, 3)), String(inp.raw.get(t.id)?.persona)]));
  for (const c of suite.cases) {
    for (let i = 0; i < K; i++) {
      const pair = JSON.stringify(c.fewShot!.slice(1 + 2 * i, 3 + 2 * i));
      assert.equal(personaOf.get(pair), c.group, `${c.id}: shot ${i}`);
    }
  }
});

test("Director: the base model gets the rules with the world's names and a JSON-only line; the tuned prompt has neither", () => {
  const suite = directorSuite(
    input("director", (r) => directorChatExample(r as { id: string; state: GameState; decision: Decision })),
  );
  assert.ok(suite.cases.length > 0);
  assert.match(suite.prompts.tuned, /trained on/);
  assert.match(suite.prompts.baseline, /names/);
  for (const c of suite.cases) {
    const [base, tuned] = [c.baseline[0]!.content, c.prompt[0]!.content];
    assert.ok(base.startsWith(tuned), "the full form extends the trained brief");
    assert.match(base, /^Names: .*ines=Hermana Inés/m);
    assert.match(base, /^Reply with a single JSON object and nothing else/m);
    assert.doesNotMatch(tuned, /^Names: /m);
    assert.doesNotMatch(tuned, /single JSON object/);
    assertSameTurns(c);
  }
});

test("Book: the base model gets the style sheet of the asked style; the tuned prompt does not", () => {
  const suite = bookSuite(input("book", (r) => ({ id: String(r.id), messages: buildBookMessages(r as unknown as BookRecord) })));
  assert.ok(suite.cases.length > 0);
  assert.match(suite.prompts.baseline, /style sheet/);
  const sheets = Object.values(BOOK_STYLE_SHEET);
  for (const c of suite.cases) {
    const [base, tuned] = [c.baseline[0]!.content, c.prompt[0]!.content];
    const sheet = BOOK_STYLE_SHEET[c.group as BookStyle];
    assert.ok(sheet, `${c.id}: a sheet for ${c.group}`);
    assert.ok(base.endsWith(sheet));
    assert.ok(base.startsWith(tuned));
    for (const other of sheets) if (other !== sheet) assert.ok(!base.includes(other), `${c.id}: only its own style's sheet`);
    for (const s of sheets) assert.ok(!tuned.includes(s));
    assertSameTurns(c);
  }
});
