import { homedir } from "node:os";
import { join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

/** Repository root: this file sits at src/paths.ts or dist/paths.js, one level down. */
export const REPO_ROOT = resolve(fileURLToPath(new URL(".", import.meta.url)), "..");

/** Where converted builtin models are cached (SCRIPTORIUM_HOME, default ~/.cache/scriptorium). */
export function scriptoriumHome(): string {
  return resolve(process.env.SCRIPTORIUM_HOME ?? join(homedir(), ".cache", "scriptorium"));
}

/** Where runs are written (SCRIPTORIUM_RUNS, default ./runs of the working directory). */
export function runsRoot(): string {
  return resolve(process.env.SCRIPTORIUM_RUNS ?? "runs");
}

/** The engine's Python (SCRIPTORIUM_PYTHON, default the project venv made by `make setup`). */
export function enginePython(): string {
  return process.env.SCRIPTORIUM_PYTHON ?? join(REPO_ROOT, ".venv", "bin", "python");
}

/** The SQLite index of the runs root (runs table, metrics, registry): one file beside the run folders. */
export function indexDbPath(): string {
  return join(runsRoot(), "index.sqlite");
}

/** The trackers' venv (MLflow, TensorBoard) made by `make tools`; SCRIPTORIUM_TOOLS_VENV overrides. */
export function toolsVenv(): string {
  return resolve(process.env.SCRIPTORIUM_TOOLS_VENV ?? join(REPO_ROOT, ".venv-tools"));
}
