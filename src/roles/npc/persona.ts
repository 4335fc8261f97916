import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { z } from "zod";
import { UserError } from "../../errors.js";
import { parseYamlAs } from "../../yaml-schema.js";

/**
 * A persona card (`world/personas/<id>.yaml`): everything an NPC's prompt and
 * data are built from. Strict objects, so a misspelt key is an error rather
 * than a silently missing voice.
 */
export const PersonaLanguage = z.enum(["es", "en"]);
export type PersonaLanguage = z.infer<typeof PersonaLanguage>;

const text = z.string().trim().min(1);

export const PersonaVoice = z.strictObject({
  register: text,
  language: PersonaLanguage,
  tics: z.array(text).min(1),
  style_notes: text,
});
export type PersonaVoice = z.infer<typeof PersonaVoice>;

export const PersonaRelationship = z.strictObject({
  /** The name as the world says it: another persona's `name`, a faction, a minor character. */
  who: text,
  relation: text,
});
export type PersonaRelationship = z.infer<typeof PersonaRelationship>;

export const PersonaCard = z.strictObject({
  id: z.string().regex(/^[a-z][a-z0-9-]*$/, "use lower-case letters, digits and dashes, like the file name (e.g. ines)"),
  name: text,
  role: text,
  voice: PersonaVoice,
  /** Facts in the persona's own language: data generators quote them verbatim. */
  knows: z.array(text).min(1),
  forbidden: z.array(text).min(1),
  secrets: z.array(text),
  relationships: z.array(PersonaRelationship),
  /** A hexagon id (H-0412) or a named place. */
  home: text,
  /** The first chapter in which the NPC can appear: the Director may not introduce them earlier. */
  first_chapter: z.number().int().min(1).default(1),
});
export type PersonaCard = z.infer<typeof PersonaCard>;

/** Parses one card; `file` is only used to say where a problem is. */
export function parsePersonaCard(source: string, file: string): PersonaCard {
  return parseYamlAs(PersonaCard, source, file, {
    code: "persona-schema",
    yamlCode: "persona-yaml",
    what: "card",
    hint: "see world/personas/ines.yaml for a complete card",
  });
}

export function loadPersonaCard(file: string): PersonaCard {
  let source: string;
  try {
    source = readFileSync(file, "utf8");
  } catch (e) {
    throw new UserError("persona-read", `cannot read persona card: ${(e as Error).message}`, {
      hint: "persona cards live in world/personas/<id>.yaml",
      location: { file },
      cause: e,
    });
  }
  return parsePersonaCard(source, file);
}

/** Every `*.yaml`/`*.yml` card in `dir`, sorted by id; ids must be unique. */
export function loadPersonaCards(dir: string): PersonaCard[] {
  let names: string[];
  try {
    names = readdirSync(dir);
  } catch (e) {
    throw new UserError("persona-read", `cannot list persona cards: ${(e as Error).message}`, {
      hint: "pass the folder that holds the <id>.yaml cards, e.g. world/personas",
      location: { file: dir },
      cause: e,
    });
  }
  const byId = new Map<string, { card: PersonaCard; file: string }>();
  for (const name of names.filter((n) => /\.ya?ml$/.test(n)).sort()) {
    const file = join(dir, name);
    const card = loadPersonaCard(file);
    const other = byId.get(card.id);
    if (other) {
      throw new UserError("persona-duplicate-id", `persona id '${card.id}' is also used by ${other.file}`, {
        hint: "give every persona card its own id",
        location: { file, field: "id" },
      });
    }
    byId.set(card.id, { card, file });
  }
  return [...byId.values()].map((v) => v.card).sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
}
