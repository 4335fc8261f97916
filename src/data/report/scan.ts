import { createRequire } from "node:module";
import { isIPv6 } from "node:net";
import { franc, francAll } from "franc-min";
import { data as francData } from "franc-min/data.js";

/**
 * Pure scanners over one string, for the data quality & bias report: personal data and
 * secrets (PII), a toxicity/slur lexicon, gendered terms, and the language. Every one is
 * tuned for low false positives on the game's own text: hexagon ids (H-0412), years,
 * step and spine counts, "chapter 3", Spanish words inside English lines.
 */

// ───────────────────────────── PII ─────────────────────────────

export const PII_TYPES = ["email", "phone", "ipv4", "ipv6", "aws_key", "openai_key", "github_token", "secret", "credit_card"] as const;
export type PiiType = (typeof PII_TYPES)[number];

export interface PiiHit {
  type: PiiType;
  /** UTF-16 offsets into the scanned string: text.slice(start, end) is the hit. */
  start: number;
  end: number;
  text: string;
}

/** Luhn (mod 10) check over a string of digits. */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  let double = false;
  for (let i = digits.length - 1; i >= 0; i--) {
    let d = digits.charCodeAt(i) - 48;
    if (double) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
    double = !double;
  }
  return sum % 10 === 0;
}

const EMAIL = /(?<![\w.%+-])[A-Za-z0-9][A-Za-z0-9._%+-]{0,63}@(?:[A-Za-z0-9](?:[A-Za-z0-9-]{0,61}[A-Za-z0-9])?\.)+[A-Za-z]{2,24}(?![\w-])/g;
/** +34 612 345 678, +1 (555) 123-4567, 0044 20 7946 0958: a country code, then 7–14 more digits in groups. */
const PHONE_INTL = /(?<![\w+])(?:\+|00)[1-9]\d{0,2}(?:[ .-]?\(?\d{1,4}\)?){2,6}(?![\w-]|[.]\d)/g;
/** Spanish numbers without the prefix, only in the grouped forms people write: 612 345 678, 612 34 56 78, 912-345-678. */
const PHONE_ES = /(?<![\w+.-])[6789]\d{2}(?:([ .-])\d{3}\1\d{3}|([ .-])\d{2}\2\d{2}\2\d{2})(?![\w-]|[.]\d)/g;
/** Nine digits in a row starting 6–9 count only right after a phone word. */
const PHONE_ES_BARE = /(?:tel[eé]fono|tel\.?|m[oó]vil|phone|mobile|cell|call|ll[aá]ma(?:me)?|whatsapp|fax)\W{0,3}(?:is\s|es\s|al\s|at\s|:\s*)?([6789]\d{8})(?!\d)/dgi;
/** North American: (555) 123-4567, 555-123-4567, 555.123.4567. */
const PHONE_NANP = /(?<![\w+.-])(?:\(\d{3}\)\s?\d{3}[.-]\d{4}|[2-9]\d{2}([.-])\d{3}\1\d{4})(?![\w-]|[.]\d)/g;
const OCTET = "(?:25[0-5]|2[0-4]\\d|1\\d\\d|[1-9]?\\d)";
const IPV4 = new RegExp(`(?<![\\w.])(?:${OCTET}\\.){3}${OCTET}(?![\\w]|\\.\\d)`, "g");
/** Candidates only: validated by node's own parser. */
const IPV6 = /(?<![\w:.])(?:[0-9A-Fa-f]{0,4}:){2,7}(?:[0-9A-Fa-f]{1,4}|\d{1,3}(?:\.\d{1,3}){3})?(?![\w:])/g;
const AWS_KEY = /(?<![A-Za-z0-9])(?:AKIA|ASIA|AGPA|AIDA|AROA|ANPA|ANVA|AIPA)[0-9A-Z]{16}(?![A-Za-z0-9])/g;
const OPENAI_KEY = /(?<![\w-])sk-(?:proj-|svcacct-|admin-)?[A-Za-z0-9_-]{20,}(?![\w-])/g;
const GITHUB_TOKEN = /(?<![A-Za-z0-9_])(?:gh[pousr]_[A-Za-z0-9]{36,255}|github_pat_[A-Za-z0-9_]{22,255})(?![A-Za-z0-9_])/g;
const JWT = /(?<![\w-])eyJ[A-Za-z0-9_-]{8,}\.eyJ[A-Za-z0-9_-]{8,}\.[A-Za-z0-9_-]{8,}(?![\w-])/g;
/** A long token within a few characters after a secret-ish word: `api_key = "…"`, `token: …`, `la clave es …`. */
const NEAR_SECRET =
  /(?<![\p{L}\p{N}])(?:api[_ -]?key|access[_ -]?key|secret(?:[_ -]?key)?|token|auth|password|passwd|pwd|bearer|key|clave|contrase[ñn]a|secreto)(?![\p{L}\p{N}])["']?\s{0,3}(?:[:=]|is|es|\s)\s{0,3}["'`]?([A-Za-z0-9+/_.=-]{16,})/dgiu;
const CARD = /(?<![\w.,+-])\d(?:[ -]?\d){12,18}(?![\w]|[.,-]\d)/g;
const CARD_PREFIX = /^(?:4|5[1-5]|2[2-7]|3[47]|3(?:0[0-5]|[68])|35|6(?:011|5|4[4-9]))/;

function secretLike(v: string): boolean {
  const s = v.replace(/[=.]+$/, "");
  if (s.length < 20) return false;
  if (/^[0-9a-f]+$/i.test(s)) return /\d/.test(s) && /[a-f]/i.test(s);
  const classes = Number(/\d/.test(s)) + Number(/[a-z]/.test(s)) + Number(/[A-Z]/.test(s));
  // Words glued with dashes or underscores ("the-key-to-the-old-archive") are not secrets.
  if (/^[A-Za-z]+(?:[-_][A-Za-z]+)+$/.test(s)) return false;
  return classes === 3 || (classes === 2 && /\d/.test(s) && s.length >= 32);
}

/** Priority order: when two hits overlap, the earlier type wins (a card number is not also a phone number). */
const PRIORITY: Record<PiiType, number> = { aws_key: 0, github_token: 1, openai_key: 2, secret: 3, credit_card: 4, email: 5, ipv6: 6, ipv4: 7, phone: 8 };

function digitCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c >= 48 && c <= 57) n++;
  }
  return n;
}

/** Every PII-like span in `text`, sorted by offset, non-overlapping. */
export function scanPii(text: string): PiiHit[] {
  const found: PiiHit[] = [];
  const push = (type: PiiType, start: number, end: number): void => {
    found.push({ type, start, end, text: text.slice(start, end) });
  };
  const each = (re: RegExp, type: PiiType, ok: (m: RegExpExecArray) => boolean = () => true): void => {
    re.lastIndex = 0;
    for (let m = re.exec(text); m; m = re.exec(text)) if (ok(m)) push(type, m.index, m.index + m[0].length);
  };
  const hasDigit = /\d/.test(text);
  if (text.includes("@")) each(EMAIL, "email");
  if (hasDigit) {
    each(PHONE_INTL, "phone", (m) => {
      const n = digitCount(m[0]);
      return n >= (m[0].startsWith("00") ? 10 : 8) && n <= 15;
    });
    each(PHONE_ES, "phone");
    each(PHONE_NANP, "phone");
    PHONE_ES_BARE.lastIndex = 0;
    for (let m = PHONE_ES_BARE.exec(text); m; m = PHONE_ES_BARE.exec(text)) {
      const span = m.indices?.[1];
      if (span) push("phone", span[0], span[1]);
    }
    if (text.includes(".")) each(IPV4, "ipv4");
    each(CARD, "credit_card", (m) => {
      const seps = new Set(m[0].replace(/\d/g, ""));
      if (seps.size > 1) return false;
      const digits = m[0].replace(/\D/g, "");
      return digits.length >= 13 && digits.length <= 19 && CARD_PREFIX.test(digits) && luhnValid(digits);
    });
  }
  if (text.includes(":")) {
    each(IPV6, "ipv6", (m) => {
      const groups = m[0].split(":").filter(Boolean).length;
      return isIPv6(m[0]) && groups >= 2 && (groups >= 3 || m[0].includes("::")) && /[0-9a-f]/i.test(m[0]);
    });
  }
  each(AWS_KEY, "aws_key");
  if (text.includes("sk-")) each(OPENAI_KEY, "openai_key", (m) => /\d/.test(m[0]) && /[A-Za-z]{1}/.test(m[0].slice(3)));
  if (text.includes("gh") || text.includes("github_pat_")) each(GITHUB_TOKEN, "github_token");
  if (text.includes("eyJ")) each(JWT, "secret");
  NEAR_SECRET.lastIndex = 0;
  for (let m = NEAR_SECRET.exec(text); m; m = NEAR_SECRET.exec(text)) {
    const span = m.indices?.[1];
    if (span && secretLike(m[1]!)) push("secret", span[0], span[1]);
  }
  if (found.length <= 1) return found;
  found.sort((a, b) => PRIORITY[a.type] - PRIORITY[b.type] || a.start - b.start);
  const kept: PiiHit[] = [];
  for (const h of found) if (!kept.some((k) => h.start < k.end && k.start < h.end)) kept.push(h);
  return kept.sort((a, b) => a.start - b.start);
}

/** A hit as the report shows it: enough to find it, not enough to use it ("jo***@ex*****.com", "+34 6** *** *78"). */
export function maskPii(type: PiiType, value: string): string {
  if (type === "email") {
    const at = value.indexOf("@");
    const dot = value.lastIndexOf(".");
    return maskMiddle(value.slice(0, at), 2, 0) + "@" + maskMiddle(value.slice(at + 1, dot), 2, 0) + value.slice(dot);
  }
  if (type === "phone" || type === "credit_card" || type === "ipv4" || type === "ipv6") {
    // Separators stay; of the digits (hex digits for IPv6) only the first few and the last two do.
    const head = type === "phone" ? 3 : 2;
    const pos: number[] = [];
    for (let i = 0; i < value.length; i++) if (/[0-9A-Fa-f]/.test(value[i]!)) pos.push(i);
    const hidden = new Set(pos.slice(head, Math.max(head, pos.length - 2)));
    return [...value].map((c, i) => (hidden.has(i) ? "*" : c)).join("");
  }
  return maskMiddle(value, 4, 2);
}

function maskMiddle(s: string, head: number, tail: number): string {
  if (s.length <= head + tail) return s.slice(0, 1) + "*".repeat(Math.max(0, s.length - 1));
  return s.slice(0, head) + "*".repeat(Math.min(s.length - head - tail, 12)) + (tail ? s.slice(-tail) : "");
}

// ──────────────────────── words: shared tokenizer ────────────────────────

const WORD = /[\p{L}\p{M}\p{N}]+|\p{Extended_Pictographic}/gu;
const ASCII_LOWER = /^[a-z0-9]+$/;

/** Lower case, accents and other combining marks removed: "Cabrón" → "cabron". */
export function foldWord(w: string): string {
  if (ASCII_LOWER.test(w)) return w;
  return w.toLowerCase().normalize("NFD").replace(/\p{M}+/gu, "");
}

interface Token {
  lower: string;
  start: number;
  end: number;
}

function tokenize(text: string): Token[] {
  const out: Token[] = [];
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) out.push({ lower: m[0].toLowerCase(), start: m.index, end: m.index + m[0].length });
  return out;
}

// ───────────────────────────── toxicity ─────────────────────────────

export const LEXICON_LANGUAGES = ["en", "es"] as const;
export type LexiconLanguage = (typeof LEXICON_LANGUAGES)[number];

/**
 * Entries of the naughty-words lists (LDNOOBW) that are ordinary words in the game's
 * prose, and would flood the report: "martillo" (hammer), "infierno" (hell), "concha"
 * (shell), "maciza" (solid: "una puerta maciza"), "heroína" (also heroine), "escort"
 * (guards), "domination", "tied up", "butt" (a cask), "snatch", "'mong", "XXX" (a Roman numeral on the game's book spines)…
 * Compared after folding (lower case, no accents).
 * Slurs and sexual terms are never on this list.
 */
export const TOXIC_EXCLUDED: Record<LexiconLanguage, readonly string[]> = {
  en: ["xx", "xxx", "escort", "domination", "suck", "sucks", "tied up", "girl on", "tongue in a", "taste my", "hard core", "hardcore", "tight white", "big black", "eunuch", "bastinado", "strappado", "intercourse", "tainted love", "rosy palm", "santorum", "scat", "voyeur", "butt", "snatch", "mong"],
  es: ["asesinato", "asno", "concha", "drogas", "heroina", "infierno", "maldito", "martillo", "orina", "pis", "trio", "racista", "maciza", "chupada", "haciendo el amor", "pinche"],
};

interface LexEntry {
  term: string;
  language: LexiconLanguage;
  words: string[];
}

let lexicon: Map<string, LexEntry[]> | null = null;
let lexiconSize: Record<LexiconLanguage, number> = { en: 0, es: 0 };

function loadLexicon(): Map<string, LexEntry[]> {
  if (lexicon) return lexicon;
  const require = createRequire(import.meta.url);
  const index = new Map<string, LexEntry[]>();
  const size: Record<LexiconLanguage, number> = { en: 0, es: 0 };
  for (const language of LEXICON_LANGUAGES) {
    const list = require(`naughty-words/${language}.json`) as string[];
    const excluded = new Set(TOXIC_EXCLUDED[language].map(foldWord));
    const seen = new Set<string>();
    for (const raw of list) {
      const words = (raw.match(WORD) ?? []).map(foldWord);
      const key = words.join(" ");
      if (!words.length || excluded.has(key) || seen.has(key)) continue;
      seen.add(key);
      size[language] += 1;
      const entry: LexEntry = { term: key, language, words };
      const first = words[0]!;
      const bucket = index.get(first);
      if (bucket) bucket.push(entry);
      else index.set(first, [entry]);
    }
  }
  for (const bucket of index.values()) bucket.sort((a, b) => b.words.length - a.words.length);
  lexiconSize = size;
  lexicon = index;
  return index;
}

/** How many terms each lexicon holds after exclusions. */
export function lexiconSizes(): Record<LexiconLanguage, number> {
  loadLexicon();
  return { ...lexiconSize };
}

export interface ToxicHit {
  /** The lexicon entry, folded ("cabron", "son of a bitch"). */
  term: string;
  language: LexiconLanguage;
  start: number;
  end: number;
  text: string;
}

/**
 * Whole-word (and whole-phrase), case- and accent-insensitive matches of the naughty-words
 * lists for `languages`. The longest phrase starting at a word wins; matches do not overlap.
 * A one-word term inside a run of capitalized words ("Moby Dick") is taken for a name.
 */
export function scanToxicity(text: string, languages: readonly LexiconLanguage[] = LEXICON_LANGUAGES): ToxicHit[] {
  const index = loadLexicon();
  const tokens = tokenize(text);
  const hits: ToxicHit[] = [];
  const folded: (string | undefined)[] = new Array(tokens.length);
  const fold = (i: number): string => (folded[i] ??= foldWord(tokens[i]!.lower));
  for (let i = 0; i < tokens.length; i++) {
    const bucket = index.get(fold(i));
    if (!bucket) continue;
    for (const e of bucket) {
      if (!languages.includes(e.language) || i + e.words.length > tokens.length) continue;
      let ok = true;
      for (let k = 1; k < e.words.length && ok; k++) ok = fold(i + k) === e.words[k];
      if (!ok) continue;
      if (e.words.length === 1 && inName(text, tokens, i)) continue;
      const start = tokens[i]!.start;
      const end = tokens[i + e.words.length - 1]!.end;
      hits.push({ term: e.term, language: e.language, start, end, text: text.slice(start, end) });
      i += e.words.length - 1;
      break;
    }
  }
  return hits;
}

const UPPER_FIRST = /^\p{Lu}\p{Ll}/u;

/**
 * "Moby Dick": a capitalized word right after another capitalized word that does not start
 * a sentence is part of a name, not an insult ("¡Eres…! Un Cabrón" still counts).
 */
function inName(text: string, tokens: Token[], i: number): boolean {
  const t = tokens[i]!;
  const prev = tokens[i - 1];
  if (!prev || !UPPER_FIRST.test(text.slice(t.start, t.end))) return false;
  if (text.slice(prev.end, t.start) !== " " || !UPPER_FIRST.test(text.slice(prev.start, prev.end))) return false;
  const before = text.slice(Math.max(0, prev.start - 4), prev.start).trimEnd();
  return before !== "" && !/[.!?¡¿:;"«—\n]$/.test(before);
}

/** A term as the report prints it: first and last letter of each word, stars between ("f**k", "h**o de p**a"). */
export function maskTerm(term: string): string {
  return term
    .split(" ")
    .map((w) => {
      const chars = [...w];
      if (chars.length <= 2) return chars[0] + "*".repeat(chars.length - 1);
      return chars[0] + "*".repeat(chars.length - 2) + chars[chars.length - 1];
    })
    .join(" ");
}

// ───────────────────────────── gendered terms ─────────────────────────────

/**
 * Gendered words, matched whole-word and case-insensitive but accent-sensitive ("él" is
 * "he", "el" is "the"). English "her" covers both "him" and "his", so English counts lean
 * feminine-per-reference slightly; ratios are meant for large imbalances, not small ones.
 */
export const GENDERED_TERMS: Record<LexiconLanguage, { masc: readonly string[]; fem: readonly string[] }> = {
  en: {
    masc: ["he", "him", "his", "himself", "man", "men", "boy", "boys", "king", "kings", "father", "fathers", "son", "sons", "brother", "brothers", "husband", "husbands", "uncle", "nephew", "grandfather", "sir", "mr", "lord", "lords", "gentleman", "gentlemen", "monk", "monks", "prince", "princes", "duke", "male", "males", "mister"],
    fem: ["she", "her", "hers", "herself", "woman", "women", "girl", "girls", "queen", "queens", "mother", "mothers", "daughter", "daughters", "sister", "sisters", "wife", "wives", "aunt", "niece", "grandmother", "madam", "ma'am", "mrs", "ms", "lady", "ladies", "nun", "nuns", "princess", "princesses", "duchess", "female", "females"],
  },
  es: {
    masc: ["él", "ellos", "hombre", "hombres", "señor", "señores", "senor", "rey", "reyes", "padre", "hijo", "hermano", "hermanos", "marido", "esposo", "tío", "abuelo", "niño", "niños", "muchacho", "muchachos", "chico", "chicos", "caballero", "caballeros", "don", "fray", "monje", "monjes", "príncipe", "duque", "conde", "varón", "varones"],
    fem: ["ella", "ellas", "mujer", "mujeres", "señora", "señoras", "senora", "señorita", "reina", "reinas", "madre", "madres", "hija", "hijas", "hermana", "hermanas", "esposa", "tía", "abuela", "niña", "niñas", "muchacha", "muchachas", "chica", "chicas", "dama", "damas", "doña", "sor", "monja", "monjas", "princesa", "duquesa", "condesa"],
  },
};

/** Words that are gendered in one language but ordinary in the other ("he" = "I have", "son" = "they are", "don" = to put on): skipped when the language is unknown. */
const AMBIGUOUS_ACROSS = new Set(["he", "son", "don", "sor", "lady"]);

type GenderTable = Map<string, { masc: number; fem: number }>;
const genderTables = new Map<string, GenderTable>();

function genderTable(languages: readonly LexiconLanguage[]): GenderTable {
  const key = languages.join(",");
  let table = genderTables.get(key);
  if (table) return table;
  const t: GenderTable = new Map();
  for (const l of languages) {
    for (const w of GENDERED_TERMS[l].masc) t.set(w.replace("'", "").toLowerCase(), { masc: 1, fem: 0 });
    for (const w of GENDERED_TERMS[l].fem) t.set(w.replace("'", "").toLowerCase(), { masc: 0, fem: 1 });
  }
  if (languages.length > 1) for (const w of AMBIGUOUS_ACROSS) t.delete(w);
  table = t;
  genderTables.set(key, table);
  return table;
}

const SLUG_CHAR = /[\p{L}\p{N}_-]/u;

/** A word inside an identifier of three or more parts ("evangelio-hombre-libro", a book id in the Director's state) is not prose. */
function inSlug(text: string, start: number, end: number): boolean {
  if (text[start - 1] !== "-" && text[start - 1] !== "_" && text[end] !== "-" && text[end] !== "_") return false;
  let a = start;
  let b = end;
  while (a > 0 && SLUG_CHAR.test(text[a - 1]!)) a--;
  while (b < text.length && SLUG_CHAR.test(text[b]!)) b++;
  return (text.slice(a, b).match(/[-_]/g)?.length ?? 0) >= 2;
}

export interface GenderCounts {
  masc: number;
  fem: number;
}

/** Masculine and feminine terms in `text` (both languages' lists when the language is unknown); words inside ids (a-b-c) are skipped. */
export function countGendered(text: string, languages: readonly LexiconLanguage[] = LEXICON_LANGUAGES): GenderCounts {
  const table = genderTable(languages);
  const out = { masc: 0, fem: 0 };
  // "ma'am" is two tokens; joined here so the list can hold it.
  const lower = text.includes("'") || text.includes("’") ? text.replace(/ma['’]am/gi, "maam") : text;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(lower); m; m = WORD.exec(lower)) {
    const g = table.get(m[0].toLowerCase());
    if (g && !inSlug(lower, m.index, m.index + m[0].length)) {
      out.masc += g.masc;
      out.fem += g.fem;
    }
  }
  return out;
}

// ───────────────────────────── language ─────────────────────────────

/**
 * Language detection with franc-min (ISO 639-3), tuned on the world data
 * (world/datasets/{npc,book}/*.jsonl, 1,722 NPC conversations, 3,228 book pages) and
 * nine hand-written fr/pt/it/de/nl sentences. Accuracy (gold: the persona card's language
 * for the assistant turns of a conversation, the book's language; babel books are gold "zxx"):
 *
 *   franc, all 82 languages:   NPC replies 90.4%, books es/en 99.7/100%, babel 0%, foreign 100%
 *   franc, only spa+eng:       NPC replies 97.0%, books 100/100%,        babel 0%, foreign 0%
 *   this function:             NPC replies 98.1%, books 100/100%,        babel 99.4%, foreign 7/9
 *
 * Unrestricted franc mistakes English lines with Spanish words in them ("Cuidado on the
 * stairs, amigo") for Portuguese, French or Italian. So: (0) «quoted titles» are dropped
 * (the books' Spanish titles inside English replies: 97.0% → 98.1%); (1) the best of the home languages
 * (spa, eng) is picked; (2) text whose character trigrams barely appear in that language's
 * model (coverage < 0.12 over at least 50 letters; real es/en text is 0.20–0.75, babel
 * gibberish 0.00–0.18) is "zxx" (no linguistic content); (3) another language is reported only when franc prefers it
 * among OTHER_LANGUAGES, its trigram coverage beats the home language's by 25%, and the
 * text has at least 50 letters.
 * Most NPC "errors" left are genuinely mixed lines of English personas answering Spanish
 * players. Non-Latin scripts go to unrestricted franc. Texts with fewer than `minLetters`
 * letters are "und".
 */
export const HOME_LANGUAGES = ["spa", "eng"] as const;
export const OTHER_LANGUAGES = ["por", "fra", "ita", "deu", "nld", "ron", "pol", "swe", "tur", "ces", "hun", "ind", "vie"] as const;
const COVERAGE_GIBBERISH = 0.12;
const OTHER_MARGIN = 1.25;
/** Below this many letters, trigram evidence for a third language is too thin ("Baltasar's business, amigo" looked Turkish). */
const OTHER_MIN_LETTERS = 50;
/** Short lines full of names ("Baltasar's business is Baltasar's business") have low coverage too: letter soup needs this many letters. */
const GIBBERISH_MIN_LETTERS = 50;

let trigramModels: Map<string, Set<string>> | null = null;
function trigramModel(lang: string): Set<string> | undefined {
  if (!trigramModels) {
    trigramModels = new Map();
    for (const [lang2, model] of Object.entries(francData.Latin ?? {})) trigramModels.set(lang2, new Set(model.split("|")));
  }
  return trigramModels.get(lang);
}

/** Share of the text's letter trigrams (franc's padding: words separated by one space) in `lang`'s top-300 trigrams. */
export function trigramCoverage(text: string, lang: string): number {
  const model = trigramModel(lang);
  if (!model) return 0;
  const s = ` ${text.slice(0, 2048).toLowerCase().replace(/[^\p{L}]+/gu, " ").trim()} `;
  let hit = 0;
  let n = 0;
  for (let i = 0; i + 3 <= s.length; i++) {
    n++;
    if (model.has(s.slice(i, i + 3))) hit++;
  }
  return n ? hit / n : 0;
}

export interface DetectOptions {
  /** Languages the data is meant to be in (ISO 639-3, Latin script); default spa, eng. */
  home?: readonly string[];
  /** Other Latin-script languages that may be reported. */
  others?: readonly string[];
  /** Fewer letters than this → "und" (default 20). */
  minLetters?: number;
}

/** ISO 639-3 code of `text`'s language, "und" when too short to tell, "zxx" for letter soup. */
export function detectLanguage(text: string, opts: DetectOptions = {}): string {
  const home = [...(opts.home ?? HOME_LANGUAGES)];
  const minLetters = opts.minLetters ?? 20;
  // «Titles» are names (the world's books have Spanish titles in English lines), not evidence of a language.
  const untitled = text.includes("«") ? text.replace(TITLE, " ") : text;
  const sample = untitled.length > 2048 ? untitled.slice(0, 2048) : untitled;
  const letters = sample.replace(NOT_LETTER, "").length;
  if (letters < minLetters) return "und";
  const latin = sample.replace(NOT_LATIN, "").length;
  if (latin < letters / 2) return franc(sample, { minLength: 1 });
  const others = (opts.others ?? OTHER_LANGUAGES).filter((l) => !home.includes(l));
  // One franc pass over home + others: the ranking among the home languages is the same as with home alone.
  const ranked = francAll(sample, { only: [...home, ...others], minLength: 1 });
  const best = ranked.find(([l]) => home.includes(l))?.[0] ?? home[0];
  if (!best || best === "und") return "und";
  const cover = trigramCoverage(sample, best);
  if (cover < COVERAGE_GIBBERISH && letters >= GIBBERISH_MIN_LETTERS) return "zxx";
  const top = ranked[0]?.[0];
  if (!top || top === best || top === "und" || home.includes(top) || letters < OTHER_MIN_LETTERS) return best;
  return trigramCoverage(sample, top) > OTHER_MARGIN * cover ? top : best;
}

const TITLE = /«[^«»\n]{0,200}»/g;
const NOT_LETTER = /[^\p{L}]+/gu;
const NOT_LATIN = /[^\p{Script=Latin}]+/gu;

/** Which lexicons apply to a text in `iso3`: Spanish → es, English → en, anything else → both. */
export function lexiconLanguagesFor(iso3: string): readonly LexiconLanguage[] {
  if (iso3 === "spa") return ["es"];
  if (iso3 === "eng") return ["en"];
  return LEXICON_LANGUAGES;
}

/**
 * Function words that are frequent in one of Spanish and English and not words of the
 * other ("a", "me", "no", "he", "son" are left out). Used per message to pick the lexicon
 * and gendered-term lists: cheap, and right on short lines where franc says "und".
 */
const ES_WORDS = new Set(["el", "la", "los", "las", "de", "del", "que", "y", "en", "un", "una", "es", "por", "con", "para", "se", "lo", "su", "sus", "al", "mi", "tu", "pero", "como", "más", "muy", "qué", "está", "este", "esta", "eso", "esto", "hay", "usted", "yo", "sí", "ya", "le", "les", "nos", "cuando", "dónde", "donde", "también", "porque", "sin", "sobre", "entre", "hasta", "desde", "puedo", "puede", "tiene", "soy", "eres", "somos", "aquí", "allí", "ni", "ha", "han", "fue", "era", "ser", "estar", "hacer", "bien", "gracias", "hola", "cómo", "quién", "cuál"]);
const EN_WORDS = new Set(["the", "of", "and", "to", "is", "it", "you", "that", "i", "for", "on", "with", "was", "are", "be", "this", "have", "not", "but", "what", "my", "your", "do", "at", "they", "we", "from", "or", "by", "an", "will", "can", "there", "their", "which", "if", "would", "all", "has", "been", "were", "who", "how", "where", "when", "why", "about", "just", "know", "here", "yes", "thank", "thanks", "please", "am", "does", "did", "into", "than", "then", "them", "these", "those", "our", "its", "could", "should"]);

/** "es" or "en" by function words, or null when neither clearly dominates (or there are too few). */
export function guessEsEn(text: string): LexiconLanguage | null {
  let es = 0;
  let en = 0;
  WORD.lastIndex = 0;
  for (let m = WORD.exec(text); m; m = WORD.exec(text)) {
    const w = m[0].toLowerCase();
    if (ES_WORDS.has(w)) es++;
    else if (EN_WORDS.has(w)) en++;
  }
  if (es + en < 2) return null;
  if (es >= 2 * en) return "es";
  if (en >= 2 * es) return "en";
  return null;
}
