import { cosine } from "./embed.js";

/**
 * Does a reply address its turn? A sentence encoder's cosine between the reply and what it answers
 * is not comparable across turns (a long turn, a language the encoder knows less), so the score is
 * relative: the reply's similarity to its own turn minus its mean similarity to the other turns of
 * the same group (persona, style). A reply about this turn scores above 0; a canned line that would
 * fit any turn (a looped greeting, "I don't know") scores near 0, whatever its language.
 *
 * The threshold is calibrated on the sample world's held-out NPC turns: each gold reply against its
 * own turn (responsive) and against another conversation's turn of the same persona (not), dev half
 * to choose, test half to measure — `bench/responsiveness/calibrate.ts`, figures in guide 05. It is
 * the highest that keeps ≥ 95% of gold replies responsive, so it is a loose floor: with this
 * English-trained encoder a gold reply outranks a mismatched one only ~73% of the time (test-half AUC;
 * 0.76 in English, 0.71 in Spanish), because an in-character refusal shares few words with the probe it refuses. It catches
 * replies plainly about another turn; loops and canned lines are caught by `degeneration` instead.
 */
export const RESPONSIVE_THRESHOLD = -0.115;

/** Relative similarity of each reply to its own context (see above); null where a case has none. */
export function relativeSimilarity(
  replies: readonly (readonly number[])[],
  contexts: readonly ((readonly number[]) | null)[],
  groups: readonly string[],
): (number | null)[] {
  const byGroup = new Map<string, number[]>();
  contexts.forEach((c, i) => {
    if (c) byGroup.set(groups[i]!, [...(byGroup.get(groups[i]!) ?? []), i]);
  });
  const all = contexts.flatMap((c, i) => (c ? [i] : []));
  return replies.map((r, i) => {
    const own = contexts[i];
    if (!own) return null;
    const same = (byGroup.get(groups[i]!) ?? []).filter((j) => j !== i);
    const others = same.length >= 3 ? same : all.filter((j) => j !== i);
    if (!others.length) return null;
    const mean = others.reduce((s, j) => s + cosine(r, contexts[j]!), 0) / others.length;
    return cosine(r, own) - mean;
  });
}
