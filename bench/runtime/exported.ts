// What the runtime benches share: the run to measure, its export (q8_0 base + f16 LoRA, made once if missing), flags, medians.
import { existsSync, readFileSync } from "node:fs";
import { exportRun, type ExportManifest } from "../../src/export/export.js";
import { listRuns, openRun, type RunDir } from "../../src/track/run-store.js";

export function pickRun(recipe: string, ref: string): RunDir {
  const done = listRuns().filter((m) => m.recipe === recipe && m.status === "done" && m.adapter);
  if (!ref && done.length === 0) {
    console.error(`no finished ${recipe} run: train one first (scriptorium train recipes/${recipe}.yaml) or pass --run <id|folder>`);
    process.exit(1);
  }
  return openRun(ref || done.at(-1)!.id);
}

export async function ensureExport(run: RunDir): Promise<ExportManifest> {
  const path = run.path("export", "manifest.json");
  const have = existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ExportManifest) : null;
  if (have && have.files.some((f) => f.path === "gguf/base-q8_0.gguf") && have.files.some((f) => f.path === "gguf/adapter-f16.gguf")) return have;
  return (await exportRun(run.dir, { formats: ["gguf"], outtype: "q8_0", loraOuttype: "f16", merged: false, onLine: (l) => !l.startsWith(" ") && console.error(l) })).manifest;
}

/** `--name value` from the command line. */
export const arg = (name: string, fallback: string): string => {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1]! : fallback;
};

export const median = (xs: number[]): number => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length === 0 ? NaN : s.length % 2 ? s[m]! : (s[m - 1]! + s[m]!) / 2;
};
