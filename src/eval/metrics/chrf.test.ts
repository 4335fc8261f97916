import { test } from "node:test";
import assert from "node:assert/strict";
import { chrfWords, corpusChrf, sentenceChrf } from "./chrf.js";

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test("chrF of 'ab' against 'ac', by hand", () => {
  // 1-grams: P = R = 1/2; 2-grams: P = R = 0; orders 3..6 absent, left out (effective order 2).
  // avg P = avg R = 1/4, F2 = 5·P·R / (4P + R) = 1/4.
  close(sentenceChrf("ab", ["ac"]), 25, "chrF");
  // chrF++ adds word 1-grams "ab" vs "ac" (P = R = 0): avg over 3 orders = 1/6, F2 = 1/6.
  close(sentenceChrf("ab", ["ac"], { wordOrder: 2 }), 100 / 6, "chrF++");
});

test("chrF ignores whitespace, not case or accents", () => {
  close(sentenceChrf("a b", ["ab"]), 100, "spaces");
  assert.ok(sentenceChrf("Señor", ["señor"]) < 100);
  assert.ok(sentenceChrf("senor", ["señor"]) > 0);
  assert.equal(sentenceChrf("", ["señor"]), 0);
  close(corpusChrf(["¿Dónde?", "Aquí."], [["¿Dónde?", "Aquí."]]), 100, "identical corpus");
});

test("recall weighs more than precision (beta 2)", () => {
  const long = sentenceChrf("the lamp of the reading room", ["the lamp"]);
  const short = sentenceChrf("the lamp", ["the lamp of the reading room"]);
  assert.ok(long > short, `${long} vs ${short}`);
});

test("several references: the best-scoring one counts", () => {
  close(sentenceChrf("ab", ["zz", "ab"]), 100, "best of two");
  close(corpusChrf(["ab"], [["zz"], ["ab"]]), 100, "corpus, two streams");
  close(corpusChrf(["ab"], [["ac"], [null]]), 25, "null reference skipped");
});

test("chrF++ words: one ASCII punctuation mark split off the end, else the start", () => {
  assert.deepEqual(chrfWords("(hi) there, «amigo». ¿qué"), ["(hi", ")", "there", ",", "«amigo»", ".", "¿qué"]);
  assert.deepEqual(chrfWords("a . 📚"), ["a", ".", "📚"]);
});
