import { readFileSync } from "node:fs";
import { join } from "node:path";
import type { z } from "zod";
import { UserError } from "../../errors.js";
import { parseYamlAs, yamlLineOf } from "../../yaml-schema.js";
import { loadPersonaCards, type PersonaCard } from "../npc/persona.js";
import { CANON_FILES, type Canon } from "./schema.js";

/**
 * Reads `world/canon/*.yaml` and checks what one file cannot check alone: ids are
 * unique, chapters run 1..N, every first_chapter is a chapter that exists, and
 * every hexagon a thing is placed in is a hexagon (and, for items, a known place).
 * A broken reference is a UserError naming the file, line and field.
 */
type CanonFile = keyof typeof CANON_FILES;
type Sources = Record<CanonFile, { file: string; text: string }>;

const HEXAGON = /^H-\d{4}$/;

export function loadCanon(dir = "world/canon"): Canon {
  const sources = {} as Sources;
  const read = <T>(name: CanonFile, schema: z.ZodType<T>): T => {
    const file = join(dir, `${name}.yaml`);
    let text: string;
    try {
      text = readFileSync(file, "utf8");
    } catch (e) {
      throw new UserError("canon-read", `cannot read canon file: ${(e as Error).message}`, {
        hint: `the canon folder holds ${Object.keys(CANON_FILES).map((f) => `${f}.yaml`).join(", ")}`,
        location: { file },
        cause: e,
      });
    }
    sources[name] = { file, text };
    return parseYamlAs(schema, text, file, {
      code: "canon-schema",
      yamlCode: "canon-yaml",
      what: `${name}.yaml`,
      hint: "see src/roles/canon/schema.ts for the fields of each canon file",
    });
  };
  const canon: Canon = {
    places: read("places", CANON_FILES.places).places,
    factions: read("factions", CANON_FILES.factions).factions,
    items: read("items", CANON_FILES.items).items,
    books: read("books", CANON_FILES.books).books,
    chapters: read("timeline", CANON_FILES.timeline).chapters,
    glossary: read("glossary", CANON_FILES.glossary).terms,
  };
  checkCanon(canon, sources);
  return canon;
}

/** The canon and the persona cards, checked against each other (`world/` by default). */
export function loadWorld(worldDir = "world"): { canon: Canon; personas: PersonaCard[] } {
  const canon = loadCanon(join(worldDir, "canon"));
  const personasDir = join(worldDir, "personas");
  const personas = loadPersonaCards(personasDir);
  checkPersonasAgainstCanon(canon, personas, personasDir);
  return { canon, personas };
}

function checkCanon(canon: Canon, src: Sources): void {
  const fail = (name: CanonFile, path: (string | number)[], message: string, hint: string): never => {
    const { file, text } = src[name];
    const line = yamlLineOf(text, path);
    throw new UserError("canon-ref", message, {
      hint,
      location: { file, ...(line === undefined ? {} : { line }), field: path.join(".") },
    });
  };
  const unique = (name: CanonFile, key: string, values: string[], what: string) => {
    const seen = new Map<string, number>();
    values.forEach((v, i) => {
      const j = seen.get(v);
      if (j !== undefined) fail(name, [key, i, what], `${what} '${v}' is used twice (items ${j} and ${i})`, `give every entry of ${name}.yaml its own ${what}`);
      seen.set(v, i);
    });
  };
  unique("places", "places", canon.places.map((p) => p.id), "id");
  unique("factions", "factions", canon.factions.map((f) => f.id), "id");
  unique("items", "items", canon.items.map((x) => x.id), "id");
  unique("books", "books", canon.books.map((b) => b.id), "id");
  unique("glossary", "terms", canon.glossary.map((t) => `${t.term}`), "term");

  canon.chapters.forEach((c, i) => {
    if (c.n !== i + 1) fail("timeline", ["chapters", i, "n"], `chapter ${c.n} is listed ${i + 1}${ordinal(i + 1)}`, "number the chapters 1, 2, 3… in order");
  });
  const quests = canon.chapters.flatMap((c, i) => c.quests.map((q, j) => ({ id: q.id, path: ["chapters", i, "quests", j, "id"] })));
  const questSeen = new Set<string>();
  for (const q of quests) {
    if (questSeen.has(q.id)) fail("timeline", q.path, `quest id '${q.id}' is used twice`, "give every quest its own id");
    questSeen.add(q.id);
  }

  const last = canon.chapters.length;
  const chapterOk = (name: CanonFile, key: string, list: { first_chapter?: number | undefined }[]) =>
    list.forEach((x, i) => {
      if (x.first_chapter !== undefined && x.first_chapter > last) {
        fail(name, [key, i, "first_chapter"], `first_chapter ${x.first_chapter} is past the last chapter (${last})`, "add the chapter to timeline.yaml or use an earlier one");
      }
    });
  chapterOk("places", "places", canon.places);
  chapterOk("factions", "factions", canon.factions);
  chapterOk("items", "items", canon.items);
  chapterOk("books", "books", canon.books);
  chapterOk("glossary", "terms", canon.glossary);

  const hexagons = new Set(canon.places.map((p) => p.hexagon));
  canon.items.forEach((x, i) => {
    if (x.location !== undefined && !hexagons.has(x.location)) {
      fail("items", ["items", i, "location"], `item '${x.id}' is in ${x.location}, which is no place's hexagon`, `known hexagons: ${[...hexagons].sort().join(", ")}`);
    }
  });
  // Books may sit in any hexagon of the endless Library; the schema already holds them to H-dddd.
}

/**
 * Each card's home is a place (by hexagon, id or name) or at least a hexagon id, and
 * its first chapter exists. Cards are read from `personasDir`; errors point at `<id>.yaml`.
 */
export function checkPersonasAgainstCanon(canon: Canon, cards: readonly PersonaCard[], personasDir = "world/personas"): void {
  const names = new Set(canon.places.flatMap((p) => [p.hexagon, p.id, p.name, ...(p.name_es ? [p.name_es] : [])].map((n) => n.toLowerCase())));
  for (const card of cards) {
    const file = join(personasDir, `${card.id}.yaml`);
    if (!HEXAGON.test(card.home) && !names.has(card.home.toLowerCase())) {
      throw new UserError("persona-ref", `home '${card.home}' is neither a hexagon id nor a place of the canon`, {
        hint: `use a hexagon like H-0412 or a place's id or name (e.g. ${canon.places.slice(0, 3).map((p) => p.id).join(", ")})`,
        location: { file, field: "home" },
      });
    }
    if (card.first_chapter > canon.chapters.length) {
      throw new UserError("persona-ref", `first_chapter ${card.first_chapter} is past the last chapter (${canon.chapters.length})`, {
        hint: "use a chapter that world/canon/timeline.yaml has",
        location: { file, field: "first_chapter" },
      });
    }
  }
}

const ordinal = (n: number): string => (n % 10 === 1 && n !== 11 ? "st" : n % 10 === 2 && n !== 12 ? "nd" : n % 10 === 3 && n !== 13 ? "rd" : "th");
