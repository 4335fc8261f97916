import type { Command } from "commander";
import { UserError } from "../errors.js";
import { parseAdapterArg } from "../runtime/adapter-arg.js";
import { defaultThreads, type RuntimeOptions } from "../runtime/runtime.js";

/** The flags `serve` and `play` share: which base, which adapters, how many threads. */
export interface RuntimeFlags {
  base?: string;
  adapter: string[];
  threads?: string;
  gpu?: boolean;
  contextSize: string;
  world: string;
}

export function addRuntimeFlags(cmd: Command): Command {
  return cmd
    .option("--base <gguf>", "base model GGUF (default: the builtin SmolLM2-135M-Instruct Q4_1 from the engine's venv)")
    .option("--adapter <name=path[:role]>", "a GGUF LoRA adapter; repeat for several (npc=…, director=…, book=…, npc:<character>=…, book:<style>=…)", (v: string, acc: string[]) => [...acc, v], [] as string[])
    .option("--threads <n>", `CPU threads (default ${defaultThreads()}: this machine's cores, at most 8)`)
    .option("--gpu", "use a GPU when node-llama-cpp has a binary for it (default: CPU only)")
    .option("--context-size <n>", "tokens per adapter context", "2048")
    .option("--world <dir>", "the world folder (canon + persona cards)", "world");
}

const positiveInt = (flag: string, v: string): number => {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError("bad_option", `${flag} ${v} is not a positive whole number`);
  return n;
};

export function runtimeOptions(f: RuntimeFlags): RuntimeOptions {
  return {
    ...(f.base ? { base: f.base } : {}),
    adapters: f.adapter.map(parseAdapterArg),
    threads: f.threads ? positiveInt("--threads", f.threads) : defaultThreads(),
    gpu: f.gpu ? "auto" : false,
    contextSize: positiveInt("--context-size", f.contextSize),
  };
}
