import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { isAbsolute, join, resolve } from "node:path";
import { runEngine } from "../../engine/client.js";
import { UserError } from "../../errors.js";
import type { EngineEvent, Precision } from "../../spec/index.js";
import type { Translator } from "./backtranslate.js";

/**
 * A Translator backed by the engine's `translate` command: a local Hugging Face seq2seq
 * model folder (AutoTokenizer + AutoModelForSeq2SeqLM), batched greedy generation.
 * Each translate() call is one engine run (the model is loaded once per call), so give it
 * all the texts of a direction at once: backtranslate() does.
 *
 * For real paraphrases use a MarianMT pair, e.g. Helsinki-NLP/opus-mt-es-en and
 * Helsinki-NLP/opus-mt-en-es downloaded to local folders (their tokenizer needs the
 * `sentencepiece` package in the engine venv), or one multilingual model (NLLB, M2M100)
 * for every direction with `langCodes`.
 */
export interface HfTranslatorOptions {
  /** Local model folder per direction, keyed "from-to" ("es-en"); the key "*" serves every direction (a multilingual model). */
  models: Record<string, string>;
  /** Language codes a multilingual model wants (NLLB: {es: "spa_Latn", en: "eng_Latn"}); pair models need none. */
  langCodes?: Record<string, string>;
  /** Texts per generate() call (default 16). */
  batchSize?: number;
  /** Longer sources are cut, and counted in a warning (default 400 tokens; MarianMT's limit is 512). */
  maxInputTokens?: number;
  /** Default 256. */
  maxNewTokens?: number;
  /** Torch threads (default: the CPU count, at most 8). */
  threads?: number;
  /** Default fp32: the same text then translates the same on every machine. */
  precision?: Precision;
  seed?: number;
  /** Where job and text files go (kept, for inspection); default a temporary folder, removed after each call. */
  workDir?: string;
  onEvent?: (event: EngineEvent) => void;
  verbose?: boolean;
}

export class HfTranslator implements Translator {
  /** Engine runs made so far (one per non-empty translate() call). */
  runs = 0;
  private readonly models: Record<string, string>;

  constructor(readonly options: HfTranslatorOptions) {
    this.models = Object.fromEntries(Object.entries(options.models).map(([direction, folder]) => [direction, isAbsolute(folder) ? folder : resolve(folder)]));
  }

  private folderFor(from: string, to: string): string {
    const folder = this.models[`${from}-${to}`] ?? this.models["*"];
    if (!folder) {
      throw new UserError("translate-model", `no translation model for ${from}→${to} (have: ${Object.keys(this.models).join(", ") || "none"})`, {
        hint: "data.augment.backtranslate.model is the source→pivot model folder and model_back the pivot→source one",
      });
    }
    if (!existsSync(join(folder, "config.json"))) {
      throw new UserError("translate-model-missing", `translation model folder ${folder} has no config.json`, {
        hint: `download a model pair to local folders, e.g. \`hf download Helsinki-NLP/opus-mt-${from}-${to} --local-dir models/opus-mt-${from}-${to}\``,
        location: { file: folder },
      });
    }
    return folder;
  }

  async translate(texts: string[], from: string, to: string): Promise<string[]> {
    if (texts.length === 0) return [];
    const folder = this.folderFor(from, to);
    const o = this.options;
    const dir = o.workDir ? join(o.workDir, `translate-${from}-${to}-${this.runs}`) : mkdtempSync(join(tmpdir(), "scriptorium-translate-"));
    mkdirSync(dir, { recursive: true });
    try {
      const input = join(dir, "input.jsonl");
      const output = join(dir, "output.jsonl");
      writeFileSync(input, texts.map((text) => JSON.stringify({ text }) + "\n").join(""));
      this.runs += 1;
      const result = await runEngine(
        {
          protocol: 1,
          command: "translate",
          model: { source: "local", id: folder, revision: null, trust_remote_code: false },
          input,
          output,
          batch_size: o.batchSize ?? 16,
          max_input_tokens: o.maxInputTokens ?? 400,
          max_new_tokens: o.maxNewTokens ?? 256,
          source_lang: o.langCodes?.[from] ?? null,
          target_lang: o.langCodes?.[to] ?? null,
          runtime: { precision: o.precision ?? "fp32", threads: o.threads ?? Math.min(8, availableParallelism()), seed: o.seed ?? 0 },
        },
        { jobPath: join(dir, "job.json"), ...(o.onEvent ? { onEvent: o.onEvent } : {}), ...(o.verbose ? { verbose: true } : {}) },
      );
      const lines = readFileSync(output, "utf8").split("\n").filter((l) => l.trim());
      const out = lines.map((l) => (JSON.parse(l) as { text: string }).text);
      if (out.length !== texts.length) throw new Error(`the engine translated ${out.length} texts of ${texts.length} (${JSON.stringify(result)})`);
      return out;
    } finally {
      if (!o.workDir) rmSync(dir, { recursive: true, force: true });
    }
  }
}
