import type { ItemMetric, Metric } from "./metric.js";
import { degeneration, type Degeneration, type DegenerationOptions } from "./metrics/degenerate.js";
import { RESPONSIVE_THRESHOLD } from "./responsiveness.js";

/**
 * What every generated reply is checked for before any role judge looks at it: is it readable
 * text rather than a loop or nothing (`degenerate`), and does it address its turn (`responsiveness`,
 * where the suite has a turn to compare with). The scoring path attaches it to each item as
 * `quality`; the suites' main metrics are conjunctions with it (`gated`), so a broken reply never
 * counts as a good one, whatever the role's judges say of its words.
 */
export interface ReplyQuality {
  degenerate: Degeneration[];
  /** Relative similarity to its own turn (src/eval/responsiveness.ts); null when not measured. */
  responsiveness: number | null;
}

export interface WithQuality {
  quality?: ReplyQuality;
}

export function replyQuality(text: string, opts: DegenerationOptions, responsiveness: number | null): ReplyQuality {
  return { degenerate: degeneration(text, opts), responsiveness };
}

/** Not degenerate, and not plainly about another turn (unmeasured counts as responsive). */
export function isSound(q: ReplyQuality | undefined): boolean {
  if (!q) return true;
  return q.degenerate.length === 0 && (q.responsiveness === null || q.responsiveness >= RESPONSIVE_THRESHOLD);
}

/** Why a reply is not sound, in a few words (reports). */
export function qualityFlags(q: ReplyQuality | undefined): string[] {
  if (!q) return [];
  const flags = q.degenerate.map((d) => `${d.kind}: ${d.detail}`);
  if (q.responsiveness !== null && q.responsiveness < RESPONSIVE_THRESHOLD) flags.push(`unresponsive: ${q.responsiveness.toFixed(3)} < ${RESPONSIVE_THRESHOLD}`);
  return flags;
}

/**
 * A rate metric made a conjunction with soundness: a degenerate or unresponsive reply scores 0
 * (1 for a "lower is better" rate), whatever the metric's own judgement. Items the metric does not
 * apply to stay out.
 */
export function gated<I>(m: ItemMetric<I>): ItemMetric<I> {
  const bad = m.direction === "higher" ? 0 : 1;
  return {
    ...m,
    description: `${m.description} A degenerate or unresponsive reply never counts as good.`,
    score: (item) => {
      const s = m.score(item);
      if (s === null) return null;
      return isSound((item as WithQuality).quality) ? s : bad;
    },
  };
}

/** The quality metrics every generative suite reports; the responsiveness ones only where the suite measures it. */
export function qualityMetrics<I>(opts: { responsiveness: boolean }): Metric<I>[] {
  const q = (item: I) => (item as WithQuality).quality;
  const all: Metric<I>[] = [
    {
      name: "degenerate_rate",
      kind: "item",
      direction: "lower",
      description: "Share of replies that are degenerate: empty, a phrase, sentence, word or character run looping (also in the tail of a reply that ran to the token limit), or mostly another script.",
      score: (item) => (q(item) ? (q(item)!.degenerate.length ? 1 : 0) : null),
    },
    {
      name: "responsive_rate",
      kind: "item",
      direction: "higher",
      description: `Share of replies at least as close to their own turn as to the group's other turns, by a sentence encoder (relative similarity ≥ ${RESPONSIVE_THRESHOLD}; a loose floor that keeps 95% of gold replies).`,
      score: (item) => (q(item)?.responsiveness == null ? null : q(item)!.responsiveness! >= RESPONSIVE_THRESHOLD ? 1 : 0),
    },
    {
      name: "responsiveness",
      kind: "item",
      direction: "higher",
      description: "Mean relative similarity of a reply to its own turn (own turn's cosine minus the mean cosine to the group's other turns; all-MiniLM-L6-v2): above 0 = about its turn.",
      score: (item) => q(item)?.responsiveness ?? null,
    },
  ];
  return opts.responsiveness ? all : all.filter((m) => m.name === "degenerate_rate");
}
