import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { Sampling } from "../spec/index.js";
import { fmt, type SuiteName } from "../eval/run-eval.js";
import { evaluateCommand, trackEvaluation } from "../pipeline/evaluate.js";
import { createReporter, reporterMode } from "../track/progress.js";
import { openRun } from "../track/run-store.js";
import { handle, printJson, table } from "./main.js";

const SUITES = ["npc", "director", "book"];

export function registerEval(program: Command): void {
  program
    .command("eval")
    .description("the role's generative evaluation of a run: base zero-shot vs base few-shot (prompting) vs tuned, with intervals, gates and report.html")
    .argument("<run>", "run id, unique prefix, 'latest', or a run folder")
    .option("--suite <role>", `npc | director | book (default: the recipe's role)`)
    .option("--max-examples <n>", "held-out prompts per system (default: the recipe's eval.generate.max_examples)", (v) => parseInt(v, 10))
    .option("--quick", "48 prompts per system, one text each; the report says it is quick (not for headline numbers)")
    .option("--gate", "exit 1 when a gate of the recipe's eval.gates fails (the failing metrics are named)")
    .option("--against <run|report.json>", "the reference for max_drop gates: the promoted version's run or report")
    .option("--no-perplexity", "skip held-out perplexity (faster; generation metrics only)")
    .option("--temperature <t>", "sample with this temperature instead of the recipe's decoding (0: greedy); seeded, so reproducible", (v) => Number(v))
    .option("--top-p <p>", "nucleus sampling cut with --temperature (default 0.95)", (v) => Number(v))
    .option("--json", "print the report as JSON on stdout")
    .option("--verbose", "show the engine's own log lines")
    .option("--debug", "show stack traces")
    .addHelpText(
      "after",
      `
Writes runs/<id>/eval/report.html and report.json. Generations are kept in runs/<id>/eval/ and
reused when prompts and settings are unchanged, so a stopped evaluation resumes where it was.

Examples:
  scriptorium eval latest                          # the recipe's role suite on the newest run
  scriptorium eval latest --gate --against 20261201-101500-npc   # release check vs the promoted run
  scriptorium eval latest --quick --no-perplexity                # a quick look (48 prompts)
  scriptorium eval latest --temperature 0.8      # sampled (seeded) decoding: long texts loop under greedy`,
    )
    .action(
      (
        ref: string,
        o: { suite?: string; maxExamples?: number; quick?: boolean; temperature?: number; topP?: number; gate?: boolean; against?: string; perplexity: boolean; json?: boolean; verbose?: boolean; debug?: boolean },
      ) =>
        handle(async () => {
          if (o.suite && !SUITES.includes(o.suite)) {
            throw new UserError("eval_bad_suite", `unknown suite "${o.suite}"`, { hint: `use one of: ${SUITES.join(", ")}` });
          }
          if (o.maxExamples !== undefined && !(o.maxExamples > 0)) {
            throw new UserError("eval_bad_max_examples", "--max-examples needs a positive integer", { hint: "e.g. --max-examples 32" });
          }
          if (o.temperature !== undefined && !(o.temperature >= 0)) {
            throw new UserError("eval_bad_temperature", "--temperature needs a number ≥ 0", { hint: "e.g. --temperature 0.8 (0 = greedy)" });
          }
          if (o.topP !== undefined && !(o.topP > 0 && o.topP <= 1)) {
            throw new UserError("eval_bad_top_p", "--top-p needs a number in (0, 1]", { hint: "e.g. --top-p 0.95" });
          }
          const sampling: Sampling | undefined =
            o.temperature === undefined ? undefined : o.temperature === 0 ? { kind: "greedy" } : { kind: "sample", temperature: o.temperature, top_p: o.topP ?? 0.95, top_k: 0 };
          const reporter = createReporter(reporterMode(!!o.json));
          const run = openRun(ref);
          const out = await evaluateCommand(run, {
            suite: o.suite as SuiteName | undefined,
            maxExamples: o.maxExamples,
            quick: o.quick,
            against: o.against,
            skipPerplexity: !o.perplexity,
            sampling,
            reporter,
            verbose: o.verbose,
          });
          await trackEvaluation(out, (m) => reporter.note(m));
          reporter.stop();
          if (o.gate && out.failed.length) process.exitCode = 1;
          if (o.json) return printJson({ ...out.report, report_html: run.path("eval", "report.html") });
          process.stdout.write(`\n${renderSummary(out.report)}\n`);
          // A "*" gate skipped for want of a reference is one line, not one per metric.
          const skippedAll = out.gates.filter((g) => g.gate.metric === "*" && g.status === "skipped");
          for (const g of out.gates) if (!skippedAll.includes(g)) process.stdout.write(`gate ${g.status.padEnd(7)} ${g.detail}\n`);
          if (skippedAll.length) process.stdout.write(`gate skipped "*" for ${skippedAll.length} metrics: ${skippedAll[0]!.detail.replace(/^[^:]*: /, "")}\n`);
          if (o.gate && out.failed.length) process.stdout.write(`\n${out.failed.length} gate(s) failed: ${[...new Set(out.failed.map((g) => g.metric))].join(", ")}\n`);
          process.stdout.write(`report: ${run.path("eval", "report.html")}\n`);
        }, o),
    );
}

/** The metrics table printed after an evaluation (also by `scriptorium run`). */
export function renderSummary(report: import("../eval/run-eval.js").EvalReport): string {
  const rows: (string | number)[][] = [["metric", "", ...report.systems.map((s) => s.name), "tuned vs base", "tuned vs few-shot"]];
  for (const m of report.metrics) {
    rows.push([
      m.name + (m.main ? " *" : ""),
      m.direction === "higher" ? "↑" : "↓",
      ...report.systems.map((s) => fmt(m.values[s.name]?.value)),
      m.tuned_vs_base ? `${fmt(m.tuned_vs_base.diff.value)} ${m.tuned_vs_base.verdict}` : "-",
      m.tuned_vs_few_shot ? `${fmt(m.tuned_vs_few_shot.diff.value)} ${m.tuned_vs_few_shot.verdict}` : "-",
    ]);
  }
  const prompts = report.prompts ? report.systems.map((s) => `  ${s.name}: ${report.prompts?.[s.name] ?? "?"}\n`).join("") : "";
  const quick = report.settings.quick ? `quick evaluation (${report.settings.max_examples} prompts): enough to see a broken model, too few for a headline verdict\n` : "";
  return `${table(rows)}\n* main metric. ${report.answer.text}\n${quick}${prompts ? `prompts:\n${prompts}` : ""}`;
}
