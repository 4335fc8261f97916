import { join, resolve } from "node:path";
import { loadWorld } from "../roles/canon/load.js";
import type { Canon, KnownBook } from "../roles/canon/schema.js";
import { directorWorldFromCanon, type DirectorWorld } from "../roles/director/world.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import { UserError } from "../errors.js";

/** What the roles read at play time: canon, persona cards and the Director's view of them. */
export interface GameWorld {
  dir: string;
  canon: Canon;
  personas: ReadonlyMap<string, PersonaCard>;
  director: DirectorWorld;
  book(id: string): KnownBook | undefined;
}

/** Loads `world/` (canon + persona cards, checked against each other) with the same loaders as the data build. */
export function loadGameWorld(dir = "world"): GameWorld {
  const root = resolve(dir);
  const { canon, personas } = loadWorld(root);
  return {
    dir: root,
    canon,
    personas: new Map(personas.map((p) => [p.id, p])),
    director: directorWorldFromCanon(canon, personas),
    book: (id) => canon.books.find((b) => b.id === id),
  };
}

export function personaOf(world: GameWorld, id: string): PersonaCard {
  const card = world.personas.get(id);
  if (!card) {
    throw new UserError("runtime_unknown_character", `no persona card '${id}' in ${join(world.dir, "personas")}`, {
      hint: `characters: ${[...world.personas.keys()].join(", ")}`,
    });
  }
  return card;
}
