import { test } from "node:test";
import assert from "node:assert/strict";
import { loadCanon } from "../../canon/load.js";
import { loadPersonaCards } from "../persona.js";
import { npcJudge } from "../scorers.js";
import { loadJudgeSet, misclassified, scoreJudgeSet, summary, type Rates } from "./judge-set.js";

/**
 * The NPC out-of-character scorers on the held-out half of the hand-labelled judge set
 * (world/judge-sets/npc/test.jsonl, written independently of the scorers and never tuned on).
 * A scorer change that loses recall on real breaks of character, or flags good in-voice replies,
 * fails here. Messages give counts and item ids only: the test half is for measuring, not for
 * reading (`node --import tsx bench/judges/npc-ooc.ts` prints the dev half in full).
 */
const judge = npcJudge({ canon: loadCanon("world/canon"), personas: loadPersonaCards("world/personas") });
const scored = scoreJudgeSet(judge, loadJudgeSet("world/judge-sets/npc/test.jsonl"));
const s = summary(scored);
const wrong = (label: "in" | "out", lang?: string): string =>
  misclassified(scored)
    .filter((w) => w.item.label === label && (!lang || w.item.lang === lang))
    .map((w) => w.item.id)
    .join(", ");
const show = (r: Rates): string => `recall ${r.caught}/${r.out}, false positives ${r.flagged}/${r.in}`;

test("judge set (test half): the whole set has both labels, both languages and every category", () => {
  assert.ok(scored.length > 250, `${scored.length} items`);
  assert.deepEqual(Object.keys(s.lang), ["en", "es"]);
  assert.equal(Object.keys(s.category).length, 14);
});

// What the scorers reach today (test half, 2 measurements in all): recall 132/147 (en 70/74,
// es 62/73), false positives 4/110 (2/55 each). The floors sit one item below, so any loss fails.
const FLOOR = { all: 0.89, en: 0.93, es: 0.84 } as const;

test("judge set (test half): no regression — recall and false positives at least as good as measured", () => {
  assert.ok(s.all.recall! >= FLOOR.all, `${show(s.all)}; missed: ${wrong("out")}`);
  assert.ok(s.all.fp! <= 0.05, `${show(s.all)}; flagged: ${wrong("in")}`);
  for (const lang of ["en", "es"] as const) {
    const r = s.lang[lang]!;
    assert.ok(r.recall! >= FLOOR[lang], `${lang}: ${show(r)}; missed: ${wrong("out", lang)}`);
    assert.ok(r.fp! <= 0.05, `${lang}: ${show(r)}; flagged: ${wrong("in", lang)}`);
  }
});

// The target: ≥ 95% recall with ≤ 5% false positives, overall and in each language. Not reached
// yet (Spanish sycophancy, meta-game and knowledge-cutoff phrasings are the main misses), so it is
// reported as a todo rather than failing the suite; drop `todo` once it passes.
const TARGET = { todo: "95% recall not reached yet (test half: 89.8% overall, 94.6% en, 84.9% es)" };

test("judge set (test half): target — recall ≥ 95%, false positives ≤ 5% overall", TARGET, () => {
  assert.ok(s.all.recall! >= 0.95, `${show(s.all)}; missed: ${wrong("out")}`);
  assert.ok(s.all.fp! <= 0.05, `${show(s.all)}; flagged: ${wrong("in")}`);
});

test("judge set (test half): target — the same bars in English and in Spanish", TARGET, () => {
  for (const [lang, r] of Object.entries(s.lang)) {
    assert.ok(r.recall! >= 0.95, `${lang}: ${show(r)}; missed: ${wrong("out", lang)}`);
    assert.ok(r.fp! <= 0.05, `${lang}: ${show(r)}; flagged: ${wrong("in", lang)}`);
  }
});
