import { existsSync } from "node:fs";
import type { z } from "zod";
import type { AugmentOptions } from "../config/recipe.js";
import { loadCanon } from "../roles/canon/load.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import { augmentContext, augmentRecord, backtranslate, translatorFor } from "./augment/index.js";
import type { DataRecord } from "./record.js";

/**
 * The augmentation stage of the data pipeline: EDA variants of every kept training record,
 * then (when a backend is set) back-translations in batches. Every new record carries its
 * origin; the stage reports what it added per origin and what it skipped and why.
 */
export interface AugmentContext {
  canonDir: string;
  cards: PersonaCard[];
  /** Folder that relative translation-model paths are resolved from (the recipe's). */
  baseDir?: string;
  note: (message: string) => void;
}

export interface AugmentOutcome {
  total: number;
  byOrigin: Record<string, number>;
  skipped: Record<string, number>;
}

const BATCH = 64;

export async function augmentItems(
  items: AsyncIterable<{ record: DataRecord }>,
  opts: z.output<typeof AugmentOptions>,
  ctx: AugmentContext,
  emit: (record: DataRecord) => void,
): Promise<AugmentOutcome> {
  const canon = existsSync(ctx.canonDir) ? loadCanon(ctx.canonDir) : undefined;
  if (!canon) ctx.note(`augment: no canon at ${ctx.canonDir}: only persona names and data.augment.protect are protected`);
  const actx = augmentContext({ canon, personas: ctx.cards, protect: opts.protect });
  const translator = translatorFor(opts.backtranslate, { baseDir: ctx.baseDir });
  const out: AugmentOutcome = { total: 0, byOrigin: {}, skipped: {} };
  const add = (record: DataRecord) => {
    emit(record);
    out.total += 1;
    out.byOrigin[record.origin] = (out.byOrigin[record.origin] ?? 0) + 1;
  };
  const skip = (why: string, n: number) => (out.skipped[why] = (out.skipped[why] ?? 0) + n);
  const eda = opts.synonym + opts.insert + opts.delete + opts.swap > 0;
  let batch: DataRecord[] = [];
  const flush = async () => {
    if (!translator || batch.length === 0) return;
    const bt = await backtranslate(batch, translator, { source: opts.backtranslate.source, pivot: opts.backtranslate.pivot, protector: actx.protector, roles: opts.roles, personaLanguage: actx.personaLanguage });
    for (const r of bt.records) add(r);
    for (const [why, n] of Object.entries(bt.skipped)) skip(`backtranslate_${why}`, n ?? 0);
    batch = [];
  };
  for await (const { record } of items) {
    if (eda) {
      const r = augmentRecord(record, opts, actx);
      for (const v of r.records) add(v);
      for (const [why, n] of Object.entries(r.skipped)) skip(why, n ?? 0);
    }
    if (translator) {
      batch.push(record);
      if (batch.length >= BATCH) await flush();
    }
  }
  await flush();
  return out;
}
