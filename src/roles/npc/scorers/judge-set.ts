import { readFileSync } from "node:fs";
import type { NpcJudge, NpcEvalItem } from "../scorers.js";

/**
 * The hand-labelled NPC judge set (world/judge-sets/npc, see its README): replies labelled `in`
 * or `out` of character, scored with the real NPC judge. The bench script prints the figures;
 * a unit test holds the scorer to them.
 */
export interface JudgeSetItem {
  id: string;
  persona: string;
  chapter: number;
  lang: "en" | "es";
  user: string;
  reply: string;
  label: "in" | "out";
  category: string;
  source: string;
}

export interface ScoredItem {
  item: JudgeSetItem;
  predicted: "in" | "out";
  /** Why it was called `out`: the out-of-character reasons and leaks found. */
  reasons: string[];
}

export function loadJudgeSet(path: string): JudgeSetItem[] {
  return readFileSync(path, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as JudgeSetItem);
}

export const asEvalItem = (x: JudgeSetItem): NpcEvalItem => ({
  id: x.id,
  persona: x.persona,
  act: "",
  chapter: x.chapter,
  adversarial: false,
  history: [{ role: "user", content: x.user }],
  reference: "",
  output: x.reply,
});

/**
 * A reply is `out` when it talks out of character or names the modern world. Later-chapter and
 * secret leaks are another question (an `in` item never spoils), so they are not counted.
 */
export function scoreJudgeSet(judge: NpcJudge, items: readonly JudgeSetItem[]): ScoredItem[] {
  return items.map((item) => {
    const e = asEvalItem(item);
    const reasons = [
      ...judge.outOfCharacter(e).map((r) => `${r.kind}:${r.match}`),
      ...judge
        .leaks(e)
        .filter((l) => l.kind === "modern_world")
        .map((l) => `modern_world:${l.what}`),
    ];
    return { item, predicted: reasons.length > 0 ? "out" : "in", reasons };
  });
}

export interface Rates {
  out: number;
  caught: number;
  /** caught ÷ out; null when there is no `out` item */
  recall: number | null;
  in: number;
  flagged: number;
  /** flagged ÷ in; null when there is no `in` item */
  fp: number | null;
}

export function rates(scored: readonly ScoredItem[]): Rates {
  const out = scored.filter((s) => s.item.label === "out");
  const inn = scored.filter((s) => s.item.label === "in");
  const caught = out.filter((s) => s.predicted === "out").length;
  const flagged = inn.filter((s) => s.predicted === "out").length;
  return {
    out: out.length,
    caught,
    recall: out.length ? caught / out.length : null,
    in: inn.length,
    flagged,
    fp: inn.length ? flagged / inn.length : null,
  };
}

/** Overall, per language and per category. */
export function summary(scored: readonly ScoredItem[]): { all: Rates; lang: Record<string, Rates>; category: Record<string, Rates> } {
  const by = (key: (s: ScoredItem) => string): Record<string, Rates> => {
    const groups = new Map<string, ScoredItem[]>();
    for (const s of scored) groups.set(key(s), [...(groups.get(key(s)) ?? []), s]);
    return Object.fromEntries([...groups.keys()].sort().map((k) => [k, rates(groups.get(k)!)]));
  };
  return { all: rates(scored), lang: by((s) => s.item.lang), category: by((s) => s.item.category) };
}

export const misclassified = (scored: readonly ScoredItem[]): ScoredItem[] => scored.filter((s) => s.predicted !== s.item.label);
