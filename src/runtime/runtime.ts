import { existsSync } from "node:fs";
import { availableParallelism } from "node:os";
import { resolve } from "node:path";
import { getLlama, LlamaLogLevel, type Llama, type LlamaContext, type LlamaContextSequence, type LlamaModel } from "node-llama-cpp";
import { UserError } from "../errors.js";
import type { BookStyle } from "../roles/canon/schema.js";
import type { NpcPromptStyle } from "../roles/npc/prompt.js";
import type { ChatMessage } from "../spec/chat.js";
import { builtinGgufPath } from "./base-gguf.js";
import { chatRendererFor, type ChatRenderer } from "./chat-template.js";
import { generateOn, type GenerateOptions, type GenerateResult } from "./generate.js";

/**
 * The game runtime: one base GGUF loaded once, each role adapter (GGUF LoRA) in a context of
 * its own on that model — contexts with different LoRA sets share the weights, so three roles
 * cost one model plus three KV caches. Each context has one sequence and a queue, so calls to
 * one adapter run one at a time (in order) while different adapters may overlap.
 */
export const ROLES = ["director", "npc", "book"] as const;
export type RoleName = (typeof ROLES)[number];

export interface AdapterSpec {
  /** The name requests select it by (server `model`, scene). */
  name: string;
  role: RoleName;
  /** A GGUF LoRA adapter (scriptorium export --format gguf writes gguf/adapter-*.gguf). */
  path: string;
  /** LoRA scale; 1 is what training used. */
  scale?: number;
  /** NPC adapters: the prompt style the run trained with (data.npc_prompt); compact is the recipes' default. */
  npcPrompt?: NpcPromptStyle;
  /** NPC adapters: only for this character (persona id); absent = any character. */
  character?: string;
  /** Book adapters: only for this style; absent = any style. */
  style?: BookStyle;
}

export interface RuntimeOptions {
  /** The base model GGUF; default the builtin SmolLM2-135M-Instruct Q4_1 from the engine's venv. */
  base?: string;
  adapters?: readonly AdapterSpec[];
  /** CPU threads per evaluation. Always explicit: llama.cpp's default oversubscribes small machines (20× slower on 2 cores). */
  threads?: number;
  /** "auto" uses a GPU when node-llama-cpp has a binary for it; false forces the CPU. */
  gpu?: "auto" | false;
  /** Tokens per context (capped at the model's training context). */
  contextSize?: number;
}

/** The name of the slot that runs the base model with no adapter. */
export const BASE = "base";

interface Slot {
  name: string;
  adapter: AdapterSpec | null;
  context: LlamaContext;
  sequence: LlamaContextSequence;
  queue: Promise<unknown>;
}

export const defaultThreads = (): number => Math.max(1, Math.min(availableParallelism(), 8));

export class Runtime {
  private readonly slots = new Map<string, Promise<Slot>>();
  private disposed = false;

  private constructor(
    readonly llama: Llama,
    readonly model: LlamaModel,
    readonly basePath: string,
    readonly renderer: ChatRenderer,
    readonly adapters: readonly AdapterSpec[],
    readonly threads: number,
    readonly contextSize: number,
    /** True when `basePath` is the builtin default (no base was named). */
    readonly defaultBase: boolean,
  ) {}

  static async load(opts: RuntimeOptions = {}): Promise<Runtime> {
    const basePath = opts.base ? resolve(opts.base) : builtinGgufPath();
    if (!existsSync(basePath)) {
      throw new UserError("runtime_base_missing", `base model ${basePath} does not exist`, {
        hint: "pass a GGUF file (scriptorium export <run> --format gguf writes export/gguf/base-*.gguf), or omit it for the builtin SmolLM2-135M",
        location: { file: basePath },
      });
    }
    const adapters = (opts.adapters ?? []).map((a) => ({ ...a, path: resolve(a.path) }));
    const seen = new Set<string>([BASE]);
    for (const a of adapters) {
      if (seen.has(a.name)) throw new UserError("runtime_adapter_duplicate", `two adapters are named '${a.name}'`, { hint: `adapter names must be unique and not '${BASE}'` });
      seen.add(a.name);
      if (!existsSync(a.path)) {
        throw new UserError("runtime_adapter_missing", `adapter '${a.name}': ${a.path} does not exist`, {
          hint: "a GGUF LoRA file: scriptorium export <run> --format gguf writes export/gguf/adapter-f16.gguf",
          location: { file: a.path },
        });
      }
    }
    const threads = opts.threads ?? defaultThreads();
    const llama = await getLlama({ gpu: opts.gpu ?? false, build: "never", logLevel: LlamaLogLevel.error });
    let model: LlamaModel;
    try {
      model = await llama.loadModel({ modelPath: basePath });
    } catch (e) {
      await llama.dispose();
      throw new UserError("runtime_base_invalid", `could not load ${basePath} as a GGUF model: ${(e as Error).message}`, {
        hint: "the base must be a GGUF model file (not a LoRA adapter, not safetensors)",
        location: { file: basePath },
        cause: e,
      });
    }
    const contextSize = Math.min(opts.contextSize ?? 2048, model.trainContextSize || 2048);
    const rt = new Runtime(llama, model, basePath, chatRendererFor(model, basePath), adapters, threads, contextSize, !opts.base);
    try {
      // Adapters load now, so a bad file fails at start rather than on the first request.
      await Promise.all(adapters.map((a) => rt.slot(a.name)));
    } catch (e) {
      await rt.dispose();
      throw e;
    }
    return rt;
  }

  /** The adapter that serves a role (and character/style), most specific first; null = the base model. */
  adapterFor(role: RoleName, key?: { character?: string; style?: string }): AdapterSpec | null {
    const mine = this.adapters.filter((a) => a.role === role);
    return (
      mine.find((a) => key?.character !== undefined && a.character === key.character) ??
      mine.find((a) => key?.style !== undefined && a.style === key.style) ??
      mine.find((a) => a.character === undefined && a.style === undefined) ??
      null
    );
  }

  adapter(name: string): AdapterSpec | undefined {
    return this.adapters.find((a) => a.name === name);
  }

  private slot(name: string): Promise<Slot> {
    if (this.disposed) throw new Error("bug: runtime used after dispose()");
    let s = this.slots.get(name);
    if (!s) {
      const adapter = name === BASE ? null : this.adapter(name);
      if (adapter === undefined) throw new UserError("runtime_no_adapter", `no adapter named '${name}'`, { hint: `loaded: ${[BASE, ...this.adapters.map((a) => a.name)].join(", ")}` });
      s = this.model
        .createContext({
          contextSize: this.contextSize,
          threads: this.threads,
          sequences: 1,
          ...(adapter ? { lora: { adapters: [{ filePath: adapter.path, scale: adapter.scale ?? 1 }] } } : {}),
        })
        .then((context) => ({ name, adapter, context, sequence: context.getSequence(), queue: Promise.resolve() }))
        .catch((e: unknown) => {
          this.slots.delete(name);
          throw new UserError("runtime_adapter_invalid", `adapter '${name}' (${adapter?.path ?? "base"}) could not be loaded: ${(e as Error).message}`, {
            hint: "a GGUF LoRA made for this base model (same architecture and sizes): scriptorium export <run> --format gguf",
            cause: e,
          });
        });
      this.slots.set(name, s);
    }
    return s;
  }

  /** Chat messages → the chat template's text with the generation prompt → tokens (special tokens on). */
  tokenizeChat(messages: readonly ChatMessage[]): number[] {
    return this.model.tokenize(this.renderer.render(messages, true), true) as number[];
  }

  /** Generates on the adapter `name` (or BASE) from chat messages; calls on one adapter run in order. */
  async chat(name: string, messages: readonly ChatMessage[], opts: GenerateOptions = {}): Promise<GenerateResult> {
    return this.complete(name, this.tokenizeChat(messages), opts);
  }

  /** Generates from prompt tokens on the adapter `name` (or BASE). */
  async complete(name: string, prompt: number[], opts: GenerateOptions = {}): Promise<GenerateResult> {
    const slot = await this.slot(name);
    const run = slot.queue.then(() => generateOn(this.model, slot.sequence, prompt, opts));
    slot.queue = run.catch(() => undefined);
    return run;
  }

  async dispose(): Promise<void> {
    if (this.disposed) return;
    this.disposed = true;
    const slots = await Promise.allSettled([...this.slots.values()]);
    for (const s of slots) if (s.status === "fulfilled") await s.value.queue.then(() => s.value.context.dispose());
    await this.model.dispose();
    await this.llama.dispose();
  }
}
