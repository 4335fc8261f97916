import { join } from "node:path";
import { BOOK_SEED, BOOK_SPLITS, bookJsonl, generateBookDataset, type BookDataset, type BookSplit } from "./dataset.js";
import { loadBookInputs } from "./sources.js";
import { bookDatasetStats, type BookDatasetStats } from "./stats.js";

/**
 * `world build` for the Book role, short of writing: loads the inputs from a checkout,
 * generates with the committed seed and renders the three JSONL files. The build script
 * writes them; the test compares them with the committed bytes.
 */
export const BOOK_DATA_DIR = "world/datasets/book";

export interface BookBuild {
  dataset: BookDataset;
  /** Relative path → file content, e.g. "world/datasets/book/train.jsonl". */
  files: Record<string, string>;
  stats: BookDatasetStats;
  canonNote: string;
}

export const bookDataFile = (split: BookSplit): string => join(BOOK_DATA_DIR, `${split}.jsonl`);

export async function buildBookData(root: string, seed = BOOK_SEED): Promise<BookBuild> {
  const inputs = await loadBookInputs(root);
  const dataset = generateBookDataset({ seed, canon: inputs.canon, mobyDick: inputs.mobyDick, fortunes: inputs.fortunes });
  const files = Object.fromEntries(BOOK_SPLITS.map((s) => [bookDataFile(s), bookJsonl(dataset[s])]));
  return { dataset, files, stats: bookDatasetStats(dataset), canonNote: inputs.canonNote };
}
