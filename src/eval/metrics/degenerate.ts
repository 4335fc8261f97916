import { repetitionRate, words } from "./diversity.js";

/**
 * Degenerate text: what a player sees as a broken model whatever the role — nothing said, a
 * phrase looping until the token limit, a reply in another script. Role-agnostic on purpose:
 * every generative suite runs it, and a degenerate reply never counts toward a suite's rate of
 * good replies. Thresholds were set so that no held-out reference of the sample world's three
 * roles is flagged (src/eval/metrics/degenerate.test.ts checks every one) while the loops that
 * 135M models produce are (a greeting repeated 15 times; a sentence said three times).
 */
export type DegenerationKind = "empty" | "too_short" | "repeated_ngrams" | "repeated_phrase" | "repeated_sentence" | "repeated_word" | "char_loop" | "wrong_script";

export interface Degeneration {
  kind: DegenerationKind;
  detail: string;
}

export interface DegenerationOptions {
  /** Fewer words than this is "too_short" (an NPC's "Cuidado, amigo." is 2). */
  minWords: number;
  /**
   * Share of word trigrams that repeat an earlier one, above which a text loops (texts of 12+ words).
   * Natural replies and passages stay under ~0.2; a looping one is over 0.5.
   */
  maxRepetition?: number;
  /**
   * Verse: refrains and anaphora are the form (the sample world's poems repeat a proverb up to six
   * times and open line after line with "I have read"), so only a text that is mostly one
   * repeated thing counts as a loop.
   */
  refrains?: boolean;
  /** The generation stopped at the token limit (a loop that only ends there). */
  ranToLimit?: boolean;
}

const letters = (text: string): string[] => text.match(/\p{L}/gu) ?? [];
const normSentence = (s: string): string => words(s).join(" ");

/** The ways a text is degenerate; empty = it is not. */
export function degeneration(text: string, opts: DegenerationOptions): Degeneration[] {
  const out: Degeneration[] = [];
  const ws = words(text);
  if (ws.length === 0) return [{ kind: "empty", detail: text.trim() ? `no word in ${JSON.stringify(text.trim().slice(0, 40))}` : "nothing said" }];
  if (ws.length < opts.minWords) out.push({ kind: "too_short", detail: `${ws.length} word${ws.length === 1 ? "" : "s"} (< ${opts.minWords})` });

  const ls = letters(text);
  if (ls.length >= 5) {
    const foreign = ls.filter((c) => !/\p{Script=Latin}/u.test(c)).length;
    if (foreign / ls.length > 0.1) out.push({ kind: "wrong_script", detail: `${Math.round((100 * foreign) / ls.length)}% of letters outside the Latin script` });
  }

  const max = opts.maxRepetition ?? (opts.refrains ? 0.7 : 0.4);
  // A loop that runs to the token limit is a loop even when it started late: the last third of
  // the words mostly repeats trigrams said before (a sentence said again, cut off by the limit).
  const rep = repetitionRate(text, 3);
  const tailRep = opts.ranToLimit && ws.length >= 12 ? repeatedTail(ws) : 0;
  if ((ws.length >= 12 && rep > max) || tailRep > 0.5) {
    out.push({ kind: "repeated_ngrams", detail: `${Math.round(100 * Math.max(rep, tailRep))}% of word trigrams repeat${tailRep > rep ? " in the last third (it ran to the token limit)" : ""}` });
  }

  // One stretch said twice that fills much of a short text ("I have 128 questions, reader. I have
  // 128 questions."): the words that repeat an earlier 4-gram, with that 4-gram, are 40% of it.
  if (!opts.refrains && ws.length >= 8 && ws.length <= 80 && rep <= max) {
    const seen = new Set<string>();
    const covered = new Set<number>();
    for (let i = 0; i + 4 <= ws.length; i++) {
      const g = ws.slice(i, i + 4).join(" ");
      if (seen.has(g)) for (let k = i; k < i + 4; k++) covered.add(k);
      seen.add(g);
    }
    if (covered.size / ws.length >= 0.4) out.push({ kind: "repeated_phrase", detail: `${Math.round((100 * covered.size) / ws.length)}% of the words repeat an earlier phrase` });
  }

  // A sentence said again and again: four times, or three when the repeats are half the text
  // (a poem's refrain or a log's "no readers" is neither).
  const sentences = text.split(/(?<=[.!?¡¿…;\n])\s*/u).map(normSentence).filter((s) => s.split(" ").length >= 2);
  const counts = new Map<string, number>();
  for (const s of sentences) counts.set(s, (counts.get(s) ?? 0) + 1);
  const [topSentence, topCount] = [...counts].sort((a, b) => b[1] - a[1] || b[0].length - a[0].length)[0] ?? ["", 0];
  const share = ((topCount - 1) * topSentence.split(" ").length) / ws.length;
  const looped = opts.refrains ? share >= 0.7 : share >= 0.5 || (topCount >= 4 && topSentence.split(" ").length >= 3);
  if (topCount >= 3 && looped) {
    out.push({ kind: "repeated_sentence", detail: `"${topSentence.slice(0, 60)}" said ${topCount} times` });
  }

  let run = 1;
  for (let i = 1; i < ws.length; i++) {
    run = ws[i] === ws[i - 1] ? run + 1 : 1;
    if (run >= 8) {
      out.push({ kind: "repeated_word", detail: `"${ws[i]}" ${run}+ times in a row` });
      break;
    }
  }

  // Loops without word boundaries ("!!!!!!!!", "jajajajajaja…"): the text ends in a run of one
  // period of ≤ 12 characters, 60 characters long or 24 and 40% of the text.
  const t = text.trimEnd();
  for (let p = 1; p <= 12; p++) {
    let run = p;
    while (run < t.length && t[t.length - 1 - run] === t[t.length - 1 - run + p]) run++;
    if (run >= 60 || (run >= 24 && run >= 0.4 * t.length)) {
      out.push({ kind: "char_loop", detail: `the text ends in ${JSON.stringify(t.slice(-p))} repeated` });
      break;
    }
  }
  return out;
}

/** Share of the last third's word trigrams that were already said earlier in the text. */
function repeatedTail(ws: readonly string[]): number {
  const gram = (i: number) => `${ws[i]}\u0001${ws[i + 1]}\u0001${ws[i + 2]}`;
  const from = Math.floor((2 * ws.length) / 3);
  const seen = new Set<string>();
  for (let i = 0; i + 2 < from + 2 && i + 2 < ws.length; i++) seen.add(gram(i));
  let n = 0;
  let hit = 0;
  for (let i = from; i + 2 < ws.length; i++) {
    n++;
    if (seen.has(gram(i))) hit++;
    seen.add(gram(i));
  }
  return n ? hit / n : 0;
}
