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
