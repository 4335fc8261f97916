import { test } from "node:test";
import assert from "node:assert/strict";
import { UserError } from "../../errors.js";
import type { Canon } from "../canon/schema.js";
import type { PersonaCard } from "../npc/persona.js";
import { FIXTURE_WORLD } from "./fixture-world.js";
import { directorWorldFromCanon, homePlaces, indexWorld, worldProblems, type DirectorWorld } from "./world.js";

const canon: Canon = {
  places: [
    { id: "sala-de-lectura", name: "the Reading Room", kind: "room", hexagon: "H-0412", description: "Quiet.", first_chapter: 1 },
    { id: "pozo", name: "the Well", kind: "well", hexagon: "H-0409", description: "Deep.", first_chapter: 2 },
  ],
  factions: [],
  items: [],
  books: [{ id: "tratado", title: "Tratado del Hexágono Vacío", style: "heretical_treatise", hexagon: "H-0412", summary: "Empty.", first_chapter: 1 }],
  chapters: [
    { n: 2, title: "Down", summary: "Down.", reveals: ["the Well"], quests: [{ id: "descend", name: "The Descent", description: "Go down." }] },
    { n: 1, title: "Up", summary: "Up.", reveals: ["the Room"], quests: [{ id: "find-it", name: "Find It", description: "Find it." }] },
  ],
  glossary: [],
};

const card = (id: string, extra: object = {}): PersonaCard =>
  ({
    id,
    name: id.toUpperCase(),
    role: "reader",
    voice: { register: "plain", language: "en", tics: ["Well,"], style_notes: "Plain." },
    knows: ["things"],
    forbidden: ["phones"],
    secrets: [],
    relationships: [],
    home: "H-0412",
    ...extra,
  }) as unknown as PersonaCard; // cards written before `first_chapter` existed must still work

test("the world view takes what the rules need from canon and cards", () => {
  const world = directorWorldFromCanon(canon, [card("zoe"), card("ines", { first_chapter: 2 })]);
  assert.deepEqual(world.npcs, [
    { id: "ines", name: "INES", home: "H-0412", first_chapter: 2 },
    { id: "zoe", name: "ZOE", home: "H-0412", first_chapter: 1 },
  ]);
  assert.deepEqual(world.places.map((p) => p.id), ["pozo", "sala-de-lectura"]);
  assert.deepEqual(world.books, [{ id: "tratado", title: "Tratado del Hexágono Vacío", hexagon: "H-0412", first_chapter: 1 }]);
  assert.deepEqual(world.chapters, [
    { n: 1, quests: [{ id: "find-it", name: "Find It" }] },
    { n: 2, quests: [{ id: "descend", name: "The Descent" }] },
  ]);
  const quest = indexWorld(world).byId.get("descend");
  assert.equal(quest?.kind, "quest");
  assert.equal(quest?.first_chapter, 2, "a quest belongs to the chapter that lists it");
});

test("an id shared by two kinds makes the canon unusable, with a user error", () => {
  assert.throws(
    () => directorWorldFromCanon(canon, [card("pozo")]),
    (e: unknown) => e instanceof UserError && e.code === "director-world" && /'pozo' names both an NPC and a place/.test(e.message),
  );
});

test("world problems: gaps in chapters, no places", () => {
  const bad: DirectorWorld = { npcs: [], places: [], books: [], chapters: [{ n: 2, quests: [] }] };
  assert.deepEqual(worldProblems(bad), ["the world has no places", "chapters must be numbered 1..N in order; found 2 at position 1"]);
  assert.deepEqual(worldProblems(FIXTURE_WORLD), []);
});

test("an NPC's home is matched by hexagon, id or name", () => {
  const place = (home: string) => homePlaces(FIXTURE_WORLD, { id: "x", name: "X", home, first_chapter: 1 }).map((p) => p.id);
  assert.deepEqual(place("H-0412"), ["reading-room"]);
  assert.deepEqual(place("map-room"), ["map-room"]);
  assert.deepEqual(place("the map room"), ["map-room"]);
  assert.deepEqual(place("somewhere"), []);
  for (const npc of FIXTURE_WORLD.npcs) assert.equal(homePlaces(FIXTURE_WORLD, npc).length, 1, npc.id);
});
