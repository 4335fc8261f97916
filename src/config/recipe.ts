import { z } from "zod";

/**
 * The recipe users write (YAML). Every default lives here, in the schema,
 * and `scriptorium schema` prints it as JSON Schema for editors.
 * Objects are strict: an unknown key is an error with a "did you mean" hint.
 */
const LoraOptions = z
  .object({
    kind: z.literal("lora"),
    r: z.number().int().positive().default(16).describe("rank of the low-rank update"),
    alpha: z.number().positive().default(32).describe("scaling numerator: the update is scaled by alpha / r"),
    dropout: z.number().min(0).max(1).default(0).describe("LoRA dropout; 0 by default: on CPU its random masks cost ~25% of a step"),
    target_modules: z
      .union([z.literal("all-linear"), z.array(z.string().min(1)).min(1)])
      .default(["q_proj", "k_proj", "v_proj", "o_proj"])
      .describe('module names to adapt, or "all-linear"'),
  })
  .strict();

export const MethodOptions = z.discriminatedUnion("kind", [LoraOptions]);

export const DataOptions = z
  .object({
    format: z
      .enum(["chat", "npc-conversations", "director-decisions", "book-records"])
      .default("chat")
      .describe(
        "chat: JSONL {id, messages}; npc-conversations: {id, persona, turns} + persona cards; director-decisions: {id, scenario, state, decision}; book-records: {id, book_id, title, style, hexagon, …, text}",
      ),
    path: z
      .string()
      .min(1)
      .describe("a JSONL file (split here by group_by) or a folder already split into train/validation/test.jsonl; relative to the recipe's folder"),
    personas: z.string().min(1).default("../world/personas").describe("persona cards folder (npc-conversations)"),
    validation: z.number().min(0).max(0.5).default(0.1).describe("fraction of groups held out for validation"),
    test: z.number().min(0).max(0.5).default(0.1).describe("fraction of groups held out for the final test"),
    npc_prompt: z
      .enum(["compact", "full"])
      .default("compact")
      .describe("npc-conversations: system prompt from the card — compact (who/where/language) or full (the whole card)"),
    group_by: z.string().min(1).default("id").describe("record field whose value keeps a group in one split"),
    max_examples: z.number().int().positive().nullable().default(null),
  })
  .strict();

export const TrainingOptions = z
  .object({
    epochs: z.number().positive().default(1).describe("used when max_steps is null"),
    max_steps: z.number().int().positive().nullable().default(null),
    batch_size: z.number().int().positive().default(8),
    group_by_length: z
      .boolean()
      .default(true)
      .describe("batch examples of similar length together (less padding); order stays random per batch"),
    grad_accum: z.number().int().positive().default(1).describe("micro-batches per optimizer step"),
    lr: z.number().positive().default(2e-4),
    warmup_ratio: z.number().min(0).max(1).default(0.05),
    schedule: z.enum(["cosine"]).default("cosine"),
    min_lr_ratio: z.number().min(0).max(1).default(0.1),
    weight_decay: z.number().nonnegative().default(0),
    adam_betas: z.tuple([z.number().min(0).max(1), z.number().min(0).max(1)]).default([0.9, 0.999]),
    max_grad_norm: z.number().positive().default(1),
    max_seq_len: z.number().int().positive().default(512),
    eval_every: z.number().int().nonnegative().default(0).describe("steps between eval-loss passes (0: only at the end)"),
    checkpoint_every: z.number().int().nonnegative().default(25).describe("steps between checkpoints (0: none)"),
    keep_checkpoints: z.number().int().positive().default(2),
    log_every: z.number().int().positive().default(1),
  })
  .strict();

export const RuntimeOptions = z
  .object({
    precision: z.enum(["auto", "bf16", "fp32"]).default("auto").describe("auto: bf16 autocast where the CPU/GPU has it"),
    threads: z.union([z.literal("auto"), z.number().int().positive()]).default("auto"),
    seed: z.number().int().nonnegative().default(42),
  })
  .strict();

export const EvalOptions = z
  .object({
    batch_size: z.number().int().positive().default(8),
    group_by_length: z
      .boolean()
      .default(true)
      .describe("batch examples of similar length together (less padding); order stays random per batch"),
    max_examples: z.number().int().positive().nullable().default(null).describe("cap on held-out examples scored"),
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
    method: MethodOptions.default({ kind: "lora", r: 16, alpha: 32, dropout: 0, target_modules: ["q_proj", "k_proj", "v_proj", "o_proj"] }),
    training: TrainingOptions.prefault({}),
    runtime: RuntimeOptions.prefault({}),
    eval: EvalOptions.prefault({}),
  })
  .strict();

export type RecipeInput = z.input<typeof Recipe>;
export type Recipe = z.output<typeof Recipe>;
