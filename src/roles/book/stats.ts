import { BOOK_STYLES, type BookStyle } from "../canon/schema.js";
import { BOOK_SPLITS, type BookDataset, type BookSplit } from "./dataset.js";
import { BOOK_LANGUAGES, BOOK_SOURCES, estimateTokens, wordCount, type BookLanguage, type BookRecord, type BookSource } from "./record.js";

/**
 * Counts and token estimates of the Book dataset, per split, style, source and language.
 * Tokens are estimated without a tokenizer (words × 1.3; babel characters / 4): the
 * figures the size target is checked against; `world stats` adds real tokenizer counts.
 */
export interface BookTally {
  records: number;
  books: number;
  words: number;
  tokens: number;
}

export interface BookDatasetStats {
  estimate: string;
  total: BookTally;
  by_split: Record<BookSplit, BookTally>;
  by_style: Record<BookStyle, Record<BookSplit | "all", BookTally>>;
  by_source: Record<BookSource, BookTally>;
  by_language: Record<BookLanguage, BookTally>;
}

function tally(records: readonly BookRecord[]): BookTally {
  return {
    records: records.length,
    books: new Set(records.map((r) => r.book_id)).size,
    words: records.reduce((n, r) => n + wordCount(r.text), 0),
    tokens: records.reduce((n, r) => n + estimateTokens(r.style, r.text), 0),
  };
}

const by = <K extends string>(keys: readonly K[], records: readonly BookRecord[], key: (r: BookRecord) => K): Record<K, BookTally> =>
  Object.fromEntries(keys.map((k) => [k, tally(records.filter((r) => key(r) === k))])) as Record<K, BookTally>;

export function bookDatasetStats(ds: BookDataset): BookDatasetStats {
  const all = BOOK_SPLITS.flatMap((s) => ds[s]);
  return {
    estimate: "tokens ≈ words × 1.3 (babel: characters / 4)",
    total: tally(all),
    by_split: Object.fromEntries(BOOK_SPLITS.map((s) => [s, tally(ds[s])])) as Record<BookSplit, BookTally>,
    by_style: Object.fromEntries(
      BOOK_STYLES.map((style) => [
        style,
        {
          all: tally(all.filter((r) => r.style === style)),
          ...Object.fromEntries(BOOK_SPLITS.map((s) => [s, tally(ds[s].filter((r) => r.style === style))])),
        },
      ]),
    ) as Record<BookStyle, Record<BookSplit | "all", BookTally>>,
    by_source: by(BOOK_SOURCES, all, (r) => r.source),
    by_language: by(BOOK_LANGUAGES, all, (r) => r.language),
  };
}
