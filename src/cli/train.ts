import type { Command } from "commander";
import { train } from "../pipeline/train.js";
import { createReporter, reporterMode } from "../track/progress.js";
import { handle, printJson } from "./main.js";

export function registerTrain(program: Command): void {
  program
    .command("train")
    .description("LoRA fine-tune a base model on a recipe's data; writes runs/<id>/ (checkpoints, adapter, events)")
    .argument("<recipe>", "recipe YAML, e.g. recipes/npc.yaml")
    .option("--resume <run>", "continue run <id|latest> from its last checkpoint (exactly: same batches, optimizer, RNG)")
    .option("--max-steps <n>", "override the number of optimizer steps", (v) => parseInt(v, 10))
    .option("--json", "print engine events as JSON lines and a final JSON result on stdout")
    .option("--verbose", "show the engine's own log lines")
    .option("--debug", "show stack traces")
    .addHelpText(
      "after",
      `
Examples:
  scriptorium train recipes/npc.yaml                 # new run
  scriptorium train recipes/npc.yaml --max-steps 20  # quick try
  scriptorium train recipes/npc.yaml --resume latest # after Ctrl-C or a crash

Ctrl-C stops after the current step, writes a checkpoint and exits 3; --resume continues it.`,
    )
    .action((recipe: string, o: { resume?: string; maxSteps?: number; json?: boolean; verbose?: boolean; debug?: boolean }) =>
      handle(async () => {
        const reporter = createReporter(reporterMode(!!o.json));
        const { run, result } = await train(recipe, { resume: o.resume, maxSteps: o.maxSteps, reporter, verbose: o.verbose });
        if (o.json) printJson({ run: run.id, dir: run.dir, ...result });
        else process.stderr.write(`done: run ${run.id}, final loss ${Number(result.final_loss).toFixed(4)}, adapter ${String(result.adapter)}\n`);
      }, o),
    );
}
