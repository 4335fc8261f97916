import type { MethodKind, ModelRef, Runtime, Sampling } from "../spec/index.js";
import { runEngine } from "../engine/client.js";
import type { Reporter } from "../track/progress.js";

export interface Generation {
  id: string;
  text: string;
  new_tokens: number;
  prompt_tokens: number;
  finish: "eos" | "length";
}

export interface GenerateSummary {
  label: string;
  prompts: number;
  new_tokens: number;
  seconds: number;
  tokens_per_s: number | null;
  hit_length_limit: number;
  truncated_prompts: number;
}

/** Batched generation by the engine: `prompts` JSONL of {id, messages} → `output` JSONL of generations. */
export async function generate(opts: {
  label: string;
  model: ModelRef;
  adapter: string | null;
  methodKind: MethodKind;
  prompts: string;
  output: string;
  batchSize: number;
  maxNewTokens: number;
  maxPromptLen: number;
  sampling: Sampling;
  seed: number;
  runtime: Runtime;
  jobPath: string;
  reporter?: Reporter;
  onEvent?: (e: unknown) => void;
  verbose?: boolean;
}): Promise<GenerateSummary> {
  const r = await runEngine(
    {
      protocol: 1,
      command: "generate",
      model: opts.model,
      adapter: opts.adapter,
      method_kind: opts.methodKind,
      prompts: opts.prompts,
      output: opts.output,
      label: opts.label,
      batch_size: opts.batchSize,
      max_new_tokens: opts.maxNewTokens,
      max_prompt_len: opts.maxPromptLen,
      sampling: opts.sampling,
      seed: opts.seed,
      runtime: opts.runtime,
    },
    {
      jobPath: opts.jobPath,
      verbose: opts.verbose,
      onEvent: (e) => {
        opts.onEvent?.(e);
        if (e.event === "progress" || e.event === "warning") opts.reporter?.onEvent(e);
      },
    },
  );
  return r as unknown as GenerateSummary;
}
