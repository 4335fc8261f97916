import { readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import { z } from "zod";
import { UserError } from "../../errors.js";

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
  id: z.string().regex(/^[a-z][a-z0-9-]*$/),
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
});
export type PersonaCard = z.infer<typeof PersonaCard>;

type PathKey = string | number;

/** Parses one card; `file` is only used to say where a problem is. */
export function parsePersonaCard(source: string, file: string): PersonaCard {
  const lineCounter = new LineCounter();
  const doc = parseDocument(source, { lineCounter, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    const line = lineCounter.linePos(yamlError.pos[0]).line;
    throw new UserError("persona-yaml", `invalid YAML: ${yamlError.message.split("\n")[0]}`, {
      hint: "check indentation and quoting (quote strings that contain ': ' or start with '-')",
      location: { file, line },
    });
  }
  const raw: unknown = doc.toJS();
  const result = PersonaCard.safeParse(raw);
  if (result.success) return result.data;

  const issues = result.error.issues;
  const first = issues[0]!;
  const path = issuePath(first);
  const field = path.join(".");
  const line = lineOf(doc.contents, path, lineCounter);
  const more = issues.length > 1 ? ` (and ${issues.length - 1} more: ${issues.slice(1).map((i) => issuePath(i).join(".") || "<card>").join(", ")})` : "";
  throw new UserError("persona-schema", `invalid persona card: ${describe(first, raw)}${more}`, {
    hint: hintFor(first, raw),
    location: { file, ...(line === undefined ? {} : { line }), ...(field ? { field } : {}) },
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

type Issue = z.core.$ZodIssue;

// Unknown keys are reported on the object that holds them; point at the key itself.
function issuePath(issue: Issue): PathKey[] {
  const base = issue.path.filter((k): k is PathKey => typeof k !== "symbol");
  return issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...base, issue.keys[0]] : base;
}

function valueAt(raw: unknown, path: PathKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

function describe(issue: Issue, raw: unknown): string {
  const missing = issue.code === "invalid_type" && valueAt(raw, issue.path as PathKey[]) === undefined;
  if (missing) return `missing required field '${issue.path.join(".")}'`;
  if (issue.code === "unrecognized_keys") return `unknown field '${issuePath(issue).join(".")}'`;
  return issue.message;
}

function hintFor(issue: Issue, raw: unknown): string {
  const path = issuePath(issue);
  const last = path[path.length - 1];
  const name = typeof last === "number" ? `each item of ${path.slice(0, -1).join(".")}` : String(last ?? "card");
  switch (issue.code) {
    case "invalid_value":
      return `${name} must be one of ${issue.values.map(String).join("|")}`;
    case "invalid_type":
      return valueAt(raw, path) === undefined
        ? `add '${name}' (${issue.expected}) to the card`
        : `${name} must be ${({ array: "a list", object: "a mapping of fields" } as Record<string, string>)[issue.expected] ?? `a ${issue.expected}`}`;
    case "too_small":
      return issue.origin === "array" ? `${name} needs at least ${String(issue.minimum)} item(s)` : `${name} must not be empty`;
    case "invalid_format":
      return `${name} must be lower-case kebab-case, like the file name (e.g. ines)`;
    case "unrecognized_keys":
      return `remove or rename '${name}'; card fields are: ${Object.keys(PersonaCard.shape).join(", ")}`;
    default:
      return "see world/personas/ines.yaml for a complete card";
  }
}

/**
 * The line of the deepest node on `path` that exists in the document: the key's
 * line for a map entry, the item's line for a list entry. A field missing at the
 * top level has no better line than the start of the file, so none is given.
 */
function lineOf(root: unknown, path: PathKey[], lc: LineCounter): number | undefined {
  let node: unknown = root;
  let line: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && p.key.value === key);
      if (!pair) break;
      const at = (pair.key as Node).range?.[0];
      if (at !== undefined) line = lc.linePos(at).line;
      node = pair.value;
    } else if (isSeq(node) && typeof key === "number") {
      const item = node.items[key];
      if (item === undefined) break;
      const at = (item as Node).range?.[0];
      if (at !== undefined) line = lc.linePos(at).line;
      node = item;
    } else break;
  }
  return line;
}
