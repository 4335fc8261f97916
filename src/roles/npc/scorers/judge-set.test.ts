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

// What the scorers reach today (test half, 4 measurements in all): recall 135/147 (en 70/74,
// es 65/73), false positives 3/110 (en 2/55, es 1/55). The floors sit one item below, so any loss fails.
const FLOOR = { all: 0.91, en: 0.93, es: 0.87 } as const;

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
// yet (sycophancy and meta-game phrasings are the main misses, Spanish above all), so it is
// reported as a todo rather than failing the suite; drop `todo` once it passes.
const TARGET = { todo: "95% recall not reached yet (test half: recall 91.8% overall, 94.6% en, 89.0% es; false positives 2.7%, 3.6% en, 1.8% es)" };

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

/**
 * The second and third development sets (world/judge-sets/npc/dev-2.jsonl and dev-3.jsonl, each by
 * another writer, see the README): the scorers were tuned on them, so these floors only guard
 * against losing what was reached. Being development sets, their misses may be printed in full.
 */
const wrongIn = (scoredDev: ReturnType<typeof scoreJudgeSet>, label: "in" | "out", lang?: string): string =>
  misclassified(scoredDev)
    .filter((w) => w.item.label === label && (!lang || w.item.lang === lang))
    .map((w) => `${w.item.id} (${w.reasons.join(" | ") || "no reason"})`)
    .join(", ");

// What the scorers reach today. dev-2: recall 175/175 (en 60/60, es 115/115), false positives
// 0/90. dev-3: recall 170/170 (en 82/82, es 88/88), false positives 0/85 (before it was tuned on:
// 146/170, false positives 2/85). The recall floors sit one item below; false positives stay at most 3%.
const DEV_SETS = [
  { name: "dev-2", path: "world/judge-sets/npc/dev-2.jsonl", floor: { all: 0.99, en: 0.98, es: 0.99 } },
  { name: "dev-3", path: "world/judge-sets/npc/dev-3.jsonl", floor: { all: 0.99, en: 0.98, es: 0.98 } },
] as const;

for (const dev of DEV_SETS) {
  test(`judge set (${dev.name}): no regression — recall and false positives at least as good as measured`, () => {
    const scoredDev = scoreJudgeSet(judge, loadJudgeSet(dev.path));
    const sd = summary(scoredDev);
    assert.ok(scoredDev.length > 250, `${scoredDev.length} items`);
    assert.ok(sd.all.recall! >= dev.floor.all, `${show(sd.all)}; missed: ${wrongIn(scoredDev, "out")}`);
    assert.ok(sd.all.fp! <= 0.03, `${show(sd.all)}; flagged: ${wrongIn(scoredDev, "in")}`);
    for (const lang of ["en", "es"] as const) {
      const r = sd.lang[lang]!;
      assert.ok(r.recall! >= dev.floor[lang], `${lang}: ${show(r)}; missed: ${wrongIn(scoredDev, "out", lang)}`);
      assert.ok(r.fp! <= 0.03, `${lang}: ${show(r)}; flagged: ${wrongIn(scoredDev, "in", lang)}`);
    }
  });
}
