import { isMap, isScalar, isSeq, LineCounter, parseDocument, type Node } from "yaml";
import type { z } from "zod";
import { closest } from "./config/closest.js";
import { UserError } from "./errors.js";

/**
 * YAML that people write (recipes, persona cards, canon) is parsed here and
 * validated with a zod schema, so every such file fails the same way: a
 * UserError naming the file, the line, the field path, and a hint that says
 * what would be valid there (the nearest known key, the allowed values, the
 * missing field's type). Only the first problem gets a line; the others are
 * listed by path so a user fixing one sees the rest coming.
 */
export interface YamlSchemaOptions {
  /** Error code for a document that parses but does not fit the schema. */
  code: string;
  /** Error code for a document that is not YAML at all; `code` when absent. */
  yamlCode?: string;
  /** What the file is, for hints about the top level ("card" → "card fields are: …"). */
  what?: string;
  /** The fallback hint, where nothing more specific can be said. */
  hint?: string;
}

type PathKey = string | number;
type Issue = z.core.$ZodIssue;

export function parseYamlAs<T>(schema: z.ZodType<T>, text: string, file: string, opts: YamlSchemaOptions): T {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new UserError(opts.yamlCode ?? opts.code, `invalid YAML: ${yamlError.message.split("\n")[0]}`, {
      hint: "check indentation and quoting near that line (quote strings that contain ': ' or start with '-')",
      location: { file, line: lines.linePos(yamlError.pos[0]).line },
    });
  }
  // An empty file is an empty mapping, so the error names the first missing field.
  const raw: unknown = doc.toJS() ?? {};
  const result = schema.safeParse(raw);
  if (result.success) return result.data;

  const issues = promoteTypos(result.error.issues, raw);
  const first = issues[0]!;
  const path = issuePath(first);
  const field = path.join(".");
  const line = lineOf(doc.contents, path, lines);
  const rest = issues.slice(1).map((i) => issuePath(i).join(".") || "(top level)");
  const more = rest.length > 0 ? ` (and ${rest.length} more: ${[...new Set(rest)].slice(0, 8).join(", ")})` : "";
  throw new UserError(opts.code, `${describe(first, raw)}${more}`, {
    hint: hintFor(first, raw, schema, opts),
    location: { file, ...(line === undefined ? {} : { line }), ...(field ? { field } : {}) },
  });
}

/**
 * A misspelt key shows up twice: the right name is missing and the wrong one is unknown.
 * The unknown one is the better report (it has a line and a "did you mean"), so it goes first.
 */
function promoteTypos(issues: readonly Issue[], raw: unknown): Issue[] {
  const first = issues[0]!;
  if (!isMissing(first, raw)) return [...issues];
  const parent = JSON.stringify(first.path.slice(0, -1));
  const typo = issues.find((i) => i.code === "unrecognized_keys" && JSON.stringify(i.path) === parent);
  return typo ? [typo, ...issues.filter((i) => i !== typo)] : [...issues];
}

// Unknown keys are reported on the object that holds them; point at the key itself.
function issuePath(issue: Issue): PathKey[] {
  const base = issue.path.filter((k): k is PathKey => typeof k !== "symbol");
  return issue.code === "unrecognized_keys" && issue.keys[0] !== undefined ? [...base, issue.keys[0]] : base;
}

function valueAt(raw: unknown, path: readonly PathKey[]): unknown {
  let v = raw;
  for (const k of path) {
    if (v === null || typeof v !== "object") return undefined;
    v = (v as Record<PathKey, unknown>)[k];
  }
  return v;
}

/** A field the mapping lacks altogether, whatever the schema wanted there (a type, an enum…). */
function isMissing(issue: Issue, raw: unknown): boolean {
  if (issue.code === "unrecognized_keys" || issue.path.length === 0) return false;
  const path = issue.path as PathKey[];
  const parent = valueAt(raw, path.slice(0, -1));
  return parent !== null && typeof parent === "object" && !Array.isArray(parent) && !(String(path[path.length - 1]) in parent);
}

const listed = (values: readonly unknown[]): string => values.map((v) => JSON.stringify(v)).join(", ");

function describe(issue: Issue, raw: unknown): string {
  const path = issuePath(issue);
  if (isMissing(issue, raw)) return `missing required field '${path.join(".")}'`;
  // The location already gives the whole path; the message names the key as written.
  if (issue.code === "unrecognized_keys") return `unknown field '${String(path[path.length - 1])}'`;
  return issue.message;
}

const A_TYPE: Record<string, string> = { array: "a list", object: "a mapping of fields", record: "a mapping" };

function hintFor(issue: Issue, raw: unknown, schema: z.ZodType, opts: YamlSchemaOptions): string {
  const path = issuePath(issue);
  const last = path[path.length - 1];
  const parent = path.slice(0, -1);
  const name = typeof last === "number" ? `each item of ${parent.join(".")}` : String(last ?? opts.what ?? "the document");
  const fallback = opts.hint ?? "see the schema for every field and its type";
  if (isMissing(issue, raw)) {
    const wanted = issue.code === "invalid_type" ? issue.expected : issue.code === "invalid_value" ? `one of: ${listed(issue.values)}` : "see the schema";
    const under = parent.length > 0 ? ` under '${parent.join(".")}'` : "";
    return `add '${String(last)}' (${wanted})${under}`;
  }
  switch (issue.code) {
    case "invalid_value":
      return `${name} must be one of: ${listed(issue.values)}`;
    case "invalid_union": {
      const options = "options" in issue && Array.isArray(issue.options) ? (issue.options as unknown[]) : [];
      return options.length > 0 ? `${name} must be one of: ${listed(options)}` : fallback;
    }
    case "invalid_type":
      return `${name} must be ${A_TYPE[issue.expected] ?? `a ${issue.expected}`}`;
    case "too_small":
      if (issue.origin === "array") return `${name} needs at least ${String(issue.minimum)} item(s)`;
      if (issue.origin === "string") return `${name} must not be empty`;
      return `${name} must be ${issue.inclusive ? "at least" : "greater than"} ${String(issue.minimum)}`;
    case "too_big":
      if (issue.origin === "array") return `${name} takes at most ${String(issue.maximum)} item(s)`;
      return `${name} must be ${issue.inclusive ? "at most" : "less than"} ${String(issue.maximum)}`;
    case "unrecognized_keys": {
      const known = keysAt(schema, parent, raw);
      const guess = closest(String(last), known);
      const where = parent.length > 0 ? `'${parent.join(".")}'` : (opts.what ?? "top-level");
      const list = known.length > 0 ? `${where} fields are: ${known.join(", ")}` : `remove '${String(last)}'`;
      return guess ? `did you mean '${guess}'? ${list}` : `remove or rename '${String(last)}'; ${list}`;
    }
    default:
      return fallback;
  }
}

interface Def {
  type?: string;
  shape?: Record<string, unknown>;
  innerType?: unknown;
  in?: unknown;
  element?: unknown;
  options?: unknown[];
  discriminator?: string;
  values?: unknown[];
}
const defOf = (s: unknown): Def => ((s as { _zod?: { def?: Def } } | undefined)?._zod?.def ?? {});

/** Peels wrappers (default, optional, pipe…) and picks the union member the data chose. */
function unwrap(schema: unknown, raw: unknown): unknown {
  let s = schema;
  for (let i = 0; i < 16; i++) {
    const d = defOf(s);
    if (d.innerType !== undefined) s = d.innerType;
    else if (d.type === "pipe" && d.in !== undefined) s = d.in;
    else if (d.type === "union" && d.options) {
      const key = d.discriminator;
      const chosen = key !== undefined ? valueAt(raw, [key]) : undefined;
      s = d.options.find((o) => defOf(defOf(unwrap(o, undefined)).shape?.[key ?? ""]).values?.includes(chosen)) ?? d.options[0];
    } else return s;
  }
  return s;
}

/** The keys an object schema allows at `path` (empty where the schema has no fixed shape). */
function keysAt(schema: unknown, path: readonly PathKey[], raw: unknown): string[] {
  let s = unwrap(schema, raw);
  let v = raw;
  for (const key of path) {
    const d = defOf(s);
    v = valueAt(v, [key]);
    if (typeof key === "number" && d.type === "array") s = unwrap(d.element, v);
    else if (d.shape && typeof key === "string") s = unwrap(d.shape[key], v);
    else return [];
  }
  return Object.keys(defOf(s).shape ?? {});
}

/**
 * The line of the deepest node on `path` that exists in the document: the key's
 * line for a map entry, the item's line for a list entry. A field missing at the
 * top level has no better line than the start of the file, so none is given.
 */
function lineOf(root: unknown, path: readonly PathKey[], lc: LineCounter): number | undefined {
  let node: unknown = root;
  let line: number | undefined;
  for (const key of path) {
    if (isMap(node)) {
      const pair = node.items.find((p) => isScalar(p.key) && String(p.key.value) === String(key));
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

/**
 * The line of `path` in a YAML text (1-based), for errors found after parsing, such
 * as a cross-reference between files; undefined where the path is not in the text.
 */
export function yamlLineOf(text: string, path: readonly PathKey[]): number | undefined {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  return lineOf(doc.contents, path, lines);
}
