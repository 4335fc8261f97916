import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { builtinCacheDir } from "../src/engine/base-models.js";
import { runEngine } from "../src/engine/client.js";

export const CLI = resolve("dist/cli/index.js");

/**
 * `fetch` that retries once when the pooled keep-alive connection it picked was already closed by the
 * server. A synchronous `cli()` call blocks this event loop for minutes; a server's idle timeout (uvicorn:
 * 5 s) closes the socket meanwhile and the close goes unseen, so the next request on it fails with
 * "other side closed" (UND_ERR_SOCKET). Only for test reads, where a resend is harmless.
 */
export async function fetchRetry(url: string, init: RequestInit = {}): Promise<Response> {
  try {
    return await fetch(url, init);
  } catch (e) {
    const code = (e as { cause?: { code?: string } }).cause?.code;
    if (code !== "UND_ERR_SOCKET" && code !== "ECONNRESET") throw e;
    return await fetch(url, init);
  }
}

/** A tiny random Llama with the real SmolLM2 tokenizer, built by the engine in a few seconds. */
export async function buildTinyModel(): Promise<string> {
  const tokenizer = builtinCacheDir("smollm2-135m-instruct");
  if (!existsSync(join(tokenizer, "tokenizer.json"))) {
    throw new Error(`builtin model cache ${tokenizer} missing: run \`make setup\` first`);
  }
  const dir = mkdtempSync(join(tmpdir(), "tiny-"));
  const out = join(dir, "model");
  await runEngine({ protocol: 1, command: "tiny-model", tokenizer_from: tokenizer, out_dir: out, seed: 0 }, { jobPath: join(dir, "job.json") });
  return out;
}

/** A recipe on the starter NPC data, trained on the tiny model; `extra` is appended YAML. */
export function writeRecipe(dir: string, model: string, extra = ""): string {
  const path = join(dir, "tiny.yaml");
  writeFileSync(
    path,
    `name: tiny-npc
role: npc
base_model: ${model}
data:
  format: npc-conversations
  path: ${resolve("world/starter/npc-conversations.jsonl")}
  personas: ${resolve("world/personas")}
  canon: ${resolve("world/canon")}
  max_examples: 120
method:
  kind: lora
  r: 8
  alpha: 16
  target_modules: all-linear
training:
  max_steps: 12
  batch_size: 4
  lr: 2.0e-2
  max_seq_len: 256
  checkpoint_every: 4
  eval_every: 6
runtime:
  precision: auto
  threads: 2
${extra}`,
  );
  return path;
}

export interface CliResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

/** Runs the CLI to the end; `input` is piped to its stdin (a scripted player, for `play`). */
export function cli(args: string[], env: Record<string, string>, input?: string): CliResult {
  const r = spawnSync(process.execPath, [CLI, ...args], { env: { ...process.env, ...env }, encoding: "utf8", timeout: 600_000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Starts the CLI and calls `onLine` for each stdout line (for --json event streams). */
export function cliStream(args: string[], env: Record<string, string>, onLine: (line: string, kill: (sig: NodeJS.Signals) => void) => void): Promise<CliResult> {
  return new Promise((resolveResult) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    let stdout = "";
    let stderr = "";
    let buf = "";
    child.stdout.on("data", (d: Buffer) => {
      stdout += d.toString();
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        const line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        onLine(line, (sig) => child.kill(sig));
      }
    });
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolveResult({ code, stdout, stderr }));
  });
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), prefix));
}
