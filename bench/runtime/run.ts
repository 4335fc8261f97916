// node --import tsx bench/runtime/run.ts [--run <npc run>] [--prompts 16] [--new-tokens 64] [--threads 2]   (make bench-runtime)
//
// An NPC reply on 2 cores with the 135M model: the runtime's path (llama.cpp through node-llama-cpp,
// quantized GGUF base + GGUF LoRA, exported by `scriptorium export`) against transformers `generate`
// with the PEFT adapter (bf16 autocast and fp32), on the same prompt token ids (the held-out NPC
// conversations of the run, chat template applied by the engine), batch 1, greedy, in the same run.
//   first token  prompt processing + one token, from a cleared context (what a player waits for)
//   decode       (N - 1) tokens / (time to N tokens - time to the first)
//   agreement    the quantized GGUF's first 32 greedy tokens (or up to the end of turn) against the engine's
//                fp32 ones: the share of prompts with all equal, and the mean share of the equal prefix
// The run is any finished NPC LoRA run (default: the newest in $SCRIPTORIUM_RUNS or ./runs).
// Writes bench/results/runtime-<date>.json and the runtime section of BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { getLlama, type Token } from "node-llama-cpp";
import { runEngine } from "../../src/engine/client.js";
import { enginePython } from "../../src/paths.js";
import { arg, ensureExport, median, pickRun } from "./exported.js";

const ROOT = process.cwd();
const START = "<!-- runtime:start -->";
const END = "<!-- runtime:end -->";
const nPrompts = Number(arg("prompts", "16"));
const newTokens = Number(arg("new-tokens", "64"));
const threads = Number(arg("threads", "2"));
const AGREE = 32;

const run = pickRun("npc", arg("run", ""));
const manifest = run.readManifest();
const config = JSON.parse(readFileSync(run.path("config.resolved.json"), "utf8")) as { base_model: { ref: { id: string } } };
const tmp = mkdtempSync(join(tmpdir(), "bench-runtime-"));

// 1. the files the game loads
const exp = await ensureExport(run);
const variants = exp.files.filter((f) => f.kind === "base-gguf" || f.kind === "packaged-base-gguf").map((f) => ({ base: join(run.path("export"), f.path), outtype: f.outtype! }));
const lora = join(run.path("export"), "gguf/adapter-f16.gguf");

// 2. prompts: held-out conversations up to their last player turn; ids and fp32 greedy tokens from the engine
const examples = readFileSync(run.path("data", "test.jsonl"), "utf8").split("\n").filter(Boolean).slice(0, nPrompts).map((l) => JSON.parse(l) as { id: string; messages: { role: string }[] });
const lastUser = examples.map((e) => (e.messages as { role: string; content: string }[]).filter((m) => m.role === "user").at(-1)!.content);
const promptsFile = join(tmp, "prompts.jsonl");
writeFileSync(promptsFile, examples.map((e) => {
  const last = e.messages.map((m) => m.role).lastIndexOf("user");
  return JSON.stringify({ id: e.id, messages: e.messages.slice(0, last + 1) });
}).join("\n") + "\n");
await runEngine(
  {
    protocol: 1, command: "generate", label: "bench", model: { source: "local", id: config.base_model.ref.id, revision: null, trust_remote_code: false },
    adapter: manifest.adapter!, method_kind: "lora", prompts: promptsFile, output: join(tmp, "engine.jsonl"), batch_size: 1,
    max_new_tokens: AGREE, max_prompt_len: 512, sampling: { kind: "greedy" }, seed: 0, return_ids: true, runtime: { precision: "fp32", threads, seed: 0 },
  },
  { jobPath: join(tmp, "job.generate.json") },
);
const engineRows = readFileSync(join(tmp, "engine.jsonl"), "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { prompt_ids: number[]; token_ids: number[] });
const promptIds = engineRows.map((r) => r.prompt_ids);
const load0 = loadavg()[0]!;

// 3. llama.cpp
const llama = await getLlama({ gpu: false, build: "never" });
const ours: Record<string, unknown>[] = [];
for (const v of variants) {
  const model = await llama.loadModel({ modelPath: v.base });
  const ctx = await model.createContext({ contextSize: 1024, threads, lora: { adapters: [{ filePath: lora }] } });
  const seq = ctx.getSequence();
  const gen = async (ids: number[], n: number, stopAtEos: boolean) => {
    await seq.clearHistory();
    const out: number[] = [];
    const t0 = performance.now();
    let first = 0;
    for await (const t of seq.evaluate(ids as Token[], { temperature: 0 })) {
      if (!first) first = performance.now() - t0;
      if (stopAtEos && t === model.tokens.eos) break;
      out.push(t);
      if (out.length >= n) break;
    }
    return { out, first, total: performance.now() - t0 };
  };
  await gen(promptIds[0]!, 8, false); // warm-up
  const firsts: number[] = [];
  const decodes: number[] = [];
  const warmFirsts: number[] = [];
  for (const [i, ids] of promptIds.entries()) {
    const r = await gen(ids, newTokens, false);
    firsts.push(r.first);
    decodes.push((newTokens - 1) / ((r.total - r.first) / 1000));
    // warm: the earlier turns are already in the context (an NPC session keeps its sequence between turns),
    // so only the player's new line and the reply header are processed before the first token
    const tail = model.tokenize(`<|im_start|>user\n${lastUser[i]}<|im_end|>\n<|im_start|>assistant\n`, true);
    const split = ids.length - tail.length;
    if (split <= 0 || tail.some((t, k) => t !== ids[split + k])) throw new Error(`prompt ${i}: its last turn does not tokenize as the tail of its ids`);
    await seq.clearHistory();
    for await (const _ of seq.evaluate(ids.slice(0, split) as Token[], { temperature: 0 })) break; // the earlier turns (their one sampled token is not kept)
    if (seq.nextTokenIndex > split) await seq.eraseContextTokenRanges([{ start: split, end: seq.nextTokenIndex }]);
    const t0 = performance.now();
    for await (const _ of seq.evaluate(ids.slice(split) as Token[], { temperature: 0 })) {
      warmFirsts.push(performance.now() - t0);
      break;
    }
  }
  let exact = 0;
  let prefix = 0;
  for (const row of engineRows) {
    const { out } = await gen(row.prompt_ids, AGREE, true);
    const want = row.token_ids.slice(0, AGREE);
    let k = 0;
    while (k < want.length && out[k] === want[k]) k++;
    if (k === want.length && out.length === want.length) exact++;
    prefix += want.length ? k / want.length : 1;
  }
  ours.push({
    system: `llama.cpp ${v.outtype} GGUF + f16 LoRA`, outtype: v.outtype, bytes: readFileSync(v.base).length,
    first_token_ms_median: median(firsts), warm_first_token_ms_median: median(warmFirsts), decode_tokens_per_s_median: median(decodes),
    agreement_exact32: exact / engineRows.length, agreement_mean_prefix: prefix / engineRows.length,
  });
  console.error(`${v.outtype}: first token ${median(firsts).toFixed(0)} ms (warm ${median(warmFirsts).toFixed(0)} ms), ${median(decodes).toFixed(1)} tokens/s, agreement ${exact}/${engineRows.length}`);
  await ctx.dispose();
  await model.dispose();
}

// 4. transformers generate, same ids
const idsFile = join(tmp, "ids.json");
writeFileSync(idsFile, JSON.stringify(promptIds));
const hf: Record<string, unknown>[] = [];
for (const precision of ["bf16", "fp32"]) {
  const r = spawnSync(enginePython(), ["bench/runtime/hf_generate.py", "--model", config.base_model.ref.id, "--adapter", manifest.adapter!, "--prompts", idsFile, "--new-tokens", String(newTokens), "--threads", String(threads), "--precision", precision], {
    encoding: "utf8", env: { ...process.env, PYTHONPATH: join(ROOT, "engine") },
  });
  if (r.status !== 0) throw new Error(`hf_generate.py ${precision}: exit ${r.status} signal ${r.signal} ${r.error?.message ?? ""}\n${r.stderr.slice(-2000)}`);
  const j = JSON.parse(r.stdout.trim().split("\n").at(-1)!) as Record<string, number>;
  hf.push({ system: `transformers generate + PEFT (${precision})`, ...j });
  console.error(`transformers ${precision}: first token ${j.first_token_ms_median!.toFixed(0)} ms, ${j.decode_tokens_per_s_median!.toFixed(1)} tokens/s`);
}

// 5. report
const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0]?.model.trim() ?? "CPU"}, ${cpus().length} cores, Node ${process.version}`;
const pkg = JSON.parse(readFileSync("node_modules/node-llama-cpp/package.json", "utf8")) as { version: string };
const resultFile = `bench/results/runtime-${date}.json`;
const result = { date, machine, load_average_start: load0, run: run.id, prompts: promptIds.length, prompt_tokens_mean: promptIds.reduce((a, p) => a + p.length, 0) / promptIds.length, new_tokens: newTokens, threads, node_llama_cpp: pkg.version, llama_cpp: exp.llama_cpp, ours, baseline: hf };
writeFileSync(resultFile, JSON.stringify(result, null, 2) + "\n");
const f = (x: unknown, d = 1) => (typeof x === "number" ? x.toFixed(d) : "—");
const rows = [
  ...ours.map((o) => `| ${o.system} | ${f(o.first_token_ms_median, 0)} (warm ${f(o.warm_first_token_ms_median, 0)}) | ${f(o.decode_tokens_per_s_median)} | ${(o.agreement_exact32 as number * 100).toFixed(0)}% (prefix ${((o.agreement_mean_prefix as number) * 100).toFixed(0)}%) |`),
  ...hf.map((o) => `| ${o.system} | ${f(o.first_token_ms_median, 0)} | ${f(o.decode_tokens_per_s_median)} | reference (fp32) |`),
].join("\n");
const section = `${START}
## Runtime (\`make bench-runtime\`)

An NPC reply with the 135M model on ${threads} threads: ${date}, ${machine}; node-llama-cpp ${pkg.version} (llama.cpp ${exp.llama_cpp}),
load average ${load0.toFixed(1)} at the start (the machine is shared). Run ${run.id}'s LoRA, exported by \`scriptorium export\`;
${promptIds.length} held-out NPC conversations (mean ${Math.round(result.prompt_tokens_mean)} prompt tokens, chat template applied), batch 1,
greedy, ${newTokens} new tokens; first token = prompt processing + one token from a cleared context (warm: the earlier turns
already in the context, as an NPC session keeps them between turns — only the player's new line is processed); decode = (N − 1) / (time to N − time to first).
Agreement: the GGUF's first ${AGREE} greedy tokens against the engine's fp32 ones (all equal, up to the engine's end of turn; mean share of the equal prefix). Targets: first token ≤ 150 ms, ≥ 60 tokens/s.
Raw: \`${resultFile}\`.

| system | first token ms (median) | decode tokens/s (median) | agreement with fp32 |
|---|---:|---:|---|
${rows}
${END}`;
const bm = join(ROOT, "BENCHMARKS.md");
const text = readFileSync(bm, "utf8");
writeFileSync(bm, text.includes(START) ? text.slice(0, text.indexOf(START)) + section + text.slice(text.indexOf(END) + END.length) : `${text.trimEnd()}\n\n${section}\n`);
console.log(rows);
