import assert from "node:assert/strict";
import { test } from "node:test";
import type { ResolvedConfig } from "../../config/resolve.js";
import type { ChatExample } from "../../spec/index.js";
import { bookSuite } from "./book.js";
import { buildCases, type SuiteInput } from "./suite.js";

const example = (id: string, text: string): ChatExample => ({
  id,
  messages: [
    { role: "user", content: `Write the book ${id}.` },
    { role: "assistant", content: text },
  ],
});

function input(maxExamples: number): SuiteInput {
  const styles: Record<string, string> = { "chr-0001-p1": "chronicle", "poe-0002-p1": "poem", "cat-0003-p1": "catalogue_entry" };
  const raw = new Map<string, Record<string, unknown>>(
    Object.entries(styles).map(([id, style]) => [id, { id, style, language: "en", title: id, text: "words" }]),
  );
  return {
    config: {} as ResolvedConfig, // buildCases and the book suite read nothing from it
    heldOut: Object.keys(styles).map((id) => example(id, "Some text of the book.")),
    train: [],
    raw,
    maxExamples,
    fewShot: 0,
    seed: 1,
  };
}

test("buildCases: every held-out example has its group, generated or not (per-group perplexity covers them all)", () => {
  const built = buildCases(input(1), (r) => String(r.style));
  assert.equal(built.cases.length, 1);
  // The two examples not picked for generation still get their style, not a guess from their id.
  assert.equal(built.groupOfId("chr-0001-p1"), "chronicle");
  assert.equal(built.groupOfId("poe-0002-p1"), "poem");
  assert.equal(built.groupOfId("cat-0003-p1"), "catalogue_entry");
  assert.equal(built.groupOfId("nope-0004"), null);
});

test("bookSuite.groupOf: the style of any held-out passage", () => {
  const suite = bookSuite(input(1));
  assert.equal(suite.cases.length, 1);
  assert.deepEqual(["chr-0001-p1", "poe-0002-p1", "cat-0003-p1"].map((id) => suite.groupOf(id)), ["chronicle", "poem", "catalogue_entry"]);
});

test("buildCases: everyReply makes each assistant turn a case; samples repeats each case under its own id", () => {
  const conv: ChatExample = {
    id: "npc-0001",
    messages: [
      { role: "system", content: "You are X." },
      { role: "user", content: "Hello?" },
      { role: "assistant", content: "Hello, reader." },
      { role: "user", content: "Are you an AI?" },
      { role: "assistant", content: "A what? I am X." },
    ],
  };
  const base: SuiteInput = { config: {} as ResolvedConfig, heldOut: [conv], train: [], raw: new Map([["npc-0001", { id: "npc-0001", persona: "x" }]]), maxExamples: 10, fewShot: 0, seed: 1 };
  const every = buildCases(base, (r) => String(r.persona), undefined, undefined, { everyReply: true });
  assert.deepEqual(every.cases.map((c) => c.id).sort(), ["npc-0001#1", "npc-0001#2"]);
  const second = every.cases.find((c) => c.id === "npc-0001#2")!;
  assert.equal(second.reference, "A what? I am X.");
  assert.equal(second.prompt.at(-1)!.content, "Are you an AI?");
  assert.equal(every.cases.find((c) => c.id === "npc-0001#1")!.prompt.length, 2);
  assert.equal(every.groupOfId("npc-0001"), "x");
  const sampled = buildCases({ ...base, samples: 3 }, (r) => String(r.persona));
  assert.deepEqual(sampled.cases.map((c) => c.id), ["npc-0001~1", "npc-0001~2", "npc-0001~3"]);
  assert.equal(sampled.references.length, 3);
});
