import { test } from "node:test";
import assert from "node:assert/strict";
import { splitOf } from "./split.js";

test("a group always lands in the same split", () => {
  for (const key of ["ines-0001", "aurelio-0042", "x"]) {
    assert.equal(splitOf(key, { validation: 0.1, test: 0.1 }), splitOf(key, { validation: 0.1, test: 0.1 }));
  }
});

test("fractions are respected within sampling error", () => {
  const counts = { train: 0, validation: 0, test: 0 };
  for (let i = 0; i < 10_000; i++) counts[splitOf(`g-${i}`, { validation: 0.1, test: 0.2 })] += 1;
  assert.ok(Math.abs(counts.test / 10_000 - 0.2) < 0.015, JSON.stringify(counts));
  assert.ok(Math.abs(counts.validation / 10_000 - 0.1) < 0.015, JSON.stringify(counts));
});

test("zero held-out fractions put everything in train", () => {
  assert.equal(splitOf("anything", { validation: 0, test: 0 }), "train");
});
