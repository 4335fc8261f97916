import { z } from "zod";
import { BookStyle, HexagonId } from "../canon/schema.js";

/**
 * One passage of one book found on a shelf: the Book role's training record, as
 * written to `world/datasets/book/*.jsonl`. A book (`book_id`) may have several
 * passages; splits keep all of a book's passages together so no book leaks.
 * `source` names where the words came from: text written by the project's
 * generators, or public-domain text shipped by a package (see world/sources/SOURCES.md).
 */
export const BOOK_LANGUAGES = ["en", "es", "mixed", "none"] as const;
export const BOOK_LENGTHS = ["short", "medium", "long"] as const;
export const BOOK_SOURCES = ["generated", "moby-dick", "fortunes-es"] as const;

export const BookLanguage = z.enum(BOOK_LANGUAGES);
export type BookLanguage = z.infer<typeof BookLanguage>;
export const BookLength = z.enum(BOOK_LENGTHS);
export type BookLength = z.infer<typeof BookLength>;
export const BookSource = z.enum(BOOK_SOURCES);
export type BookSource = z.infer<typeof BookSource>;

// Key order is the JSONL column order: keep it as written here.
export const BookRecord = z.strictObject({
  id: z.string().min(1),
  book_id: z.string().min(1),
  title: z.string().trim().min(1),
  style: BookStyle,
  hexagon: HexagonId,
  language: BookLanguage,
  length: BookLength,
  source: BookSource,
  text: z.string().trim().min(1),
});
export type BookRecord = z.infer<typeof BookRecord>;

export const wordCount = (text: string): number => (text.match(/\S+/g) ?? []).length;

/**
 * The rough estimate WORLD.md's size target is stated in: words × 1.3 for prose,
 * characters / 4 for babel. `scriptorium world stats` reports real tokenizer counts.
 */
export function estimateTokens(style: BookStyle, text: string): number {
  return style === "babel" ? Math.ceil(text.length / 4) : Math.ceil(wordCount(text) * 1.3);
}

/**
 * How densely a text tokenizes: prose, records full of numbers and hexagon ids (catalogue
 * entries, the generated logs), or babel noise. Moby-Dick shelved as a log is still prose.
 */
export type TextKind = "prose" | "records" | "noise";

export const textKind = (style: BookStyle, source: BookSource): TextKind =>
  style === "babel" ? "noise" : source === "generated" && (style === "catalogue_entry" || style === "cartographers_log") ? "records" : "prose";

/**
 * Characters per token of the default base model's tokenizer (SmolLM2), at the *low* end
 * of what was measured on this dataset per kind and language: the English-centred
 * vocabulary spends 2–3 tokens on a Spanish word and one on most digits, so a Spanish
 * catalogue page holds far fewer words than an English chronicle in the same sequence.
 */
const CHARS_PER_TOKEN: Record<TextKind, Record<BookLanguage, number>> = {
  prose: { en: 3.0, mixed: 2.5, es: 2.1, none: 2.1 },
  records: { en: 2.0, mixed: 2.0, es: 1.7, none: 1.7 },
  noise: { en: 1.6, mixed: 1.6, es: 1.6, none: 1.6 },
};

/** A conservative estimate of the default tokenizer's count for a text: budgets and lengths use it. */
export function seqTokens(kind: TextKind, language: BookLanguage, text: string): number {
  return Math.ceil(text.length / CHARS_PER_TOKEN[kind][language]);
}

/**
 * No passage passes this many (conservatively estimated) tokens: with the request and the
 * chat template around it (≤ ~110 tokens), every example fits max_seq_len 512.
 */
export const MAX_TEXT_TOKENS = 400;

const BUCKETS: [BookLength, number][] = [["short", 130], ["medium", 260], ["long", MAX_TEXT_TOKENS]];

/** Token budgets per length, inside the buckets `lengthOf` reads back. */
export const LENGTH_TOKENS: Record<BookLength, { min: number; max: number }> = {
  short: { min: 55, max: 125 },
  medium: { min: 150, max: 255 },
  long: { min: 290, max: 390 },
};

/** The length bucket a passage falls in, in model tokens: what the prompt asks for is what the text is. */
export function lengthOf(r: { style: BookStyle; source: BookSource; language: BookLanguage; text: string }): BookLength {
  const n = seqTokens(textKind(r.style, r.source), r.language, r.text);
  return BUCKETS.find(([, max]) => n <= max)?.[0] ?? "long";
}
