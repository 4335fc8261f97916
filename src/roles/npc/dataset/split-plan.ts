import { unit } from "../../rng.js";

/**
 * Which combinations and phrasings only the held-out sets may use. Within each
 * group (a persona's topics for one act, or one list of reader phrasings) the
 * members are ordered by a fixed hash and the first few are held out, taking turns
 * between validation and test: every group that is big enough gives both splits
 * something unseen, and nothing held out ever reaches train.
 */
export type Split = "train" | "validation" | "test";
export const SPLITS: readonly Split[] = ["train", "validation", "test"];

export class SplitPlan {
  private readonly assigned = new Map<string, Split>();

  /** Holds out ⌈rate·n⌉ of `members` (at least `min` when the group has ≥ `min` + 2 members). */
  hold(group: string, members: readonly string[], rate: number, min = 0): void {
    const order = [...new Set(members)].sort((a, b) => unit(`${group}|${a}`) - unit(`${group}|${b}`) || (a < b ? -1 : 1));
    let n = Math.ceil(order.length * rate);
    if (order.length >= min + 2) n = Math.max(n, min);
    if (order.length - n < 1) n = order.length - 1;
    order.forEach((m, i) => this.assigned.set(`${group}|${m}`, i < n ? (i % 2 === 0 ? "validation" : "test") : "train"));
  }

  /** The split a member belongs to; unplanned members are train's. */
  of(group: string, member: string): Split {
    return this.assigned.get(`${group}|${member}`) ?? "train";
  }

  /** May a conversation of `split` use this member? Train members go anywhere; held-out ones only to their split. */
  allows(split: Split, group: string, member: string): boolean {
    const s = this.of(group, member);
    return s === "train" || s === split;
  }

  heldOut(group: string): string[] {
    return [...this.assigned.entries()].filter(([k, s]) => s !== "train" && k.startsWith(`${group}|`)).map(([k]) => k.slice(group.length + 1));
  }
}
