import { z } from "zod";

/**
 * The recipe users write (YAML). Every default lives here, in the schema,
 * and `scriptorium schema` prints it as JSON Schema for editors.
 * Objects are strict: an unknown key is an error with a "did you mean" hint.
 */
const targetModules = z
  .union([z.literal("all-linear"), z.array(z.string().min(1)).min(1)])
  .default(["q_proj", "k_proj", "v_proj", "o_proj"])
  .describe('module names to adapt, or "all-linear"');

const loraOptions = {
  r: z.number().int().positive().default(16).describe("rank of the low-rank update"),
  alpha: z.number().positive().default(32).describe("scaling numerator: the update is scaled by alpha / r (alpha / √r with rslora)"),
  dropout: z.number().min(0).max(1).default(0).describe("LoRA dropout; 0 by default: on CPU its random masks cost ~25% of a step"),
  target_modules: targetModules,
  rslora: z.boolean().default(false).describe("rank-stabilized LoRA: scale by alpha / √r, so higher ranks keep learning"),
  dora: z.boolean().default(false).describe("DoRA: learn a magnitude vector beside the low-rank direction update (slower per step)"),
};

const FullOptions = z
  .object({
    kind: z.literal("full"),
    train_embeddings: z.boolean().default(true).describe("also train the token embeddings (tied to the LM head in SmolLM2)"),
  })
  .strict();

const LoraOptions = z.object({ kind: z.literal("lora"), ...loraOptions }).strict();

const QloraOptions = z
  .object({
    kind: z.literal("qlora"),
    ...loraOptions,
    quant_type: z.enum(["nf4", "fp4"]).default("nf4").describe("4-bit data type of the frozen base (bitsandbytes)"),
    double_quant: z.boolean().default(true).describe("quantize the quantization constants too (~0.4 bits/param less)"),
  })
  .strict();

const AdapterOptions = z
  .object({
    kind: z.literal("adapter"),
    style: z.enum(["houlsby", "pfeiffer"]).default("pfeiffer").describe("houlsby: after attention and after the MLP of every layer; pfeiffer: after the MLP only"),
    reduction_factor: z.number().int().positive().default(16).describe("bottleneck width = hidden size / reduction_factor"),
    non_linearity: z.enum(["relu", "gelu", "silu"]).default("relu"),
  })
  .strict();

const PrefixOptions = z
  .object({
    kind: z.literal("prefix"),
    num_virtual_tokens: z.number().int().positive().default(20).describe("learned key/value positions prepended at every layer"),
    projection: z.boolean().default(false).describe("reparameterize the prefix through an MLP (more parameters, often more stable)"),
  })
  .strict();

const PromptOptions = z
  .object({
    kind: z.literal("prompt"),
    num_virtual_tokens: z.number().int().positive().default(20).describe("learned input embeddings prepended to every example"),
    init_text: z.string().min(1).nullable().default(null).describe("initialize the virtual tokens from this text's embeddings (null: random)"),
  })
  .strict();

export const MethodOptions = z.discriminatedUnion("kind", [FullOptions, LoraOptions, QloraOptions, AdapterOptions, PrefixOptions, PromptOptions]);

const betas = z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.9, 0.999]);
export const OptimizerOptions = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("adamw"), betas, eps: z.number().positive().default(1e-8) }).strict().describe("AdamW, fused kernel where available"),
  z.object({ kind: z.literal("adamw_8bit"), betas, eps: z.number().positive().default(1e-8) }).strict().describe("bitsandbytes 8-bit AdamW: optimizer state in 8 bits"),
  z
    .object({
      kind: z.literal("adafactor"),
      eps: z.number().positive().default(1e-30).describe("added to the squared gradient"),
      clip_threshold: z.number().positive().default(1).describe("update clipping threshold (RMS)"),
      decay_rate: z.number().default(-0.8).describe("second-moment decay exponent"),
    })
    .strict()
    .describe("Adafactor (factored second moments: memory ∝ rows + columns) with an explicit lr (transformers' Adafactor, relative step off)"),
  z.object({ kind: z.literal("sgd"), momentum: z.number().min(0).max(1).default(0.9), nesterov: z.boolean().default(false) }).strict(),
]);

export const ScheduleOptions = z
  .object({
    kind: z.enum(["constant", "linear", "cosine", "cosine_restarts", "polynomial"]).default("cosine"),
    min_lr_ratio: z.number().min(0).max(1).default(0.1).describe("floor of the decay, as a fraction of lr (not used by constant)"),
    cycles: z.number().int().positive().default(1).describe("cosine_restarts: number of cosine cycles"),
    power: z.number().positive().default(1).describe("polynomial: decay exponent (1 is linear)"),
  })
  .strict();

export const DATA_FORMATS = ["auto", "chat", "sharegpt", "alpaca", "text", "npc-conversations", "director-decisions", "book-records"] as const;
export const INPUT_TYPES = ["auto", "jsonl", "json", "csv", "parquet", "txt"] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
export type InputType = (typeof INPUT_TYPES)[number];

export const CleanOptions = z
  .object({
    nfc: z.boolean().default(true).describe("Unicode NFC normalization"),
    control: z.boolean().default(true).describe("remove control characters (not \\n or \\t)"),
    zero_width: z.boolean().default(true).describe("remove zero-width characters and stray BOMs"),
    whitespace: z.boolean().default(true).describe("collapse runs of spaces, trim lines and turns, at most one blank line"),
    html: z.boolean().default(true).describe("decode HTML entities and strip HTML tags"),
    mojibake: z.enum(["fix", "reject", "off"]).default("fix").describe("UTF-8 read as Latin-1 (\"Ã©\" for \"é\"): repair it, reject the record, or leave it"),
    empty_turns: z.enum(["drop", "reject"]).default("reject").describe("a turn with no text left: drop the turn or reject the record"),
    role_order: z.enum(["merge", "reject"]).default("reject").describe("two user or two assistant turns in a row: merge them or reject the record"),
  })
  .strict();

export const LengthOptions = z
  .object({
    max_tokens: z.number().int().positive().nullable().default(null).describe("token limit per record (null: training.max_seq_len)"),
    policy: z
      .enum(["drop", "truncate", "chunk"])
      .default("truncate")
      .describe("over the limit: drop the record; truncate (oldest turns first, never the answer; text is cut); or chunk text into overlapping windows"),
    chunk_overlap: z.number().int().nonnegative().default(64).describe("tokens shared by consecutive chunks (policy chunk)"),
  })
  .strict();

export const DedupOptions = z
  .object({
    exact: z.boolean().default(true).describe("merge records whose normalized text is identical"),
    near: z.boolean().default(true).describe("merge near-duplicates (MinHash LSH)"),
    threshold: z.number().gt(0).max(1).default(0.9).describe("Jaccard similarity of word 3-gram sets above which two records are near-duplicates"),
    num_perm: z.number().int().min(16).max(512).default(128).describe("MinHash permutations"),
    across_splits: z
      .enum(["drop", "report"])
      .default("drop")
      .describe("a held-out record that (near-)duplicates a training record: drop it from the held-out split, or only report it"),
  })
  .strict();

export const AugmentOptions = z
  .object({
    enabled: z.boolean().default(false),
    copies: z.number().int().positive().default(1).describe("augmented variants made per training record"),
    synonym: z.number().min(0).max(1).default(0.1).describe("EDA: fraction of words replaced by a synonym"),
    insert: z.number().min(0).max(1).default(0).describe("EDA: fraction of words for which a synonym is inserted at a random place"),
    delete: z.number().min(0).max(1).default(0).describe("EDA: probability that each word is deleted"),
    swap: z.number().min(0).max(1).default(0).describe("EDA: fraction of words swapped with another"),
    roles: z.array(z.enum(["user", "assistant", "system"])).default(["user"]).describe("which turns are augmented (text records: all)"),
    protect: z.array(z.string().min(1)).default([]).describe("extra terms never changed (persona names and the lore glossary are always protected)"),
    backtranslate: z
      .object({
        backend: z.enum(["none", "hf", "openai"]).default("none"),
        model: z.string().nullable().default(null).describe("hf: folder of a translation model (source→pivot); openai: model name"),
        model_back: z.string().nullable().default(null).describe("hf: folder of the pivot→source model"),
        url: z.string().nullable().default(null).describe("openai: base URL of an OpenAI-compatible endpoint (…/v1)"),
        pivot: z.string().default("en"),
        source: z.string().default("es"),
      })
      .strict()
      .prefault({}),
    seed: z.number().int().nonnegative().default(13),
  })
  .strict();

export const ReportThresholds = z
  .object({
    max_rejected_rate: z.number().min(0).max(1).default(0.05),
    max_duplicate_rate: z.number().min(0).max(1).default(0.1),
    max_truncated_rate: z.number().min(0).max(1).default(0.05),
    max_pii_hits: z.number().int().nonnegative().default(0),
    max_toxic_hits: z.number().int().nonnegative().default(0),
    max_gender_ratio: z.number().min(1).default(4).describe("warn when one gender's terms outnumber the other's by more than this, per persona/role"),
    min_examples_per_persona: z.number().int().nonnegative().default(20),
    max_leaked: z.number().int().nonnegative().default(0).describe("near-duplicates across splits"),
    expected_languages: z.array(z.string()).default([]).describe("ISO 639-3 codes (spa, eng…); others are reported"),
  })
  .strict();

export const DataOptions = z
  .object({
    format: z
      .enum(DATA_FORMATS)
      .default("auto")
      .describe(
        "auto: detected from the first records; chat: {messages} (OpenAI); sharegpt: {conversations: [{from, value}]}; alpaca: {instruction, input?, output}; text: {text} or .txt/.md files; npc-conversations: {id, persona, turns} + persona cards; director-decisions: {id, scenario, state, decision}; book-records: {id, book_id, title, style, …, text}",
      ),
    input: z.enum(INPUT_TYPES).default("auto").describe("file type; auto: from the extension"),
    path: z
      .string()
      .min(1)
      .describe(
        "a file (JSONL, JSON, CSV, Parquet, TXT/MD; split here by group_by), a folder of text files, or a folder already split into train/validation/test files; relative to the recipe's folder",
      ),
    columns: z
      .record(z.string(), z.string().min(1))
      .default({})
      .describe("column mapping, canonical → yours: e.g. {instruction: prompt, output: completion, messages: dialog, text: body, id: uid}"),
    personas: z.string().min(1).default("../world/personas").describe("persona cards folder (npc-conversations)"),
    canon: z.string().min(1).default("../world/canon").describe("canon folder: its names and glossary terms are protected from augmentation"),
    validation: z.number().min(0).max(0.5).default(0.1).describe("fraction of groups held out for validation"),
    test: z.number().min(0).max(0.5).default(0.1).describe("fraction of groups held out for the final test"),
    npc_prompt: z
      .enum(["compact", "full"])
      .default("compact")
      .describe("npc-conversations: system prompt from the card — compact (who/where/language) or full (the whole card)"),
    group_by: z.string().min(1).default("id").describe("record field whose value keeps a group in one split"),
    stratify_by: z.string().min(1).nullable().default(null).describe("record field or tag (persona, style, beat…) whose values are spread evenly over the splits"),
    max_examples: z.number().int().positive().nullable().default(null),
    clean: CleanOptions.prefault({}),
    length: LengthOptions.prefault({}),
    dedup: DedupOptions.prefault({}),
    augment: AugmentOptions.prefault({}),
    report: ReportThresholds.prefault({}),
  })
  .strict();

export const TrainingOptions = z
  .object({
    epochs: z.number().positive().default(1).describe("used when max_steps is null"),
    max_steps: z.number().int().positive().nullable().default(null),
    batch_size: z.number().int().positive().default(8).describe("examples per micro-batch (with packing: rows of max_seq_len tokens)"),
    auto_batch_size: z
      .boolean()
      .default(false)
      .describe("find the largest micro-batch ≤ batch_size that fits in memory (halving on out-of-memory), raising grad_accum to keep the effective batch"),
    group_by_length: z
      .boolean()
      .default(true)
      .describe("batch examples of similar length together (less padding); order stays random per batch"),
    packing: z
      .boolean()
      .default(false)
      .describe("pack several examples into each row of max_seq_len tokens; position ids restart per example and attention stays inside it"),
    grad_accum: z.number().int().positive().default(1).describe("micro-batches per optimizer step"),
    lr: z.number().positive().default(2e-4),
    warmup_ratio: z.number().min(0).max(1).default(0.05),
    schedule: ScheduleOptions.prefault({}),
    optimizer: OptimizerOptions.default({ kind: "adamw", betas: [0.9, 0.999], eps: 1e-8 }),
    weight_decay: z.number().nonnegative().default(0).describe("decoupled weight decay (not on biases and norms)"),
    max_grad_norm: z.number().positive().default(1),
    max_seq_len: z.number().int().positive().default(512),
    gradient_checkpointing: z.boolean().default(false).describe("recompute activations in the backward pass: less memory, ~30% more compute"),
    compile: z
      .boolean()
      .default(false)
      .describe("torch.compile each decoder layer: ~15% more tokens/s on CPU after ~70 s of compiling in the first step (worth it from ~50 steps; a C++ compiler on CPU)"),
    neftune_alpha: z.number().positive().nullable().default(null).describe("NEFTune: uniform noise on input embeddings while training (5 is the paper's common choice)"),
    eval_every: z.number().int().nonnegative().default(0).describe("steps between eval-loss passes (0: only at the end)"),
    early_stopping: z
      .object({
        metric: z.literal("eval_loss").default("eval_loss"),
        patience: z.number().int().positive().default(3).describe("evaluations without improvement before stopping"),
        min_delta: z.number().nonnegative().default(0).describe("smallest decrease that counts as an improvement"),
      })
      .strict()
      .nullable()
      .default(null)
      .describe("stop when the validation loss stops improving (needs eval_every > 0)"),
    load_best_at_end: z.boolean().default(false).describe("save the weights of the best evaluation, not the last step (needs eval_every > 0)"),
    checkpoint_every: z.number().int().nonnegative().default(25).describe("steps between checkpoints (0: none)"),
    keep_checkpoints: z.number().int().positive().default(2),
    log_every: z.number().int().positive().default(1),
  })
  .strict();

export const RuntimeOptions = z
  .object({
    precision: z.enum(["auto", "bf16", "fp16", "fp32"]).default("auto").describe("auto: bf16 autocast where the CPU/GPU has it; fp16 (loss scaling) on CUDA only"),
    threads: z.union([z.literal("auto"), z.number().int().positive()]).default("auto"),
    seed: z.number().int().nonnegative().default(42),
  })
  .strict();

/** The generative evaluation: held-out prompts answered by the base model (zero-shot and few-shot) and the tuned one. */
export const GenerateEvalOptions = z
  .object({
    enabled: z.boolean().default(true).describe("`scriptorium run` ends with the role's generative suite (eval/report.html)"),
    max_examples: z
      .number()
      .int()
      .positive()
      .default(150)
      .describe("held-out prompts answered by each system (NPC: replies, every turn of a conversation counts); `--quick` uses 48"),
    samples: z.number().int().positive().default(1).describe("texts each system writes per prompt (use sampling decoding with more than 1); `--quick` uses 1"),
    max_new_tokens: z.number().int().positive().nullable().default(null).describe("null: the role's default (NPC 64, Director 160, Book 256)"),
    batch_size: z.number().int().positive().default(8),
    few_shot: z.number().int().nonnegative().default(3).describe("training examples put in the prompt of the prompt-engineering baseline (0: no few-shot baseline)"),
    max_prompt_len: z.number().int().positive().default(2048).describe("longer prompts lose their oldest turns (never the system prompt nor the last turn)"),
    sampling: z
      .discriminatedUnion("kind", [
        z.object({ kind: z.literal("greedy") }).strict(),
        z
          .object({
            kind: z.literal("sample"),
            temperature: z.number().positive().default(0.7),
            top_p: z.number().gt(0).max(1).default(0.9),
            top_k: z.number().int().nonnegative().default(0),
          })
          .strict(),
      ])
      .default({ kind: "greedy" }),
  })
  .strict();

export const JudgeOptions = z
  .object({
    enabled: z.boolean().default(false).describe("score every generated reply with an LLM judge (judge_score); off by default: it calls an outside model"),
    base_url: z
      .string()
      .url()
      .nullable()
      .default(null)
      .describe("an OpenAI-compatible API (https://api.openai.com/v1, http://127.0.0.1:8080/v1 for `scriptorium serve`, vLLM, Ollama…); null: $OPENAI_BASE_URL"),
    model: z.string().min(1).nullable().default(null).describe("the judge model's name at that endpoint (required when enabled)"),
    api_key_env: z.string().min(1).default("OPENAI_API_KEY").describe("environment variable holding the API key (none is sent when it is unset)"),
    rubric: z.string().min(1).nullable().default(null).describe("what a 5 and a 1 look like; null: the role's rubric (src/eval/judge.ts)"),
    max_examples: z.number().int().positive().nullable().default(null).describe("judge only the first N prompts of each system (null: all)"),
    concurrency: z.number().int().positive().default(4),
    timeout_s: z.number().positive().default(60),
  })
  .strict();

/**
 * A release gate on one metric of the suite (or every metric: "*").
 * - `min` / `max`: bounds on the tuned model's value (rates are in [0, 1]: 0.9 = 90%);
 * - `max_drop`: the most the metric may get worse than `against` (in the metric's units: 0.02 = 2 points of a rate);
 *   `against: reference` is the report given with `--against` (the promoted version once a registry has one),
 *   `base` / `few_shot` are the baselines of the same evaluation;
 * - `must_beat`: the tuned model must be significantly better than that baseline (bootstrap interval).
 */
export const Gate = z
  .object({
    metric: z.string().min(1).describe("a metric name of the suite, or * for all of them"),
    min: z.number().optional(),
    max: z.number().optional(),
    max_drop: z.number().nonnegative().optional(),
    against: z.enum(["reference", "base", "few_shot"]).default("reference"),
    must_beat: z.enum(["base", "few_shot"]).optional(),
  })
  .strict()
  .refine((g) => g.min !== undefined || g.max !== undefined || g.max_drop !== undefined || g.must_beat !== undefined, {
    message: "a gate needs min, max, max_drop or must_beat",
  });
export type Gate = z.infer<typeof Gate>;

export const EvalOptions = z
  .object({
    batch_size: z.number().int().positive().default(8),
    group_by_length: z
      .boolean()
      .default(true)
      .describe("batch examples of similar length together (less padding); order stays random per batch"),
    max_examples: z.number().int().positive().nullable().default(null).describe("cap on held-out examples scored"),
    generate: GenerateEvalOptions.prefault({}),
    judge: JudgeOptions.prefault({}),
    samples: z
      .object({
        count: z
          .number()
          .int()
          .nonnegative()
          .default(4)
          .describe("held-out validation prompts the model answers at every evaluation while training (0: off); role recipes only"),
        max_new_tokens: z.number().int().positive().default(48),
      })
      .strict()
      .prefault({})
      .describe("a small generative eval during training: replies go to the trackers as text, their role scores as samples/<metric>"),
    bootstrap: z
      .object({
        resamples: z.number().int().min(100).default(1000),
        confidence: z.number().gt(0.5).lt(1).default(0.95),
      })
      .strict()
      .prefault({})
      .describe("bootstrap confidence intervals over the held-out prompts"),
    gates: z.array(Gate).default([]).describe("release gates: `scriptorium eval --gate` exits 1 when one fails"),
  })
  .strict();

export const TrackingOptions = z
  .object({
    tensorboard: z.boolean().default(true).describe("write TensorBoard event files to runs/<id>/tensorboard (see `scriptorium tensorboard`)"),
    mlflow: z
      .object({
        tracking_uri: z
          .string()
          .min(1)
          .nullable()
          .default(null)
          .describe("an MLflow server (http://host:port); null: $MLFLOW_TRACKING_URI when set, else MLflow is off"),
        experiment: z.string().min(1).nullable().default(null).describe("experiment name; null: the recipe's name"),
      })
      .strict()
      .prefault({}),
  })
  .strict();

export const Recipe = z
  .object({
    name: z
      .string()
      .regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes")
      .describe("names runs and registry entries"),
    description: z.string().default(""),
    role: z.enum(["npc", "director", "book", "generic"]).default("generic"),
    base_model: z
      .string()
      .min(1)
      .default("smollm2-135m-instruct")
      .describe("a builtin name, a local Hugging Face folder, or a hub id (org/name)"),
    revision: z.string().nullable().default(null).describe("hub revision (hub ids only)"),
    trust_remote_code: z.boolean().default(false),
    data: DataOptions,
    method: MethodOptions.default({ kind: "lora", r: 16, alpha: 32, dropout: 0, target_modules: ["q_proj", "k_proj", "v_proj", "o_proj"], rslora: false, dora: false }),
    training: TrainingOptions.prefault({}),
    runtime: RuntimeOptions.prefault({}),
    eval: EvalOptions.prefault({}),
    tracking: TrackingOptions.prefault({}),
  })
  .strict()
  .superRefine((r, ctx) => {
    const t = r.training;
    const needsEval = (field: string) =>
      ctx.addIssue({ code: "custom", path: ["training", field], message: `${field} needs training.eval_every > 0 (it acts on evaluations)` });
    if (t.early_stopping && t.eval_every === 0) needsEval("early_stopping");
    if (t.load_best_at_end && t.eval_every === 0) needsEval("load_best_at_end");
    if (t.packing && (r.method.kind === "prefix" || r.method.kind === "prompt")) {
      ctx.addIssue({
        code: "custom",
        path: ["training", "packing"],
        message: `packing cannot be used with method ${r.method.kind}: its virtual tokens would be shared by every example of a packed row; set packing: false`,
      });
    }
  });

export type RecipeInput = z.input<typeof Recipe>;
export type Recipe = z.output<typeof Recipe>;
