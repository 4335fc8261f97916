import { test } from "node:test";
import assert from "node:assert/strict";
import { distinctN, repetitionRate, words } from "./diversity.js";

test("words keeps Spanish letters and lower-cases", () => {
  assert.deepEqual(words("¿Dónde está el Índice, señor?"), ["dónde", "está", "el", "índice", "señor"]);
});

test("distinct-n tells varied text from a repeated one", () => {
  const varied = ["the lamp is lit", "a reader climbs stairs", "no two books alike"];
  const same = ["the lamp is lit", "the lamp is lit", "the lamp is lit"];
  assert.equal(distinctN(varied, 1), 1);
  assert.ok(distinctN(same, 2) < 0.34 && distinctN(same, 2) > 0.33);
  assert.equal(distinctN([""], 2), 0);
});

test("repetition rate is 0 for fresh text and high for a loop", () => {
  assert.equal(repetitionRate("one two three four five"), 0);
  const loop = "I do not know. I do not know. I do not know. I do not know.";
  assert.ok(repetitionRate(loop) > 0.6, String(repetitionRate(loop)));
  assert.equal(repetitionRate("too short"), 0);
});
