import { test } from "node:test";
import assert from "node:assert/strict";
import { englishNumber, spanishCount, spanishNumber } from "./numbers.js";

test("numbers in English words", () => {
  assert.equal(englishNumber(0), "zero");
  assert.equal(englishNumber(87), "eighty-seven");
  assert.equal(englishNumber(410), "four hundred and ten");
  assert.equal(englishNumber(4096), "four thousand and ninety-six");
  assert.equal(englishNumber(1312), "one thousand three hundred and twelve");
  assert.throws(() => englishNumber(10000));
});

test("numbers in Spanish words, and the short form before a noun", () => {
  assert.equal(spanishNumber(87), "ochenta y siete");
  assert.equal(spanishNumber(410), "cuatrocientos diez");
  assert.equal(spanishNumber(100), "cien");
  assert.equal(spanishNumber(116), "ciento dieciséis");
  assert.equal(spanishNumber(2021), "dos mil veintiuno");
  assert.equal(spanishCount(21), "veintiún");
  assert.equal(spanishCount(31), "treinta y un");
  assert.equal(spanishCount(1), "un");
  assert.equal(spanishCount(12), "doce");
});
