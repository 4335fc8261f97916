import { join } from "node:path";
import { loadWorld } from "../../canon/load.js";
import { generateNpcDataset, NPC_DATASET_SEED, type NpcDataset, type NpcRecord } from "./generate.js";
import { SPLITS, type Split } from "./split-plan.js";

/**
 * The NPC dataset as committed files: `world/datasets/npc/{train,validation,test}.jsonl`,
 * rebuilt from `world/canon` and `world/personas`. `scriptorium world build` writes these
 * bytes; a test checks the committed ones.
 */
export const NPC_DATASET_DIR = "datasets/npc";

/** One object per line, keys in a fixed order, a trailing newline: the committed bytes. */
export function npcJsonl(records: readonly NpcRecord[]): string {
  return records
    .map((r) => JSON.stringify({ id: r.id, persona: r.persona, act: r.act, chapter: r.chapter, adversarial: r.adversarial, turns: r.turns.map((t) => ({ role: t.role, content: t.content })) }) + "\n")
    .join("");
}

export interface NpcDatasetBuild {
  dataset: NpcDataset;
  /** Path relative to the world folder → file contents. */
  files: Record<string, string>;
}

export function buildNpcDataset(worldDir = "world", seed = NPC_DATASET_SEED): NpcDatasetBuild {
  const { canon, personas } = loadWorld(worldDir);
  const dataset = generateNpcDataset(canon, personas, seed);
  const files: Record<string, string> = {};
  for (const split of SPLITS) files[npcDatasetFile(split)] = npcJsonl(dataset[split]);
  return { dataset, files };
}

export const npcDatasetFile = (split: Split): string => join(NPC_DATASET_DIR, `${split}.jsonl`);
