import { createHash } from "node:crypto";
import { mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { UserError } from "../errors.js";
import { loadExamples } from "../data/load-examples.js";
import { splitOf, type SplitName } from "../data/split.js";
import type { Recipe } from "../config/recipe.js";
import type { RunDir } from "../track/run-store.js";

export interface PreparedData {
  files: Record<SplitName, string>;
  counts: Record<string, number>;
  sha256: string;
  path: string;
  personas: string;
}

/** Load → validate (quarantine rejects) → deterministic grouped split → runs/<id>/data/*.jsonl. */
export async function prepareData(recipe: Recipe, recipeDir: string, run: RunDir): Promise<PreparedData> {
  const path = resolve(recipeDir, recipe.data.path);
  const personas = resolve(recipeDir, recipe.data.personas);
  const dataDir = run.path("data");
  mkdirSync(dataDir, { recursive: true });
  const loaded = await loadExamples({
    format: recipe.data.format,
    path,
    personasDir: personas,
    groupBy: recipe.data.group_by,
    npcPrompt: recipe.data.npc_prompt,
    maxExamples: recipe.data.max_examples,
    quarantinePath: run.path("data", "quarantine.jsonl"),
  });
  const buckets: Record<SplitName, string[]> = { train: [], validation: [], test: [] };
  for (const { example, group } of loaded.examples) {
    buckets[splitOf(group, recipe.data)].push(JSON.stringify(example));
  }
  if (buckets.train.length === 0) {
    throw new UserError("no_training_data", `no usable training examples in ${path} (${loaded.rejected.length} rejected)`, {
      hint: loaded.rejected[0]
        ? `first rejection: line ${loaded.rejected[0].line} field '${loaded.rejected[0].field}': ${loaded.rejected[0].reason}`
        : "check data.format and data.path",
      location: { file: path },
    });
  }
  const files = {} as Record<SplitName, string>;
  for (const split of ["train", "validation", "test"] as const) {
    files[split] = run.path("data", `${split}.jsonl`);
    writeFileSync(files[split], buckets[split].map((l) => l + "\n").join(""));
  }
  const sha256 = createHash("sha256").update(readFileSync(path)).digest("hex");
  return {
    files,
    path,
    personas,
    sha256,
    counts: {
      read: loaded.read,
      kept: loaded.examples.length,
      rejected: loaded.rejected.length,
      train: buckets.train.length,
      validation: buckets.validation.length,
      test: buckets.test.length,
    },
  };
}
