import { UserError } from "../../errors.js";
import type { Canon } from "../canon/schema.js";
import type { PersonaCard } from "../npc/persona.js";
import type { TargetKind } from "./beats.js";

/**
 * The facts the Director's rules and simulator read, whatever they come from (canon +
 * persona cards, or a fixture in tests). Rules never hard-code a name: they ask this.
 */
export interface DirectorNpc {
  id: string;
  name: string;
  /** A hexagon id (H-0412), a place id or a place name, as the persona card says. */
  home: string;
  first_chapter: number;
}
export interface DirectorPlace {
  id: string;
  hexagon: string;
  name: string;
  first_chapter: number;
}
export interface DirectorBook {
  id: string;
  title: string;
  hexagon: string;
  first_chapter: number;
}
export interface DirectorQuest {
  id: string;
  name: string;
}
export interface DirectorChapter {
  n: number;
  quests: DirectorQuest[];
}
export interface DirectorWorld {
  npcs: DirectorNpc[];
  places: DirectorPlace[];
  books: DirectorBook[];
  chapters: DirectorChapter[];
}

/** Anything a target id can name; a quest's first chapter is the chapter that lists it. */
export type WorldEntity =
  | ({ kind: "npc" } & DirectorNpc)
  | ({ kind: "place" } & DirectorPlace)
  | ({ kind: "book" } & DirectorBook)
  | ({ kind: "quest"; first_chapter: number } & DirectorQuest);

export interface WorldIndex {
  byId: ReadonlyMap<string, WorldEntity>;
}

const byId = <T extends { id: string }>(xs: readonly T[]): T[] => [...xs].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));

/**
 * Every entity by id. Targets are bare ids, so ids must be unique across kinds; a clash
 * would make a decision ambiguous. Cached per world object: the rules call this per check.
 */
const cache = new WeakMap<DirectorWorld, WorldIndex>();
export function indexWorld(world: DirectorWorld): WorldIndex {
  const hit = cache.get(world);
  if (hit) return hit;
  const problem = worldProblems(world)[0];
  if (problem) throw new UserError("director-world", problem, { hint: "every NPC, place, book and quest needs its own id" });
  const map = new Map<string, WorldEntity>();
  for (const e of entities(world)) map.set(e.id, e);
  const index = { byId: map };
  cache.set(world, index);
  return index;
}

function entities(world: DirectorWorld): WorldEntity[] {
  return [
    ...world.npcs.map((n): WorldEntity => ({ kind: "npc", ...n })),
    ...world.places.map((p): WorldEntity => ({ kind: "place", ...p })),
    ...world.books.map((b): WorldEntity => ({ kind: "book", ...b })),
    ...world.chapters.flatMap((c) => c.quests.map((q): WorldEntity => ({ kind: "quest", ...q, first_chapter: c.n }))),
  ];
}

const KIND_WORDS: Record<TargetKind, string> = { npc: "an NPC", place: "a place", book: "a book", quest: "a quest" };

/** What makes a world unusable for the Director: duplicate ids, no places, a gap in chapters. */
export function worldProblems(world: DirectorWorld): string[] {
  const problems: string[] = [];
  const seen = new Map<string, TargetKind>();
  for (const e of entities(world)) {
    const other = seen.get(e.id);
    if (other) problems.push(`id '${e.id}' names both ${KIND_WORDS[other]} and ${KIND_WORDS[e.kind]}`);
    seen.set(e.id, e.kind);
  }
  if (world.places.length === 0) problems.push("the world has no places");
  world.chapters.forEach((c, i) => {
    if (c.n !== i + 1) problems.push(`chapters must be numbered 1..N in order; found ${c.n} at position ${i + 1}`);
  });
  if (world.chapters.length === 0) problems.push("the world has no chapters");
  return problems;
}

export const lastChapter = (world: DirectorWorld): number => world.chapters.length;

/** The place an NPC calls home, matched by hexagon, id or name. */
export function homePlaces(world: DirectorWorld, npc: DirectorNpc): DirectorPlace[] {
  const home = npc.home.trim().toLowerCase();
  return world.places.filter((p) => p.hexagon.toLowerCase() === home || p.id === home || p.name.toLowerCase() === home);
}

/** Display name of an entity: what hints and rationales say. */
export function displayName(e: WorldEntity): string {
  return e.kind === "book" ? e.title : e.name;
}

/**
 * The Director's view of the canon and the persona cards. Persona cards may soon carry
 * `first_chapter`; until then every NPC is known from chapter 1.
 */
export function directorWorldFromCanon(canon: Canon, cards: readonly PersonaCard[]): DirectorWorld {
  const world: DirectorWorld = {
    npcs: byId(
      cards.map((card) => ({
        id: card.id,
        name: card.name,
        home: card.home,
        first_chapter: (card as { first_chapter?: number }).first_chapter ?? 1,
      })),
    ),
    places: byId(canon.places.map((p) => ({ id: p.id, hexagon: p.hexagon, name: p.name, first_chapter: p.first_chapter }))),
    books: byId(canon.books.map((b) => ({ id: b.id, title: b.title, hexagon: b.hexagon, first_chapter: b.first_chapter }))),
    chapters: [...canon.chapters]
      .sort((a, b) => a.n - b.n)
      .map((c) => ({ n: c.n, quests: c.quests.map((q) => ({ id: q.id, name: q.name })) })),
  };
  const problem = worldProblems(world)[0];
  if (problem) {
    throw new UserError("director-world", `the canon cannot drive the Director: ${problem}`, {
      hint: "ids must be unique across personas, places, books and quests, and chapters numbered 1..N",
      location: { file: "world/canon" },
    });
  }
  return world;
}
