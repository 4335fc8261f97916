import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { tmpdir } from "node:os";
import { writeFileAtomic } from "../fs-atomic.js";
import { REPO_ROOT } from "../paths.js";
import type { ChatExample } from "../spec/index.js";
import { loadWorld } from "../roles/canon/load.js";
import { buildNpcMessages } from "../roles/npc/prompt.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import { generateNpcDataset, NPC_DATASET_SEED, type NpcDataset } from "../roles/npc/dataset/generate.js";
import { npcDatasetStats } from "../roles/npc/dataset/stats.js";
import { npcJsonl } from "../roles/npc/dataset/build.js";
import { DIRECTOR_SEED, directorDatasetStats, directorJsonl, generateDirectorDataset, type DirectorDataset } from "../roles/director/dataset.js";
import { directorWorldFromCanon } from "../roles/director/world.js";
import { directorChatExample } from "../roles/director/prompt.js";
import { buildBookData } from "../roles/book/build.js";
import { buildBookMessages } from "../roles/book/prompt.js";
import type { BookDataset } from "../roles/book/dataset.js";
import { bookDatasetStats, type BookDatasetStats } from "../roles/book/stats.js";
import { runEngine } from "../engine/client.js";
import { SPLITS, type SplitName } from "../data/split.js";
import { findBuiltin, prepareBuiltin } from "../engine/base-models.js";

type Split = SplitName;

export interface WorldBuild {
  /** Path relative to the repository root → file content. */
  files: Record<string, string>;
  npc: NpcDataset;
  director: DirectorDataset;
  book: BookDataset;
  personas: PersonaCard[];
}

const jsonl = (rows: readonly unknown[]): string => rows.map((r) => JSON.stringify(r) + "\n").join("");

/**
 * `scriptorium world build`: the three role datasets from the canon and persona cards,
 * each generator seeded, so the same checkout always gives the same bytes.
 */
export async function buildWorld(root = REPO_ROOT): Promise<WorldBuild> {
  const { canon, personas } = loadWorld(join(root, "world"));
  const npc = generateNpcDataset(canon, personas, NPC_DATASET_SEED);
  const director = generateDirectorDataset(directorWorldFromCanon(canon, personas), DIRECTOR_SEED);
  const book = await buildBookData(root);
  const files: Record<string, string> = { ...book.files };
  for (const split of SPLITS) {
    files[`world/datasets/npc/${split}.jsonl`] = npcJsonl(npc[split]);
    files[`world/datasets/director/${split}.jsonl`] = directorJsonl(director[split]);
  }
  return { files, npc, director, book: book.dataset, personas };
}

/** Writes the files (atomically); returns the ones whose bytes changed. */
export function writeWorld(build: WorldBuild, root = REPO_ROOT): string[] {
  const changed: string[] = [];
  for (const [rel, content] of Object.entries(build.files)) {
    const path = join(root, rel);
    if (existsSync(path) && readFileSync(path, "utf8") === content) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileAtomic(path, content);
    changed.push(rel);
  }
  return changed;
}

/** Files whose committed bytes differ from what the generators produce now. */
export function staleFiles(build: WorldBuild, root = REPO_ROOT): string[] {
  return Object.entries(build.files)
    .filter(([rel, content]) => !existsSync(join(root, rel)) || readFileSync(join(root, rel), "utf8") !== content)
    .map(([rel]) => rel);
}

export interface WorldStats {
  npc: ReturnType<typeof npcDatasetStats>;
  director: ReturnType<typeof directorDatasetStats>;
  book: BookDatasetStats;
  tokens?: Record<string, Record<Split, { examples: number; tokens: number; assistant_tokens: number }>>;
  tokenizer?: string;
}

/** Counts per role, persona, style and split; with `tokens`, real token counts from the default tokenizer. */
export async function worldStats(build: WorldBuild, opts: { tokens: boolean; verbose?: boolean }): Promise<WorldStats> {
  const stats: WorldStats = { npc: npcDatasetStats(build.npc), director: directorDatasetStats(build.director), book: bookDatasetStats(build.book) };
  if (!opts.tokens) return stats;
  const builtin = findBuiltin("smollm2-135m-instruct")!;
  const modelDir = await prepareBuiltin(builtin, { verbose: opts.verbose });
  const cards = new Map(build.personas.map((c) => [c.id, c]));
  const asChat: Record<string, Record<Split, ChatExample[]>> = { npc: { train: [], validation: [], test: [] }, director: { train: [], validation: [], test: [] }, book: { train: [], validation: [], test: [] } };
  for (const split of SPLITS) {
    asChat.npc![split] = build.npc[split].map((r) => ({ id: r.id, messages: buildNpcMessages(cards.get(r.persona)!, r.turns, "compact") }));
    asChat.director![split] = build.director[split].map((r) => directorChatExample(r));
    asChat.book![split] = build.book[split].map((r) => ({ id: r.id, messages: buildBookMessages(r) }));
  }
  const dir = join(tmpdir(), `scriptorium-world-stats-${process.pid}`);
  mkdirSync(dir, { recursive: true });
  const files: string[] = [];
  for (const [role, splits] of Object.entries(asChat)) {
    for (const split of SPLITS) {
      const file = join(dir, `${role}.${split}.jsonl`);
      writeFileAtomic(file, jsonl(splits[split]));
      files.push(file);
    }
  }
  const result = await runEngine(
    { protocol: 1, command: "count-tokens", model: { source: "local", id: modelDir, revision: null, trust_remote_code: false }, files },
    { jobPath: join(dir, "job.json"), verbose: opts.verbose },
  );
  const counts = result.files as Record<string, { examples: number; tokens: number; assistant_tokens: number }>;
  stats.tokens = {};
  for (const role of Object.keys(asChat)) {
    stats.tokens[role] = Object.fromEntries(SPLITS.map((s) => [s, counts[join(dir, `${role}.${s}.jsonl`)]!])) as Record<Split, { examples: number; tokens: number; assistant_tokens: number }>;
  }
  stats.tokenizer = `smollm2-135m-instruct (chat template; NPC with the compact persona prompt)`;
  return stats;
}
