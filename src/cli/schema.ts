import type { Command } from "commander";
import { z } from "zod";
import { Recipe } from "../config/recipe.js";
import { printJson } from "./main.js";

export function registerSchema(program: Command): void {
  program
    .command("schema")
    .description("print the JSON Schema of recipes (for editor completion and validation)")
    .action(() => printJson(z.toJSONSchema(Recipe, { io: "input" })));
}
