import type { MethodKind, ModelRef, Runtime } from "../spec/index.js";
import { runEngine } from "../engine/client.js";
import type { Reporter } from "../track/progress.js";

export interface PerplexityResult {
  label: string;
  loss: number;
  perplexity: number;
  tokens: number;
  examples: number;
  /** Per held-out example: summed target cross-entropy and target count (for bootstrap and per-group perplexity). */
  per_example: { id: string; loss_sum: number; tokens: number }[];
}

/** Held-out perplexity over assistant tokens (token-weighted), computed by the engine. */
export async function perplexity(opts: {
  label: string;
  model: ModelRef;
  adapter: string | null;
  /** The method that made `adapter`: it decides how the artifact is put on the base model. */
  methodKind: MethodKind;
  data: string;
  batchSize: number;
  maxSeqLen: number;
  runtime: Runtime;
  jobPath: string;
  reporter?: Reporter;
  onEvent?: (e: unknown) => void;
  verbose?: boolean;
}): Promise<PerplexityResult> {
  const r = await runEngine(
    {
      protocol: 1,
      command: "perplexity",
      model: opts.model,
      adapter: opts.adapter,
      method_kind: opts.methodKind,
      data: opts.data,
      label: opts.label,
      batch_size: opts.batchSize,
      max_seq_len: opts.maxSeqLen,
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
  return {
    label: opts.label,
    loss: r.loss as number,
    perplexity: r.perplexity as number,
    tokens: r.tokens as number,
    examples: r.examples as number,
    per_example: (r.per_example as PerplexityResult["per_example"] | undefined) ?? [],
  };
}
