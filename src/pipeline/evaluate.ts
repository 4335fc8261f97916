import { existsSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { evaluateGates, gatesFailed, type GateResult } from "../eval/gates.js";
import type { PerplexityResult } from "../eval/perplexity.js";
import { evaluateRun, readRunConfig, writeEvalReport, type EvalReport, type SuiteName } from "../eval/run-eval.js";
import type { Reporter } from "../track/progress.js";
import { openRun, type RunDir } from "../track/run-store.js";
import { defaultTrackerFactories, runInfo, trackEvalReport, TrackerHub } from "../track/tracker.js";

/** `scriptorium eval`: the role suite on a run, its gates, and the summary in the manifest. */
export interface EvalCommandOptions {
  suite?: SuiteName;
  maxExamples?: number;
  /** `--quick`: at most 48 prompts, one text each, and the report says so. */
  quick?: boolean;
  /** A run (id, prefix, folder) or a report.json to hold `max_drop` gates against (the promoted version). */
  against?: string;
  skipPerplexity?: boolean;
  sampling?: import("../spec/index.js").Sampling;
  perplexity?: { base: PerplexityResult; tuned: PerplexityResult } | null;
  reporter: Reporter;
  verbose?: boolean;
}

export interface EvalOutcome {
  run: RunDir;
  report: EvalReport;
  gates: GateResult[];
  failed: GateResult[];
}

/** A reference report from a run id/prefix/folder or a report.json path. */
export function loadReferenceReport(ref: string): EvalReport {
  let file = ref;
  if (existsSync(ref) && statSync(ref).isDirectory()) file = join(ref, "eval", "report.json");
  else if (!ref.endsWith(".json")) file = openRun(ref).path("eval", "report.json");
  if (!existsSync(file)) {
    throw new UserError("eval_no_reference", `no evaluation report at ${file}`, { hint: `evaluate the reference first: scriptorium eval ${ref}` });
  }
  return JSON.parse(readFileSync(file, "utf8")) as EvalReport;
}

export async function evaluateCommand(run: RunDir, opts: EvalCommandOptions): Promise<EvalOutcome> {
  const config = readRunConfig(run);
  const reference = opts.against ? loadReferenceReport(opts.against) : null;
  const report = await evaluateRun(run, opts);
  if (reference && reference.role !== report.role) {
    throw new UserError("eval_reference_role", `the reference report is a ${reference.role} evaluation, this one is ${report.role}`, {
      hint: "compare runs of the same role",
    });
  }
  const gates = evaluateGates(config.eval.gates, report, reference);
  report.gates = gates;
  writeEvalReport(run.path("eval"), report);
  const main = report.metrics.find((m) => m.name === report.main_metric)!;
  run.updateManifest((m) => ({
    ...m,
    eval_report: {
      path: run.path("eval", "report.json"),
      role: report.role,
      main_metric: report.main_metric,
      tuned: main.values.tuned?.value ?? null,
      base: main.values.base?.value ?? null,
      few_shot: main.values.few_shot?.value ?? null,
      fine_tuning_vs_prompting: report.answer.fine_tuning_vs_prompting,
      gates_failed: gatesFailed(gates).map((g) => g.detail),
    },
  }));
  return { run, report, gates, failed: gatesFailed(gates) };
}

/** `scriptorium eval` on its own: the report goes to the run's trackers (MLflow: the same run), at the run's last training step. */
export async function trackEvaluation(outcome: EvalOutcome, note: (message: string) => void): Promise<void> {
  const { run, report } = outcome;
  const hub = new TrackerHub(defaultTrackerFactories(), note);
  await hub.open(runInfo(run, readRunConfig(run), true));
  const steps = run.readManifest().metrics.steps;
  trackEvalReport(hub, report, run.path("eval"), 4, typeof steps === "number" ? steps : 0);
  await hub.close(run.readManifest().status);
}
