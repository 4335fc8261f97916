import { readFileSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import { Recipe } from "./recipe.js";
import { parseYamlAs } from "../yaml-schema.js";

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
  return parseYamlAs(Recipe, text, file, {
    code: "recipe_invalid",
    yamlCode: "recipe_yaml",
    what: "recipe",
    hint: "see `scriptorium schema` for every field, its type and default",
  });
}
