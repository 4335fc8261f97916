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
  data: Recipe["data"] & { path: string; personas: string; counts: Record<string, number>; sha256: string };
  method: Method;
  training: TrainingSettings;
  runtime: Runtime;
  eval: Recipe["eval"];
}

export function recipeDir(recipePath: string): string {
  return dirname(resolve(recipePath));
}

export function resolveThreads(threads: Recipe["runtime"]["threads"]): number {
  return threads === "auto" ? Math.max(1, availableParallelism()) : threads;
}

/** Turns epochs into steps and the warm-up ratio into steps, once the training set size is known. */
export function resolveTraining(t: Recipe["training"], trainExamples: number, maxStepsOverride?: number): TrainingSettings {
  const perStep = t.batch_size * t.grad_accum;
  const maxSteps = maxStepsOverride ?? t.max_steps ?? Math.max(1, Math.ceil((t.epochs * trainExamples) / perStep));
  return {
    max_steps: maxSteps,
    batch_size: t.batch_size,
    group_by_length: t.group_by_length,
    grad_accum: t.grad_accum,
    lr: t.lr,
    warmup_steps: Math.round(t.warmup_ratio * maxSteps),
    schedule: t.schedule,
    min_lr_ratio: t.min_lr_ratio,
    weight_decay: t.weight_decay,
    adam_betas: t.adam_betas,
    max_grad_norm: t.max_grad_norm,
    max_seq_len: t.max_seq_len,
    eval_every: t.eval_every,
    checkpoint_every: t.checkpoint_every,
    keep_checkpoints: t.keep_checkpoints,
    log_every: t.log_every,
  };
}
