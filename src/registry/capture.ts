import { createHash } from "node:crypto";
import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import type { ResolvedConfig } from "../config/resolve.js";
import { UserError } from "../errors.js";
import type { Gate } from "../config/recipe.js";
import type { EvalReport, MetricReport } from "../eval/run-eval.js";
import type { RunDir, RunManifest } from "../track/run-store.js";

/**
 * What a registry version records of its run, read from the run folder once, when the run is
 * registered: the artifact's file hashes, the base model, the data hash and path, the recipe and a
 * hash of its resolved config, and the evaluation report's hash, main metric and metrics. The
 * version keeps this copy, so its lineage and its role as a gate reference survive a re-evaluation
 * or a deleted run folder.
 */
export interface ArtifactFile {
  file: string;
  bytes: number;
  sha256: string;
}

/** A report metric as a later promotion's `max_drop` gates read it (no samples, no groups). */
export type ReferenceMetric = Pick<MetricReport, "name" | "description" | "direction" | "kind" | "main" | "values" | "tuned_vs_base" | "tuned_vs_few_shot">;

export interface VersionSource {
  role: string;
  run: { id: string; dir: string; recipe: string; status: string; created: string | null };
  artifact: {
    path: string;
    /** sha256 of `sha256sum`'s listing of every file under the artifact folder (sorted paths): `cd <path> && find . -type f | LC_ALL=C sort | xargs sha256sum | sha256sum` gives it. */
    sha256: string;
    files: ArtifactFile[];
  };
  method: string;
  base_model: { requested: string; id: string; revision: string | null };
  data: { sha256: string | null; path: string | null; format: string | null; personas: string | null; canon: string | null; counts: Record<string, number> | null };
  recipe: { name: string; path: string; config: string; config_sha256: string };
  eval: {
    report: string;
    sha256: string;
    created: string | null;
    suite: string;
    main_metric: string;
    tuned: number | null;
    base: number | null;
    few_shot: number | null;
    /** Did fine-tuning beat prompting on the main metric (the report's answer)? */
    verdict: string;
    metrics: ReferenceMetric[];
  };
}

export interface Captured {
  source: VersionSource;
  report: EvalReport;
  gates: Gate[];
}

const sha256 = (data: string | Buffer) => createHash("sha256").update(data).digest("hex");

export function fileSha256(path: string): string {
  const h = createHash("sha256");
  const buf = Buffer.allocUnsafe(1 << 20);
  const fd = openSync(path, "r");
  try {
    for (let n; (n = readSync(fd, buf, 0, buf.length, null)) > 0; ) h.update(buf.subarray(0, n));
  } finally {
    closeSync(fd);
  }
  return h.digest("hex");
}

function walk(dir: string, out: string[] = []): string[] {
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) walk(p, out);
    else if (e.isFile()) out.push(p);
  }
  return out;
}

/** Every file of an artifact folder (weights, adapter/model config, tokenizer) with its sha256, and one hash over all of them. */
export function hashArtifact(dir: string): VersionSource["artifact"] {
  const files = walk(dir)
    .map((p) => ({ file: relative(dir, p).split("\\").join("/"), path: p }))
    .sort((a, b) => (a.file < b.file ? -1 : a.file > b.file ? 1 : 0))
    .map(({ file, path }) => ({ file, bytes: statSync(path).size, sha256: fileSha256(path) }));
  if (!files.some((f) => f.file.endsWith(".safetensors"))) {
    throw new UserError("registry_no_weights", `the artifact folder ${dir} holds no .safetensors file`, { hint: "register a run whose training finished (its adapter/ has adapter_model.safetensors or model.safetensors)" });
  }
  return { path: dir, sha256: sha256(files.map((f) => `${f.sha256}  ./${f.file}\n`).join("")), files };
}

function readJson<T>(path: string, what: string, hint: string): { value: T; text: string } {
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch {
    throw new UserError("registry_missing_file", `${what} ${path} is missing`, { hint });
  }
  try {
    return { value: JSON.parse(text) as T, text };
  } catch (e) {
    throw new UserError("registry_bad_file", `${what} ${path} is not valid JSON (${(e as Error).message})`, { location: { file: path }, hint });
  }
}

const str = (x: unknown): string | null => (typeof x === "string" ? x : null);

/** Reads a finished, evaluated run folder into what a version records; UserErrors name what is missing and the command that makes it. */
export function captureRun(run: RunDir): Captured {
  const manifest = readJson<RunManifest>(run.path("manifest.json"), "run manifest", "is this a run folder? see `scriptorium runs list`").value;
  const cfgPath = run.path("config.resolved.json");
  const cfg = readJson<Partial<ResolvedConfig>>(cfgPath, "resolved config", "register a run made by `scriptorium train` or `scriptorium run`");
  if (manifest.status !== "done" || !manifest.adapter || !existsSync(manifest.adapter)) {
    throw new UserError("registry_run_unfinished", `run ${run.id} has no finished artifact (status ${manifest.status})`, {
      hint: `train it to the end first (scriptorium train ${manifest.recipe_path} --resume ${run.id})`,
    });
  }
  const er = (manifest as { eval_report?: { path?: string } }).eval_report;
  const reportPath = er?.path && existsSync(er.path) ? er.path : run.path("eval", "report.json");
  if (!existsSync(reportPath)) {
    throw new UserError("registry_no_eval", `run ${run.id} has no evaluation report (${reportPath})`, {
      hint: `evaluate it first: scriptorium eval ${run.id}`,
    });
  }
  const rep = readJson<EvalReport>(reportPath, "evaluation report", `evaluate it again: scriptorium eval ${run.id}`);
  const report = rep.value;
  const main = report.metrics?.find((m) => m.name === report.main_metric);
  if (!main) throw new UserError("registry_bad_report", `the evaluation report ${reportPath} has no main metric`, { location: { file: reportPath }, hint: `evaluate it again: scriptorium eval ${run.id}` });
  const role = cfg.value.role && cfg.value.role !== "generic" ? cfg.value.role : report.role;
  const ref = cfg.value.base_model?.ref;
  const data = manifest.data ?? {};
  return {
    report,
    gates: cfg.value.eval?.gates ?? [],
    source: {
      role,
      run: { id: run.id, dir: run.dir, recipe: manifest.recipe, status: manifest.status, created: str(manifest.created) },
      artifact: hashArtifact(manifest.adapter),
      method: cfg.value.method?.kind ?? "unknown",
      base_model: {
        requested: str(manifest.base_model?.requested) ?? cfg.value.base_model?.requested ?? "unknown",
        id: str(manifest.base_model?.id) ?? ref?.id ?? "unknown",
        revision: str(manifest.base_model?.revision) ?? ref?.revision ?? null,
      },
      data: {
        sha256: str(data.sha256) ?? cfg.value.data?.sha256 ?? null,
        path: str(data.path) ?? cfg.value.data?.path ?? null,
        format: str(data.format) ?? null,
        personas: cfg.value.data?.personas ?? null,
        canon: cfg.value.data?.canon ?? null,
        counts: (data.counts as Record<string, number> | undefined) ?? null,
      },
      recipe: { name: manifest.recipe, path: manifest.recipe_path, config: cfgPath, config_sha256: sha256(cfg.text) },
      eval: {
        report: reportPath,
        sha256: sha256(rep.text),
        created: str(report.created),
        suite: report.role,
        main_metric: report.main_metric,
        tuned: main.values.tuned?.value ?? null,
        base: main.values.base?.value ?? null,
        few_shot: main.values.few_shot?.value ?? null,
        verdict: report.answer?.fine_tuning_vs_prompting ?? "unknown",
        metrics: report.metrics.map((m) => ({
          name: m.name,
          description: m.description,
          direction: m.direction,
          kind: m.kind,
          main: m.main,
          values: m.values,
          ...(m.tuned_vs_base ? { tuned_vs_base: m.tuned_vs_base } : {}),
          ...(m.tuned_vs_few_shot ? { tuned_vs_few_shot: m.tuned_vs_few_shot } : {}),
        })),
      },
    },
  };
}

/** A recorded version's report in the shape evaluateGates reads as its reference. */
export function referenceReport(src: VersionSource): EvalReport {
  return { run: src.run.id, role: src.eval.suite, main_metric: src.eval.main_metric, metrics: src.eval.metrics } as unknown as EvalReport;
}
