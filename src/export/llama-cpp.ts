/**
 * llama.cpp's own GGUF converters, from the llama.cpp release node-llama-cpp ships as a git bundle
 * (`node_modules/node-llama-cpp/llama/gitRelease.bundle`: the same llama.cpp the runtime's binaries
 * were built from, so what we write is what the runtime reads). The sources are cloned once into
 * `$SCRIPTORIUM_HOME/llama.cpp/<tag>/`; the converters run in the engine's Python with llama.cpp's
 * own `gguf-py` first on PYTHONPATH.
 */
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, renameSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { enginePython, REPO_ROOT, scriptoriumHome } from "../paths.js";

/** What llama.cpp's converters write (convert_hf_to_gguf.py `--outtype`). q8_0 is the quantized one they make. */
export const GGUF_OUTTYPES = ["f32", "f16", "bf16", "q8_0"] as const;
export type GgufOuttype = (typeof GGUF_OUTTYPES)[number];
/** LoRA adapters stay in float: convert_lora_to_gguf.py refuses quantized adapters for most types. */
export const LORA_OUTTYPES = ["f32", "f16", "bf16"] as const;
export type LoraOuttype = (typeof LORA_OUTTYPES)[number];

const LLAMA_DIR = join(REPO_ROOT, "node_modules", "node-llama-cpp", "llama");

export interface LlamaCppSources {
  tag: string;
  dir: string;
}

/** The llama.cpp release tag node-llama-cpp was built from (llama.cpp.info.json). */
export function llamaCppTag(): string {
  const info = join(LLAMA_DIR, "llama.cpp.info.json");
  if (!existsSync(info)) {
    throw new UserError("llama_cpp_missing", `node-llama-cpp's llama.cpp release info was not found at ${info}`, {
      hint: "run `make setup` (npm ci installs node-llama-cpp)",
    });
  }
  return (JSON.parse(readFileSync(info, "utf8")) as { tag: string }).tag;
}

/** The converters' sources, cloned from the bundle on first use (atomically: a clone interrupted halfway is redone). */
export function llamaCppSources(): LlamaCppSources {
  const tag = llamaCppTag();
  const dir = join(scriptoriumHome(), "llama.cpp", tag);
  if (existsSync(join(dir, "convert_lora_to_gguf.py"))) return { tag, dir };
  const bundle = join(LLAMA_DIR, "gitRelease.bundle");
  if (!existsSync(bundle)) {
    throw new UserError("llama_cpp_missing", `node-llama-cpp's llama.cpp sources (${bundle}) are missing`, {
      hint: "reinstall node-llama-cpp (`rm -rf node_modules && make setup`)",
    });
  }
  const tmp = `${dir}.tmp-${process.pid}`;
  rmSync(tmp, { recursive: true, force: true });
  mkdirSync(dirname(dir), { recursive: true });
  const r = spawnSync("git", ["clone", "--quiet", bundle, tmp], { encoding: "utf8" });
  if (r.error || r.status !== 0) {
    rmSync(tmp, { recursive: true, force: true });
    throw new UserError("git_missing", `could not unpack llama.cpp's converters from ${bundle}: ${r.error?.message ?? r.stderr.trim()}`, {
      hint: "the converters come out of a git bundle: install git (`apt-get install git`)",
    });
  }
  rmSync(dir, { recursive: true, force: true });
  renameSync(tmp, dir);
  return { tag, dir };
}

export interface ConvertOptions {
  /** Called with each line the converter prints (its progress). */
  onLine?: (line: string) => void;
}

/** Runs one converter script; writes to `<out>.part` and renames, so `out` is whole or absent. */
async function runConverter(script: string, args: string[], out: string, opts: ConvertOptions): Promise<void> {
  const src = llamaCppSources();
  const python = enginePython();
  if (!existsSync(python)) {
    throw new UserError("engine_missing", `the engine's Python was not found at ${python}`, { hint: "run `make setup` or set SCRIPTORIUM_PYTHON" });
  }
  mkdirSync(dirname(out), { recursive: true });
  const part = `${out}.part`;
  rmSync(part, { force: true });
  const tail: string[] = [];
  const code = await new Promise<number | null>((resolve, reject) => {
    const child = spawn(python, [join(src.dir, script), ...args, "--outfile", part], {
      env: { ...process.env, PYTHONPATH: join(src.dir, "gguf-py"), PYTHONUNBUFFERED: "1" },
      stdio: ["ignore", "pipe", "pipe"],
    });
    let buf = "";
    const onData = (d: Buffer) => {
      buf += d.toString().replace(/\r/g, "\n");
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i).trimEnd();
        buf = buf.slice(i + 1);
        if (!line) continue;
        tail.push(line);
        if (tail.length > 40) tail.shift();
        opts.onLine?.(line);
      }
    };
    child.stdout.on("data", onData);
    child.stderr.on("data", onData);
    child.on("error", reject);
    child.on("close", resolve);
  });
  if (code !== 0 || !existsSync(part)) {
    rmSync(part, { force: true });
    throw new UserError("gguf_convert_failed", `llama.cpp's ${script} failed (exit ${code}):\n${tail.slice(-15).join("\n")}`, {
      hint: "the converter supports the architectures llama.cpp runs; see its message above",
    });
  }
  renameSync(part, out);
}

/** A Hugging Face model folder (safetensors + tokenizer) → one GGUF file. */
export function convertModelToGguf(hfDir: string, out: string, outtype: GgufOuttype, opts: ConvertOptions = {}): Promise<void> {
  return runConverter("convert_hf_to_gguf.py", [hfDir, "--outtype", outtype], out, opts);
}

/** A PEFT LoRA adapter folder → a GGUF LoRA adapter for the base model in `baseHfDir`. */
export function convertLoraToGguf(adapterDir: string, baseHfDir: string, out: string, outtype: LoraOuttype, opts: ConvertOptions = {}): Promise<void> {
  return runConverter("convert_lora_to_gguf.py", [adapterDir, "--base", baseHfDir, "--outtype", outtype], out, opts);
}
