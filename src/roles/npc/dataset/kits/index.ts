import type { NpcKit } from "../kit.js";
import { AURELIO } from "./aurelio.js";
import { BALTASAR } from "./baltasar.js";
import { CASIANA } from "./casiana.js";
import { CIRILO } from "./cirilo.js";
import { INES } from "./ines.js";
import { LUCIA } from "./lucia.js";
import { VELASCO } from "./velasco.js";

/** Every persona's phrase kit, by card id: plain imports, one file per voice. */
export const NPC_KITS: Readonly<Partial<Record<string, NpcKit>>> = {
  aurelio: AURELIO,
  baltasar: BALTASAR,
  casiana: CASIANA,
  cirilo: CIRILO,
  ines: INES,
  lucia: LUCIA,
  velasco: VELASCO,
};
