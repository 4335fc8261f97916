import { z } from "zod";

/**
 * Engine protocol v1 events: one JSON object per line on the engine's stdout.
 * Unknown extra fields are tolerated so a newer engine can add information.
 */
const base = { time: z.number() };

export const HelloEvent = z.looseObject({
  event: z.literal("hello"),
  ...base,
  protocol: z.number().int(),
  engine_version: z.string(),
  python: z.string(),
  torch: z.string(),
  transformers: z.string(),
  peft: z.string(),
  device: z.string(),
  bf16_supported: z.boolean(),
  threads: z.number().int(),
});

export const ModelEvent = z.looseObject({
  event: z.literal("model"),
  ...base,
  name: z.string(),
  params_total: z.number().int(),
  params_trainable: z.number().int(),
  precision: z.string(),
  /** Decoder layers compiled by torch.compile (training.compile); absent from older engines. */
  compiled_layers: z.number().int().optional(),
});

export const StepEvent = z.looseObject({
  event: z.literal("step"),
  ...base,
  step: z.number().int(),
  total_steps: z.number().int(),
  epoch: z.number(),
  loss: z.number(),
  lr: z.number(),
  grad_norm: z.number(),
  tokens: z.number().int().describe("loss tokens in this optimizer step"),
  tokens_per_s: z.number().describe("all (input) tokens per second over this step"),
  input_tokens: z.number().int().optional().describe("non-pad input tokens of this optimizer step"),
  step_s: z.number().optional().describe("wall time of this optimizer step"),
  elapsed_s: z.number(),
});

export const EvalEvent = z.looseObject({
  event: z.literal("eval"),
  ...base,
  step: z.number().int(),
  loss: z.number(),
  perplexity: z.number(),
  tokens: z.number().int(),
});

export const SamplesEvent = z.looseObject({
  event: z.literal("samples"),
  ...base,
  step: z.number().int(),
  outputs: z.array(z.object({ id: z.string().nullable(), text: z.string(), new_tokens: z.number().int() })),
  seconds: z.number(),
});

export const CheckpointEvent = z.looseObject({
  event: z.literal("checkpoint"),
  ...base,
  step: z.number().int(),
  path: z.string(),
  reason: z.enum(["interval", "cancel", "final"]),
});

export const ProgressEvent = z.looseObject({
  event: z.literal("progress"),
  ...base,
  stage: z.string(),
  done: z.number(),
  total: z.number(),
});

export const WarningEvent = z.looseObject({ event: z.literal("warning"), ...base, message: z.string() });

export const ErrorEvent = z.looseObject({
  event: z.literal("error"),
  ...base,
  kind: z.enum(["bad_job", "cancelled", "crash"]),
  message: z.string(),
  traceback: z.string().nullable(),
});

export const DoneEvent = z.looseObject({
  event: z.literal("done"),
  ...base,
  result: z.record(z.string(), z.unknown()),
});

export const EngineEvent = z.discriminatedUnion("event", [
  HelloEvent,
  ModelEvent,
  StepEvent,
  EvalEvent,
  SamplesEvent,
  CheckpointEvent,
  ProgressEvent,
  WarningEvent,
  ErrorEvent,
  DoneEvent,
]);
export type EngineEvent = z.infer<typeof EngineEvent>;
export type StepEvent = z.infer<typeof StepEvent>;
export type EvalEvent = z.infer<typeof EvalEvent>;
export type SamplesEvent = z.infer<typeof SamplesEvent>;
export type DoneEvent = z.infer<typeof DoneEvent>;
export type HelloEvent = z.infer<typeof HelloEvent>;

/** Engine exit codes (protocol v1). */
export const EXIT = { ok: 0, crash: 1, badJob: 2, cancelled: 3 } as const;
