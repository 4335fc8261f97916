import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { LineCounter, parseDocument, isMap, isScalar, type Node } from "yaml";
import type { z } from "zod";
import { UserError } from "../errors.js";
import { Recipe } from "./recipe.js";
import { closest } from "./closest.js";

/** Reads and validates a recipe; every problem names the file, line and field, with a hint. */
export function loadRecipe(file: string): { recipe: Recipe; path: string } {
  const path = resolve(file);
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (e) {
    throw new UserError("recipe_not_found", `cannot read recipe ${file}`, {
      hint: "pass the path of a recipe YAML file, e.g. recipes/npc.yaml",
      location: { file },
      cause: e,
    });
  }
  return { recipe: parseRecipe(text, file), path };
}

export function parseRecipe(text: string, file: string): Recipe {
  const lines = new LineCounter();
  const doc = parseDocument(text, { lineCounter: lines, prettyErrors: false });
  const yamlError = doc.errors[0];
  if (yamlError) {
    throw new UserError("recipe_yaml", `not valid YAML: ${yamlError.message.split("\n")[0]}`, {
      hint: "check indentation and quoting near that line",
      location: { file, line: lines.linePos(yamlError.pos[0]).line },
    });
  }
  const parsed = Recipe.safeParse(doc.toJS() ?? {});
  if (parsed.success) return parsed.data;
  const issue = parsed.error.issues[0]!;
  throw issueToError(issue, doc.contents as Node | null, lines, file);
}

function issueToError(issue: z.core.$ZodIssue, root: Node | null, lines: LineCounter, file: string): UserError {
  const path = issue.path.map(String);
  let field = path.join(".") || "(top level)";
  let node = nodeAt(root, path);
  let hint = "see `scriptorium schema` for every field, its type and default";
  let message = issue.message;
  if (issue.code === "unrecognized_keys") {
    const key = issue.keys[0]!;
    field = [...path, key].join(".");
    const known = knownKeys(path);
    const guess = closest(key, known);
    message = `unknown field '${key}'`;
    hint = guess ? `did you mean '${guess}'? known fields here: ${known.join(", ")}` : `known fields here: ${known.join(", ")}`;
    node = keyNodeAt(root, path, key) ?? node;
  } else if (issue.code === "invalid_value" && "values" in issue) {
    hint = `use one of: ${issue.values.map((v) => JSON.stringify(v)).join(", ")}`;
  } else if (issue.code === "invalid_type" && issue.input === undefined) {
    message = `missing required field '${path.at(-1) ?? ""}'`;
    node = nodeAt(root, path.slice(0, -1));
  } else if (issue.code === "invalid_union" && path.at(-1) === "kind") {
    hint = "method.kind must be one of: lora";
  }
  const offset = node?.range?.[0];
  return new UserError("recipe_invalid", message, {
    hint,
    location: { file, field, line: offset === undefined ? undefined : lines.linePos(offset).line },
  });
}

function nodeAt(root: Node | null, path: string[]): Node | null {
  let node: unknown = root;
  for (const key of path) {
    if (!isMap(node)) return node as Node | null;
    const next = node.get(key, true);
    if (next === undefined) return node as Node;
    node = next;
  }
  return node as Node | null;
}

function keyNodeAt(root: Node | null, path: string[], key: string): Node | null {
  const parent = nodeAt(root, path);
  if (!isMap(parent)) return null;
  const pair = parent.items.find((p) => isScalar(p.key) && String(p.key.value) === key);
  return (pair?.key as Node | undefined) ?? null;
}

function knownKeys(path: string[]): string[] {
  // Walk the zod schema along the path to list the keys allowed at that level.
  let schema: unknown = Recipe;
  for (const key of path) {
    const shape = shapeOf(schema);
    schema = shape?.[key];
  }
  return Object.keys(shapeOf(schema) ?? {});
}

function shapeOf(schema: unknown): Record<string, unknown> | undefined {
  let s = schema as { def?: { type?: string; innerType?: unknown; options?: unknown[] }; shape?: Record<string, unknown> } | undefined;
  for (let i = 0; i < 5 && s && !s.shape; i++) {
    if (s.def?.innerType) s = s.def.innerType as typeof s;
    else if (s.def?.options?.[0]) s = s.def.options[0] as typeof s;
    else break;
  }
  return s?.shape;
}
