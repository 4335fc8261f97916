import { readFileSync, writeFileSync } from "node:fs";
import { perplexity, type PerplexityResult } from "../eval/perplexity.js";
import type { Reporter } from "../track/progress.js";
import { defaultTrackerFactories, trackEvalReport, TrackerHub } from "../track/tracker.js";
import type { EvalOutcome } from "./evaluate.js";
import { evaluateCommand } from "./evaluate.js";
import { train, type TrainOutcome } from "./train.js";

export interface RunOutcome extends TrainOutcome {
  evaluation: { split: string; base: PerplexityResult; tuned: PerplexityResult; improved: boolean };
  /** The role's generative suite (eval/report.html); null when the recipe turns it off or has no role. */
  roleEval: EvalOutcome | null;
}

/** The main job: data → train → held-out perplexity of base and tuned model → table in the manifest. */
export async function runPipeline(recipePath: string, opts: { reporter: Reporter; maxSteps?: number; verbose?: boolean; quick?: boolean }): Promise<RunOutcome> {
  const hub = new TrackerHub(defaultTrackerFactories(), (m) => opts.reporter.note(m));
  const trained = await train(recipePath, { ...opts, hub });
  try {
    return await evaluateTrained(trained, hub, opts);
  } catch (e) {
    await hub.close("failed");
    throw e;
  } finally {
    await hub.close("done");
  }
}

async function evaluateTrained(trained: TrainOutcome, hub: TrackerHub, opts: { reporter: Reporter; verbose?: boolean; quick?: boolean }): Promise<RunOutcome> {
  const { run, config } = trained;
  const splits = run.readManifest().data.splits as Record<string, string>;
  const split = config.data.counts.test ? "test" : "validation";
  let data = splits[split]!;
  if (config.eval.max_examples !== null) {
    const lines = readFileSync(data, "utf8").split("\n").filter(Boolean).slice(0, config.eval.max_examples);
    data = run.path("data", `${split}.eval.jsonl`);
    writeFileSync(data, lines.map((l) => l + "\n").join(""));
  }
  const common = {
    model: config.base_model.ref,
    data,
    batchSize: config.eval.batch_size,
    maxSeqLen: config.training.max_seq_len,
    runtime: config.runtime,
    methodKind: config.method.kind,
    reporter: opts.reporter,
    verbose: opts.verbose,
    onEvent: (e: unknown) => run.appendEvent(e),
  };
  opts.reporter.note(`evaluating held-out ${split} perplexity: base model, then tuned model`);
  const base = await perplexity({ ...common, label: "base", adapter: null, jobPath: run.path("job.eval.base.json") });
  const tuned = await perplexity({ ...common, label: "tuned", adapter: trained.result.adapter as string, jobPath: run.path("job.eval.tuned.json") });
  const strip = ({ per_example: _, ...r }: PerplexityResult) => r;
  const evaluation = { split, base, tuned, improved: tuned.perplexity < base.perplexity };
  run.updateManifest((m) => ({ ...m, evaluation: { ...evaluation, base: strip(base), tuned: strip(tuned) } }));
  hub.scalars(hub.step, { "heldout/perplexity/base": base.perplexity, "heldout/perplexity/tuned": tuned.perplexity });
  let roleEval: EvalOutcome | null = null;
  if (config.eval.generate.enabled && config.role !== "generic") {
    opts.reporter.note(`evaluating the ${config.role} suite: base zero-shot, base few-shot and tuned answer the same held-out prompts`);
    // The perplexity above was measured on max_examples held-out examples; the suite reuses it.
    roleEval = await evaluateCommand(run, { perplexity: { base, tuned }, reporter: opts.reporter, verbose: opts.verbose, quick: opts.quick });
    trackEvalReport(hub, roleEval.report, run.path("eval"));
  }
  return { ...trained, evaluation, roleEval };
}
