/**
 * Export end to end on a tiny trained LoRA run, checked by the tools that load the files:
 * the merged safetensors folder generates what base + PEFT adapter generate (transformers), and
 * llama.cpp (node-llama-cpp) running the GGUF base + GGUF LoRA decodes greedily the same first 32
 * tokens as the engine on the same prompt ids — f32 and f16 exports. The manifest's hashes are
 * the files' own, and the adapter changes what llama.cpp says.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { getLlama, type Llama, type LlamaModel, type Token } from "node-llama-cpp";
import { runEngine } from "../src/engine/client.js";
import { buildTinyModel, cli, tempDir, writeRecipe } from "./helpers.js";

const NEW = 32;
let dir = "";
let runs = "";
let model = "";
let runId = "";
let llama: Llama;

interface Manifest {
  dir: string;
  parent_run: { id: string; role: string; method: string };
  llama_cpp: string;
  formats: string[];
  files: { path: string; kind: string; outtype: string | null; bytes: number; sha256: string }[];
}
interface Row {
  id: string;
  prompt_ids: number[];
  token_ids: number[];
}

before(async () => {
  dir = tempDir("e2e-export-");
  runs = join(dir, "runs");
  model = await buildTinyModel();
  const r = cli(["train", writeRecipe(dir, model, ""), "--max-steps", "6"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(r.code, 0, r.stderr);
  runId = /run (\d{8}-\d{6}-tiny-npc)/.exec(r.stdout + r.stderr)![1]!;
  llama = await getLlama({ gpu: false, build: "never" });
});

function exportJson(args: string[]): Manifest {
  const r = cli(["export", runId, ...args, "--json"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(r.code, 0, r.stderr);
  return JSON.parse(r.stdout) as Manifest;
}

/** Greedy ids from the engine (transformers, fp32) for 4 starter conversations. */
async function engineGreedy(adapter: string | null, modelDir: string, label: string): Promise<Row[]> {
  const prompts = join(dir, "prompts.jsonl");
  const lines = readFileSync("world/starter/npc-conversations.jsonl", "utf8").split("\n").filter(Boolean).slice(0, 4);
  writeFileSync(prompts, lines.map((l) => {
    const r = JSON.parse(l) as { id: string; turns: { role: string; content: string }[] };
    return JSON.stringify({ id: r.id, messages: [{ role: "system", content: "You are Aurelio." }, r.turns[0]] });
  }).join("\n") + "\n");
  const output = join(dir, `gen-${label}.jsonl`);
  await runEngine(
    {
      protocol: 1, command: "generate", label,
      model: { source: "local", id: modelDir, revision: null, trust_remote_code: false },
      adapter, method_kind: "lora", prompts, output, batch_size: 1, max_new_tokens: NEW, max_prompt_len: 256,
      sampling: { kind: "greedy" }, seed: 0, return_ids: true, runtime: { precision: "fp32", threads: 2, seed: 0 },
    },
    { jobPath: join(dir, `job.gen-${label}.json`) },
  );
  return readFileSync(output, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Row);
}

async function llamaGreedy(m: LlamaModel, lora: string | null, prompt: number[]): Promise<number[]> {
  const ctx = await m.createContext({ contextSize: 512, threads: 2, ...(lora ? { lora: { adapters: [{ filePath: lora }] } } : {}) });
  try {
    const out: number[] = [];
    for await (const t of ctx.getSequence().evaluate(prompt as Token[], { temperature: 0 })) {
      if (t === m.tokens.eos) break; // the engine stops at the tokenizer's eos (<|im_end|>) too
      out.push(t);
      if (out.length >= NEW) break;
    }
    return out;
  } finally {
    await ctx.dispose();
  }
}

test("export --format hf,gguf: merged safetensors = base + adapter in transformers; llama.cpp GGUF base + LoRA (f32, f16) decode the engine's first 32 greedy tokens", { timeout: 600_000 }, async () => {
  const f32 = exportJson(["--format", "hf,gguf", "--outtype", "f32", "--lora-outtype", "f32"]);
  assert.equal(f32.parent_run.id, runId);
  assert.equal(f32.parent_run.method, "lora");
  assert.match(f32.llama_cpp, /^v?\d|^b\d/);
  const kinds = f32.files.map((f) => f.kind);
  for (const k of ["merged-hf", "base-gguf", "lora-gguf"]) assert.ok(kinds.includes(k), `${k} in ${kinds.join(" ")}`);
  for (const f of f32.files) {
    const bytes = readFileSync(join(f32.dir, f.path));
    assert.equal(f.bytes, bytes.length, f.path);
    assert.equal(f.sha256, createHash("sha256").update(bytes).digest("hex"), `${f.path}: manifest sha256 is the file's`);
  }
  const f16 = exportJson(["--format", "gguf", "--outtype", "f16", "--lora-outtype", "f16"]);
  const paths = f16.files.map((f) => f.path);
  for (const p of ["gguf/base-f16.gguf", "gguf/adapter-f16.gguf", "gguf/base-f32.gguf", "hf/model.safetensors"]) assert.ok(paths.includes(p), `${p} still listed: ${paths.join(" ")}`);

  const adapterDir = join(runs, runId, "adapter");
  const tuned = await engineGreedy(adapterDir, model, "tuned");
  const merged = await engineGreedy(null, join(f32.dir, "hf"), "merged");
  assert.deepEqual(merged.map((r) => r.token_ids), tuned.map((r) => r.token_ids), "the merged folder generates what base + adapter generate");
  assert.ok(tuned.every((r) => r.token_ids.length >= 8), `long enough to compare: ${tuned.map((r) => r.token_ids.length).join(",")}`);

  for (const t of ["f32", "f16"]) {
    const m = await llama.loadModel({ modelPath: join(f32.dir, `gguf/base-${t}.gguf`) });
    try {
      for (const row of tuned) {
        const got = await llamaGreedy(m, join(f32.dir, `gguf/adapter-${t}.gguf`), row.prompt_ids);
        assert.deepEqual(got, row.token_ids.slice(0, NEW), `${t} GGUF + LoRA vs engine on ${row.id}`);
      }
      if (t === "f32") {
        const bare = await Promise.all(tuned.map((row) => llamaGreedy(m, null, row.prompt_ids)));
        assert.ok(bare.some((b, i) => JSON.stringify(b) !== JSON.stringify(tuned[i]!.token_ids)), "the LoRA changes what llama.cpp decodes");
      }
    } finally {
      await m.dispose();
    }
  }
});

test("export names a run that is not there and an --outtype the converters do not write", () => {
  const r = cli(["export", "no-such-run"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stderr, /no run 'no-such-run'/);
  const bad = cli(["export", runId, "--outtype", "q4_k_m"], { SCRIPTORIUM_RUNS: runs });
  assert.notEqual(bad.code, 0);
  assert.match(bad.stderr, /--outtype q4_k_m is not one of f32, f16, bf16, q8_0/);
});
