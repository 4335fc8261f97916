import type { Rng } from "../../roles/rng.js";
import { NEVER_REPLACED, type Lang } from "./language.js";
import type { Protector, Span } from "./protect.js";
import type { Thesaurus } from "./thesaurus.js";

/**
 * EDA (Wei & Zou, 2019) on one text, protected spans untouched:
 *  - synonym: round(rate × words) words, chosen at random among those that have a
 *    synonym and are not function words, replaced by a random synonym;
 *  - insert: round(rate × words) times, a random synonym of a random such word is
 *    inserted before a random word (or at the end of a text that does not end a sentence);
 *  - swap: round(rate × words) times, two random words trade places;
 *  - delete: each word is deleted with probability rate; at least one word stays.
 * "words" are the unprotected whitespace-separated tokens made of letters (with inner
 * ' or -); round() is stochastic (2.3 → 2 or 3, 3 with probability 0.3) so rates hold on
 * short texts too. Ops run in that order. A protected span (protect.ts) is one frozen
 * unit: never replaced, moved, deleted or split by an insertion.
 *
 * Punctuation stays where it was: a token is lead punctuation + word + trail punctuation,
 * and swaps/replacements change only the word. A deleted word's punctuation goes to its
 * neighbours ("¿Dónde está?" minus "Dónde" → "¿está?"; "Hola, amigo." minus "amigo" →
 * "Hola."), a bracket pair around it goes with it, and a paragraph break before it is kept.
 * Sentence-initial capitals follow the position: a common word that moves away from the
 * start of a sentence is lower-cased, the word that lands there is capitalized.
 */
export const EDA_OPS = ["synonym", "insert", "swap", "delete"] as const;
export type EdaOp = (typeof EDA_OPS)[number];
export type EdaRates = Record<EdaOp, number>;
export type EdaCounts = Record<EdaOp, number>;

export interface EdaEnv {
  protector: Protector;
  /** The thesaurus of the text's language; null: no synonym replacement or insertion. */
  thesaurus: Thesaurus | null;
  language: Lang | null;
}

export interface EdaResult {
  text: string;
  counts: EdaCounts;
}

export const zeroCounts = (): EdaCounts => ({ synonym: 0, insert: 0, swap: 0, delete: 0 });

interface Unit {
  /** Whitespace before the unit (ignored for the first). */
  sep: string;
  lead: string;
  core: string;
  trail: string;
  /** An unprotected word: EDA may replace, move or delete it. */
  word: boolean;
  /** The word started a sentence in the source. */
  origStart: boolean;
  /** The word was lower-cased because it started a sentence (it is capitalized again wherever it starts one). */
  lowered: boolean;
}

const WORD_RE = /^\p{L}+(?:['’-]\p{L}+)*$/u;
const SPLIT_RE = /^([^\p{L}\p{N}]*)(.*?)([^\p{L}\p{N}]*)$/su;
const SENTENCE_END = /[.!?…]["'»”’)\]]*$/u;
const PAIRS: Record<string, string> = { "(": ")", "[": "]", "«": "»", "“": "”", "‘": "’", "¿": "?", "¡": "!", '"': '"' };

const isCapitalized = (w: string): boolean => w.length > 1 && /^\p{Lu}/u.test(w) && /\p{Ll}/u.test(w.slice(1));
const capitalize = (w: string): string => w.charAt(0).toUpperCase() + w.slice(1);

function startsSentence(units: readonly Unit[], i: number): boolean {
  if (i === 0) return true;
  const u = units[i]!;
  if (u.sep.includes("\n")) return true;
  const p = units[i - 1]!;
  return SENTENCE_END.test(p.lead + p.core + p.trail);
}

function tokenize(text: string, spans: readonly Span[], env: EdaEnv): { prefix: string; suffix: string; units: Unit[]; capitalizeStarts: boolean } {
  const prefix = /^\s*/.exec(text)![0];
  const body = text.slice(prefix.length);
  const suffix = /\s*$/.exec(body)![0];
  const toks = [...text.matchAll(/\S+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
  const units: Unit[] = [];
  let prevEnd = prefix.length;
  let starts = 0;
  let lowerStarts = 0;
  for (let i = 0; i < toks.length; i++) {
    const start = toks[i]!.start;
    let end = toks[i]!.end;
    // A protected span that crosses whitespace ("la Sala de Lectura") makes one frozen unit.
    for (let grew = true; grew; ) {
      grew = false;
      for (const s of spans) {
        if (s.start < end && s.end > end && i + 1 < toks.length) {
          i += 1;
          end = toks[i]!.end;
          grew = true;
        }
      }
    }
    const raw = text.slice(start, end);
    const sep = units.length === 0 ? "" : text.slice(prevEnd, start);
    prevEnd = end;
    const locked = spans.some((s) => s.start < end && s.end > start);
    const m = SPLIT_RE.exec(raw)!;
    const [lead, core, trail] = locked ? ["", raw, ""] : [m[1]!, m[2]!, m[3]!];
    const unit: Unit = { sep, lead, core, trail, word: !locked && WORD_RE.test(core), origStart: false, lowered: false };
    units.push(unit);
    if (startsSentence(units, units.length - 1) && /^\p{L}/u.test(core)) {
      if (unit.word) unit.origStart = true;
      if (isCapitalized(core) || /^\p{Lu}$/u.test(core)) {
        starts += 1;
        const lower = core.toLowerCase();
        const common = env.language !== null && (NEVER_REPLACED[env.language].has(lower) || env.thesaurus?.known(lower) === true);
        if (unit.word && isCapitalized(core) && common) {
          unit.core = lower;
          unit.lowered = true;
        }
      } else if (/^\p{Ll}/u.test(core)) lowerStarts += 1;
    }
  }
  return { prefix, suffix, units, capitalizeStarts: starts > 0 && starts >= lowerStarts };
}

function render(prefix: string, suffix: string, units: readonly Unit[], capitalizeStarts: boolean): string {
  let out = prefix;
  units.forEach((u, i) => {
    let core = u.core;
    if (u.word && capitalizeStarts && (u.lowered || !u.origStart) && startsSentence(units, i) && /^\p{Ll}/u.test(core)) core = capitalize(core);
    out += (i === 0 ? "" : u.sep || " ") + u.lead + core + u.trail;
  });
  return out + suffix;
}

/** Stochastic rounding: 2.3 → 3 with probability 0.3, else 2. */
function sround(x: number, rng: Rng): number {
  const f = Math.floor(x);
  return f + (rng.next() < x - f ? 1 : 0);
}

function mergeTrail(a: string, b: string): string {
  if (!b) return a;
  if (!a) return b;
  if (/[.!?…,;:]$/u.test(a)) b = b.replace(/^[,;:]+/u, "");
  if (/[,;:]$/u.test(a) && /^[.!?…]/u.test(b)) a = a.slice(0, -1);
  return a + b;
}

function deleteAt(units: Unit[], i: number): void {
  const u = units[i]!;
  let lead = u.lead;
  let trail = u.trail;
  while (lead && trail && PAIRS[lead.slice(-1)] === trail.charAt(0)) {
    lead = lead.slice(0, -1);
    trail = trail.slice(1);
  }
  const prev = units[i - 1];
  const next = units[i + 1];
  if (next) {
    next.lead = lead + next.lead;
    if (u.sep.split("\n").length > next.sep.split("\n").length) next.sep = u.sep;
  }
  if (prev) prev.trail = mergeTrail(prev.trail, trail);
  units.splice(i, 1);
}

/** One EDA variant of `text` (see the module comment); the same rng state gives the same variant. */
export function eda(text: string, rates: EdaRates, rng: Rng, env: EdaEnv): EdaResult {
  const counts = zeroCounts();
  if (!text.trim()) return { text, counts };
  const spans = env.protector.spans(text);
  const { prefix, suffix, units, capitalizeStarts } = tokenize(text, spans, env);
  const nWords = units.filter((u) => u.word).length;
  if (nWords === 0) return { text, counts };
  // Function and number words of either language are never replaced (turns mix languages: "De nada. And if…").
  const stop = env.language ? NEVER_REPLACED[env.language] : new Set<string>();
  const other = env.language ? NEVER_REPLACED[env.language === "en" ? "es" : "en"] : new Set<string>();
  const th = env.thesaurus;
  const synonymsOf = (u: Unit): string[] => {
    if (!th || !u.word) return [];
    const lower = u.core.toLowerCase();
    return stop.has(lower) || other.has(lower) ? [] : th.synonyms(u.core);
  };

  if (rates.synonym > 0 && th) {
    const n = sround(rates.synonym * nWords, rng);
    const candidates = units.filter((u) => synonymsOf(u).length > 0);
    for (const u of rng.sample(candidates, n)) {
      u.core = rng.pick(synonymsOf(u));
      counts.synonym += 1;
    }
  }

  if (rates.insert > 0 && th) {
    const n = sround(rates.insert * nWords, rng);
    const sources = units.filter((u) => synonymsOf(u).length > 0).map((u) => u.core.toLowerCase());
    for (let t = 0; t < n && sources.length > 0; t++) {
      const syns = th.synonyms(rng.pick(sources));
      if (syns.length === 0) continue;
      const core = rng.pick(syns);
      const last = units[units.length - 1]!;
      const atEndOk = !SENTENCE_END.test(last.lead + last.core + last.trail);
      const j = rng.int(0, atEndOk ? units.length : units.length - 1);
      const unit: Unit = { sep: " ", lead: "", core, trail: "", word: true, origStart: false, lowered: false };
      if (j < units.length) {
        const at = units[j]!;
        unit.sep = j === 0 ? "" : at.sep;
        at.sep = " ";
      }
      units.splice(j, 0, unit);
      counts.insert += 1;
    }
  }

  if (rates.swap > 0) {
    const n = sround(rates.swap * nWords, rng);
    const idx = units.flatMap((u, i) => (u.word ? [i] : []));
    for (let t = 0; t < n && idx.length >= 2; t++) {
      const [a, b] = rng.sample(idx, 2) as [number, number];
      const ua = units[a]!;
      const ub = units[b]!;
      if (ua.core === ub.core) continue;
      [ua.core, ub.core] = [ub.core, ua.core];
      [ua.lowered, ub.lowered] = [ub.lowered, ua.lowered];
      [ua.origStart, ub.origStart] = [ub.origStart, ua.origStart];
      counts.swap += 1;
    }
  }

  if (rates.delete > 0) {
    const words = units.filter((u) => u.word);
    const doomed = new Set(words.filter(() => rng.chance(rates.delete)));
    if (doomed.size === words.length && words.length > 0) doomed.delete(rng.pick(words));
    for (let i = units.length - 1; i >= 0; i--) {
      if (doomed.has(units[i]!)) {
        deleteAt(units, i);
        counts.delete += 1;
      }
    }
  }

  return { text: render(prefix, suffix, units, capitalizeStarts), counts };
}
