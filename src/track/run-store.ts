import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { basename, join, resolve } from "node:path";
import { UserError } from "../errors.js";
import { writeJsonAtomic } from "../fs-atomic.js";
import { runsRoot } from "../paths.js";
import { indexManifest, removeIndexed, runIndexPath } from "./run-index.js";

/**
 * A run directory: runs/<id>/ with config.resolved.json, manifest.json,
 * events.jsonl, job files, data splits, checkpoints/ and adapter/.
 */
export interface RunManifest {
  id: string;
  recipe: string;
  recipe_path: string;
  status: "running" | "done" | "failed" | "cancelled";
  created: string;
  updated: string;
  base_model: Record<string, unknown>;
  data: Record<string, unknown>;
  engine: Record<string, unknown>;
  metrics: Record<string, unknown>;
  evaluation?: Record<string, unknown>;
  adapter?: string;
  tracking?: Record<string, unknown>; // per tracker, where it logs this run (mlflow: run_id, experiment_id), so a resume or an eval logs there too
  parent_run: string | null;
}

export class RunDir {
  constructor(
    readonly id: string,
    readonly dir: string,
  ) {}

  path(...parts: string[]): string {
    return join(this.dir, ...parts);
  }

  readManifest(): RunManifest {
    return JSON.parse(readFileSync(this.path("manifest.json"), "utf8")) as RunManifest;
  }

  writeManifest(manifest: RunManifest): void {
    const written = { ...manifest, updated: new Date().toISOString() };
    writeJsonAtomic(this.path("manifest.json"), written);
    indexManifest(this.dir, written); // never throws: a failing index warns once and the run goes on
  }

  updateManifest(change: (m: RunManifest) => RunManifest): RunManifest {
    const next = change(this.readManifest());
    this.writeManifest(next);
    return next;
  }

  appendEvent(event: unknown): void {
    appendFileSync(this.path("events.jsonl"), JSON.stringify(event) + "\n");
  }

  readEvents(): Record<string, unknown>[] {
    if (!existsSync(this.path("events.jsonl"))) return [];
    return readFileSync(this.path("events.jsonl"), "utf8")
      .split("\n")
      .filter((l) => l.trim())
      .map((l) => JSON.parse(l) as Record<string, unknown>);
  }
}

function stamp(d: Date): string {
  const p = (n: number) => String(n).padStart(2, "0");
  return `${d.getUTCFullYear()}${p(d.getUTCMonth() + 1)}${p(d.getUTCDate())}-${p(d.getUTCHours())}${p(d.getUTCMinutes())}${p(d.getUTCSeconds())}`;
}

export function createRun(recipeName: string, now = new Date()): RunDir {
  const root = runsRoot();
  mkdirSync(root, { recursive: true });
  const base = `${stamp(now)}-${recipeName}`;
  for (let n = 0; ; n++) {
    const id = n === 0 ? base : `${base}-${n + 1}`;
    const dir = join(root, id);
    try {
      mkdirSync(dir); // not recursive: fails if another process took this id first
      return new RunDir(id, dir);
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
    }
  }
}

export function listRuns(): RunManifest[] {
  const root = runsRoot();
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((id) => existsSync(join(root, id, "manifest.json")))
    .sort()
    .map((id) => new RunDir(id, join(root, id)).readManifest());
}

/** `latest`, a full id, or a unique prefix/suffix of one. */
export function openRun(ref: string): RunDir {
  // A run folder given by path (e.g. from another runs root).
  if ((ref.includes("/") || ref.startsWith(".")) && existsSync(join(ref, "manifest.json"))) {
    const dir = resolve(ref);
    return new RunDir(basename(dir), dir);
  }
  const runs = listRuns();
  if (runs.length === 0) {
    throw new UserError("no_runs", `no runs in ${runsRoot()}`, { hint: "train one: scriptorium train recipes/npc.yaml" });
  }
  const matches = ref === "latest" ? [runs.at(-1)!] : runs.filter((r) => r.id === ref || r.id.startsWith(ref) || r.id.endsWith(ref));
  const exact = matches.find((r) => r.id === ref);
  const hit = exact ?? (matches.length === 1 ? matches[0] : undefined);
  if (!hit) {
    throw new UserError("run_not_found", matches.length ? `'${ref}' matches ${matches.length} runs` : `no run '${ref}'`, {
      hint: "see `scriptorium runs list` for run ids; `latest` names the newest",
    });
  }
  return new RunDir(hit.id, join(runsRoot(), hit.id));
}

export function removeRun(ref: string): string {
  const run = openRun(ref);
  rmSync(run.dir, { recursive: true, force: true });
  removeIndexed(run.id, runIndexPath(run.dir));
  return run.id;
}
