import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { loadExamples, type Rejection } from "../data/load-examples.js";
import { SPLITS, splitOf, type SplitName } from "../data/split.js";
import type { Recipe } from "../config/recipe.js";
import type { RunDir } from "../track/run-store.js";

export interface PreparedData {
  files: Record<SplitName, string>;
  counts: Record<string, number>;
  sha256: string;
  path: string;
  personas: string;
}


/**
 * Load → validate (quarantine rejects) → split → runs/<id>/data/*.jsonl.
 * `data.path` is a JSONL file (split here, by hash of `group_by`) or a folder that is
 * already split into train/validation/test.jsonl (as `scriptorium world build` writes them,
 * with held-out sets built from unseen combinations): then its splits are kept as they are.
 */
export async function prepareData(recipe: Recipe, recipeDir: string, run: RunDir): Promise<PreparedData> {
  const path = resolve(recipeDir, recipe.data.path);
  const personas = resolve(recipeDir, recipe.data.personas);
  const dataDir = run.path("data");
  mkdirSync(dataDir, { recursive: true });
  const presplit = existsSync(path) && statSync(path).isDirectory();
  const sources = presplit ? SPLITS.map((split) => ({ split, file: join(path, `${split}.jsonl`) })).filter((s) => existsSync(s.file)) : [{ split: null, file: path }];
  if (presplit && !sources.some((s) => s.split === "train")) {
    throw new UserError("data_no_train_split", `data folder ${path} has no train.jsonl`, {
      hint: "a data folder holds train.jsonl and optionally validation.jsonl and test.jsonl (scriptorium world build writes them)",
      location: { field: "data.path" },
    });
  }
  const buckets: Record<SplitName, string[]> = { train: [], validation: [], test: [] };
  const loaded = { read: 0, kept: 0, rejected: [] as Rejection[] };
  for (const source of sources) {
    const part = await loadExamples({
      format: recipe.data.format as never,
      path: source.file,
      personasDir: personas,
      groupBy: recipe.data.group_by,
      npcPrompt: recipe.data.npc_prompt,
      maxExamples: recipe.data.max_examples,
      quarantinePath: run.path("data", `quarantine${source.split ? `.${source.split}` : ""}.jsonl`),
    });
    loaded.read += part.read;
    loaded.kept += part.examples.length;
    loaded.rejected.push(...part.rejected);
    for (const { example, group } of part.examples) {
      buckets[source.split ?? splitOf(group, recipe.data)].push(JSON.stringify(example));
    }
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
  for (const split of SPLITS) {
    files[split] = run.path("data", `${split}.jsonl`);
    writeFileSync(files[split], buckets[split].map((l) => l + "\n").join(""));
  }
  const hash = createHash("sha256");
  for (const source of sources) hash.update(readFileSync(source.file));
  const sha256 = hash.digest("hex");
  return {
    files,
    path,
    personas,
    sha256,
    counts: {
      read: loaded.read,
      kept: loaded.kept,
      rejected: loaded.rejected.length,
      train: buckets.train.length,
      validation: buckets.validation.length,
      test: buckets.test.length,
    },
  };
}
