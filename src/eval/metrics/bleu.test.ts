import { test } from "node:test";
import assert from "node:assert/strict";
import { corpusBleu, sentenceBleu, tokenize13a } from "./bleu.js";

const close = (a: number, b: number, what: string): void => assert.ok(Math.abs(a - b) < 1e-9, `${what}: ${a} vs ${b}`);

test("13a splits punctuation but keeps numbers, codes and apostrophes whole", () => {
  assert.equal(tokenize13a("Hello, world! It's 1,568 in H-0413."), "Hello , world ! It's 1,568 in H-0413 .");
  assert.equal(tokenize13a("5-4 x-y 3.14"), "5 - 4 x-y 3.14");
  assert.equal(tokenize13a("Tom &amp; Jerry"), "Tom & Jerry");
  assert.equal(tokenize13a("hyphen-\nated"), "hyphenated");
  // Python's whitespace, not JavaScript's: U+0085 separates, U+FEFF does not.
  assert.equal(tokenize13a("a\u0085b c\ufeffd"), "a b c\ufeffd");
});

test("BLEU of a hand-counted pair: precisions 5/6, 3/5, 1/4 and a smoothed 0/3", () => {
  const s = corpusBleu(["the cat sat on the mat"], [["the cat is on the mat"]]);
  assert.deepEqual(s.counts, [5, 3, 1, 0]);
  assert.deepEqual(s.totals, [6, 5, 4, 3]);
  // exp smoothing: the first order with no match counts as 1/(2·total).
  const p = [(100 * 5) / 6, 60, 25, 100 / (2 * 3)];
  p.forEach((x, i) => close(s.precisions[i]!, x, `p${i + 1}`));
  assert.equal(s.bp, 1);
  close(s.score, (p[0]! * p[1]! * p[2]! * p[3]!) ** 0.25, "score");
  close(s.score, sentenceBleu("the cat sat on the mat", ["the cat is on the mat"]).score, "sentence = corpus of one");
});

test("a short hypothesis pays the brevity penalty; sentence BLEU drops the orders it cannot have", () => {
  const corpus = corpusBleu(["the cat"], [["the cat sat on the mat"]]);
  close(corpus.bp, Math.exp(1 - 6 / 2), "bp");
  assert.equal(corpus.score, 0); // no 3- or 4-grams at all: corpus BLEU keeps order 4, log(0) floors it
  close(sentenceBleu("the cat", ["the cat sat on the mat"]).score, 100 * Math.exp(-2), "effective order 2");
});

test("identical text scores 100, an empty hypothesis 0", () => {
  close(corpusBleu(["¿Dónde está el Índice, señor?"], [["¿Dónde está el Índice, señor?"]]).score, 100, "identical");
  const empty = corpusBleu([""], [["some words here"]]);
  assert.equal(empty.score, 0);
  assert.equal(empty.sys_len, 0);
  assert.equal(empty.bp, 0);
});

test("several references: clipped by the best one, length of the closest (shorter on a tie)", () => {
  // refs of 3 and 5 tokens for a 4-token hypothesis: both 1 away, the shorter wins.
  const s = corpusBleu(["a b c d"], [["a b c"], ["a b c d e"]]);
  assert.equal(s.ref_len, 3);
  assert.deepEqual(s.counts, [4, 3, 2, 1]);
  // "x x" is clipped to the most x's in any one reference (2), not the sum over references (3).
  const clipped = corpusBleu(["x x x"], [["x x y"], ["x y y"]]);
  assert.equal(clipped.counts[0], 2);
  // A null entry: this hypothesis has only one reference.
  assert.equal(corpusBleu(["a b", "c d"], [["a b", "c d"], [null, "c"]]).ref_len, 4);
});

test("reference streams must line up with the hypotheses", () => {
  assert.throws(() => corpusBleu(["a", "b"], [["a"]]), /stream 0 has 1 lines for 2/);
  assert.throws(() => corpusBleu(["a"], []), /no reference stream/);
});
