import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { BOOK_STYLES, type Canon } from "../canon/schema.js";
import { buildBookData } from "./build.js";
import { BOOK_SEED, BOOK_SPLITS, bookJsonl, generateBookDataset, type BookDataset } from "./dataset.js";
import { parseMobyDick } from "./moby-dick.js";
import { BookRecord, lengthOf, MAX_TEXT_TOKENS, seqTokens, textKind } from "./record.js";
import { loadBookInputs } from "./sources.js";
import { BABEL_LINE, BABEL_LINES, BABEL_SYMBOLS } from "./styles/babel.js";
import { bookDatasetStats } from "./stats.js";

const root = fileURLToPath(new URL("../../../", import.meta.url));
const inputs = await loadBookInputs(root);
const opts = { seed: BOOK_SEED, canon: inputs.canon, mobyDick: inputs.mobyDick, fortunes: inputs.fortunes };
const ds = generateBookDataset(opts);
const all = (d: BookDataset): BookRecord[] => BOOK_SPLITS.flatMap((s) => d[s]);

test("the committed world/datasets/book/*.jsonl are what the generators build", async () => {
  const build = await buildBookData(root);
  for (const [path, content] of Object.entries(build.files)) {
    const committed = readFileSync(new URL(path, `file://${root}`), "utf8");
    assert.ok(committed === content, `stale ${path}: run \`scriptorium world build\` (${build.canonNote})`);
    assert.ok(committed.endsWith("}\n"));
  }
});

test("same seed, same bytes; another seed, other books", () => {
  assert.equal(bookJsonl(all(generateBookDataset(opts))), bookJsonl(all(ds)));
  assert.notEqual(bookJsonl(all(generateBookDataset({ ...opts, seed: BOOK_SEED + 1 }))), bookJsonl(all(ds)));
});

test("train holds at least 300k estimated tokens, over every style and every source", () => {
  const stats = bookDatasetStats(ds);
  assert.ok(stats.by_split.train.tokens >= 300_000, `train: ${stats.by_split.train.tokens} estimated tokens`);
  for (const style of BOOK_STYLES) assert.ok(stats.by_style[style].train.tokens >= 20_000, `${style}: ${stats.by_style[style].train.tokens}`);
  for (const source of ["generated", "moby-dick", "fortunes-es"] as const) assert.ok(stats.by_source[source].records >= 100, source);
  for (const language of ["en", "es", "mixed", "none"] as const) assert.ok(stats.by_language[language].records >= 100, language);
});

test("whole books are split: no book in two splits, and every style keeps a held-out shelf in validation and test", () => {
  const home = new Map<string, string>();
  for (const split of BOOK_SPLITS) {
    for (const r of ds[split]) {
      assert.equal(home.get(r.book_id) ?? split, split, `${r.book_id} is in ${home.get(r.book_id)} and ${split}`);
      home.set(r.book_id, split);
    }
  }
  for (const style of BOOK_STYLES) {
    for (const split of BOOK_SPLITS) assert.ok(ds[split].some((r) => r.style === style), `${style} has no ${split} book`);
  }
});

// The bound is on the conservative estimate of the default tokenizer (record.ts), measured
// against SmolLM2's real counts when the estimate was set.
test("every record is a valid BookRecord that fits a 512-token sequence", () => {
  const records = all(ds);
  assert.equal(new Set(records.map((r) => r.id)).size, records.length, "ids are unique");
  for (const r of records) {
    assert.deepEqual(Object.keys(r), ["id", "book_id", "title", "style", "hexagon", "language", "length", "source", "text"]);
    BookRecord.parse(r);
    assert.match(r.id, new RegExp(`^${r.book_id}-p\\d+$`));
    assert.equal(r.length, lengthOf(r), r.id);
    assert.ok(!/\{\w+\}|\[[^\]]*\|/.test(r.text), `${r.id}: unfilled template in ${r.text}`);
    if (r.style === "babel") {
      const lines = r.text.split("\n");
      assert.ok(lines.length <= BABEL_LINES.long.max, r.id);
      for (const line of lines) {
        assert.equal(line.length, BABEL_LINE, r.id);
        assert.ok([...line].every((c) => BABEL_SYMBOLS.includes(c)), `${r.id}: a symbol outside the 25`);
      }
    }
    const n = seqTokens(textKind(r.style, r.source), r.language, r.text);
    assert.ok(n <= MAX_TEXT_TOKENS, `${r.id}: ~${n} tokens`);
  }
  for (const style of BOOK_STYLES) {
    for (const length of ["short", "medium", "long"] as const) assert.ok(records.some((r) => r.style === style && r.length === length), `${style}/${length}`);
  }
});

test("public-domain passages are quoted verbatim from their sources", () => {
  const paragraphs = parseMobyDick(inputs.mobyDick).flatMap((c) => c.paragraphs);
  const proverbs = new Set(inputs.fortunes);
  for (const r of all(ds)) {
    if (r.source === "moby-dick") {
      const body = r.text.split("\n\n").slice(1); // under the book's one-line heading
      assert.ok(body.length > 0 && body.every((p) => paragraphs.some((q) => q.includes(p))), `${r.id}: not Melville's words`);
    }
    if (r.source === "fortunes-es") assert.ok([...proverbs].some((p) => r.text.includes(p)), `${r.id}: no proverb`);
  }
});

const tinyCanon = (extraBook = false): Canon => ({
  places: [
    { id: "sala", name: "the Reading Room", name_es: "la Sala de Lectura", kind: "room", hexagon: "H-0412", description: "Tables.", first_chapter: 1 },
    { id: "cripta", name: "the Sealed Crypt", name_es: "la Cripta Sellada", kind: "room", hexagon: "H-0399", description: "Later.", first_chapter: 3 },
  ],
  factions: [{ id: "purif", name: "the Purifiers", name_es: "los Purificadores", belief: "Burn.", description: "They burn.", first_chapter: 1 }],
  items: [],
  books: [
    { id: "cronica", title: "Crónica de la Cripta", style: "chronicle", hexagon: "H-0399", summary: "Of the crypt.", first_chapter: 3 },
    // Of chapter 2, so ordinary (chapter-1) books cannot cite it: only the streams could change them.
    ...(extraBook ? [{ id: "poema", title: "Canto Nuevo", style: "poem" as const, hexagon: "H-0412", summary: "A song.", first_chapter: 2 }] : []),
  ],
  chapters: [],
  glossary: [],
});

test("builds without canon or public-domain text, and with a canon uses its books and hides later chapters", () => {
  const bare = all(generateBookDataset({ seed: 7, mobyDick: "", fortunes: [] }));
  assert.ok(bare.length > 500 && bare.every((r) => r.source === "generated"));
  for (const style of BOOK_STYLES) assert.ok(bare.some((r) => r.style === style), style);

  const withCanon = all(generateBookDataset({ seed: 7, canon: tinyCanon(), mobyDick: "", fortunes: ["Quien busca, halla."] }));
  const canonBook = withCanon.filter((r) => r.book_id === "canon-cronica");
  assert.ok(canonBook.length > 0 && canonBook.every((r) => r.title === "Crónica de la Cripta" && r.hexagon === "H-0399" && r.style === "chronicle"));
  const ordinary = withCanon.filter((r) => !r.book_id.startsWith("canon-"));
  assert.ok(ordinary.some((r) => /Reading Room|Sala de Lectura/.test(r.text)), "canon places are used");
  assert.ok(!ordinary.some((r) => /Sealed Crypt|Cripta Sellada/.test(r.text)), "a chapter-3 place leaked into an ordinary book");
  assert.ok(withCanon.some((r) => r.source === "fortunes-es"));
});

test("each book is written from its own stream: adding a canon book leaves the others as they were", () => {
  const before = generateBookDataset({ seed: 7, canon: tinyCanon(), mobyDick: "", fortunes: [] });
  const after = generateBookDataset({ seed: 7, canon: tinyCanon(true), mobyDick: "", fortunes: [] });
  const others = (d: BookDataset): BookRecord[] => all(d).filter((r) => r.book_id !== "canon-poema");
  const changed = others(after).filter((r, i) => JSON.stringify(r) !== JSON.stringify(others(before)[i]));
  assert.equal(others(after).length, others(before).length);
  assert.deepEqual(changed.map((r) => r.id), []);
  assert.ok(all(after).some((r) => r.book_id === "canon-poema"));
});
