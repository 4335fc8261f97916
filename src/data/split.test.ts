import { test } from "node:test";
import assert from "node:assert/strict";
import { splitOf, stratifiedSplit, stratumCounts } from "./split.js";

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


test("stratified split: every stratum is spread in proportion, whatever the input order", () => {
  const items: { group: string; stratum: string }[] = [];
  const sizes: Record<string, number> = { aurelio: 50, ines: 100, velasco: 20, trio: 3, pair: 2, solo: 1 };
  for (const [stratum, n] of Object.entries(sizes)) for (let g = 0; g < n; g++) items.push({ group: `${stratum}-${g}`, stratum });
  const fractions = { validation: 0.1, test: 0.2 };
  const a = stratifiedSplit(items, fractions);
  const shuffled = [...items].sort((x, y) => (x.group.split("").reverse().join("") < y.group.split("").reverse().join("") ? -1 : 1));
  const b = stratifiedSplit(shuffled, fractions);
  assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
  assert.equal(a.size, items.length);
  const expected: Record<string, Record<string, number>> = {
    aurelio: { train: 35, validation: 5, test: 10 },
    ines: { train: 70, validation: 10, test: 20 },
    velasco: { train: 14, validation: 2, test: 4 },
    trio: { train: 1, validation: 1, test: 1 }, // ≥ 3 groups: one in each held-out split
    pair: { train: 2, validation: 0, test: 0 }, // round(0.4) = round(0.2) = 0
    solo: { train: 1, validation: 0, test: 0 }, // one group stays in train
  };
  for (const stratum of Object.keys(sizes)) {
    const counts: Record<string, number> = { train: 0, validation: 0, test: 0 };
    for (const [g, s] of a) if (g.startsWith(`${stratum}-`)) counts[s]! += 1;
    assert.deepEqual(counts, expected[stratum], stratum);
  }
});

test("stratified split: a group seen under several strata counts under the smallest", () => {
  const items = [
    { group: "g1", stratum: "zeta" },
    { group: "g1", stratum: "alpha" },
    ...Array.from({ length: 9 }, (_, i) => ({ group: `a${i}`, stratum: "alpha" })),
    ...Array.from({ length: 10 }, (_, i) => ({ group: `z${i}`, stratum: "zeta" })),
  ];
  const m = stratifiedSplit(items, { validation: 0.2, test: 0.2 });
  const count = (prefix: string[]) => [...m].filter(([g, s]) => prefix.some((p) => g.startsWith(p)) && s !== "train").length;
  assert.equal(count(["a", "g1"]), 4); // 10 alpha groups (g1 included): 2 + 2 held out
  assert.equal(count(["z"]), 4);
});

test("stratum rounding: train keeps the most, small strata as documented", () => {
  assert.deepEqual(stratumCounts(1, { validation: 0.5, test: 0.5 }), { train: 1, validation: 0, test: 0 });
  assert.deepEqual(stratumCounts(2, { validation: 0.5, test: 0.5 }), { train: 1, validation: 0, test: 1 });
  assert.deepEqual(stratumCounts(3, { validation: 0.1, test: 0.1 }), { train: 1, validation: 1, test: 1 });
  assert.deepEqual(stratumCounts(3, { validation: 0, test: 0.1 }), { train: 2, validation: 0, test: 1 });
  assert.deepEqual(stratumCounts(4, { validation: 0.5, test: 0.5 }), { train: 2, validation: 1, test: 1 });
  assert.deepEqual(stratumCounts(10, { validation: 0, test: 0 }), { train: 10, validation: 0, test: 0 });
  for (let n = 1; n < 200; n++) {
    const c = stratumCounts(n, { validation: 0.3, test: 0.2 });
    assert.equal(c.train + c.validation + c.test, n);
    assert.ok(c.train >= c.validation && c.train >= c.test, `${n}: ${JSON.stringify(c)}`);
  }
});
