import { spawnSync } from "node:child_process";
import { existsSync, readdirSync } from "node:fs";
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

/**
 * A file inside a Python package of the engine's venv (weights shipped as package data), or null.
 * Looked up in the venv's site-packages first (no Python start), then by asking its Python.
 */
export function enginePackageFile(pkg: string, file: string): string | null {
  const lib = join(REPO_ROOT, ".venv", "lib");
  if (existsSync(lib)) {
    for (const py of readdirSync(lib)) {
      const p = join(lib, py, "site-packages", pkg, file);
      if (existsSync(p)) return p;
    }
  }
  const r = spawnSync(enginePython(), ["-c", `import os, ${pkg} as p; print(os.path.dirname(p.__file__))`], { encoding: "utf8" });
  const p = r.status === 0 ? join(r.stdout.trim(), file) : "";
  return p && existsSync(p) ? p : null;
}
