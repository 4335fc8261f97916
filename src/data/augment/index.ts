import type { z } from "zod";
import type { AugmentOptions } from "../../config/recipe.js";
import type { Canon } from "../../roles/canon/schema.js";
import type { PersonaCard } from "../../roles/npc/persona.js";
import { Rng } from "../../roles/rng.js";
import type { ChatRecord, DataRecord } from "../record.js";
import { eda, EDA_OPS, zeroCounts, type EdaCounts, type EdaOp } from "./eda.js";
import { normalizeLang, resolveLanguage, type Lang } from "./language.js";
import { isJsonText, Protector } from "./protect.js";
import { defaultThesauri, type Thesauri } from "./thesaurus.js";

/**
 * Augmentation of the TRAINING split (the caller only passes training records): each
 * record gives up to `copies` EDA variants `${id}~aug${k}` (k = 1…copies), in the same
 * group as their source (so they could never land in another split), with
 * origin "augment:<ops>" (the ops that changed something, in EDA order, e.g.
 * "augment:synonym+swap"), the source's tags plus tags.augmented_from = the source id.
 *
 * Only turns whose role is in `roles` are changed (text records: the text); a turn whose
 * content is JSON never is. A variant identical to its source, or to an earlier copy of
 * the same source, is not emitted and is counted under `skipped`. Variant k of a record
 * depends only on (seed, record id, k): re-running, or augmenting another record set
 * that contains it, gives the same variant.
 *
 * Each turn's language (which thesaurus) comes from its own words when they are clear,
 * else from the record's tags.language, else from its persona card (tags.persona).
 */
export * from "./eda.js";
export * from "./language.js";
export * from "./protect.js";
export * from "./thesaurus.js";
export * from "./backtranslate.js";

export type AugmentSettings = Pick<z.output<typeof AugmentOptions>, "copies" | "synonym" | "insert" | "delete" | "swap" | "roles" | "seed">;

export interface AugmentContext {
  protector: Protector;
  thesauri: Thesauri;
  /** persona id → the persona's language: the fallback for turns whose words do not decide. */
  personaLanguage: ReadonlyMap<string, Lang>;
}

/** The context from the world (canon names, glossary, persona names and languages) and the recipe's protect list. */
export function augmentContext(src: { canon?: Canon; personas?: readonly PersonaCard[]; protect?: readonly string[]; thesauri?: Thesauri }): AugmentContext {
  const protector = Protector.fromWorld({
    ...(src.canon ? { canon: src.canon } : {}),
    ...(src.personas ? { personas: src.personas } : {}),
    extra: src.protect ?? [],
  });
  const personaLanguage = new Map((src.personas ?? []).map((p) => [p.id, p.voice.language] as const));
  return { protector, thesauri: src.thesauri ?? defaultThesauri(), personaLanguage };
}

export type SkipReason = "identical" | "duplicate_copy" | "nothing_to_augment";

export interface AugmentRecordResult {
  records: DataRecord[];
  /** Changes made per EDA op, summed over the emitted variants. */
  ops: EdaCounts;
  /** Variants not emitted, by reason. */
  skipped: Partial<Record<SkipReason, number>>;
}

/** The language hint of a record: tags.language, else its persona's language. */
export function recordLanguage(record: DataRecord, ctx: AugmentContext): Lang | null {
  return normalizeLang(record.tags.language) ?? (record.tags.persona ? (ctx.personaLanguage.get(record.tags.persona) ?? null) : null);
}

function augmentText(text: string, opts: AugmentSettings, rng: Rng, ctx: AugmentContext, hint: Lang | null, counts: EdaCounts): string {
  if (isJsonText(text)) return text;
  const language = resolveLanguage(text, hint);
  const thesaurus = language && (opts.synonym > 0 || opts.insert > 0) ? ctx.thesauri.get(language) : null;
  const r = eda(text, opts, rng, { protector: ctx.protector, thesaurus, language });
  for (const op of EDA_OPS) counts[op] += r.counts[op];
  return r.text;
}

/** Whether a record has anything augmentation may change. */
function augmentable(record: DataRecord, opts: AugmentSettings): boolean {
  if (record.kind === "text") return !!record.text.trim() && !isJsonText(record.text);
  return record.messages.some((m) => opts.roles.includes(m.role) && !!m.content.trim() && !isJsonText(m.content));
}

/** Up to `opts.copies` EDA variants of one training record (see the module comment). */
export function augmentRecord(record: DataRecord, opts: AugmentSettings, ctx: AugmentContext): AugmentRecordResult {
  const result: AugmentRecordResult = { records: [], ops: zeroCounts(), skipped: {} };
  const skip = (why: SkipReason, n = 1) => (result.skipped[why] = (result.skipped[why] ?? 0) + n);
  if (!augmentable(record, opts)) {
    skip("nothing_to_augment", opts.copies);
    return result;
  }
  const hint = recordLanguage(record, ctx);
  const source = record.kind === "text" ? record.text : JSON.stringify(record.messages);
  const seen = new Set<string>([source]);
  for (let k = 1; k <= opts.copies; k++) {
    const rng = Rng.for(opts.seed, `${record.id}~aug${k}`);
    const counts = zeroCounts();
    let variant: DataRecord;
    let key: string;
    if (record.kind === "text") {
      const text = augmentText(record.text, opts, rng.fork("text"), ctx, hint, counts);
      variant = { ...record, text };
      key = text;
    } else {
      const messages = record.messages.map((m, i) =>
        opts.roles.includes(m.role) ? { ...m, content: augmentText(m.content, opts, rng.fork(`turn${i}`), ctx, hint, counts) } : { ...m },
      );
      variant = { ...record, messages } satisfies ChatRecord;
      key = JSON.stringify(messages);
    }
    if (key === source) {
      skip("identical");
      continue;
    }
    if (seen.has(key)) {
      skip("duplicate_copy");
      continue;
    }
    seen.add(key);
    const ops = EDA_OPS.filter((op) => counts[op] > 0);
    for (const op of EDA_OPS) result.ops[op] += counts[op];
    result.records.push({
      ...variant,
      id: `${record.id}~aug${k}`,
      group: record.group,
      origin: `augment:${ops.join("+")}`,
      tags: { ...record.tags, augmented_from: record.id },
    });
  }
  return result;
}

export interface AugmentStats {
  /** Records seen (the training split). */
  seen: number;
  added: number;
  /** Added records per origin ("augment:synonym+swap": 12). */
  byOrigin: Record<string, number>;
  /** Changes per EDA op over all added records. */
  byOp: Record<EdaOp, number>;
  skipped: Partial<Record<SkipReason, number>>;
}

export const emptyAugmentStats = (): AugmentStats => ({ seen: 0, added: 0, byOrigin: {}, byOp: zeroCounts(), skipped: {} });

/** Adds one record's result to running stats (for callers that stream). */
export function countAugment(stats: AugmentStats, r: AugmentRecordResult): void {
  stats.seen += 1;
  stats.added += r.records.length;
  for (const rec of r.records) stats.byOrigin[rec.origin] = (stats.byOrigin[rec.origin] ?? 0) + 1;
  for (const op of EDA_OPS) stats.byOp[op] += r.ops[op];
  for (const [why, n] of Object.entries(r.skipped)) stats.skipped[why as SkipReason] = (stats.skipped[why as SkipReason] ?? 0) + n;
}

/** EDA over a whole (training) record list: the new records only, and the stats. */
export function augmentRecords(records: Iterable<DataRecord>, opts: AugmentSettings, ctx: AugmentContext): { records: DataRecord[]; stats: AugmentStats } {
  const stats = emptyAugmentStats();
  const out: DataRecord[] = [];
  for (const record of records) {
    const r = augmentRecord(record, opts, ctx);
    countAugment(stats, r);
    out.push(...r.records);
  }
  return { records: out, stats };
}
