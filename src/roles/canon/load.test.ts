import { test } from "node:test";
import assert from "node:assert/strict";
import { cpSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../errors.js";
import { loadPersonaCards } from "../npc/persona.js";
import { checkPersonasAgainstCanon, loadCanon, loadWorld } from "./load.js";
import { BOOK_STYLES } from "./schema.js";

const world = fileURLToPath(new URL("../../../world/", import.meta.url));
const canonDir = join(world, "canon");
const canon = loadCanon(canonDir);

/** A copy of the canon folder with one file edited, for the failure cases. */
function edited(file: string, edit: (text: string) => string): string {
  const dir = mkdtempSync(join(tmpdir(), "canon-"));
  cpSync(canonDir, dir, { recursive: true });
  writeFileSync(join(dir, file), edit(readFileSync(join(dir, file), "utf8")));
  return dir;
}
function failure(dir: string): UserError {
  try {
    loadCanon(dir);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return e;
  }
  assert.fail("the canon should not load");
}
const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

test("the world's canon has the sizes WORLD.md asks for", () => {
  assert.ok(canon.places.length >= 15 && canon.places.length <= 25, `${canon.places.length} places`);
  assert.ok(canon.factions.length >= 4 && canon.factions.length <= 6);
  assert.ok(canon.items.length >= 10);
  assert.ok(canon.books.length >= 15);
  for (const style of BOOK_STYLES) assert.ok(canon.books.filter((b) => b.style === style).length >= 2, `few ${style} books`);
  assert.ok(canon.chapters.length >= 5);
  for (const c of canon.chapters) assert.ok(c.quests.length >= 1 && c.quests.length <= 3 && c.reveals.length >= 1, `chapter ${c.n}`);
  assert.ok(canon.glossary.length >= 30);
  for (const lang of ["es", "en"]) assert.ok(canon.glossary.filter((t) => t.language === lang).length >= 10, lang);
  const kinds = new Set(canon.places.map((p) => p.kind));
  for (const k of ["hexagon", "staircase", "well", "room", "gallery", "landmark"]) assert.ok(kinds.has(k as never), k);
});

test("the geography the persona cards rely on", () => {
  const at = (hex: string) => canon.places.find((p) => p.hexagon === hex)?.id;
  assert.equal(at("H-0409"), "pozo");
  assert.equal(at("H-0412"), "sala-de-lectura");
  assert.equal(at("H-0420"), "sala-de-mapas");
  assert.equal(at("H-0427"), "lampara-tenue");
  assert.equal(at("H-0433"), "escalera-rota");
  assert.equal(at("H-0440"), "galeria-cenizas");
  const book = (title: string) => canon.books.find((b) => b.title === title);
  assert.equal(book("Crónica de los Purificadores")?.hexagon, "H-0415");
  assert.equal(book("Vindicación de Nadie")?.hexagon, "H-0418");
  for (const b of canon.books) assert.ok(b.first_chapter <= canon.chapters.length);
});

test("Spanish speakers can state every fact: each entity has its Spanish text", () => {
  for (const p of canon.places) assert.ok(p.name_es && p.description_es, p.id);
  for (const f of canon.factions) assert.ok(f.name_es && f.description_es, f.id);
  for (const x of canon.items) assert.ok(x.name_es && x.description_es, x.id);
  for (const b of canon.books) assert.ok(b.summary_es, b.id);
  for (const t of canon.glossary) assert.ok(t.definition_es, t.term);
});

test("the persona cards and the canon agree", () => {
  const { personas } = loadWorld(world);
  assert.ok(personas.length >= 6);
  const hexagons = new Set(canon.places.map((p) => p.hexagon));
  for (const card of personas) assert.ok(hexagons.has(card.home), `${card.id} lives in ${card.home}, no place`);
});

test("a duplicate id names the file, the line and the field", () => {
  const dir = edited("places.yaml", (t) => t.replace("id: escalera-norte", "id: pozo"));
  const e = failure(dir);
  assert.equal(e.code, "canon-ref");
  assert.equal(e.location.file, join(dir, "places.yaml"));
  assert.equal(e.location.field, "places.1.id");
  const text = readFileSync(join(dir, "places.yaml"), "utf8");
  assert.equal(e.location.line, text.split("\n").map((l) => l.includes("id: pozo")).lastIndexOf(true) + 1);
  assert.match(e.message, /id 'pozo' is used twice/);
});

test("chapters must run 1..N", () => {
  const e = failure(edited("timeline.yaml", (t) => t.replace("  - n: 3", "  - n: 4")));
  assert.equal(e.code, "canon-ref");
  assert.equal(e.location.field, "chapters.2.n");
  assert.match(e.hint ?? "", /1, 2, 3/);
});

test("a first chapter past the timeline, or an item in no place, is an error", () => {
  const late = failure(edited("books.yaml", (t) => t.replace(/first_chapter: 5/, "first_chapter: 9")));
  assert.match(late.message, /past the last chapter \(5\)/);
  assert.match(late.location.field ?? "", /^books\.\d+\.first_chapter$/);
  const lost = failure(edited("items.yaml", (t) => t.replace("location: H-0420", "location: H-9999")));
  assert.equal(lost.location.field, "items.1.location");
  assert.match(lost.hint ?? "", /known hexagons: H-0399/);
});

test("schema problems in canon files come through parseYamlAs", () => {
  const dir = edited("books.yaml", (t) => t.replace("style: poem", "style: sonnet"));
  const e = failure(dir);
  assert.equal(e.code, "canon-schema");
  assert.match(e.hint ?? "", /"cartographers_log"/);
  assert.equal(e.location.line, lineOf(readFileSync(join(dir, "books.yaml"), "utf8"), "style: sonnet"));
  const typo = failure(edited("factions.yaml", (t) => t.replace("belief: Useless", "belif: Useless")));
  assert.match(typo.hint ?? "", /did you mean 'belief'/);
  assert.throws(() => loadCanon(join(canonDir, "nowhere")), (x: unknown) => x instanceof UserError && x.code === "canon-read");
});

test("a persona's home must be a hexagon or a place of the canon", () => {
  const cards = loadPersonaCards(join(world, "personas"));
  const bad = cards.map((c) => (c.id === "lucia" ? { ...c, home: "the Moon" } : c));
  assert.throws(
    () => checkPersonasAgainstCanon(canon, bad, "world/personas"),
    (e: unknown) => e instanceof UserError && e.code === "persona-ref" && e.location.file === join("world/personas", "lucia.yaml") && e.location.field === "home",
  );
  const named = cards.map((c) => (c.id === "lucia" ? { ...c, home: "el Rellano de los Peregrinos" } : c));
  checkPersonasAgainstCanon(canon, named);
  const late = cards.map((c) => (c.id === "lucia" ? { ...c, first_chapter: 6 } : c));
  assert.throws(() => checkPersonasAgainstCanon(canon, late), /past the last chapter/);
});
