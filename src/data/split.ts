import { createHash } from "node:crypto";

export const SPLITS = ["train", "validation", "test"] as const;
export type SplitName = (typeof SPLITS)[number];

const SALT = "scriptorium-split-v1";

/** The group's position in [0, 1): the first 32 bits of sha256(salt ␀ group). */
function unitOf(groupKey: string, salt: string): number {
  const digest = createHash("sha256").update(`${salt}\u0000${groupKey}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Deterministic split by hash of a group key: the same group always lands in the
 * same split, whatever else is in the file, so nothing leaks across splits.
 */
export function splitOf(groupKey: string, fractions: { validation: number; test: number }, salt = SALT): SplitName {
  const u = unitOf(groupKey, salt);
  if (u < fractions.test) return "test";
  if (u < fractions.test + fractions.validation) return "validation";
  return "train";
}

/**
 * How many of a stratum's n groups go to test and validation.
 *  - n = 1: the group stays in train.
 *  - otherwise round(n·fraction) each (half up);
 *  - n ≥ 3: each held-out split with a non-zero fraction gets at least one group;
 *  - train keeps the most: while train has fewer groups than a held-out split, the larger
 *    held-out split gives one back (validation on a tie). So n = 2 at 0.5/0.5 → 1 train, 1 test;
 *    n = 3 at 0.1/0.1 → 1/1/1 (small strata are over-represented in the held-out splits:
 *    the price of every stratum being evaluated).
 */
export function stratumCounts(n: number, fractions: { validation: number; test: number }): { train: number; validation: number; test: number } {
  if (n <= 1) return { train: n, validation: 0, test: 0 };
  let test = Math.round(n * fractions.test);
  let validation = Math.round(n * fractions.validation);
  if (n >= 3) {
    if (fractions.test > 0) test = Math.max(1, test);
    if (fractions.validation > 0) validation = Math.max(1, validation);
  }
  while (n - test - validation < Math.max(test, validation)) {
    if (validation >= test) validation--;
    else test--;
  }
  return { train: n - test - validation, validation, test };
}

/**
 * Stratified split of groups: within each stratum (persona, style, beat…) the groups are
 * ordered by the same hash splitOf uses (ties by name) and cut — test first, then validation,
 * the rest train — in the counts of stratumCounts, so every stratum is spread over the splits
 * in proportion. Deterministic and independent of input order. A group seen with several
 * strata counts under the lexicographically smallest.
 */
export function stratifiedSplit(items: Iterable<{ group: string; stratum: string }>, fractions: { validation: number; test: number }, salt = SALT): Map<string, SplitName> {
  const stratumOf = new Map<string, string>();
  for (const { group, stratum } of items) {
    const prev = stratumOf.get(group);
    if (prev === undefined || stratum < prev) stratumOf.set(group, stratum);
  }
  const byStratum = new Map<string, { group: string; u: number }[]>();
  for (const [group, stratum] of stratumOf) {
    let list = byStratum.get(stratum);
    if (!list) byStratum.set(stratum, (list = []));
    list.push({ group, u: unitOf(group, salt) });
  }
  const out = new Map<string, SplitName>();
  for (const list of byStratum.values()) {
    list.sort((a, b) => a.u - b.u || (a.group < b.group ? -1 : a.group > b.group ? 1 : 0));
    const c = stratumCounts(list.length, fractions);
    list.forEach(({ group }, i) => out.set(group, i < c.test ? "test" : i < c.test + c.validation ? "validation" : "train"));
  }
  return out;
}
