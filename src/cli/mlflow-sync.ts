import type { Command } from "commander";
import { readRunConfig } from "../eval/run-eval.js";
import { syncMlflow } from "../track/mlflow.js";
import { openRun } from "../track/run-store.js";
import { handle } from "./main.js";

/** `scriptorium runs sync-mlflow <run>`: registered after `runs`, as one of its subcommands. */
export function registerMlflowSync(program: Command): void {
  const runs = program.commands.find((c) => c.name() === "runs");
  if (!runs) throw new Error("registerMlflowSync: register `runs` first");
  runs
    .command("sync-mlflow")
    .description("send to MLflow what a run could not deliver (its tracking/mlflow-outbox.jsonl)")
    .argument("<run>", "run id, unique prefix, 'latest', or a run folder")
    .option("--timeout <s>", "give up after this many seconds; what is left stays in the outbox", (v) => parseFloat(v), 120)
    .addHelpText(
      "after",
      `
The server is the recipe's tracking.mlflow.tracking_uri, else $MLFLOW_TRACKING_URI, else the one
the run's manifest names. Exits 1 when something is still not delivered.`,
    )
    .action((ref: string, o: { timeout: number }) =>
      handle(async () => {
        const run = openRun(ref);
        const { pending, left } = await syncMlflow(run, readRunConfig(run), (m) => process.stderr.write(`mlflow: ${m}\n`), o.timeout * 1000);
        if (!pending) return void process.stdout.write(`nothing to send: ${run.id} has no MLflow outbox\n`);
        if (left) {
          process.stderr.write(`mlflow: ${left}\n`);
          process.exitCode = 1;
          return;
        }
        const url = (run.readManifest().tracking?.mlflow as { url?: string } | undefined)?.url;
        process.stdout.write(`sent ${pending} queued request(s) of ${run.id} to MLflow${url ? `: ${url}` : ""}\n`);
      }),
    );
}
