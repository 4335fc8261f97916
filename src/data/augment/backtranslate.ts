import { resolve } from "node:path";
import type { z } from "zod";
import type { AugmentOptions } from "../../config/recipe.js";
import { UserError } from "../../errors.js";
import type { ChatRole } from "../../spec/chat.js";
import type { DataRecord } from "../record.js";
import { resolveLanguage, normalizeLang, type Lang } from "./language.js";
import { isJsonText, unmask, type Protector } from "./protect.js";
import { HfTranslator, type HfTranslatorOptions } from "./translator-hf.js";
import { OpenAITranslator, type OpenAITranslatorOptions } from "./translator-openai.js";

/**
 * Back-translation: source → pivot → source (es → en → es by default) with a real
 * translator, so a training turn comes back paraphrased. Quality depends entirely on the
 * translator: a real MarianMT pair (Helsinki-NLP/opus-mt-es-en + opus-mt-en-es, local
 * folders, engine `translate` command: HfTranslator) or a capable chat model behind an
 * OpenAI-compatible endpoint (OpenAITranslator).
 *
 * Each eligible turn (role in `roles`, not JSON, in the source language) is cut into
 * sentences (lines, then . ! ? …), each sentence's protected spans are replaced by
 * placeholders [0], [1]… before translation and put back after. A record whose
 * placeholders do not all come back exactly once, or whose translation comes back empty,
 * is discarded and counted; so is one that comes back identical. Texts are sent to the
 * translator in one call per direction, so a backend can batch them as it likes.
 */
export interface Translator {
  /** Translations of `texts` from language `from` to `to` ("es", "en"), same length and order. */
  translate(texts: string[], from: string, to: string): Promise<string[]>;
}

export interface BacktranslateOptions {
  /** The records' language, translated from and back to. */
  source: string;
  /** The language in between. */
  pivot: string;
  protector: Protector;
  /** Turns that are translated (text records: the text); default ["user"] like EDA. */
  roles?: readonly ChatRole[];
  /** persona id → language, the fallback for turns whose words do not decide (see language.ts). */
  personaLanguage?: ReadonlyMap<string, Lang>;
}

export type BacktranslateSkip = "placeholder_lost" | "empty" | "identical" | "nothing_to_translate";

export interface BacktranslateResult {
  records: DataRecord[];
  /** Records not turned into a variant, by reason. */
  skipped: Partial<Record<BacktranslateSkip, number>>;
  /** Sentences sent through the translator (each way). */
  sentences: number;
}

/**
 * A text cut into sentences: pieces and the whitespace after each (kept verbatim, so the
 * pieces and separators concatenate back to the text). A cut falls after . ! ? … (and any
 * closing quotes) followed by whitespace and a word that is not lower-case, and at every
 * line break; never inside a protected span («¿Dónde? Aquí.» stays whole).
 */
export function splitSentences(text: string, spans: readonly { start: number; end: number }[] = []): { piece: string; sep: string }[] {
  const out: { piece: string; sep: string }[] = [];
  const re = /([.!?…]+["'»”’)\]]*)(\s+)|(\s*\n\s*)/gu;
  let at = 0;
  for (const m of text.matchAll(re)) {
    const end = m.index + (m[1]?.length ?? 0);
    if (spans.some((s) => s.start <= m.index && s.end > m.index)) continue;
    // "… Nadie.» y más": a lower-case word after the stop means the sentence goes on.
    if (m[1] !== undefined && /^\p{Ll}/u.test(text.slice(end + m[2]!.length))) continue;
    const sep = m[2] ?? m[3]!;
    out.push({ piece: text.slice(at, end), sep });
    at = end + sep.length;
  }
  if (at < text.length || out.length === 0) out.push({ piece: text.slice(at), sep: "" });
  return out;
}

interface Segment {
  recordIndex: number;
  /** Where the translation goes: the message index, or -1 for a text record. */
  turn: number;
  pieces: { masked: string; values: string[]; sep: string; translate: boolean; original: string }[];
  lead: string;
}

/** Back-translated variants of `records` (new records only: origin backtranslate:<source>-<pivot>-<source>). */
export async function backtranslate(records: readonly DataRecord[], translator: Translator, opts: BacktranslateOptions): Promise<BacktranslateResult> {
  const source = normalizeLang(opts.source) ?? opts.source;
  const pivot = normalizeLang(opts.pivot) ?? opts.pivot;
  const roles = opts.roles ?? ["user"];
  const origin = `backtranslate:${source}-${pivot}-${source}`;
  const result: BacktranslateResult = { records: [], skipped: {}, sentences: 0 };
  const skip = (why: BacktranslateSkip) => (result.skipped[why] = (result.skipped[why] ?? 0) + 1);

  const queue: string[] = [];
  const perRecord = new Map<number, Segment[]>();
  records.forEach((record, recordIndex) => {
    const hint = normalizeLang(record.tags.language) ?? (record.tags.persona ? (opts.personaLanguage?.get(record.tags.persona) ?? null) : null);
    const texts: { turn: number; text: string }[] =
      record.kind === "text" ? [{ turn: -1, text: record.text }] : record.messages.flatMap((m, i) => (roles.includes(m.role) ? [{ turn: i, text: m.content }] : []));
    const segs: Segment[] = [];
    for (const { turn, text } of texts) {
      if (!text.trim() || isJsonText(text) || resolveLanguage(text, hint) !== source) continue;
      const lead = /^\s*/.exec(text)![0];
      const body = text.slice(lead.length);
      const pieces = splitSentences(body, opts.protector.spans(body)).map(({ piece, sep }) => {
        const { text: masked, values } = opts.protector.mask(piece);
        // Nothing but placeholders, numbers and punctuation: nothing to translate.
        const translate = /\p{L}/u.test(masked.replace(/\[\d+\]/g, ""));
        return { masked, values, sep, translate, original: piece };
      });
      if (!pieces.some((p) => p.translate)) continue;
      segs.push({ recordIndex, turn, pieces, lead });
    }
    if (segs.length === 0) {
      skip("nothing_to_translate");
      return;
    }
    perRecord.set(recordIndex, segs);
    for (const s of segs) for (const p of s.pieces) if (p.translate) queue.push(p.masked);
  });
  result.sentences = queue.length;
  if (queue.length === 0) return result;

  const forward = await translator.translate(queue, source, pivot);
  if (forward.length !== queue.length) throw new Error(`translator returned ${forward.length} texts for ${queue.length} (${source}→${pivot})`);
  const back = await translator.translate(forward, pivot, source);
  if (back.length !== queue.length) throw new Error(`translator returned ${back.length} texts for ${queue.length} (${pivot}→${source})`);

  let q = 0;
  for (const [recordIndex, segs] of perRecord) {
    const record = records[recordIndex]!;
    let lost = false;
    let empty = false;
    const texts = new Map<number, string>();
    for (const seg of segs) {
      let out = seg.lead;
      for (const p of seg.pieces) {
        let piece = p.original;
        if (p.translate) {
          const t = (back[q++] ?? "").trim();
          if (!t) empty = true;
          const restored = unmask(t, p.values);
          if (restored === null) lost = true;
          else piece = restored;
        }
        out += piece + p.sep;
      }
      texts.set(seg.turn, out);
    }
    if (lost) {
      skip("placeholder_lost");
      continue;
    }
    if (empty) {
      skip("empty");
      continue;
    }
    let variant: DataRecord;
    if (record.kind === "text") variant = { ...record, text: texts.get(-1) ?? record.text };
    else variant = { ...record, messages: record.messages.map((m, i) => ({ ...m, content: texts.get(i) ?? m.content })) };
    const same = record.kind === "text" ? (variant as typeof record).text === record.text : JSON.stringify((variant as typeof record).messages) === JSON.stringify(record.messages);
    if (same) {
      skip("identical");
      continue;
    }
    result.records.push({ ...variant, id: `${record.id}~bt`, group: record.group, origin, tags: { ...record.tags, augmented_from: record.id } });
  }
  return result;
}

export type BacktranslateSettings = z.output<typeof AugmentOptions>["backtranslate"];

/**
 * The Translator a recipe's data.augment.backtranslate asks for, or null for backend "none".
 * hf: `model` is the source→pivot folder, `model_back` the pivot→source one (absent: `model`
 * serves both ways, a multilingual model); relative folders are resolved against `baseDir`
 * (the recipe's folder). openai: `url` is the API root (…/v1) and `model` the model name.
 */
export function translatorFor(
  bt: BacktranslateSettings,
  opts: { baseDir?: string; hf?: Omit<HfTranslatorOptions, "models">; openai?: Omit<OpenAITranslatorOptions, "baseUrl" | "model"> } = {},
): Translator | null {
  if (bt.backend === "none") return null;
  const source = normalizeLang(bt.source) ?? bt.source;
  const pivot = normalizeLang(bt.pivot) ?? bt.pivot;
  if (!bt.model) {
    throw new UserError("backtranslate-config", `data.augment.backtranslate.backend is ${bt.backend} but no model is set`, {
      hint: bt.backend === "hf" ? "model: folder of a source→pivot translation model (e.g. opus-mt-es-en), model_back: pivot→source" : "model: the chat model's name on the endpoint",
      location: { field: "data.augment.backtranslate.model" },
    });
  }
  if (bt.backend === "hf") {
    const dir = (p: string) => resolve(opts.baseDir ?? ".", p);
    const models: Record<string, string> = bt.model_back
      ? { [`${source}-${pivot}`]: dir(bt.model), [`${pivot}-${source}`]: dir(bt.model_back) }
      : { "*": dir(bt.model) };
    return new HfTranslator({ ...opts.hf, models });
  }
  if (!bt.url) {
    throw new UserError("backtranslate-config", "data.augment.backtranslate.backend is openai but no url is set", {
      hint: "url: the API root of an OpenAI-compatible endpoint, e.g. http://127.0.0.1:8000/v1",
      location: { field: "data.augment.backtranslate.url" },
    });
  }
  return new OpenAITranslator({ ...opts.openai, baseUrl: bt.url, model: bt.model });
}

export { HfTranslator, type HfTranslatorOptions } from "./translator-hf.js";
export { OpenAITranslator, translationPrompt, type OpenAITranslatorOptions } from "./translator-openai.js";
