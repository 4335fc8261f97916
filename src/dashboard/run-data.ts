import { closeSync, existsSync, openSync, readdirSync, readFileSync, readSync, realpathSync, statSync } from "node:fs";
import { join, sep } from "node:path";
import { RunDir, type RunManifest } from "../track/run-store.js";
import { parseEventLine, readEventsFrom, splitComplete, type RunEvent } from "./tail.js";

/** What the dashboard shows of a run folder, read straight from the files training writes. */

const RUN_ID = /^[A-Za-z0-9_][A-Za-z0-9._-]*$/;

/** The run folder `id` directly under `root`, or null: ids are plain names, never paths. */
export function findRun(root: string, id: string): RunDir | null {
  if (!RUN_ID.test(id) || id.includes("..")) return null;
  const dir = join(root, id);
  return existsSync(join(dir, "manifest.json")) ? new RunDir(id, dir) : null;
}

/** A report file of a run, only if it really lies inside the run folder (no symlink escapes). */
export function runFile(run: RunDir, folder: "eval" | "data", name: "report.html" | "report.json"): string | null {
  const file = run.path(folder, name);
  if (!existsSync(file)) return null;
  const real = realpathSync(file);
  return real.startsWith(realpathSync(run.dir) + sep) && statSync(real).isFile() ? real : null;
}

function readJson<T>(file: string): T | null {
  try {
    return JSON.parse(readFileSync(file, "utf8")) as T;
  } catch {
    return null;
  }
}

/** The last complete events of a file without reading all of it (the runs table asks often). */
function lastEvents(file: string, bytes = 256 * 1024): RunEvent[] {
  if (!existsSync(file)) return [];
  const size = statSync(file).size;
  const start = Math.max(0, size - bytes);
  const buf = Buffer.alloc(size - start);
  const fd = openSync(file, "r");
  try {
    readSync(fd, buf, 0, buf.length, start);
  } finally {
    closeSync(fd);
  }
  const lines = splitComplete(buf).lines;
  if (start > 0) lines.shift(); // began mid-line
  return lines.map(parseEventLine).filter((e): e is RunEvent => e !== null);
}

const num = (x: unknown): number | null => (typeof x === "number" && Number.isFinite(x) ? x : null);

interface EvalReportFile {
  role?: string;
  main_metric?: string;
  metrics?: { name: string; direction?: string; main?: boolean; values?: Record<string, { value?: number; low?: number; high?: number } | undefined> }[];
  answer?: { fine_tuning_vs_prompting?: string; text?: string };
  gates?: { status?: string; detail?: string }[];
}

export interface RunSummary {
  id: string;
  status: RunManifest["status"] | "unknown";
  recipe: string;
  role: string | null;
  method: string | null;
  base_model: string | null;
  created: string | null;
  updated: string | null;
  step: number | null;
  total_steps: number | null;
  final_loss: number | null;
  eval_perplexity: number | null;
  heldout: { base: number | null; tuned: number | null } | null;
  main_metric: { name: string; tuned: number | null; base: number | null; few_shot: number | null; verdict: string | null } | null;
  reports: { eval: boolean; data: boolean };
}

function mainMetric(m: RunManifest, report: EvalReportFile | null): RunSummary["main_metric"] {
  const inManifest = (m as unknown as { eval_report?: Record<string, unknown> }).eval_report;
  if (inManifest && typeof inManifest.main_metric === "string") {
    return {
      name: inManifest.main_metric,
      tuned: num(inManifest.tuned),
      base: num(inManifest.base),
      few_shot: num(inManifest.few_shot),
      verdict: typeof inManifest.fine_tuning_vs_prompting === "string" ? inManifest.fine_tuning_vs_prompting : null,
    };
  }
  const main = report?.metrics?.find((x) => x.name === report.main_metric);
  if (!report || !main) return null;
  return {
    name: main.name,
    tuned: num(main.values?.tuned?.value),
    base: num(main.values?.base?.value),
    few_shot: num(main.values?.few_shot?.value),
    verdict: report.answer?.fine_tuning_vs_prompting ?? null,
  };
}

export function summarize(run: RunDir): RunSummary {
  const m = run.readManifest();
  const config = readJson<{ role?: string; method?: { kind?: string } }>(run.path("config.resolved.json"));
  const report = readJson<EvalReportFile>(run.path("eval", "report.json"));
  // A running run has no metrics in its manifest yet: its last step event says how far it is.
  const tail = m.status === "running" || num(m.metrics.steps) === null ? lastEvents(run.path("events.jsonl")) : [];
  const lastStep = tail.filter((e) => e.event === "step").at(-1);
  const lastEval = tail.filter((e) => e.event === "eval").at(-1);
  const ev = m.evaluation as { base?: { perplexity?: number }; tuned?: { perplexity?: number } } | undefined;
  return {
    id: m.id ?? run.id,
    status: m.status ?? "unknown",
    recipe: m.recipe,
    role: config?.role ?? report?.role ?? null,
    method: config?.method?.kind ?? null,
    base_model: typeof m.base_model?.id === "string" ? m.base_model.id : typeof m.base_model?.requested === "string" ? m.base_model.requested : null,
    created: m.created ?? null,
    updated: m.updated ?? null,
    step: num(m.metrics.steps) ?? num(lastStep?.step),
    total_steps: num(lastStep?.total_steps) ?? num(m.metrics.steps),
    final_loss: num(m.metrics.final_loss) ?? num(lastStep?.loss),
    eval_perplexity: num(m.metrics.eval_perplexity) ?? num(lastEval?.perplexity),
    heldout: ev ? { base: num(ev.base?.perplexity), tuned: num(ev.tuned?.perplexity) } : null,
    main_metric: mainMetric(m, report),
    reports: { eval: runFile(run, "eval", "report.html") !== null, data: runFile(run, "data", "report.html") !== null },
  };
}

/** Every readable run folder under `root`, oldest first; a folder mid-creation or broken is left out, not fatal. */
export function listSummaries(root: string): RunSummary[] {
  if (!existsSync(root)) return [];
  const out: RunSummary[] = [];
  for (const id of readdirSync(root).sort()) {
    const run = findRun(root, id);
    if (!run) continue;
    try {
      out.push(summarize(run));
    } catch {
      // manifest unreadable right now: the next refresh will see it
    }
  }
  return out;
}

/** The run view: manifest, resolved config, the eval report's metric table. */
export function runDetail(run: RunDir) {
  const report = readJson<EvalReportFile>(run.path("eval", "report.json"));
  return {
    summary: summarize(run),
    manifest: run.readManifest(),
    config: readJson<Record<string, unknown>>(run.path("config.resolved.json")),
    eval_report: report
      ? {
          role: report.role ?? null,
          main_metric: report.main_metric ?? null,
          metrics: (report.metrics ?? []).map((x) => ({
            name: x.name,
            direction: x.direction ?? null,
            main: x.main ?? x.name === report.main_metric,
            base: num(x.values?.base?.value),
            few_shot: num(x.values?.few_shot?.value),
            tuned: num(x.values?.tuned?.value),
          })),
          answer: report.answer ?? null,
          gates_failed: (report.gates ?? []).filter((g) => g.status === "failed").map((g) => g.detail ?? ""),
        }
      : null,
  };
}

/** Training curves of a run: [step, value] pairs. */
export function runSeries(run: RunDir) {
  const { events } = readEventsFrom(run.path("events.jsonl"));
  const pairs = (kind: string, field: string) =>
    events.filter((e) => e.event === kind && num(e.step) !== null && num(e[field]) !== null).map((e) => [e.step as number, e[field] as number]);
  return { loss: pairs("step", "loss"), lr: pairs("step", "lr"), eval_loss: pairs("eval", "loss"), eval_perplexity: pairs("eval", "perplexity") };
}

/** `<root>/registry.json` when the registry has written one; [] until then. */
export function readRegistry(root: string): unknown {
  const file = join(root, "registry.json");
  if (!existsSync(file)) return [];
  const v = readJson<unknown>(file);
  return v ?? [];
}
