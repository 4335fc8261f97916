import assert from "node:assert/strict";
import { test } from "node:test";
import { Deduper, LeakageIndex } from "./dedup.js";
import { estimateJaccard, MinHasher, optimalBands, shingleHashes } from "./minhash.js";
import { stratifiedSplit } from "./split.js";
import type { DataRecord } from "./record.js";

let seed = 12345;
const rand = () => {
  seed ^= seed << 13;
  seed ^= seed >>> 17;
  seed ^= seed << 5;
  return (seed >>> 0) / 2 ** 32;
};
const word = () => `w${Math.floor(rand() * 5000)}`;
const text = (n: number) => Array.from({ length: n }, word).join(" ");

test("exact duplicates differ only in case, whitespace and punctuation", () => {
  const d = new Deduper({ exact: true, near: false, threshold: 0.9, numPerm: 128 });
  assert.deepEqual(d.checkText("a", "Where is the Well? It is below."), { status: "unique" });
  assert.deepEqual(d.checkText("b", "where  is the well it is BELOW"), { status: "exact", of: "a", similarity: 1 });
  assert.deepEqual(d.checkText("c", "where is the well? it is above."), { status: "unique" });
});

test("near duplicates above the threshold are merged, those well below are not", () => {
  const d = new Deduper({ exact: true, near: true, threshold: 0.8, numPerm: 128 });
  const base = text(200);
  assert.equal(d.checkText("a", base).status, "unique");
  const words = base.split(" ");
  words[100] = "changed"; // 3 of ~198 shingles differ: Jaccard ≈ 0.97
  const near = d.checkText("b", words.join(" "));
  assert.equal(near.status, "near");
  assert.equal(near.status !== "unique" && near.of, "a");
  const half = base.split(" ").slice(0, 100).join(" ") + " " + text(100); // Jaccard ≈ 0.33
  assert.equal(d.checkText("c", half).status, "unique");
});

test("LSH bands × rows follow the S-curve optimum (datasketch's rule)", () => {
  // Values of datasketch.lsh._optimal_param(t, 128, 0.5, 0.5), computed with the same integrals.
  assert.deepEqual(optimalBands(0.5, 128), { bands: 25, rows: 5 });
  assert.deepEqual(optimalBands(0.8, 128), { bands: 9, rows: 13 });
  assert.deepEqual(optimalBands(0.9, 128), { bands: 5, rows: 25 });
  for (const t of [0.3, 0.6, 0.95]) {
    const { bands, rows } = optimalBands(t, 128);
    assert.ok(bands * rows <= 128);
    const knee = (1 / bands) ** (1 / rows); // where the S-curve rises
    assert.ok(Math.abs(knee - t) < 0.15, `knee ${knee} near threshold ${t}`);
  }
});

test("MinHash estimates Jaccard within ±0.1", () => {
  const h = new MinHasher(128, 7);
  for (let i = 0; i < 50; i++) {
    const a = new Set(Array.from({ length: 60 }, word));
    const b = new Set([...a].slice(0, Math.floor(rand() * 60)));
    while (b.size < 60) b.add(word());
    const inter = [...a].filter((x) => b.has(x)).length;
    const truth = inter / (a.size + b.size - inter);
    // One shingle per word, so the signature compares the word sets themselves.
    const sigA = h.signature(Uint32Array.from([...a].map((w) => hashWord(w)))).slice();
    const sigB = h.signature(Uint32Array.from([...b].map((w) => hashWord(w)))).slice();
    assert.ok(Math.abs(estimateJaccard(sigA, sigB) - truth) <= 0.1, `estimate vs ${truth}`);
  }
});

function hashWord(w: string): number {
  let x = 2166136261;
  for (let i = 0; i < w.length; i++) x = Math.imul(x ^ w.charCodeAt(i), 16777619);
  return x >>> 0;
}

test("the same input gives the same verdicts", () => {
  const texts = Array.from({ length: 300 }, (_, i) => (i % 10 === 0 && i ? `${text(30)}` : text(30)));
  const run = () => {
    const d = new Deduper({ exact: true, near: true, threshold: 0.9, numPerm: 64 });
    return texts.map((t, i) => d.checkText(String(i), t).status);
  };
  assert.deepEqual(run(), run());
});

test("memory per record stays under 400 bytes on 200k texts", () => {
  const d = new Deduper({ exact: true, near: true, threshold: 0.9, numPerm: 128 });
  for (let i = 0; i < 200_000; i++) d.checkText(`r${i}`, text(12));
  assert.ok(d.size > 199_000);
  const per = d.memoryBytes() / d.size;
  assert.ok(per < 400, `${per} bytes/record`);
});

const rec = (id: string, t: string): DataRecord => ({ id, group: id, source: { file: "f", line: 1 }, origin: "original", tags: {}, kind: "text", text: t });

test("leakage: a held-out near copy of a training record is found, an unrelated one is not", () => {
  const idx = new LeakageIndex({ threshold: 0.8, numPerm: 128 });
  const train = text(120);
  idx.add(rec("t1", train));
  const copy = train.split(" ");
  copy[60] = "x";
  assert.equal(idx.query(rec("h1", copy.join(" ")))?.id, "t1");
  assert.equal(idx.query(rec("h2", text(120))), null);
});

test("stratified split: every stratum is spread in proportion, whatever the input order", () => {
  const items = [];
  for (const stratum of ["aurelio", "ines", "velasco"]) for (let g = 0; g < 50; g++) items.push({ group: `${stratum}-${g}`, stratum });
  items.push({ group: "solo-1", stratum: "solo" });
  const a = stratifiedSplit(items, { validation: 0.1, test: 0.1 });
  const b = stratifiedSplit([...items].reverse(), { validation: 0.1, test: 0.1 });
  assert.deepEqual([...a.entries()].sort(), [...b.entries()].sort());
  for (const stratum of ["aurelio", "ines", "velasco"]) {
    const counts = { train: 0, validation: 0, test: 0 };
    for (const [g, s] of a) if (g.startsWith(stratum)) counts[s]++;
    assert.deepEqual(counts, { train: 40, validation: 5, test: 5 });
  }
  assert.equal(a.get("solo-1"), "train", "a stratum of one group stays in train");
});
