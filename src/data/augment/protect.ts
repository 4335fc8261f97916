import type { Canon } from "../../roles/canon/schema.js";
import type { PersonaCard } from "../../roles/npc/persona.js";

/**
 * What augmentation must never change, found as character spans of a text:
 *  - terms: persona names (each word of them too: "Inés" of "Hermana Inés"), persona ids,
 *    canon names in English and Spanish (places, factions, items; also without their
 *    leading article: "Purifiers" of "the Purifiers"), book titles, canon ids, hexagons,
 *    glossary terms, and the recipe's `augment.protect` list. Matched case-insensitively,
 *    with or without accents, as whole words, plural -s/-es included;
 *  - quotes: anything inside «…»; "…", “…” and ‘…’ when they look like a title (at most 8
 *    words, starting with a capital); longer quoted speech is ordinary text;
 *  - numbers and ids: every word that holds a digit (42, 3.5, 12:30, H-0412, 1990s);
 *  - URLs, e-mail addresses, and markup ({name}, <tag>, <|im_end|>).
 * A turn whose whole content parses as JSON is not augmented at all (isJsonText).
 */
export type SpanKind = "term" | "quote" | "number" | "id" | "url" | "email" | "markup";

export interface Span {
  start: number;
  end: number;
  kind: SpanKind;
}

export interface ProtectSources {
  canon?: Canon;
  personas?: readonly PersonaCard[];
  /** The recipe's data.augment.protect terms. */
  extra?: readonly string[];
}

const ARTICLE = /^(the|a|an|el|la|los|las|un|una|unos|unas)\s+/i;

/** Every protected term of the world and the recipe (deduplicated, in no particular order). */
export function protectedTerms(src: ProtectSources): string[] {
  const terms = new Set<string>();
  const add = (t: string | undefined, opts: { article?: boolean; parts?: boolean } = {}) => {
    const term = t?.trim();
    if (!term) return;
    terms.add(term);
    if (opts.article) {
      const bare = term.replace(ARTICLE, "");
      if (bare && bare !== term) terms.add(bare);
    }
    if (opts.parts) for (const w of term.split(/\s+/)) if (w.length >= 2 && /^\p{Lu}/u.test(w)) terms.add(w);
  };
  for (const p of src.personas ?? []) {
    add(p.name, { parts: true });
    add(p.id);
    for (const r of p.relationships) add(r.who, { article: true, parts: true });
  }
  const c = src.canon;
  if (c) {
    for (const x of [...c.places, ...c.factions, ...c.items]) {
      add(x.name, { article: true });
      add(x.name_es, { article: true });
      add(x.id);
    }
    for (const p of c.places) add(p.hexagon);
    for (const b of c.books) {
      add(b.title);
      add(b.id);
    }
    for (const g of c.glossary) add(g.term, { article: true });
  }
  for (const t of src.extra ?? []) add(t);
  return [...terms];
}

const stripAccents = (s: string): string => s.normalize("NFD").replace(/\p{M}/gu, "").normalize("NFC");
const escapeRe = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");

const URL_RE = /\b(?:https?:\/\/|www\.)[^\s<>"«»]+/giu;
const EMAIL_RE = /[\p{L}\p{N}._%+-]+@[\p{L}\p{N}-]+(?:\.[\p{L}\p{N}-]+)+/gu;
const MARKUP_RE = /<\|[^|\n]{1,40}\|>|\{[^{}\n]{1,60}\}|<\/?[A-Za-z][^<>\n]{0,60}>/gu;
// A word with its inner . , : / - joints (3.5, 12:30, H-0412), kept when it holds a digit.
const WORDISH_RE = /[\p{L}\p{N}_](?:[\p{L}\p{N}_]|[-.,:/](?=[\p{L}\p{N}_]))*/gu;
const GUILLEMETS_RE = /«[^«»]{0,400}»/gu;
const TITLE_QUOTES_RE = /"([^"\n]{1,160})"|“([^“”\n]{1,160})”|‘([^‘’\n]{1,160})’/gu;

/** Whether a turn's content is JSON (a tool call, a Director decision…): such turns are never augmented. */
export function isJsonText(text: string): boolean {
  const t = text.trim();
  if (!t) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

export interface Masked {
  /** The text with every protected span replaced by a placeholder [0], [1]… in order. */
  text: string;
  /** The original text of each placeholder, by index. */
  values: string[];
}

export class Protector {
  readonly terms: readonly string[];
  private readonly termRe: RegExp | null;

  constructor(terms: readonly string[]) {
    const all = new Set<string>();
    for (const t of terms) {
      const term = t.trim();
      if (!term) continue;
      all.add(term);
      all.add(stripAccents(term));
    }
    this.terms = [...all];
    const alts = [...all].sort((a, b) => b.length - a.length || (a < b ? -1 : 1)).map((t) => escapeRe(t).replace(/\s+/g, "\\s+"));
    this.termRe = alts.length ? new RegExp(`(?<![\\p{L}\\p{N}_])(?:${alts.join("|")})(?:es|s)?(?![\\p{L}\\p{N}_])`, "giu") : null;
  }

  static fromWorld(src: ProtectSources): Protector {
    return new Protector(protectedTerms(src));
  }

  /** The protected spans of `text`, sorted and merged (overlapping spans become one). */
  spans(text: string): Span[] {
    const found: Span[] = [];
    const collect = (re: RegExp, kind: SpanKind | ((m: RegExpExecArray) => SpanKind | null)) => {
      re.lastIndex = 0;
      for (let m = re.exec(text); m; m = re.exec(text)) {
        if (m[0].length === 0) {
          re.lastIndex += 1;
          continue;
        }
        const k = typeof kind === "function" ? kind(m) : kind;
        if (k) found.push({ start: m.index, end: m.index + m[0].length, kind: k });
      }
    };
    collect(URL_RE, "url");
    for (const s of found) {
      // A URL's trailing sentence punctuation is not part of it.
      while (s.end > s.start && /[.,;:!?)\]'’”]/.test(text.charAt(s.end - 1))) s.end -= 1;
    }
    collect(EMAIL_RE, "email");
    collect(MARKUP_RE, "markup");
    collect(GUILLEMETS_RE, "quote");
    collect(TITLE_QUOTES_RE, (m) => {
      const inner = (m[1] ?? m[2] ?? m[3] ?? "").trim();
      return inner.split(/\s+/).length <= 8 && /^\p{Lu}/u.test(inner) ? "quote" : null;
    });
    collect(WORDISH_RE, (m) => (/\p{N}/u.test(m[0]) ? (/^\p{L}+[-_]\p{N}/u.test(m[0]) ? "id" : "number") : null));
    if (this.termRe) collect(this.termRe, "term");
    found.sort((a, b) => a.start - b.start || b.end - a.end);
    const merged: Span[] = [];
    for (const s of found) {
      const last = merged[merged.length - 1];
      if (last && s.start < last.end) last.end = Math.max(last.end, s.end);
      else merged.push({ ...s });
    }
    return merged;
  }

  /** Whether any character of [start, end) is protected. */
  overlaps(spans: readonly Span[], start: number, end: number): boolean {
    return spans.some((s) => s.start < end && s.end > start);
  }

  /** Replaces each protected span by a placeholder `[i]` (for translation); `unmask` puts them back. */
  mask(text: string): Masked {
    const values: string[] = [];
    let out = "";
    let at = 0;
    for (const s of this.spans(text)) {
      out += text.slice(at, s.start) + placeholder(values.length);
      values.push(text.slice(s.start, s.end));
      at = s.end;
    }
    return { text: out + text.slice(at), values };
  }
}

export const placeholder = (i: number): string => `[${i}]`;
const PLACEHOLDER_RE = /\[\s*(\d+)\s*\]/g;

/**
 * Puts the protected spans back into a translated text: every placeholder must come back
 * exactly once (spaces inside the brackets are forgiven); null when one was lost,
 * duplicated or invented, and the variant should be discarded.
 */
export function unmask(text: string, values: readonly string[]): string | null {
  const seen = new Set<number>();
  let ok = true;
  const out = text.replace(PLACEHOLDER_RE, (_m, d: string) => {
    const i = Number(d);
    if (i >= values.length || seen.has(i)) {
      ok = false;
      return "";
    }
    seen.add(i);
    return values[i]!;
  });
  return ok && seen.size === values.length ? out : null;
}
