import type { Command } from "commander";
import { listRuns, openRun, removeRun } from "../track/run-store.js";
import { handle, printJson, table } from "./main.js";

const num = (x: unknown, d = 4) => (typeof x === "number" ? x.toFixed(d) : "-");

export function registerRuns(program: Command): void {
  const runs = program.command("runs").description("list, show and remove training runs (runs/ or $SCRIPTORIUM_RUNS)");
  runs
    .command("list")
    .description("one line per run: id, status, steps, final loss, eval perplexity")
    .option("--json", "machine-readable")
    .action((o: { json?: boolean }) =>
      handle(async () => {
        const all = listRuns();
        if (o.json) return printJson(all);
        if (all.length === 0) return void process.stdout.write("no runs yet — try: scriptorium run recipes/npc.yaml\n");
        const rows: (string | number)[][] = [["id", "status", "steps", "final loss", "eval ppl", "tuned ppl (held-out)"]];
        for (const r of all) {
          const ev = r.evaluation as { tuned?: { perplexity: number } } | undefined;
          rows.push([r.id, r.status, String(r.metrics.steps ?? "-"), num(r.metrics.final_loss), num(r.metrics.eval_perplexity, 2), num(ev?.tuned?.perplexity, 2)]);
        }
        process.stdout.write(table(rows) + "\n");
      }),
    );
  runs
    .command("show")
    .description("a run's manifest: config, data counts, engine versions, metrics, evaluation")
    .argument("<run>", "run id, unique prefix, or 'latest'")
    .option("--json", "machine-readable")
    .action((ref: string, o: { json?: boolean }) =>
      handle(async () => {
        const run = openRun(ref);
        const m = run.readManifest();
        if (o.json) return printJson({ ...m, dir: run.dir });
        process.stdout.write(
          [
            `run       ${m.id}  (${m.status})`,
            `dir       ${run.dir}`,
            `recipe    ${m.recipe_path}`,
            `base      ${String(m.base_model.requested)} → ${String(m.base_model.id)}${m.base_model.licence ? ` [${String(m.base_model.licence)}]` : ""}`,
            `data      ${JSON.stringify(m.data.counts)} sha256 ${String(m.data.sha256).slice(0, 12)}…`,
            `engine    ${JSON.stringify(m.engine)}`,
            `metrics   ${JSON.stringify(m.metrics)}`,
            m.evaluation ? `eval      ${JSON.stringify(m.evaluation)}` : "eval      (none: `scriptorium run` evaluates)",
            `adapter   ${m.adapter ?? "(not yet)"}`,
          ].join("\n") + "\n",
        );
      }),
    );
  runs
    .command("rm")
    .description("delete a run directory")
    .argument("<run>", "run id, unique prefix, or 'latest'")
    .action((ref: string) => handle(async () => void process.stdout.write(`removed ${removeRun(ref)}\n`)));
}
