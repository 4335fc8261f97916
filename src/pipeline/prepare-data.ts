import { existsSync, readdirSync } from "node:fs";
import { homedir } from "node:os";
import { join, resolve } from "node:path";
import type { Recipe } from "../config/recipe.js";
import type { ModelRef } from "../spec/index.js";
import { prepareDataset, type PreparedData } from "../data/pipeline.js";
import { loadModelTokenizer, type ModelTokenizer } from "../data/tokenizer.js";
import { writeReport } from "../data/report/write.js";
import type { RunDir } from "../track/run-store.js";

export interface RunData extends PreparedData {
  path: string;
  personas: string;
  canon: string;
}

/** The folder holding a model's tokenizer files: a local folder, or a hub model already in the Hugging Face cache. */
export function tokenizerFolder(ref: ModelRef): string | null {
  if (ref.source === "local") return ref.id;
  const hub = process.env.HF_HUB_CACHE ?? join(process.env.HF_HOME ?? join(homedir(), ".cache", "huggingface"), "hub");
  const snapshots = join(hub, `models--${ref.id.replace("/", "--")}`, "snapshots");
  if (!existsSync(snapshots)) return null;
  for (const snap of readdirSync(snapshots).sort().reverse()) {
    if (existsSync(join(snapshots, snap, "tokenizer.json"))) return join(snapshots, snap);
  }
  return null;
}

export async function tokenizerFor(ref: ModelRef | null): Promise<ModelTokenizer | null> {
  const folder = ref ? tokenizerFolder(ref) : null;
  return folder ? loadModelTokenizer(folder) : null;
}

/**
 * The data stage of a run: the recipe's data → runs/<id>/data/{train,validation,test}.jsonl,
 * quarantine.jsonl and the quality report (report.json + report.html).
 */
export async function prepareData(
  recipe: Recipe,
  recipeDir: string,
  run: RunDir,
  opts: { model: ModelRef | null; note?: (m: string) => void; onProgress?: (p: { stage: string; records: number }) => void },
): Promise<RunData> {
  const path = resolve(recipeDir, recipe.data.path);
  const personas = resolve(recipeDir, recipe.data.personas);
  const canon = resolve(recipeDir, recipe.data.canon);
  const prepared = await prepareDataset({
    data: recipe.data,
    path,
    personasDir: personas,
    canonDir: canon,
    outDir: run.path("data"),
    tokenizer: await tokenizerFor(opts.model),
    maxTokens: recipe.data.length.max_tokens ?? recipe.training.max_seq_len,
    title: `${recipe.name}: data report`,
    onNote: opts.note,
    onProgress: opts.onProgress,
  });
  writeReport(run.path("data"), prepared.report);
  return { ...prepared, path, personas, canon };
}
