import { z } from "zod";

/**
 * Engine protocol v1: the job file TypeScript writes and the Python engine
 * validates (as JSON Schema) before doing anything. Every field is explicit:
 * the engine has no defaults of its own.
 */
export const PROTOCOL_VERSION = 1 as const;

/**
 * "auto" lets the engine pick bf16 where the device supports it; the choice comes back in the `model` event.
 * fp16 (with dynamic loss scaling) is for CUDA GPUs only: the engine refuses it on a CPU.
 */
export const Precision = z.enum(["auto", "bf16", "fp16", "fp32"]);
export type Precision = z.infer<typeof Precision>;

/** A model the engine can load: a local Hugging Face folder or a hub id. */
export const ModelRef = z.object({
  source: z.enum(["local", "hub"]),
  id: z.string().min(1).describe("absolute folder path (local) or hub repo id (hub)"),
  revision: z.string().nullable(),
  trust_remote_code: z.boolean(),
});
export type ModelRef = z.infer<typeof ModelRef>;

const TargetModules = z.union([z.literal("all-linear"), z.array(z.string().min(1)).min(1)]);

export const FullMethod = z.object({
  kind: z.literal("full"),
  train_embeddings: z.boolean(),
});

const loraFields = {
  r: z.number().int().positive(),
  alpha: z.number().positive(),
  dropout: z.number().min(0).max(1),
  target_modules: TargetModules,
  rslora: z.boolean(),
  dora: z.boolean(),
};

export const LoraMethod = z.object({ kind: z.literal("lora"), ...loraFields });
export type LoraMethod = z.infer<typeof LoraMethod>;

export const QloraMethod = z.object({
  kind: z.literal("qlora"),
  ...loraFields,
  quant_type: z.enum(["nf4", "fp4"]),
  double_quant: z.boolean(),
});

export const AdapterMethod = z.object({
  kind: z.literal("adapter"),
  style: z.enum(["houlsby", "pfeiffer"]),
  reduction_factor: z.number().int().positive(),
  non_linearity: z.enum(["relu", "gelu", "silu"]),
});

export const PrefixMethod = z.object({
  kind: z.literal("prefix"),
  num_virtual_tokens: z.number().int().positive(),
  projection: z.boolean(),
});

export const PromptMethod = z.object({
  kind: z.literal("prompt"),
  num_virtual_tokens: z.number().int().positive(),
  init_text: z.string().min(1).nullable(),
});

export const Method = z.discriminatedUnion("kind", [FullMethod, LoraMethod, QloraMethod, AdapterMethod, PrefixMethod, PromptMethod]);
export type Method = z.infer<typeof Method>;
export type MethodKind = Method["kind"];

const Betas = z.tuple([z.number(), z.number()]);
export const Optimizer = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("adamw"), betas: Betas, eps: z.number().positive() }),
  z.object({ kind: z.literal("adamw_8bit"), betas: Betas, eps: z.number().positive() }),
  z.object({
    kind: z.literal("adafactor"),
    eps: z.number().positive(),
    clip_threshold: z.number().positive(),
    decay_rate: z.number(),
  }),
  z.object({ kind: z.literal("sgd"), momentum: z.number().min(0).max(1), nesterov: z.boolean() }),
]);
export type Optimizer = z.infer<typeof Optimizer>;

export const Schedule = z.object({
  kind: z.enum(["constant", "linear", "cosine", "cosine_restarts", "polynomial"]),
  min_lr_ratio: z.number().min(0).max(1),
  cycles: z.number().int().positive(),
  power: z.number().positive(),
});
export type Schedule = z.infer<typeof Schedule>;

export const EarlyStopping = z.object({
  metric: z.literal("eval_loss"),
  patience: z.number().int().positive(),
  min_delta: z.number().nonnegative(),
});

export const TrainingSettings = z.object({
  max_steps: z.number().int().positive(),
  batch_size: z.number().int().positive(),
  auto_batch_size: z.boolean().describe("find the largest micro-batch ≤ batch_size that fits, keeping batch_size × grad_accum"),
  group_by_length: z.boolean(),
  packing: z.boolean().describe("pack examples into rows of max_seq_len tokens (batch_size counts rows)"),
  grad_accum: z.number().int().positive(),
  lr: z.number().positive(),
  warmup_steps: z.number().int().nonnegative(),
  schedule: Schedule,
  optimizer: Optimizer,
  weight_decay: z.number().nonnegative(),
  max_grad_norm: z.number().positive(),
  max_seq_len: z.number().int().positive(),
  gradient_checkpointing: z.boolean(),
  compile: z.boolean().describe("torch.compile each decoder layer (TorchInductor; a C++ compiler on CPU)"),
  neftune_alpha: z.number().positive().nullable(),
  eval_every: z.number().int().nonnegative(),
  early_stopping: EarlyStopping.nullable(),
  load_best_at_end: z.boolean(),
  checkpoint_every: z.number().int().nonnegative(),
  keep_checkpoints: z.number().int().positive(),
  log_every: z.number().int().positive(),
});
export type TrainingSettings = z.infer<typeof TrainingSettings>;

export const Runtime = z.object({
  precision: Precision,
  threads: z.number().int().positive(),
  seed: z.number().int().nonnegative(),
});
export type Runtime = z.infer<typeof Runtime>;

export const TrainJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("train"),
  run_dir: z.string().min(1),
  model: ModelRef,
  data: z.object({ train: z.string().min(1), validation: z.string().min(1).nullable() }),
  method: Method,
  training: TrainingSettings,
  runtime: Runtime,
  resume: z.boolean(),
  samples: z
    .object({
      prompts: z.string().min(1).describe("JSONL of {id, messages}: held-out conversations ending before the reply"),
      max_new_tokens: z.number().int().positive(),
      max_prompt_len: z.number().int().positive(),
    })
    .nullable()
    .optional()
    .describe("a small generative eval: at every evaluation the model answers these prompts (greedy) and a `samples` event carries the replies"),
});
export type TrainJob = z.infer<typeof TrainJob>;

export const PerplexityJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("perplexity"),
  model: ModelRef,
  adapter: z.string().min(1).nullable().describe("a trained artifact folder (runs/<id>/adapter) to load on the base model"),
  method_kind: z.enum(["full", "lora", "qlora", "adapter", "prefix", "prompt"]).describe("the method that made `adapter` (ignored when it is null)"),
  data: z.string().min(1),
  label: z.string().min(1),
  batch_size: z.number().int().positive(),
  max_seq_len: z.number().int().positive(),
  runtime: Runtime,
});
export type PerplexityJob = z.infer<typeof PerplexityJob>;

export const PrepareModelJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("prepare-model"),
  name: z.string().min(1),
  gguf: z.object({ python_package: z.string().min(1), file: z.string().min(1) }),
  out_dir: z.string().min(1),
  manifest: z.record(z.string(), z.unknown()),
});
export type PrepareModelJob = z.infer<typeof PrepareModelJob>;

export const TinyModelJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("tiny-model"),
  tokenizer_from: z.string().min(1),
  out_dir: z.string().min(1),
  seed: z.number().int().nonnegative(),
});
export type TinyModelJob = z.infer<typeof TinyModelJob>;

/** How `generate` picks tokens: greedy (argmax), or seeded sampling. */
export const Sampling = z.discriminatedUnion("kind", [
  z.object({ kind: z.literal("greedy") }),
  z.object({
    kind: z.literal("sample"),
    temperature: z.number().positive(),
    top_p: z.number().gt(0).max(1),
    top_k: z.number().int().nonnegative().describe("0 = no top-k cut"),
  }),
]);
export type Sampling = z.infer<typeof Sampling>;

/**
 * Batched generation for evaluation. `prompts` is JSONL of {"id", "messages"}: a conversation that
 * ends before the reply (the engine adds the chat template's generation prompt). `output` gets
 * JSONL of {"id", "text", "new_tokens", "prompt_tokens", "finish": "eos"|"length"}, in the order
 * of `prompts`. Prompts longer than `max_prompt_len` tokens keep their last tokens (and are counted).
 */
export const GenerateJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("generate"),
  model: ModelRef,
  adapter: z.string().min(1).nullable().describe("a trained artifact folder (runs/<id>/adapter) to load on the base model"),
  method_kind: z.enum(["full", "lora", "qlora", "adapter", "prefix", "prompt"]).describe("the method that made `adapter` (ignored when it is null)"),
  prompts: z.string().min(1),
  output: z.string().min(1),
  label: z.string().min(1),
  batch_size: z.number().int().positive(),
  max_new_tokens: z.number().int().positive(),
  max_prompt_len: z.number().int().positive(),
  sampling: Sampling,
  seed: z.number().int().nonnegative(),
  return_ids: z.boolean().optional().describe("also write each row's prompt_ids and token_ids (parity checks against other runtimes)"),
  runtime: Runtime,
});
export type GenerateJob = z.infer<typeof GenerateJob>;

/**
 * Batched greedy translation with a local seq2seq model (data augmentation's back-translation).
 * `input` is JSONL of {"text"}; `output` gets the translations as JSONL of {"text"}, same order.
 */
export const TranslateJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("translate"),
  model: ModelRef,
  input: z.string().min(1),
  output: z.string().min(1),
  batch_size: z.number().int().positive(),
  max_input_tokens: z.number().int().positive().describe("longer sources are cut (and counted) before translation"),
  max_new_tokens: z.number().int().positive(),
  source_lang: z.string().min(1).nullable().describe("tokenizer language code for multilingual models (NLLB: spa_Latn); null for pair models"),
  target_lang: z.string().min(1).nullable().describe("forced first target token for multilingual models; null for pair models"),
  runtime: Runtime,
});
export type TranslateJob = z.infer<typeof TranslateJob>;

/**
 * Sentence embeddings with a local encoder (mean-pooled, unit length), for the evaluation's
 * responsiveness measure. `input` is JSONL of {"text"}; `output` gets JSONL of {"v": number[]}, same order.
 */
export const EmbedJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("embed"),
  model: ModelRef,
  input: z.string().min(1),
  output: z.string().min(1),
  batch_size: z.number().int().positive(),
  max_tokens: z.number().int().positive().describe("longer texts are cut (and counted) before embedding"),
  runtime: Runtime,
});
export type EmbedJob = z.infer<typeof EmbedJob>;

/** A tiny random MarianMT with a real tokenizer, for tests of the translate command. */
export const TinyTranslatorJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("tiny-translator"),
  tokenizer_from: z.string().min(1),
  out_dir: z.string().min(1),
  seed: z.number().int().nonnegative(),
});
export type TinyTranslatorJob = z.infer<typeof TinyTranslatorJob>;

/** Token counts of chat JSONL files with a model's tokenizer and chat template (for `world stats`). */
export const CountTokensJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("count-tokens"),
  model: ModelRef,
  files: z.array(z.string().min(1)).min(1),
});
export type CountTokensJob = z.infer<typeof CountTokensJob>;

/**
 * Plain Hugging Face folders for export: the base model (when it is not a local folder already) and
 * base + trained artifact merged into one model (where the method allows a merge). The GGUF files are
 * made from these folders by llama.cpp's own converters, run by the TypeScript side.
 */
export const ExportJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("export"),
  model: ModelRef,
  adapter: z.string().min(1).nullable().describe("a trained artifact folder (runs/<id>/adapter); null exports the base model alone"),
  method_kind: z.enum(["full", "lora", "qlora", "adapter", "prefix", "prompt"]).describe("the method that made `adapter` (ignored when it is null)"),
  base_hf_out: z.string().min(1).nullable().describe("write the base model as a plain safetensors folder here; null: not wanted"),
  merged_hf_out: z.string().min(1).nullable().describe("write base + artifact merged into one safetensors folder here; null: not wanted"),
});
export type ExportJob = z.infer<typeof ExportJob>;

export const EnvJob = z.object({
  protocol: z.literal(PROTOCOL_VERSION),
  command: z.literal("env"),
});
export type EnvJob = z.infer<typeof EnvJob>;

export const Job = z.discriminatedUnion("command", [
  TrainJob,
  PerplexityJob,
  GenerateJob,
  PrepareModelJob,
  TinyModelJob,
  CountTokensJob,
  TranslateJob,
  TinyTranslatorJob,
  EmbedJob,
  ExportJob,
  EnvJob,
]);
export type Job = z.infer<typeof Job>;
export type JobCommand = Job["command"];
