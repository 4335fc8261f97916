import { createHash } from "node:crypto";
import { BOOK_STYLES, type BookStyle, type Canon } from "../canon/schema.js";
import { writeBook, writeMobyBook, type Book } from "./books.js";
import { parseMobyDick } from "./moby-dick.js";
import { lengthOf, type BookRecord } from "./record.js";
import { Rng } from "../rng.js";
import { roman } from "./text-kit.js";
import { bookWorld } from "./world.js";

/**
 * The Book role's dataset: project-written books in every style, books of the sea cut
 * from Moby-Dick, and the canon's known books, each book split whole into train,
 * validation or test by a hash of its id — so a held-out book is one no training
 * passage came from, and every style keeps a held-out shelf.
 */
export type BookSplit = "train" | "validation" | "test";
export const BOOK_SPLITS: readonly BookSplit[] = ["train", "validation", "test"];

export interface BookDataset {
  train: BookRecord[];
  validation: BookRecord[];
  test: BookRecord[];
}

export interface BookDatasetOptions {
  seed: number;
  canon?: Canon;
  /** Moby-Dick as `loadMobyDick` joins it (see moby-dick.ts); "" for none. */
  mobyDick: string;
  /** Spanish proverbs, one per entry; [] for none. */
  fortunes: string[];
}

/** The seed the committed `world/datasets/book/*.jsonl` are built with (Borges's birth year). */
export const BOOK_SEED = 1899;

/** Project-written books per style: sized so train holds ≥ 300k estimated tokens (see the test). */
export const BOOKS_PER_STYLE: Record<BookStyle, number> = {
  chronicle: 210,
  heretical_treatise: 200,
  catalogue_entry: 260,
  cartographers_log: 200,
  poem: 330,
  babel: 260,
};

export const HELD_OUT = { validation: 0.06, test: 0.06 };

const PREFIX: Record<BookStyle, string> = {
  chronicle: "chr", heretical_treatise: "her", catalogue_entry: "cat", cartographers_log: "log", poem: "poe", babel: "bab",
};

// Our own hash split (roles/ may not import data/): salted so it is not the NPC split's.
function hashUnit(key: string): number {
  return createHash("sha256").update(`scriptorium-book-split-v1\u0000${key}`).digest().readUInt32BE(0) / 0x1_0000_0000;
}

export function bookSplitOf(bookId: string): BookSplit {
  const u = hashUnit(bookId);
  if (u < HELD_OUT.test) return "test";
  if (u < HELD_OUT.test + HELD_OUT.validation) return "validation";
  return "train";
}

const looksSpanish = (title: string): boolean => /[áéíóúñ¿¡]|\b(de|del|la|las|los|el|y)\b/i.test(title);

function collectBooks(opts: BookDatasetOptions): Book[] {
  const world = bookWorld(opts.canon);
  const proverbs = opts.fortunes;
  const books: Book[] = [];
  // Canon books first: their titles are fixed, so generated ones step aside if they clash.
  for (const known of opts.canon?.books ?? []) {
    const rng = Rng.for(opts.seed, `canon:${known.id}`);
    const spec = { book_id: `canon-${known.id}`, style: known.style, title: known.title, hexagon: known.hexagon, lang: looksSpanish(known.title) ? "es" as const : "en" as const };
    books.push(writeBook(spec, rng, { world: bookWorld(opts.canon, known.first_chapter), proverbs }));
  }
  for (const style of BOOK_STYLES) {
    for (let i = 1; i <= BOOKS_PER_STYLE[style]; i++) {
      const book_id = `${PREFIX[style]}-${String(i).padStart(4, "0")}`;
      books.push(writeBook({ book_id, style }, Rng.for(opts.seed, book_id), { world, proverbs }));
    }
  }
  parseMobyDick(opts.mobyDick).forEach((chapter, i) => {
    const book_id = `mar-${String(i + 1).padStart(4, "0")}`;
    const book = writeMobyBook(book_id, chapter, Rng.for(opts.seed, book_id), world);
    if (book) books.push(book);
  });
  // Two books with one title are two volumes of it: number the later ones.
  const seen = new Map<string, number>();
  for (const book of books) {
    const n = (seen.get(book.title) ?? 0) + 1;
    seen.set(book.title, n);
    if (n > 1) book.title = `${book.title}, ${looksSpanish(book.title) ? "tomo" : "volume"} ${roman(n)}`;
  }
  return books;
}

/**
 * Every style must keep books out of training in both held-out splits. The hash almost
 * always does it alone; if a style drew none for a split, its train book with the lowest
 * hash moves there — still whole books, still the same answer on every run.
 */
function splitBooks(books: Book[]): Map<string, BookSplit> {
  const split = new Map(books.map((b) => [b.book_id, bookSplitOf(b.book_id)]));
  for (const style of BOOK_STYLES) {
    for (const held of ["validation", "test"] as const) {
      const mine = books.filter((b) => b.style === style);
      if (mine.length < 3 || mine.some((b) => split.get(b.book_id) === held)) continue;
      const candidates = mine.filter((b) => split.get(b.book_id) === "train").sort((a, b) => hashUnit(a.book_id) - hashUnit(b.book_id));
      if (candidates[0]) split.set(candidates[0].book_id, held);
    }
  }
  return split;
}

export function generateBookDataset(opts: BookDatasetOptions): BookDataset {
  const books = collectBooks(opts);
  const split = splitBooks(books);
  const ds: BookDataset = { train: [], validation: [], test: [] };
  for (const book of books) {
    book.passages.forEach((p, i) => {
      ds[split.get(book.book_id)!].push({
        id: `${book.book_id}-p${i + 1}`,
        book_id: book.book_id,
        title: book.title,
        style: book.style,
        hexagon: book.hexagon,
        language: p.language,
        length: lengthOf({ style: book.style, source: p.source, language: p.language, text: p.text }),
        source: p.source,
        text: p.text,
      });
    });
  }
  return ds;
}

/** One JSON object per line, trailing newline: the committed file format. */
export function bookJsonl(records: readonly BookRecord[]): string {
  return records.map((r) => JSON.stringify(r) + "\n").join("");
}
