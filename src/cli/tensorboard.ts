import { spawn } from "node:child_process";
import { accessSync, constants, existsSync } from "node:fs";
import { delimiter, join } from "node:path";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { runsRoot, toolsVenv } from "../paths.js";
import { handle } from "./main.js";

/** The tools venv's TensorBoard (pinned by `make tools`), else one on PATH, else null. */
function findTensorboard(): string | null {
  const candidates = [join(toolsVenv(), "bin", "tensorboard"), ...(process.env.PATH ?? "").split(delimiter).filter(Boolean).map((d) => join(d, "tensorboard"))];
  for (const c of candidates) {
    try {
      accessSync(c, constants.X_OK);
      return c;
    } catch {
      // not here; try the next
    }
  }
  return null;
}

export function registerTensorboard(program: Command): void {
  program
    .command("tensorboard")
    .description("open TensorBoard on every run (runs/ or $SCRIPTORIUM_RUNS): loss curves, evaluation scalars, samples, hyper-parameters")
    .option("--port <n>", "port to serve on", "6006")
    .option("--host <addr>", "address to bind; anything but 127.0.0.1 exposes your runs to the network", "127.0.0.1")
    .addHelpText(
      "after",
      `
Every run writes runs/<id>/tensorboard/ while it trains (recipe: tracking.tensorboard, on by default):
  SCALARS   train/loss, train/lr, train/grad_norm, train/tokens_per_s, train/epoch per step;
            eval/loss, eval/perplexity at each evaluation; after training (scriptorium run):
            heldout/perplexity/{base,tuned} and suite/<metric>/<system> from the role suite
  TEXT      samples/<id>: prompt and each system's answer from the evaluation
  HPARAMS   one row per run: the flattened method/training/runtime config, its last metrics

Examples:
  scriptorium tensorboard                 # http://127.0.0.1:6006/, Ctrl-C to stop
  scriptorium tensorboard --port 6007     # when 6006 is taken

TensorBoard comes from the tools venv (make tools) or your PATH.`,
    )
    .action((o: { port: string; host: string }) =>
      handle(async () => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 1 || port > 65535) throw new UserError("bad_option", `--port ${o.port} is not a port number (1-65535)`);
        const bin = findTensorboard();
        if (!bin) {
          throw new UserError("tensorboard_missing", `TensorBoard is not installed: neither ${join(toolsVenv(), "bin", "tensorboard")} nor \`tensorboard\` on PATH`, {
            hint: "make tools",
          });
        }
        const logdir = runsRoot();
        if (!existsSync(logdir)) process.stderr.write(`note: ${logdir} does not exist yet; TensorBoard shows runs as they appear\n`);
        process.stdout.write(`TensorBoard on ${logdir}: http://${o.host}:${port}/  (Ctrl-C to stop)\n`);
        const child = spawn(bin, ["--logdir", logdir, "--host", o.host, "--port", String(port)], { stdio: ["ignore", "inherit", "inherit"] });
        // Pass a stop on to TensorBoard and wait for it, so no server outlives this command.
        const stop = (sig: NodeJS.Signals) => child.kill(sig);
        process.on("SIGINT", stop);
        process.on("SIGTERM", stop);
        const code = await new Promise<number | null>((resolve, reject) => {
          child.on("error", reject);
          child.on("exit", (c, sig) => resolve(sig ? 0 : c));
        });
        process.off("SIGINT", stop);
        process.off("SIGTERM", stop);
        if (code) throw new UserError("tensorboard_failed", `TensorBoard exited with code ${code} (see its message above)`, { hint: `is port ${port} taken? try --port ${port + 1}` });
      }),
    );
}
