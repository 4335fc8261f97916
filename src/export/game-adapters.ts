import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { findBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import type { AdapterSpec, RoleName } from "../runtime/runtime.js";
import { ROLES } from "../runtime/runtime.js";
import { listRuns, openRun } from "../track/run-store.js";
import { resolveExportSource, type ExportManifest } from "./export.js";

/**
 * Which exported adapters a game session loads per role: a run or registry model named for the
 * role, else (when `discover`) the newest finished run of that role that has a GGUF LoRA
 * export, else none (the base model plays the role). Also which base GGUF those adapters sit
 * on: the builtin model's packaged file when they were trained on it, else the export's base.
 */
export interface GameAdapters {
  base: string | undefined;
  adapters: AdapterSpec[];
  /** One line per role: what plays it and where it came from. */
  notes: string[];
}

interface ResolvedConfig {
  role: string;
  base_model: { requested: string };
  data?: { npc_prompt?: "compact" | "full" };
}

export function gameAdapters(named: Partial<Record<RoleName, string>>, discover: boolean): GameAdapters {
  const adapters: AdapterSpec[] = [];
  const notes: string[] = [];
  const bases = new Map<string, string>(); // base model requested → the GGUF to load (undefined = the builtin default)
  for (const role of ROLES) {
    const ref = named[role] ?? (discover ? newestExported(role) : undefined);
    if (!ref) {
      notes.push(`${role}: the base model (no ${role} adapter exported; scriptorium export <run> makes one)`);
      continue;
    }
    const { run, registry } = resolveExportSource(ref);
    const exp = readExport(run.path("export", "manifest.json"));
    const lora = exp?.files.find((f) => f.kind === "lora-gguf");
    if (!exp || !lora) {
      throw new UserError("play_not_exported", `${role}: run ${run.id} has no GGUF LoRA adapter in ${run.path("export")}`, {
        hint: `scriptorium export ${registry ? `${registry.name}@${registry.version}` : run.id} --format gguf`,
      });
    }
    const config = JSON.parse(readFileSync(run.path("config.resolved.json"), "utf8")) as ResolvedConfig;
    if (config.role !== role) throw new UserError("play_wrong_role", `--${role} ${ref}: run ${run.id} trained the ${config.role} role`, { hint: `pass it as --${config.role} ${ref}` });
    const base = findBuiltin(config.base_model.requested) ? "" : exp.files.find((f) => f.kind === "base-gguf")?.path;
    if (base === undefined) throw new UserError("play_no_base", `${role}: run ${run.id}'s export has no base GGUF`, { hint: `scriptorium export ${run.id} --format gguf` });
    bases.set(config.base_model.requested, base ? join(run.path("export"), base) : "");
    adapters.push({ name: role, role, path: join(run.path("export"), lora.path), ...(role === "npc" ? { npcPrompt: config.data?.npc_prompt ?? "compact" } : {}) });
    notes.push(`${role}: run ${run.id}${registry ? ` (${registry.name} v${registry.version})` : ""}, ${lora.path}`);
  }
  if (bases.size > 1) {
    throw new UserError("play_mixed_bases", `the adapters were trained on different base models: ${[...bases.keys()].join(", ")}`, {
      hint: "one game session loads one base model: pick runs of the same base_model (--director/--npc/--book)",
    });
  }
  const base = [...bases.values()][0] || undefined;
  return { base, adapters, notes };
}

function readExport(path: string): ExportManifest | null {
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as ExportManifest) : null;
}

function newestExported(role: RoleName): string | undefined {
  for (const m of listRuns().reverse()) {
    if (m.status !== "done") continue;
    const run = openRun(m.id);
    const exp = readExport(run.path("export", "manifest.json"));
    if (exp?.parent_run.role === role && exp.files.some((f) => f.kind === "lora-gguf")) return m.id;
  }
  return undefined;
}
