import { availableParallelism } from "node:os";
import { dirname, resolve } from "node:path";
import type { ModelRef, Runtime, TrainingSettings, Method } from "../spec/index.js";
import type { Recipe } from "./recipe.js";

/** Everything a run needs, all defaults filled and paths absolute: saved as config.resolved.json. */
export interface ResolvedConfig {
  config_version: 1;
  recipe_name: string;
  recipe_path: string;
  role: Recipe["role"];
  base_model: { requested: string; ref: ModelRef };
  data: Recipe["data"] & { path: string; personas: string; canon: string; counts: Record<string, number>; sha256: string };
  method: Method;
  training: TrainingSettings;
  runtime: Runtime;
  eval: Recipe["eval"];
  /** Absent in configs resolved before tracking existed: read with `?? defaults`. */
  tracking?: Recipe["tracking"];
}

export function recipeDir(recipePath: string): string {
  return dirname(resolve(recipePath));
}

export function resolveThreads(threads: Recipe["runtime"]["threads"]): number {
  return threads === "auto" ? Math.max(1, availableParallelism()) : threads;
}

/** Packed rows are this full on the world data and typical chat sets (engine/tests/test_packing.py measures it). */
export const PACKING_EFFICIENCY = 0.97;

/**
 * Turns epochs into steps and the warm-up ratio into steps, once the training set size is known.
 * With packing a step holds batch_size × grad_accum rows of max_seq_len tokens, so an epoch is
 * estimated from the training tokens (`trainTokens`, from the data stage's token counts).
 */
export function resolveTraining(t: Recipe["training"], trainExamples: number, maxStepsOverride?: number, trainTokens?: number | null): TrainingSettings {
  const perStep = t.batch_size * t.grad_accum;
  const units = t.packing && trainTokens ? Math.ceil(trainTokens / (t.max_seq_len * PACKING_EFFICIENCY)) : trainExamples;
  const maxSteps = maxStepsOverride ?? t.max_steps ?? Math.max(1, Math.ceil((t.epochs * units) / perStep));
  return {
    max_steps: maxSteps,
    batch_size: t.batch_size,
    auto_batch_size: t.auto_batch_size,
    group_by_length: t.group_by_length,
    packing: t.packing,
    grad_accum: t.grad_accum,
    lr: t.lr,
    warmup_steps: Math.round(t.warmup_ratio * maxSteps),
    schedule: t.schedule,
    optimizer: t.optimizer,
    weight_decay: t.weight_decay,
    max_grad_norm: t.max_grad_norm,
    max_seq_len: t.max_seq_len,
    gradient_checkpointing: t.gradient_checkpointing,
    compile: t.compile,
    neftune_alpha: t.neftune_alpha,
    eval_every: t.eval_every,
    early_stopping: t.early_stopping,
    load_best_at_end: t.load_best_at_end,
    checkpoint_every: t.checkpoint_every,
    keep_checkpoints: t.keep_checkpoints,
    log_every: t.log_every,
  };
}
