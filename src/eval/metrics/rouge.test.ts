import { test } from "node:test";
import assert from "node:assert/strict";
import { meanRouge, rougeScores, rougeTokens } from "./rouge.js";

test("rouge-score's tokenizer keeps only a-z and 0-9 runs (accented letters split words)", () => {
  assert.deepEqual(rougeTokens("¿Dónde está el Índice, señor?"), ["d", "nde", "est", "el", "ndice", "se", "or"]);
  assert.deepEqual(rougeTokens("H-0413: 1,568"), ["h", "0413", "1", "568"]);
  // Stemming only touches tokens longer than 3 characters.
  assert.deepEqual(rougeTokens("The running dogs ran", true), ["the", "run", "dog", "ran"]);
});

test("ROUGE of a hand-counted pair", () => {
  const s = rougeScores("the cat sat on the mat", "the cat is on the mat");
  assert.deepEqual(s.rouge1, { precision: 5 / 6, recall: 5 / 6, fmeasure: 5 / 6 });
  assert.deepEqual(s.rouge2, { precision: 3 / 5, recall: 3 / 5, fmeasure: 3 / 5 });
  // LCS "the cat on the mat" = 5 tokens.
  assert.deepEqual(s.rougeL, { precision: 5 / 6, recall: 5 / 6, fmeasure: 5 / 6 });
  // Precision is over the hypothesis, recall over the reference.
  const short = rougeScores("the cat", "the cat is on the mat");
  assert.equal(short.rouge1.precision, 1);
  assert.equal(short.rouge1.recall, 2 / 6);
});

test("ROUGE-Lsum takes the union LCS per reference line; ROUGE-L sees one sequence", () => {
  // ref lines [a b] [c d], hyp lines [a c] [b d]: line "a b" gets a (from "a c") and b (from "b d"),
  // line "c d" gets c and d: 4 hits of 4. As one sequence, a b c d vs a c b d has LCS 3.
  const s = rougeScores("a c\nb d", "a b\nc d");
  assert.deepEqual(s.rougeLsum, { precision: 1, recall: 1, fmeasure: 1 });
  assert.equal(s.rougeL.fmeasure, 3 / 4);
});

test("empty texts score 0 and the mean is per type", () => {
  const empty = rougeScores("", "the cat");
  for (const k of ["rouge1", "rouge2", "rougeL", "rougeLsum"] as const) assert.equal(empty[k].fmeasure, 0);
  const m = meanRouge([empty, rougeScores("the cat", "the cat")]);
  assert.equal(m.rouge1.fmeasure, 0.5);
  assert.equal(m.rougeLsum.recall, 0.5);
});
