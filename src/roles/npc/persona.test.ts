import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../errors.js";
import { loadPersonaCard, loadPersonaCards, parsePersonaCard } from "./persona.js";

const personas = fileURLToPath(new URL("../../../world/personas/", import.meta.url));
const ines = readFileSync(join(personas, "ines.yaml"), "utf8");

/** 1-based line of the first line of `text` that contains `needle`. */
const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

function failure(source: string): UserError {
  try {
    parsePersonaCard(source, "world/personas/bad.yaml");
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return e;
  }
  assert.fail("the card should not parse");
}

test("the world's persona cards load, sorted by id", () => {
  const cards = loadPersonaCards(personas);
  assert.deepEqual(cards.map((c) => c.id), ["aurelio", "baltasar", "casiana", "cirilo", "ines", "lucia", "velasco"]);
  const aurelio = cards.find((c) => c.id === "aurelio");
  const sister = cards.find((c) => c.id === "ines");
  assert.equal(sister?.name, "Hermana Inés");
  assert.equal(sister?.voice.language, "es");
  assert.equal(aurelio?.voice.language, "en");
  assert.ok(aurelio?.voice.tics.includes("… or so the maps say."));
  for (const card of cards) {
    assert.ok(card.knows.length >= 8, `${card.id} knows too little to build data from`);
    assert.ok(card.secrets.length >= 1 && card.forbidden.length >= 1);
    assert.match(card.home, /^H-\d{4}$/);
    assert.ok(Number.isInteger(card.first_chapter) && card.first_chapter >= 1);
  }
});

test("the cast: at least six voices, two languages, no two cards sharing a tic", () => {
  const cards = loadPersonaCards(personas);
  assert.ok(cards.length >= 6);
  assert.ok(cards.filter((c) => c.voice.language === "es").length >= 2, "at least two Spanish speakers");
  const tics = cards.flatMap((c) => c.voice.tics);
  assert.equal(new Set(tics).size, tics.length);
  assert.ok(cards.some((c) => c.first_chapter > 1), "some NPCs arrive later in the story");
});

test("first_chapter defaults to 1 and must be a positive whole number", () => {
  assert.equal(parsePersonaCard(ines.replace(/^first_chapter: .*\n/m, ""), "x.yaml").first_chapter, 1);
  const e = failure(ines.replace(/^first_chapter: .*$/m, "first_chapter: 0"));
  assert.equal(e.location.field, "first_chapter");
  assert.equal(e.hint, "first_chapter must be at least 1");
});

test("loadPersonaCard reads one file", () => {
  assert.equal(loadPersonaCard(join(personas, "aurelio.yaml")).name, "Aurelio");
});

test("an unknown language names the file, the field, its line and the choices", () => {
  const bad = ines.replace("language: es", "language: fr");
  const e = failure(bad);
  assert.equal(e.code, "persona-schema");
  assert.deepEqual(e.location, { file: "world/personas/bad.yaml", line: lineOf(bad, "language: fr"), field: "voice.language" });
  assert.equal(e.hint, 'language must be one of: "es", "en"');
  assert.match(e.format(), /^error\[persona-schema\] world\/personas\/bad\.yaml:\d+ field 'voice\.language': /);
});

test("a missing top-level field is named, without a misleading line", () => {
  const e = failure(ines.replace(/^name: .*\n/m, ""));
  assert.equal(e.location.field, "name");
  assert.equal(e.location.line, undefined);
  assert.match(e.message, /missing required field 'name'/);
  assert.match(e.hint ?? "", /add 'name'/);
});

test("a missing nested field points at its parent's line", () => {
  const bad = ines.replace(/^ {2}style_notes: >-\n( {4}.*\n)+/m, "");
  const e = failure(bad);
  assert.equal(e.location.field, "voice.style_notes");
  assert.equal(e.location.line, lineOf(bad, "voice:"));
});

test("a wrong item in a list points at that item", () => {
  const bad = ines.replace(/^knows:\n/m, "knows:\n  - 42\n");
  const e = failure(bad);
  assert.equal(e.location.field, "knows.0");
  assert.equal(e.location.line, lineOf(bad, "  - 42"));
  assert.equal(e.hint, "each item of knows must be a string");
});

test("a misspelt field is an error, not a silently empty one", () => {
  const bad = ines.replace("home: H-0412", "home: H-0412\nhome_hexagon: H-0412");
  const e = failure(bad);
  assert.equal(e.location.field, "home_hexagon");
  assert.equal(e.location.line, lineOf(bad, "home_hexagon"));
  assert.match(e.hint ?? "", /card fields are: id, name, role/);
});

test("invalid YAML is a user error with its line", () => {
  const e = failure("id: ines\nname: [unclosed\nrole: x\n");
  assert.equal(e.code, "persona-yaml");
  assert.equal(e.location.file, "world/personas/bad.yaml");
  assert.equal(typeof e.location.line, "number");
});

test("two cards with one id, or no folder at all, are user errors", () => {
  const dir = mkdtempSync(join(tmpdir(), "personas-"));
  writeFileSync(join(dir, "a.yaml"), ines);
  writeFileSync(join(dir, "b.yaml"), ines);
  assert.throws(() => loadPersonaCards(dir), (e: unknown) => e instanceof UserError && e.code === "persona-duplicate-id" && e.location.file === join(dir, "b.yaml"));
  assert.throws(() => loadPersonaCards(join(dir, "missing")), (e: unknown) => e instanceof UserError && e.code === "persona-read");
});
