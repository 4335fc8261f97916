import { createHash } from "node:crypto";
import { createReadStream, existsSync, mkdirSync, readdirSync, rmSync, statSync } from "node:fs";
import { basename, extname, join } from "node:path";
import { createInterface } from "node:readline";
import type { DataOptions } from "../config/recipe.js";
import type { z } from "zod";
import { UserError } from "../errors.js";
import { loadPersonaCards, type PersonaCard } from "../roles/npc/persona.js";
import { Quarantine, Stage, type StageCounts } from "./accounting.js";
import { cleanRecord } from "./clean.js";
import { Deduper, LeakageIndex } from "./dedup.js";
import { detectFormat, FormatError, toRecord, type DataFormat, type FormatContext } from "./formats.js";
import { applyLengthPolicy } from "./length.js";
import { readRows } from "./read.js";
import { toEngineExample, type DataRecord, type RawRow } from "./record.js";
import { ReportBuilder } from "./report/builder.js";
import type { DataReport } from "./report/builder.js";
import { SPLITS, splitOf, stratifiedSplit, type SplitName } from "./split.js";
import type { ModelTokenizer } from "./tokenizer.js";
import { JsonlWriter } from "./writer.js";
import { augmentItems, type AugmentContext } from "./augment-stage.js";

/**
 * The data stage of every run and of `scriptorium data prepare`:
 *
 *   read → parse (format, validation) → clean → length (tokens) → split
 *        → dedup within each split → leakage across splits → augment (train only) → files + report
 *
 * Records stream through; only compact indexes (hashes, MinHash bands, group → split)
 * stay in memory. Held-out records wait in temporary files until the training split has
 * been indexed, so a held-out record can be checked against every training record.
 * Every stage accounts for every record it saw (in = kept + rejected + merged,
 * out = kept + added); rejected and merged records go to quarantine.jsonl with the reason.
 */
export type DataConfig = z.output<typeof DataOptions>;

export interface PrepareOptions {
  data: DataConfig;
  /** Absolute paths the recipe resolved. */
  path: string;
  personasDir: string;
  canonDir: string;
  /** Folder relative paths in the data options (translation models) are resolved from: the recipe's. */
  baseDir?: string;
  outDir: string;
  /** Token counts and length policies need the model's tokenizer; null skips them (with a warning). */
  tokenizer: ModelTokenizer | null;
  maxTokens: number;
  title: string;
  onProgress?: (p: { stage: string; records: number }) => void;
  onNote?: (message: string) => void;
}

export interface PreparedData {
  files: Record<SplitName, string>;
  counts: Record<string, number>;
  stages: StageCounts[];
  sha256: string;
  format: DataFormat;
  quarantine: string;
  report: DataReport;
  reportDir: string;
}

interface Source {
  split: SplitName | null;
  file: string;
}

const SUPPORTED = [".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".parquet", ".txt", ".md", ".markdown"];

/** The input files: one file, a folder of text files, or a folder already split into train/validation/test. */
export function findSources(path: string): Source[] {
  if (!existsSync(path)) {
    throw new UserError("data_not_found", `data path ${path} does not exist`, { hint: "data.path is relative to the recipe's folder", location: { field: "data.path" } });
  }
  if (!statSync(path).isDirectory()) return [{ split: null, file: path }];
  const entries = readdirSync(path);
  const presplit: Source[] = [];
  for (const split of SPLITS) {
    const hit = entries.find((e) => basename(e, extname(e)) === split && SUPPORTED.includes(extname(e)));
    if (hit) presplit.push({ split, file: join(path, hit) });
  }
  if (presplit.length) {
    if (!presplit.some((s) => s.split === "train")) {
      throw new UserError("data_no_train_split", `data folder ${path} has ${presplit.map((s) => basename(s.file)).join(", ")} but no train file`, {
        hint: "a split folder holds train.* and optionally validation.* and test.* (scriptorium world build writes them)",
        location: { field: "data.path" },
      });
    }
    return presplit;
  }
  return [{ split: null, file: path }];
}

/** sha256 over the input files' bytes (a folder: every file in it, in order). */
export async function hashSources(sources: Source[]): Promise<string> {
  const hash = createHash("sha256");
  const files: string[] = [];
  const walk = (p: string) => {
    if (statSync(p).isDirectory()) for (const e of readdirSync(p).sort()) walk(join(p, e));
    else files.push(p);
  };
  for (const s of sources) walk(s.file);
  for (const f of files) {
    hash.update(`${basename(f)}\0`);
    for await (const chunk of createReadStream(f)) hash.update(chunk as Buffer);
  }
  return hash.digest("hex");
}

/** A record on its way through the pipeline, with its token counts once known. */
export interface Item {
  record: DataRecord;
  tokens: { total: number; assistant: number } | null;
}

export async function prepareDataset(opts: PrepareOptions): Promise<PreparedData> {
  const { data } = opts;
  const sources = findSources(opts.path);
  mkdirSync(opts.outDir, { recursive: true });
  const work = join(opts.outDir, ".work");
  rmSync(work, { recursive: true, force: true });
  mkdirSync(work, { recursive: true });
  const quarantine = new Quarantine(join(opts.outDir, "quarantine.jsonl"));
  const note = opts.onNote ?? (() => {});

  const stages = {
    parse: new Stage("parse"),
    clean: new Stage("clean"),
    length: new Stage("length"),
    dedup: new Stage("dedup"),
    leakage: new Stage("leakage"),
    augment: new Stage("augment"),
  };

  let cards: Map<string, PersonaCard> | undefined;
  const needsCards = data.format === "npc-conversations" || data.format === "auto";
  if (needsCards && existsSync(opts.personasDir)) cards = new Map(loadPersonaCards(opts.personasDir).map((c) => [c.id, c]));
  const ctx: FormatContext = {
    columns: data.columns,
    cards,
    personasDir: opts.personasDir,
    npcPrompt: data.npc_prompt,
    groupBy: data.group_by,
    stratifyBy: data.stratify_by,
  };
  if (!opts.tokenizer) note("warning: no tokenizer for the base model here: token counts and length policies are skipped (the engine truncates at max_seq_len)");

  const format: DataFormat = data.format === "auto" ? await sniff(sources[0]!.file, data.input, ctx) : data.format;
  if (data.format === "auto") note(`data format: ${format} (detected from ${sources[0]!.file}; set data.format to override)`);
  if (format === "npc-conversations" && !cards) {
    throw new UserError("personas_not_found", `npc-conversations need persona cards, and ${opts.personasDir} does not exist`, { hint: "set data.personas to your persona cards folder", location: { field: "data.personas" } });
  }

  const report = new ReportBuilder({ thresholds: data.report, title: opts.title, personas: format === "npc-conversations" && cards ? [...cards.keys()] : undefined });

  /** Rows → valid, clean, length-checked records. */
  async function* records(source: Source): AsyncGenerator<Item> {
    let read = 0;
    for await (const row of readRows(source.file, data.input)) {
      if (data.max_examples !== null && stages.parse.counts.kept >= data.max_examples) break;
      stages.parse.seen();
      if (++read % 1000 === 0) opts.onProgress?.({ stage: `read ${basename(source.file)}`, records: read });
      const parsed = toRecord(row, format, ctx);
      if ("code" in parsed) {
        stages.parse.rejected(parsed.code);
        quarantine.add({ stage: "parse", source: { file: row.file, line: row.line }, field: parsed.field, reason: parsed.reason, code: parsed.code, hint: parsed.hint, record: row.raw });
        continue;
      }
      stages.parse.kept();

      stages.clean.seen();
      const cleaned = cleanRecord(parsed.record, data.clean);
      if ("reject" in cleaned) {
        stages.clean.rejected(cleaned.reject.code);
        quarantine.addRecord("clean", parsed.record, cleaned.reject.code, cleaned.reject.reason, { field: cleaned.reject.field, hint: cleaned.reject.hint });
        continue;
      }
      for (const c of cleaned.changes) stages.clean.changed(c);
      stages.clean.kept();

      stages.length.seen();
      if (!opts.tokenizer) {
        stages.length.kept();
        yield { record: cleaned.record, tokens: null };
        continue;
      }
      const fitted = applyLengthPolicy(cleaned.record, opts.tokenizer, { maxTokens: opts.maxTokens, policy: data.length.policy, overlap: data.length.chunk_overlap });
      if ("reject" in fitted) {
        stages.length.rejected(fitted.reject.code);
        quarantine.addRecord("length", cleaned.record, fitted.reject.code, fitted.reject.reason, { field: fitted.reject.field, hint: fitted.reject.hint });
        continue;
      }
      stages.length.kept();
      if (fitted.action !== "kept") stages.length.changed(fitted.action);
      if (fitted.records.length > 1) stages.length.added(fitted.records.length - 1);
      for (const record of fitted.records) yield { record, tokens: tokensOf(record, opts.tokenizer) };
    }
  }

  // Stratified splits need every group's stratum before any record is placed.
  let strata: Map<string, SplitName> | null = null;
  if (data.stratify_by && sources.every((s) => s.split === null)) {
    const pairs: { group: string; stratum: string }[] = [];
    const seenGroups = new Set<string>();
    for (const source of sources) {
      for await (const row of readRows(source.file, data.input)) {
        const parsed = toRecord(row, format, ctx);
        if ("code" in parsed || seenGroups.has(parsed.record.group)) continue;
        seenGroups.add(parsed.record.group);
        pairs.push({ group: parsed.record.group, stratum: parsed.record.tags.stratum ?? "" });
      }
    }
    strata = pairs.length ? stratifiedSplit(pairs, data) : null;
  }

  const writers = Object.fromEntries(SPLITS.map((s) => [s, new JsonlWriter(join(opts.outDir, `${s}.jsonl`))])) as Record<SplitName, JsonlWriter>;
  const pendingFiles = Object.fromEntries(SPLITS.map((s) => [s, new JsonlWriter(join(work, `${s}.pending.jsonl`))])) as Record<SplitName, JsonlWriter>;
  const dedupOpts = { exact: data.dedup.exact, near: data.dedup.near, threshold: data.dedup.threshold, numPerm: data.dedup.num_perm };
  const trainDedup = new Deduper(dedupOpts);
  // Leakage is checked against the training index itself when dedup builds a full one; otherwise against its own.
  const leakIndex = data.dedup.exact && data.dedup.near ? null : new LeakageIndex({ threshold: data.dedup.threshold, numPerm: data.dedup.num_perm });
  const splitCounts: Record<SplitName, number> = { train: 0, validation: 0, test: 0 };
  const trainItems = data.augment.enabled ? new JsonlWriter(join(work, "train.items.jsonl")) : null;

  const dedup = (deduper: Deduper, item: Item): boolean => {
    stages.dedup.seen();
    const verdict = deduper.check(item.record);
    if (verdict.status === "unique") {
      stages.dedup.kept();
      return true;
    }
    stages.dedup.merged(`${verdict.status}_duplicate`);
    report.addDuplicate({ kept: verdict.of, merged: item.record.id, kind: verdict.status, similarity: verdict.similarity });
    quarantine.addRecord("dedup", item.record, `${verdict.status}_duplicate`, `${verdict.status === "exact" ? "same text as" : `near-duplicate (Jaccard ≈ ${verdict.similarity.toFixed(2)}) of`} record '${verdict.of}'`, { merged_into: verdict.of });
    return false;
  };

  // Pass 1: everything streams; training records are deduplicated and indexed at once, held-out ones wait.
  const splitFor = (source: Source, record: DataRecord): SplitName => source.split ?? strata?.get(record.group) ?? splitOf(record.group, data);
  for (const source of sources) {
    for await (const item of records(source)) {
      const split = splitFor(source, item.record);
      if (split !== "train") {
        pendingFiles[split].write(item);
        continue;
      }
      if (!dedup(trainDedup, item)) continue;
      leakIndex?.add(item.record);
      if (trainItems) trainItems.write(item);
      stages.leakage.seen();
      stages.leakage.kept();
      writers.train.write(toEngineExample(item.record));
      report.add(item.record, "train", item.tokens);
      splitCounts.train += 1;
    }
  }
  for (const s of SPLITS) await pendingFiles[s].close();

  // Pass 2: held-out splits, deduplicated among themselves (one index for validation and test, so
  // they do not overlap either) and checked against training.
  const heldOutDedup = new Deduper(dedupOpts);
  for (const split of SPLITS) {
    if (split === "train") continue;
    const deduper = heldOutDedup;
    for await (const item of readItems(pendingFiles[split].path)) {
      if (!dedup(deduper, item)) continue;
      stages.leakage.seen();
      const leak = leakIndex ? leakIndex.query(item.record) : trainDedup.query(item.record);
      if (leak) {
        const action = data.dedup.across_splits === "drop" ? "dropped" : "reported";
        report.addLeak({ heldOut: item.record.id, split, train: leak.id, similarity: leak.similarity, action });
        if (action === "dropped") {
          stages.leakage.merged("near_duplicate_of_train");
          quarantine.addRecord("leakage", item.record, "near_duplicate_of_train", `${split} record near-duplicates training record '${leak.id}' (Jaccard ≈ ${leak.similarity.toFixed(2)})`, {
            merged_into: leak.id,
            hint: "kept out of the held-out split so evaluation is not flattered; set data.dedup.across_splits: report to keep it",
          });
          continue;
        }
        stages.leakage.changed("leak_reported");
      }
      stages.leakage.kept();
      writers[split].write(toEngineExample(item.record));
      report.add(item.record, split, item.tokens);
      splitCounts[split] += 1;
    }
  }

  // Augmentation: new training records made from the kept training records, each tagged with its origin.
  stages.augment.seen(splitCounts.train);
  stages.augment.kept(splitCounts.train);
  if (trainItems) {
    await trainItems.close();
    const actx: AugmentContext = { canonDir: opts.canonDir, cards: cards ? [...cards.values()] : [], baseDir: opts.baseDir, note };
    const added = await augmentItems(readItems(trainItems.path), data.augment, actx, (record) => {
      writers.train.write(toEngineExample(record));
      report.add(record, "train", opts.tokenizer ? tokensOf(record, opts.tokenizer) : null);
    });
    for (const [op, n] of Object.entries(added.byOrigin)) stages.augment.changed(op, n);
    for (const [why, n] of Object.entries(added.skipped)) stages.augment.changed(`skipped_${why}`, n);
    stages.augment.added(added.total);
    splitCounts.train += added.total;
  }
  for (const s of SPLITS) await writers[s].close();
  quarantine.close();
  rmSync(work, { recursive: true, force: true });

  if (splitCounts.train === 0) {
    const first: Record<string, number> = {};
    for (const st of Object.values(stages)) for (const [k, v] of Object.entries(st.counts.reasons)) first[k] = (first[k] ?? 0) + v;
    throw new UserError("no_training_data", `no usable training records in ${opts.path} (${quarantine.count} quarantined)`, {
      hint: Object.keys(first).length ? `rejections by reason: ${JSON.stringify(first)}; see ${quarantine.path}` : "check data.format and data.path",
      location: { file: opts.path },
    });
  }

  const stageList = Object.values(stages).map((s) => s.counts);
  for (const s of Object.values(stages)) {
    if (!s.balanced) throw new Error(`data accounting does not balance at stage ${s.counts.stage}: ${JSON.stringify(s.counts)}`);
  }
  const sha256 = await hashSources(sources);
  const finished = report.finish({ stages: stageList, extra: { source: opts.path, sha256, format, quarantine: quarantine.count } });
  return {
    files: Object.fromEntries(SPLITS.map((s) => [s, writers[s].path])) as Record<SplitName, string>,
    counts: {
      read: stages.parse.counts.in,
      kept: splitCounts.train + splitCounts.validation + splitCounts.test,
      rejected: stageList.reduce((n, s) => n + s.rejected, 0),
      merged: stageList.reduce((n, s) => n + s.merged, 0),
      augmented: stages.augment.counts.added,
      ...splitCounts,
    },
    stages: stageList,
    sha256,
    format: format ?? "chat",
    quarantine: quarantine.path,
    report: finished,
    reportDir: opts.outDir,
  };
}

function tokensOf(record: DataRecord, tok: ModelTokenizer): { total: number; assistant: number } {
  if (record.kind === "text") {
    const n = tok.countText(record.text);
    return { total: n, assistant: n };
  }
  return tok.countChat(record.messages);
}

/** The format of the first rows of a file (data.format: auto). */
async function sniff(file: string, input: DataConfig["input"], ctx: FormatContext): Promise<DataFormat> {
  const rows: RawRow[] = [];
  for await (const row of readRows(file, input)) {
    rows.push(row);
    if (rows.length >= 50) break;
  }
  try {
    return detectFormat(rows, ctx, file).format;
  } catch (e) {
    if (e instanceof FormatError) throw new UserError("data_format", e.message, { hint: e.hint, location: { file: e.file, field: "data.format" } });
    throw e;
  }
}

export async function* readItems(path: string): AsyncGenerator<Item> {
  if (!existsSync(path)) return;
  const rl = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  for await (const line of rl) if (line) yield JSON.parse(line) as Item;
}

