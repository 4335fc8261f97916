import { test } from "node:test";
import assert from "node:assert/strict";
import { fnv1a, Rng, unit } from "./rng.js";

// Pinned values: the committed datasets depend on these exact numbers, so any change here is a data change.
test("mulberry32, fnv1a and unit give the pinned numbers", () => {
  const r = new Rng(42);
  assert.deepEqual([r.next(), r.next(), r.next()], [0.6011037519201636, 0.44829055899754167, 0.8524657934904099]);
  assert.equal(fnv1a(""), 2166136261);
  assert.equal(fnv1a("aurelio"), 1145427882);
  assert.equal(unit("aurelio"), 0.060291936388239264);
  assert.equal(new Rng(9).fork("ines").next(), 0.3087104298174381);
  assert.equal(new Rng(3).range(0.05, 0.3), 0.23005669594276695);
});

test("keyed streams and the helpers are seeded and stay in range", () => {
  const b = Rng.for(7, "book-0001");
  assert.equal(b.int(1, 6), 3);
  assert.equal(b.weightedParallel(["a", "b", "c"], [1, 0, 3]), "c");
  assert.deepEqual(b.sample(["a", "b", "c", "d"], 2), ["d", "b"]);
  assert.equal(new Rng(3).float(), new Rng(3).next());
  const s = new Rng(1);
  for (let i = 0; i < 200; i++) {
    const n = s.int(-2, 2);
    assert.ok(Number.isInteger(n) && n >= -2 && n <= 2);
    const f = s.range(0.5, 0.75);
    assert.ok(f >= 0.5 && f < 0.75);
  }
  assert.deepEqual(s.shuffle([3, 1, 2]).sort(), [1, 2, 3]);
  const draw = s.deck(["x", "y", "z"]);
  assert.deepEqual([draw(), draw(), draw()].sort(), ["x", "y", "z"]);
});

test("the two weighted forms: parallel arrays, and {item, weight} pairs", () => {
  const r = new Rng(5);
  for (let i = 0; i < 100; i++) {
    assert.notEqual(r.weightedParallel(["a", "b", "c"], [1, 0, 1]), "b");
    assert.notEqual(r.weightedItems([{ item: "a", weight: 1 }, { item: "b", weight: -3 }, { item: "c", weight: 0 }]), "b");
  }
  const d = new Rng(3);
  assert.equal(d.range(0.05, 0.3), 0.23005669594276695);
  assert.equal(d.weightedItems([{ item: "x", weight: 1 }, { item: "y", weight: -2 }, { item: "z", weight: 2 }]), "x");
  assert.throws(() => r.weightedItems([]), /empty/);
  assert.throws(() => r.pick([]), /empty/);
  assert.throws(() => r.deck([]), /empty/);
});
