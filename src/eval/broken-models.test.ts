import assert from "node:assert/strict";
import { test } from "node:test";
import { fileURLToPath } from "node:url";
import { loadRecipe } from "../config/load-recipe.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { buildBookMessages } from "../roles/book/prompt.js";
import type { BookRecord } from "../roles/book/record.js";
import { directorChatExample } from "../roles/director/prompt.js";
import type { Decision } from "../roles/director/decision.js";
import type { GameState } from "../roles/director/game-state.js";
import { loadPersonaCards } from "../roles/npc/persona.js";
import { buildNpcMessages, type NpcTurn } from "../roles/npc/prompt.js";
import type { ChatExample } from "../spec/index.js";
import { evaluateGates, gatesFailed } from "./gates.js";
import type { Generation } from "./generate.js";
import { scoreSuite, suiteFor, type EvalReport, type SuiteName, type SystemName } from "./run-eval.js";
import { loadRawRecords, readJsonl, type Suite, type SuiteInput } from "./suites/suite.js";

/**
 * Models that a player would call broken must fail `scriptorium eval --gate` on the recipes' own
 * gates, and the held-out references themselves must pass: the real suites over the sample world's
 * held-out sets, the real scorers, the real gate check — only the generations are canned.
 */
const at = (p: string) => fileURLToPath(new URL(`../../${p}`, import.meta.url));
const personas = at("world/personas");
const cards = new Map(loadPersonaCards(personas).map((c) => [c.id, c]));

const chatOf: Record<SuiteName, (r: Record<string, unknown>) => ChatExample> = {
  npc: (r) => ({ id: String(r.id), messages: buildNpcMessages(cards.get(String(r.persona))!, r.turns as NpcTurn[], "compact") }),
  director: (r) => directorChatExample(r as { id: string; state: GameState; decision: Decision }),
  book: (r) => ({ id: String(r.id), messages: buildBookMessages(r as unknown as BookRecord) }),
};

function suiteOf(role: SuiteName): Suite<unknown> {
  const split = (name: string) => readJsonl<Record<string, unknown>>(at(`world/datasets/${role}/${name}.jsonl`)).map(chatOf[role]);
  const input: SuiteInput = {
    config: { data: { personas, canon: at("world/canon"), npc_prompt: "compact" } } as unknown as ResolvedConfig,
    heldOut: split("test"),
    train: split("train"),
    raw: loadRawRecords(at(`world/datasets/${role}`)),
    maxExamples: 40,
    fewShot: 0,
    seed: 42,
  };
  return suiteFor(role, input);
}

const ASSISTANT = [
  "As an AI language model, I don't have personal experiences, but I'd be happy to help! Here are a few options:\n\n1. **Check the catalogue**\n2. **Ask a librarian**\n\nLet me know if you have any other questions!",
  "I'm sorry, but I can't help with that. Is there anything else I can help you with?",
  "Great question! As a helpful assistant, I can tell you that the library is a fictional place. I hope this helps!",
];
const WRONG_LANGUAGE = "这是一个很好的问题。我是图书馆的管理员，我可以帮你找到你想要的书。请告诉我书名。";

type Model = (c: Suite<unknown>["cases"][number], i: number) => string;
const MODELS: Record<string, Model> = {
  empty: () => "",
  looping: (c) => Array(15).fill(c.group === "poem" ? "The lamp, the lamp, the lamp is lit." : "Hello, friend! Welcome!").join(" "),
  assistant: (_, i) => ASSISTANT[i % ASSISTANT.length]!,
  wrong_language: () => WRONG_LANGUAGE,
};

function gateRun(role: SuiteName, suite: Suite<unknown>, tuned: Model): { report: Pick<EvalReport, "metrics" | "role" | "main_metric">; failed: string[] } {
  const gen = (m: Model): Generation[] => suite.cases.map((c, i) => ({ id: c.id, text: m(c, i), new_tokens: 64, prompt_tokens: 100, finish: "eos" }));
  const outputs: Partial<Record<SystemName, Generation[]>> = { base: gen(MODELS.assistant!), tuned: gen(tuned) };
  const scored = scoreSuite(suite, outputs, { bootstrap: { resamples: 100, confidence: 0.95, seed: 1 }, perplexity: null, groupOfId: () => null });
  const report = { ...scored, role } as unknown as EvalReport;
  const gates = loadRecipe(at(`recipes/${role}.yaml`)).recipe.eval.gates;
  return { report, failed: gatesFailed(evaluateGates(gates, report, null)).map((g) => g.detail) };
}

for (const role of ["npc", "director", "book"] as const) {
  test(`${role}: the held-out references pass the recipe's gates; an empty, a looping, an assistant-like and a wrong-language model fail them`, () => {
    const suite = suiteOf(role);
    assert.ok(suite.cases.length >= 30, `${suite.cases.length} cases`);
    const good = gateRun(role, suite, (c) => c.reference);
    assert.deepEqual(good.failed, [], `the references themselves must pass (${good.report.main_metric})`);
    for (const [name, model] of Object.entries(MODELS)) {
      const bad = gateRun(role, suite, model);
      assert.ok(bad.failed.length > 0, `${role}: the ${name} model passed every gate`);
    }
  });
}
