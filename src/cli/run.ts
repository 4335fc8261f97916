import type { Command } from "commander";
import { runPipeline } from "../pipeline/run.js";
import { createReporter, reporterMode } from "../track/progress.js";
import { renderSummary } from "./eval.js";
import { handle, printJson, table } from "./main.js";

export function registerRun(program: Command): void {
  program
    .command("run")
    .description("the main job: prepare data → train → held-out perplexity of base vs tuned → the role's suite (base, few-shot, tuned) → eval/report.html")
    .argument("<recipe>", "recipe YAML, e.g. recipes/npc.yaml")
    .option("--max-steps <n>", "override the number of optimizer steps", (v) => parseInt(v, 10))
    .option("--quick", "a quick role suite (48 prompts per system, one text each; the report says it is quick): the demo's size")
    .option("--json", "print events as JSON lines and the final report as JSON on stdout")
    .option("--verbose", "show the engine's own log lines")
    .option("--debug", "show stack traces")
    .addHelpText("after", "\nExamples:\n  scriptorium run recipes/npc.yaml --quick   # what `make demo` runs\n  scriptorium run recipes/npc.yaml           # the full suite: 150 replies per system, the size of a headline number\n")
    .action((recipe: string, o: { maxSteps?: number; quick?: boolean; json?: boolean; verbose?: boolean; debug?: boolean }) =>
      handle(async () => {
        const started = Date.now();
        const reporter = createReporter(reporterMode(!!o.json));
        const { run, result, evaluation, roleEval } = await runPipeline(recipe, { reporter, maxSteps: o.maxSteps, verbose: o.verbose, quick: o.quick });
        const wall = (Date.now() - started) / 1000;
        if (o.json) {
          printJson({ run: run.id, dir: run.dir, train: result, evaluation, eval_report: roleEval?.report ?? null, wall_seconds: wall });
          return;
        }
        const { base, tuned } = evaluation;
        const rows: (string | number)[][] = [
          ["model", `${evaluation.split} perplexity`, "loss", "tokens", "examples"],
          ["base", base.perplexity.toFixed(2), base.loss.toFixed(4), base.tokens, base.examples],
          ["tuned", tuned.perplexity.toFixed(2), tuned.loss.toFixed(4), tuned.tokens, tuned.examples],
        ];
        process.stdout.write(`\n${table(rows)}\n\n`);
        if (roleEval) {
          process.stdout.write(`${renderSummary(roleEval.report)}`);
          for (const g of roleEval.failed) process.stdout.write(`gate failed: ${g.detail}\n`);
          process.stdout.write(`eval report: ${run.path("eval", "report.html")}\n\n`);
        }
        const change = ((tuned.perplexity - base.perplexity) / base.perplexity) * 100;
        process.stdout.write(
          `${evaluation.improved ? "tuned beats base" : "tuned does NOT beat base"}: perplexity ${change.toFixed(1)}% ` +
            `| run ${run.id} | adapter ${String(result.adapter)} | ${wall.toFixed(0)} s\n`,
        );
      }, o),
    );
}
