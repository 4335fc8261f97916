import { createHash } from "node:crypto";
import type { GameState } from "./game-state.js";

/**
 * Held-out situations for the Director. A situation is the combination of who is in the
 * scene (the exact set of NPCs present), the chapter and the tension band; a held-out
 * combination never appears in training, so validation and test measure whether the model
 * generalises to casts, chapters and tensions it has only seen apart (WORLD.md).
 */
export type TensionBand = "low" | "mid" | "high";
export const TENSION_BANDS: readonly TensionBand[] = ["low", "mid", "high"];

export function tensionBand(tension: number): TensionBand {
  return tension < 0.35 ? "low" : tension < 0.7 ? "mid" : "high";
}

/** `ch2/mid/aurelio+ines`, or `ch1/low/nobody` for an empty scene. */
export function comboKey(state: Pick<GameState, "chapter" | "tension" | "npcs_present">): string {
  const cast = [...state.npcs_present].sort().join("+") || "nobody";
  return `ch${state.chapter}/${tensionBand(state.tension)}/${cast}`;
}

export type DirectorSplit = "train" | "validation" | "test";

export interface HeldOutPlan {
  validation: string[];
  test: string[];
}

export interface HeldOutTargets {
  validation: number;
  test: number;
  /** A combination with more records than this stays in train: one big combo must not swallow a split. */
  maxComboSize: number;
}

const SALT = "scriptorium-director-heldout-v1";
const rank = (key: string): string => createHash("sha256").update(`${SALT}\u0000${key}`).digest("hex");

/**
 * Which combinations are held out. Combinations are walked in the order of a salted hash
 * of their key (deterministic, unrelated to how common they are) and given to test, then
 * validation, until each has its quota of records; whole combinations move, never parts.
 * Quotas are per chapter, so every chapter is tested, not only the ones the hash favours.
 */
export function planHeldOut(counts: ReadonlyMap<string, number>, targets: HeldOutTargets): HeldOutPlan {
  const plan: HeldOutPlan = { validation: [], test: [] };
  const chapterOf = (key: string): string => key.slice(0, key.indexOf("/"));
  const chapters = [...new Set([...counts.keys()].map(chapterOf))];
  const quota = { test: Math.ceil(targets.test / chapters.length), validation: Math.ceil(targets.validation / chapters.length) };
  const filled = { test: new Map<string, number>(), validation: new Map<string, number>() };
  const keys = [...counts.keys()].map((k) => ({ k, r: rank(k) })).sort((a, b) => (a.r < b.r ? -1 : a.r > b.r ? 1 : 0));
  for (const { k } of keys) {
    const n = counts.get(k)!;
    if (n > targets.maxComboSize) continue;
    const ch = chapterOf(k);
    for (const split of ["test", "validation"] as const) {
      const have = filled[split].get(ch) ?? 0;
      if (have < quota[split]) {
        plan[split].push(k);
        filled[split].set(ch, have + n);
        break;
      }
    }
  }
  plan.test.sort();
  plan.validation.sort();
  return plan;
}

export function splitOfCombo(plan: HeldOutPlan, key: string): DirectorSplit {
  return plan.test.includes(key) ? "test" : plan.validation.includes(key) ? "validation" : "train";
}
