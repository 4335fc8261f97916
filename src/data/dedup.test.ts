import assert from "node:assert/strict";
import { test } from "node:test";
import { Deduper, LeakageIndex, SKETCH_BITS } from "./dedup.js";
import { bbitJaccard, hash64, MinHasher, MERSENNE31, normalizeForDedup, optimalParam, shingleHashes, U32List } from "./minhash.js";
import type { DataRecord } from "./record.js";

/** A seeded xorshift PRNG so every run sees the same texts. */
function prng(seed: number): () => number {
  let s = seed >>> 0 || 1;
  return () => {
    s ^= s << 13;
    s ^= s >>> 17;
    s ^= s << 5;
    return (s >>> 0) / 2 ** 32;
  };
}
const rand = prng(12345);
const word = (r = rand) => `w${Math.floor(r() * 20000).toString(36)}`;
const words = (n: number, r = rand) => Array.from({ length: n }, () => word(r));
const text = (n: number, r = rand) => words(n, r).join(" ");
const rec = (id: string, t: string): DataRecord => ({ id, group: id, source: { file: "f", line: 1 }, origin: "original", tags: {}, kind: "text", text: t });

/** Exact Jaccard of the shingle sets the deduper sees. */
function trueJaccard(a: string, b: string): number {
  const sa = new Set(shingleHashes(normalizeForDedup(a)).data.subarray(0, shingleHashes(normalizeForDedup(a)).length));
  const lb = shingleHashes(normalizeForDedup(b));
  const sb = new Set(lb.data.subarray(0, lb.length));
  let inter = 0;
  for (const x of sa) if (sb.has(x)) inter++;
  return inter / (sa.size + sb.size - inter);
}

test("normalization: NFKC, case, whitespace and punctuation", () => {
  assert.equal(normalizeForDedup("  Ｈｅｌｌｏ,\tWORLD!!  ¿Qué  tal? "), "hello world qué tal");
  const a = hash64(normalizeForDedup("Hello, world"), new Uint32Array(2));
  const b = hash64(normalizeForDedup("hello   WORLD."), new Uint32Array(2));
  assert.deepEqual([...a], [...b]);
});

test("exact duplicates differ only in case, whitespace and punctuation; first occurrence wins", () => {
  const d = new Deduper({ exact: true, near: false, threshold: 0.9, numPerm: 128 });
  assert.deepEqual(d.checkText("a", "Where is the Well? It is below."), { status: "unique" });
  assert.deepEqual(d.checkText("b", "where  is the well —  it is BELOW"), { status: "exact", of: "a", similarity: 1 });
  assert.deepEqual(d.checkText("c", "Where is the well?\nIt is below!"), { status: "exact", of: "a", similarity: 1 });
  assert.deepEqual(d.checkText("d", "where is the well? it is above."), { status: "unique" });
  assert.equal(d.size, 2);
  // Non-ASCII ids come back intact.
  d.checkText("línea-ñ", "otra cosa distinta");
  assert.deepEqual(d.checkText("x", "OTRA cosa, distinta"), { status: "exact", of: "línea-ñ", similarity: 1 });
});

test("check() looks at the content text, without the system prompt", () => {
  const d = new Deduper({ exact: true, near: true, threshold: 0.9, numPerm: 64 });
  const chat = (id: string, system: string): DataRecord => ({
    id, group: id, source: { file: "f", line: 1 }, origin: "original", tags: {}, kind: "chat",
    messages: [{ role: "system", content: system }, { role: "user", content: "Hola, ¿quién eres?" }, { role: "assistant", content: "Soy Inés, la bibliotecaria." }],
  });
  assert.equal(d.check(chat("a", "You are Inés.")).status, "unique");
  assert.deepEqual(d.check(chat("b", "A different system prompt.")), { status: "exact", of: "a", similarity: 1 });
});

test("near duplicates at Jaccard ≈ 0.95 are found, ≈ 0.5 are not", () => {
  let found = 0;
  let falsePos = 0;
  const trials = 40;
  for (let t = 0; t < trials; t++) {
    const d = new Deduper({ exact: true, near: true, threshold: 0.8, numPerm: 128 });
    const base = words(200);
    assert.equal(d.checkText("a", base.join(" ")).status, "unique");
    const near = [...base];
    near[50] = "changed";
    near[150] = "edited"; // 6 of 198 shingles differ: J = 192/204 ≈ 0.94
    const v = d.checkText("b", near.join(" "));
    if (v.status === "near") {
      found++;
      assert.equal(v.of, "a");
      assert.ok(v.similarity >= 0.8 && v.similarity <= 1, String(v.similarity));
    }
    const half = [...base.slice(0, 133), ...words(67)]; // J ≈ 131/265 ≈ 0.49
    assert.ok(Math.abs(trueJaccard(base.join(" "), half.join(" ")) - 0.5) < 0.03);
    if (d.checkText("c", half.join(" ")).status !== "unique") falsePos++;
  }
  assert.ok(found >= trials - 1, `found ${found}/${trials}`);
  assert.equal(falsePos, 0);
});

test("short texts (under 3 words) use character 5-grams", () => {
  const l = shingleHashes(normalizeForDedup("Bibliotecaria eterna"), new U32List());
  assert.equal(l.length, "bibliotecaria eterna".length - 4);
  assert.equal(shingleHashes("hola").length, 1);
  assert.equal(shingleHashes("").length, 0);
  const d = new Deduper({ exact: false, near: true, threshold: 0.8, numPerm: 128 });
  assert.equal(d.checkText("a", "").status, "unique");
  assert.equal(d.checkText("b", "supercalifragilisticexpialidocious").status, "unique");
  assert.equal(d.checkText("c", "Supercalifragilisticexpialidocious!").status, "near"); // exact off: near finds it (J = 1)
});

test("LSH bands × rows equal datasketch's _optimal_param(t, 128, 0.5, 0.5)", () => {
  // datasketch is not installed here (.venv has no datasketch/scipy), so these are the values of
  // its formula computed independently (Python, Simpson's rule with 2000 panels on the same integrals);
  // they also match datasketch's documented example _optimal_param(0.75, 256) = (21, 12).
  assert.deepEqual(optimalParam(0.5, 128), { bands: 25, rows: 5 });
  assert.deepEqual(optimalParam(0.8, 128), { bands: 9, rows: 13 });
  assert.deepEqual(optimalParam(0.9, 128), { bands: 5, rows: 25 });
  assert.deepEqual(optimalParam(0.75, 256), { bands: 21, rows: 12 });
  assert.deepEqual(new Deduper({ exact: true, near: true, threshold: 0.9, numPerm: 128 }).params, { bands: 5, rows: 25 });
});

test("permutations are exact (a·x + b) mod (2^31 − 1)", () => {
  const h = new MinHasher(8, 3);
  const r = prng(7);
  for (let i = 0; i < 2000; i++) {
    const x = Math.floor(r() * 2 ** 32) >>> 0;
    const sig = h.signature(U32List.from([x]));
    const xr = BigInt(x) % BigInt(MERSENNE31);
    for (let k = 0; k < 8; k++) {
      const { a, b } = h.permutation(k);
      assert.equal(sig[k], Number((BigInt(a) * xr + BigInt(b)) % BigInt(MERSENNE31)));
    }
  }
});

test("b-bit sketch estimates Jaccard within ±0.1 over many random pairs", () => {
  const h = new MinHasher(128, 1);
  const r = prng(99);
  let within = 0;
  let absErr = 0;
  let worst = 0;
  const pairs = 400;
  for (let i = 0; i < pairs; i++) {
    const a = words(40 + Math.floor(r() * 20), r);
    const keep = Math.floor(r() * a.length);
    const b = [...a.slice(0, keep), ...words(a.length - keep, r)];
    if (r() < 0.5) b.reverse();
    const ta = a.join(" ");
    const tb = b.join(" ");
    const truth = trueJaccard(ta, tb);
    const sa = h.signature(shingleHashes(normalizeForDedup(ta))).slice();
    const sb = h.signature(shingleHashes(normalizeForDedup(tb))).slice();
    let same = 0;
    for (let k = 0; k < 128; k++) if ((sa[k]! & 0xff) === (sb[k]! & 0xff)) same++;
    const err = Math.abs(bbitJaccard(same, 128, SKETCH_BITS) - truth);
    if (err <= 0.1) within++;
    absErr += err;
    worst = Math.max(worst, err);
  }
  // Standard error ≤ √(0.25/128) ≈ 0.044: a few pairs in a hundred may miss ±0.1 by chance.
  assert.ok(within / pairs >= 0.97, `${within}/${pairs} within ±0.1`);
  assert.ok(absErr / pairs < 0.04, `mean |error| ${absErr / pairs}`);
  assert.ok(worst < 0.2, `worst ${worst}`);
});

test("the same input and seed give the same verdicts; the seed changes the permutations", () => {
  const r = prng(5);
  const base = Array.from({ length: 50 }, () => words(40, r));
  const texts: string[] = [];
  for (let i = 0; i < 400; i++) {
    const w = [...base[Math.floor(r() * base.length)]!];
    if (r() < 0.5) w[Math.floor(r() * w.length)] = word(r);
    texts.push(w.join(" "));
  }
  const run = (seed: number) => {
    const d = new Deduper({ exact: true, near: true, threshold: 0.8, numPerm: 128, seed });
    return texts.map((t, i) => JSON.stringify(d.checkText(String(i), t)));
  };
  assert.deepEqual(run(1), run(1));
  const l = shingleHashes("a b c d e");
  assert.notDeepEqual([...new MinHasher(16, 1).signature(l)], [...new MinHasher(16, 2).signature(l)]);
});

test("leakage: a lightly paraphrased held-out copy of a training record is found, an unrelated text is not", () => {
  const idx = new LeakageIndex({ threshold: 0.8, numPerm: 128 });
  const r = prng(11);
  for (let i = 0; i < 200; i++) idx.add(rec(`t${i}`, text(60, r)));
  const original =
    "The old librarian walked slowly between the endless shelves, carrying a lamp that barely lit the dusty spines of books nobody had opened in centuries. " +
    "She stopped at the map room, where the floor was covered in charts of cities that had never existed, and she listened to the whisper of pages turning by themselves. " +
    "Every night she wrote one line in the ledger of visitors, although no visitor had come since the great flood closed the northern gate.";
  idx.add(rec("train-ines", original));
  const paraphrase = original.replace("walked slowly", "walked slowly,").replace("centuries", "ages").replace("Every night", "Every single night").replace("great flood", "great flood!");
  const hit = idx.query(rec("val-1", paraphrase));
  assert.equal(hit?.id, "train-ines");
  assert.ok(hit!.similarity >= 0.8 && hit!.similarity < 1);
  assert.deepEqual(idx.query(rec("val-2", original.toUpperCase())), { id: "train-ines", similarity: 1 });
  assert.equal(idx.query(rec("val-3", text(60, r))), null);
  assert.equal(idx.query(rec("val-4", "The weather report says rain in the northern valleys, with strong winds along the coast and snow above two thousand meters by the weekend.")), null);
  assert.equal(idx.size, 201, "queries are not added");
});

test("memory per record stays under the documented bound on 200k ~40-word texts", () => {
  const numPerm = 128;
  const d = new Deduper({ exact: true, near: true, threshold: 0.9, numPerm });
  const r = prng(2024);
  let idBytes = 0;
  for (let i = 0; i < 200_000; i++) {
    const id = `rec-${i}`;
    idBytes += id.length;
    d.checkText(id, text(36 + Math.floor(r() * 9), r));
  }
  assert.ok(d.size > 199_000, String(d.size));
  const { bands } = d.params;
  // Documented in dedup.ts: dense per-record arrays (×1.5 growth slack) + table slots at load ≥ 0.35.
  const dense = 8 + 4 * bands + numPerm + 1 + 4 + idBytes / d.size;
  const bound = 1.5 * dense + ((1 + bands) * 4) / 0.35;
  const per = d.memoryBytes() / d.size;
  assert.ok(per < bound, `${per.toFixed(1)} B/record, bound ${bound.toFixed(1)}`);
  assert.ok(per < 340, `${per.toFixed(1)} B/record`);
});
