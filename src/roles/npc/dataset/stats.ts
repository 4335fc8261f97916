import type { NpcDataset, NpcRecord } from "./generate.js";
import { SPLITS, type Split } from "./split-plan.js";

/**
 * Counts and variety of an NPC dataset, as `scriptorium world stats` reports them.
 * Variety is measured on the NPC's replies only (the reader's lines are the
 * prompt): distinct word 3-grams over all 3-grams, and how often the most common
 * reply text recurs, not counting the answers to greetings, which are allowed
 * to be formulaic.
 */
export interface NpcSplitStats {
  conversations: number;
  adversarial: number;
  exchanges: number;
  per_persona: Record<string, number>;
  per_act: Record<string, number>;
  per_chapter: Record<string, number>;
}

export interface NpcDatasetStats {
  splits: Record<Split, NpcSplitStats>;
  held_out: { conversations: number; adversarial: number };
  per_persona: Record<string, { train: number; validation: number; test: number; adversarial: number }>;
  variety: {
    reply_trigrams: number;
    distinct_reply_trigrams: number;
    /** distinct / total reply 3-grams (target ≥ 0.5). */
    distinct_trigram_ratio: number;
    /** The most times one reply text occurs outside greetings (target ≤ 5). */
    max_reply_repeats: number;
    most_repeated_reply: string;
  };
}

export const words = (s: string): string[] => s.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? [];

export function trigrams(s: string): string[] {
  const w = words(s);
  const out: string[] = [];
  for (let i = 0; i + 2 < w.length; i++) out.push(`${w[i]} ${w[i + 1]} ${w[i + 2]}`);
  return out;
}

const count = (m: Record<string, number>, k: string, by = 1): void => {
  m[k] = (m[k] ?? 0) + by;
};
const sortedKeys = (m: Record<string, number>): Record<string, number> => Object.fromEntries(Object.entries(m).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));

/** Replies that are answers to a greeting: the first NPC turn of a greeting conversation. */
const isGreetingReply = (r: NpcRecord, turn: number): boolean => r.act === "greeting" && turn === 1;

export function npcDatasetStats(ds: NpcDataset): NpcDatasetStats {
  const splits = {} as Record<Split, NpcSplitStats>;
  const perPersona: NpcDatasetStats["per_persona"] = {};
  for (const split of SPLITS) {
    const st: NpcSplitStats = { conversations: 0, adversarial: 0, exchanges: 0, per_persona: {}, per_act: {}, per_chapter: {} };
    for (const r of ds[split]) {
      st.conversations += 1;
      st.adversarial += r.adversarial ? 1 : 0;
      st.exchanges += r.turns.length / 2;
      count(st.per_persona, r.persona);
      count(st.per_act, r.act);
      count(st.per_chapter, String(r.chapter));
      const p = (perPersona[r.persona] ??= { train: 0, validation: 0, test: 0, adversarial: 0 });
      p[split] += 1;
      p.adversarial += r.adversarial ? 1 : 0;
    }
    splits[split] = { ...st, per_persona: sortedKeys(st.per_persona), per_act: sortedKeys(st.per_act), per_chapter: sortedKeys(st.per_chapter) };
  }
  let total = 0;
  const distinct = new Set<string>();
  const repeats = new Map<string, number>();
  for (const r of SPLITS.flatMap((s) => ds[s])) {
    r.turns.forEach((t, i) => {
      if (t.role !== "assistant") return;
      const grams = trigrams(t.content);
      total += grams.length;
      for (const g of grams) distinct.add(g);
      if (!isGreetingReply(r, i)) repeats.set(t.content, (repeats.get(t.content) ?? 0) + 1);
    });
  }
  let most = "";
  let max = 0;
  for (const [text, n] of repeats) {
    if (n > max || (n === max && text < most)) [most, max] = [text, n];
  }
  const heldOut = [...ds.validation, ...ds.test];
  return {
    splits,
    held_out: { conversations: heldOut.length, adversarial: heldOut.filter((r) => r.adversarial).length },
    per_persona: Object.fromEntries(Object.entries(perPersona).sort(([a], [b]) => (a < b ? -1 : 1))),
    variety: {
      reply_trigrams: total,
      distinct_reply_trigrams: distinct.size,
      distinct_trigram_ratio: total === 0 ? 0 : Math.round((distinct.size / total) * 10000) / 10000,
      max_reply_repeats: max,
      most_repeated_reply: most,
    },
  };
}
