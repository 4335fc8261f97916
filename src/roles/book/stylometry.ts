import type { BookStyle } from "../canon/schema.js";
import { words } from "../../eval/metrics/diversity.js";
import type { BookLanguage, BookRecord } from "./record.js";
import { BABEL_SYMBOLS } from "./styles/babel.js";

/**
 * Burrows' Delta (Burrows, 2002) against the training shelf, and the letter distribution of
 * babel noise. Everything is read from the shelf: the word list, the per-word mean and
 * standard deviation, each style's centroid. Pure functions over plain arrays.
 *
 * One Delta space for every natural-language text of the shelf (en, es, mixed), with a
 * centroid per style *and* language. The word list takes each language's most frequent
 * words in turn, so English does not crowd Spanish out; and because both languages' words
 * are in one z-scored profile, English prose asked for in a Spanish style lies far from the
 * Spanish centroid (in a Spanish-only space a text with no Spanish words at all sits oddly
 * close to every centroid: absent words are what most texts have). The shelf's `none`
 * language (babel noise) has no words to count and gets no centroid.
 */
export interface StylometryOptions {
  /** How many of the most frequent words form the profile (Burrows used 150). */
  mfw?: number;
  /** Texts with fewer words than this carry no measurable style (shelf texts below it are skipped). */
  minWords?: number;
}

export const STYLOMETRY_DEFAULTS = { mfw: 150, minWords: 20 } as const;

export interface StyleCentroid {
  style: BookStyle;
  language: BookLanguage;
  /** Mean z-profile of this style's shelf texts in this language. */
  z: number[];
}

export interface Stylometry {
  minWords: number;
  /** The profile's words, each language's most frequent in turn. */
  words: string[];
  mean: number[];
  sd: number[];
  /** Keyed `style/language`. */
  centroids: Map<string, StyleCentroid>;
  /**
   * What a text too short to measure scores: the farthest any shelf text lies from any
   * centroid, or the Delta of a text with none of the words, whichever is more.
   */
  penalty: number;
}

const key = (style: BookStyle, language: BookLanguage): string => `${style}/${language}`;

// Numbers and hexagon numbers are content (which hexagon, how many steps), not style.
const countable = (w: string): boolean => !/\p{N}/u.test(w);

function relFreqs(tokens: readonly string[], index: ReadonlyMap<string, number>, n: number): number[] {
  const f = new Array<number>(n).fill(0);
  for (const t of tokens) {
    const i = index.get(t);
    if (i !== undefined) f[i]! += 1;
  }
  return tokens.length ? f.map((c) => c / tokens.length) : f;
}

const zOf = (f: readonly number[], sm: Pick<Stylometry, "mean" | "sd">): number[] => f.map((x, i) => (x - sm.mean[i]!) / sm.sd[i]!);

const meanAbsDiff = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += Math.abs(a[i]! - b[i]!);
  return a.length ? s / a.length : 0;
};

function ranked(texts: readonly { tokens: string[] }[]): string[] {
  const counts = new Map<string, number>();
  for (const t of texts) for (const w of t.tokens) if (countable(w)) counts.set(w, (counts.get(w) ?? 0) + 1);
  return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1)).map(([w]) => w);
}

/** The `mfw` words: each language's most frequent words in turn, so a small language is not crowded out. */
function interleave(lists: readonly string[][], mfw: number): string[] {
  const out = new Set<string>();
  for (let rank = 0; out.size < mfw && lists.some((l) => rank < l.length); rank++) {
    for (const l of lists) if (rank < l.length && out.size < mfw) out.add(l[rank]!);
  }
  return [...out];
}

interface ShelfText {
  style: BookStyle;
  language: BookLanguage;
  tokens: string[];
}

export function buildStylometry(shelf: readonly BookRecord[], opts: StylometryOptions = {}): Stylometry {
  const mfw = opts.mfw ?? STYLOMETRY_DEFAULTS.mfw;
  const minWords = opts.minWords ?? STYLOMETRY_DEFAULTS.minWords;
  const texts: ShelfText[] = shelf
    .filter((r) => r.language !== "none")
    .map((r) => ({ style: r.style, language: r.language, tokens: words(r.text) }))
    .filter((t) => t.tokens.length >= minWords);
  const languages = [...new Set(texts.map((t) => t.language))].sort();
  const candidate = interleave(languages.map((l) => ranked(texts.filter((t) => t.language === l))), mfw);
  const index = new Map(candidate.map((w, i) => [w, i]));
  const freqs = texts.map((t) => relFreqs(t.tokens, index, candidate.length));
  const n = Math.max(1, freqs.length);
  const mean0 = candidate.map((_, i) => freqs.reduce((s, f) => s + f[i]!, 0) / n);
  const sd0 = candidate.map((_, i) => Math.sqrt(freqs.reduce((s, f) => s + (f[i]! - mean0[i]!) ** 2, 0) / n));
  // A word every text uses at the same rate tells no style apart (and would divide by zero).
  const keep = candidate.map((_, i) => i).filter((i) => sd0[i]! > 0);
  const sm: Stylometry = {
    minWords,
    words: keep.map((i) => candidate[i]!),
    mean: keep.map((i) => mean0[i]!),
    sd: keep.map((i) => sd0[i]!),
    centroids: new Map(),
    penalty: 0,
  };
  const zs = freqs.map((f) => zOf(keep.map((i) => f[i]!), sm));
  for (const t of texts) {
    const k = key(t.style, t.language);
    if (sm.centroids.has(k)) continue;
    const own = zs.filter((_, j) => texts[j]!.style === t.style && texts[j]!.language === t.language);
    sm.centroids.set(k, { style: t.style, language: t.language, z: sm.mean.map((_, i) => own.reduce((s, z) => s + z[i]!, 0) / own.length) });
  }
  const empty = zOf(new Array<number>(sm.words.length).fill(0), sm);
  for (const { z: c } of sm.centroids.values()) {
    sm.penalty = Math.max(sm.penalty, meanAbsDiff(empty, c));
    for (const z of zs) sm.penalty = Math.max(sm.penalty, meanAbsDiff(z, c));
  }
  return sm;
}

/** The text's z-profile, or undefined when it is too short to have one. */
export function zProfile(sm: Stylometry, text: string): number[] | undefined {
  const tokens = words(text);
  if (tokens.length < sm.minWords) return undefined;
  const index = new Map(sm.words.map((w, i) => [w, i]));
  return zOf(relFreqs(tokens, index, sm.words.length), sm);
}

/**
 * Delta of a text from a style's centroid in a language: the shelf's penalty when the text
 * is too short, null when the shelf has no such style in that language.
 */
export function styleDelta(sm: Stylometry, text: string, style: BookStyle, language: BookLanguage): number | null {
  const centroid = sm.centroids.get(key(style, language));
  if (!centroid) return null;
  const z = zProfile(sm, text);
  return z ? meanAbsDiff(z, centroid.z) : sm.penalty;
}

/** The language's styles by Delta from the text, nearest first (empty when the text is too short). */
export function rankStyles(sm: Stylometry, text: string, language: BookLanguage): { style: BookStyle; delta: number }[] {
  const z = zProfile(sm, text);
  if (!z) return [];
  return [...sm.centroids.values()]
    .filter((c) => c.language === language)
    .map((c) => ({ style: c.style, delta: meanAbsDiff(z, c.z) }))
    .sort((a, b) => a.delta - b.delta);
}

/** Babel's symbols plus one bucket for everything else; line breaks are layout and not counted. */
const BABEL_BUCKETS = [...BABEL_SYMBOLS, "other"];

/** The share of each babel symbol (and of "other") among a text's characters, line breaks aside. */
export function symbolDistribution(texts: readonly string[]): number[] {
  const index = new Map([...BABEL_SYMBOLS].map((c, i) => [c, i]));
  const counts = new Array<number>(BABEL_BUCKETS.length).fill(0);
  let n = 0;
  for (const t of texts) {
    for (const c of t) {
      if (c === "\n" || c === "\r") continue;
      counts[index.get(c) ?? BABEL_BUCKETS.length - 1]! += 1;
      n++;
    }
  }
  return n ? counts.map((c) => c / n) : counts;
}

/** Share of a text's characters (line breaks aside) inside the babel alphabet; 0 for an empty text. */
export function babelAlphabetShare(text: string): number {
  const d = symbolDistribution([text]);
  const total = d.reduce((s, x) => s + x, 0);
  return total ? 1 - d[d.length - 1]! : 0;
}

/** Jensen–Shannon divergence in bits: 0 for equal distributions, 1 for disjoint ones. */
export function jensenShannon(p: readonly number[], q: readonly number[]): number {
  const kl = (a: readonly number[], m: readonly number[]): number =>
    a.reduce((s, x, i) => (x > 0 ? s + x * Math.log2(x / m[i]!) : s), 0);
  const m = p.map((x, i) => (x + q[i]!) / 2);
  return Math.min(1, Math.max(0, (kl(p, m) + kl(q, m)) / 2));
}
