import { existsSync } from "node:fs";
import { join } from "node:path";
import { loadCanon } from "../canon/load.js";
import { loadPersonaCards } from "../npc/persona.js";
import { FIXTURE_WORLD } from "./fixture-world.js";
import { directorWorldFromCanon, type DirectorWorld } from "./world.js";

/**
 * The world the committed Director data is built from: the canon and persona cards when
 * the canon loader and `world/canon` exist, else the fixture world (said out loud, so a
 * fixture-built dataset is never mistaken for a canon-built one). Errors in a canon that
 * exists are not swallowed: a broken canon must fail the build, not fall back.
 */
export interface DirectorWorldSource {
  world: DirectorWorld;
  source: "canon" | "fixture";
  /** Why this source, in a sentence for logs and test names. */
  note: string;
}

export async function loadDefaultDirectorWorld(root: string): Promise<DirectorWorldSource> {
  const canonDir = join(root, "world/canon");
  if (!existsSync(canonDir)) {
    return { world: FIXTURE_WORLD, source: "fixture", note: "world/canon does not exist; built from the fixture world" };
  }
  const canon = loadCanon(canonDir);
  const cards = loadPersonaCards(join(root, "world/personas"));
  return {
    world: directorWorldFromCanon(canon, cards),
    source: "canon",
    note: `built from world/canon and ${cards.length} persona cards in world/personas`,
  };
}
