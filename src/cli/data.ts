import { existsSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import type { Command } from "commander";
import { loadRecipe } from "../config/load-recipe.js";
import { recipeDir } from "../config/resolve.js";
import { DATA_FORMATS, INPUT_TYPES } from "../config/recipe.js";
import { resolveBaseModel } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import { prepareDataset } from "../data/pipeline.js";
import { inspectData } from "../data/inspect.js";
import type { StageCounts } from "../data/accounting.js";
import type { DataReport } from "../data/report/builder.js";
import { writeReport } from "../data/report/write.js";
import { tokenizerFor } from "../pipeline/prepare-data.js";
import { openRun } from "../track/run-store.js";
import { handle, printJson, table } from "./main.js";

export function stageTable(stages: StageCounts[]): string {
  const rows: (string | number)[][] = [["stage", "in", "kept", "rejected", "merged", "added", "out", "reasons / changes"]];
  for (const s of stages) {
    const why = Object.entries({ ...s.reasons, ...s.changes })
      .map(([k, v]) => `${k} ${v}`)
      .join(", ");
    rows.push([s.stage, s.in, s.kept, s.rejected, s.merged, s.added, s.out, why]);
  }
  return table(rows);
}

function printWarnings(report: DataReport): void {
  if (!report.warnings.length) {
    process.stdout.write("no warnings\n");
    return;
  }
  process.stdout.write(`${report.warnings.length} warning(s):\n`);
  for (const w of report.warnings) process.stdout.write(`  [${w.code}] ${w.message}\n`);
}

function progress(json: boolean): (p: { stage: string; records: number }) => void {
  let last = 0;
  return (p) => {
    if (json || !process.stderr.isTTY) return;
    const now = Date.now();
    if (now - last < 200) return;
    last = now;
    process.stderr.write(`\r${p.stage}: ${p.records.toLocaleString("en")} records`);
  };
}

export function registerData(program: Command): void {
  const data = program.command("data").description("prepare, inspect and report on training data: formats, validation, cleaning, tokens, dedup, augmentation, splits");

  data
    .command("prepare")
    .description("run a recipe's data stage alone: writes train/validation/test.jsonl, quarantine.jsonl, report.json and report.html")
    .argument("<recipe>", "recipe YAML (its data: section is used)")
    .option("--out <dir>", "output folder (default: prepared/<recipe name>)")
    .option("--json", "print the counts, stages and warnings as JSON")
    .option("--debug", "show stack traces")
    .addHelpText(
      "after",
      `
Every stage accounts for every record: in = kept + rejected + merged, out = kept + added.
Rejected and merged records are in quarantine.jsonl with their file, line, field, reason and hint.

Examples:
  scriptorium data prepare recipes/npc.yaml
  scriptorium data prepare my-recipe.yaml --out /tmp/prepared --json`,
    )
    .action((recipePath: string, o: { out?: string; json?: boolean; debug?: boolean }) =>
      handle(async () => {
        const { recipe, path } = loadRecipe(recipePath);
        const dir = recipeDir(path);
        const outDir = resolve(o.out ?? join("prepared", recipe.name));
        const note = (m: string) => process.stderr.write(`${m}\n`);
        const model = await resolveBaseModel(recipe.base_model, { recipeDir: dir, revision: recipe.revision, trustRemoteCode: recipe.trust_remote_code, onProgress: (s) => note(`base model: ${s}`) });
        const started = Date.now();
        const prepared = await prepareDataset({
          data: recipe.data,
          path: resolve(dir, recipe.data.path),
          personasDir: resolve(dir, recipe.data.personas),
          canonDir: resolve(dir, recipe.data.canon),
          outDir,
          tokenizer: await tokenizerFor(model),
          maxTokens: recipe.data.length.max_tokens ?? recipe.training.max_seq_len,
          title: `${recipe.name}: data report`,
          onNote: note,
          onProgress: progress(!!o.json),
        });
        if (!o.json && process.stderr.isTTY) process.stderr.write("\r\x1b[K");
        writeReport(outDir, prepared.report);
        const seconds = (Date.now() - started) / 1000;
        if (o.json) {
          return printJson({ out: outDir, format: prepared.format, counts: prepared.counts, stages: prepared.stages, files: prepared.files, quarantine: prepared.quarantine, warnings: prepared.report.warnings, seconds });
        }
        process.stdout.write(`${stageTable(prepared.stages)}\n\n`);
        const c = prepared.counts;
        process.stdout.write(`format ${prepared.format}: ${c.read} read → train ${c.train} / validation ${c.validation} / test ${c.test} in ${seconds.toFixed(1)} s\n`);
        process.stdout.write(`files: ${outDir}/{train,validation,test}.jsonl; quarantine: ${(c.rejected ?? 0) + (c.merged ?? 0) ? prepared.quarantine : "(empty)"}\n`);
        process.stdout.write(`report: ${join(outDir, "report.html")}\n`);
        printWarnings(prepared.report);
      }, o),
    );

  data
    .command("inspect")
    .description("look at a data file without preparing it: input type, detected format, the first records in canonical form, problems")
    .argument("<file>", "a JSONL, JSON, CSV, Parquet, TXT/MD file or a folder of text files")
    .option("--format <format>", `one of ${DATA_FORMATS.join(", ")}`, "auto")
    .option("--input <type>", `one of ${INPUT_TYPES.join(", ")}`, "auto")
    .option("--columns <map>", "column mapping canonical=yours, comma-separated (e.g. instruction=prompt,output=completion)")
    .option("--personas <dir>", "persona cards folder (npc-conversations)", "world/personas")
    .option("-n, --limit <n>", "records to show", (v) => parseInt(v, 10), 3)
    .option("--scan <n>", "rows to check for problems", (v) => parseInt(v, 10), 1000)
    .option("--json", "machine-readable")
    .action((file: string, o: { format: string; input: string; columns?: string; personas: string; limit: number; scan: number; json?: boolean }) =>
      handle(async () => {
        if (!(DATA_FORMATS as readonly string[]).includes(o.format)) throw new UserError("bad_option", `--format ${o.format} is not one of ${DATA_FORMATS.join(", ")}`);
        if (!(INPUT_TYPES as readonly string[]).includes(o.input)) throw new UserError("bad_option", `--input ${o.input} is not one of ${INPUT_TYPES.join(", ")}`);
        const columns: Record<string, string> = {};
        for (const pair of (o.columns ?? "").split(",").filter(Boolean)) {
          const [k, v] = pair.split("=");
          if (!k || !v) throw new UserError("bad_option", `--columns '${pair}' is not canonical=yours`, { hint: "e.g. --columns instruction=prompt,output=completion" });
          columns[k] = v;
        }
        const result = await inspectData(resolve(file), { format: o.format as never, input: o.input as never, columns, personasDir: resolve(o.personas), limit: o.limit, scan: o.scan });
        if (o.json) return printJson(result);
        process.stdout.write(`${result.file}: input ${result.input}, format ${result.format}${result.detected ? " (detected)" : ""}\n`);
        process.stdout.write(`scanned ${result.scanned} rows: ${result.valid} valid, ${result.problems.total} with problems\n`);
        for (const p of result.problems.examples) process.stdout.write(`  line ${p.line} field '${p.field}': ${p.reason}\n    hint: ${p.hint}\n`);
        for (const r of result.records) process.stdout.write(`\n--- ${r.id} (line ${r.source.line}, group ${r.group}) ---\n${JSON.stringify(r.kind === "text" ? { text: r.text } : { messages: r.messages }, null, 2)}\n`);
      }),
    );

  data
    .command("report")
    .description("print the quality & bias report of prepared data (a folder from data prepare, or a run id) and its warnings")
    .argument("<where>", "prepared folder, or run id / prefix / latest")
    .option("--gate", "exit 1 when the report has warnings (for CI)")
    .option("--json", "print report.json")
    .action((where: string, o: { gate?: boolean; json?: boolean }) =>
      handle(async () => {
        let dir = resolve(where);
        if (!existsSync(join(dir, "report.json"))) dir = openRun(where).path("data");
        const file = join(dir, "report.json");
        if (!existsSync(file)) throw new UserError("no_report", `no report.json in ${dir}`, { hint: "run `scriptorium data prepare <recipe>` or a training run first" });
        const report = JSON.parse(readFileSync(file, "utf8")) as DataReport;
        if (o.json) printJson(report);
        else {
          process.stdout.write(`${stageTable(report.stages)}\n\n`);
          process.stdout.write(`report: ${join(dir, "report.html")}\n`);
          printWarnings(report);
        }
        if (o.gate && report.warnings.length) process.exitCode = 1;
      }),
    );
}
