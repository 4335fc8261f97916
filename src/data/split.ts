import { createHash } from "node:crypto";

export const SPLITS = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLITS)[number];

/**
 * Deterministic split by hash of a group key: the same group always lands in the
 * same split, whatever else is in the file, so nothing leaks across splits.
 */
export function splitOf(groupKey: string, fractions: { validation: number; test: number }, salt = "scriptorium-split-v1"): SplitName {
  const digest = createHash("sha256").update(`${salt}\u0000${groupKey}`).digest();
  const u = digest.readUInt32BE(0) / 0x1_0000_0000;
  if (u < fractions.test) return "test";
  if (u < fractions.test + fractions.validation) return "validation";
  return "train";
}

/**
 * Stratified split: within each stratum (persona, style, beat…), groups are ordered by
 * hash and cut in proportion, so every stratum is spread over the splits as the
 * fractions say. Deterministic and independent of input order. A group seen with
 * several strata counts under the lexicographically smallest. Rounding: a stratum with
 * 1–2 groups keeps them in train; from 3 groups on, each held-out split with a non-zero
 * fraction gets at least one group, and train always keeps the most.
 */
export function stratifiedSplit(items: Iterable<{ group: string; stratum: string }>, fractions: { validation: number; test: number }, salt = "scriptorium-split-v1"): Map<string, SplitName> {
  const stratumOf = new Map<string, string>();
  for (const { group, stratum } of items) {
    const prev = stratumOf.get(group);
    if (prev === undefined || stratum < prev) stratumOf.set(group, stratum);
  }
  const byStratum = new Map<string, string[]>();
  for (const [group, stratum] of stratumOf) {
    const list = byStratum.get(stratum) ?? [];
    list.push(group);
    byStratum.set(stratum, list);
  }
  const key = (g: string) => createHash("sha256").update(`${salt}\u0000${g}`).digest("hex");
  const out = new Map<string, SplitName>();
  for (const groups of byStratum.values()) {
    const ordered = groups.map((g) => ({ g, k: key(g) })).sort((a, b) => (a.k < b.k ? -1 : a.k > b.k ? 1 : 0));
    const n = ordered.length;
    let nTest = Math.round(n * fractions.test);
    let nVal = Math.round(n * fractions.validation);
    if (n >= 3) {
      if (fractions.test > 0) nTest = Math.max(1, nTest);
      if (fractions.validation > 0) nVal = Math.max(1, nVal);
      while (nTest + nVal > n - 1) {
        if (nTest >= nVal) nTest--;
        else nVal--;
      }
    } else {
      nTest = 0;
      nVal = 0;
    }
    ordered.forEach(({ g }, i) => out.set(g, i < nTest ? "test" : i < nTest + nVal ? "validation" : "train"));
  }
  return out;
}
