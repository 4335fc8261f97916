// node --import tsx bench/train-throughput/run.ts [--steps 12] [--recipe recipes/npc.yaml]     (what `make bench` runs)
//
// LoRA SFT training throughput of our engine vs plain Hugging Face Trainer + PEFT, same job, same machine, same run:
//   1. `scriptorium train <recipe> --max-steps N --json` (the real CLI) builds the train split and job.train.json;
//   2. ours: the engine alone on a copy of that job (validation and checkpoints off, so it does only what the
//      baseline does), under /usr/bin/time for its peak RSS;
//   3. baseline: hf_trainer_baseline.py on the same job (same train file, batches, settings), under /usr/bin/time;
//   4. this machine's matmul peak (peak_flops.py) for MFU.
// Writes bench/results/train-throughput-<date>.json and regenerates the train-throughput section of BENCHMARKS.md.
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { TrainJob } from "../../src/spec/index.js";

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..");
const PY = join(ROOT, ".venv", "bin", "python");
const CLI = join(ROOT, "dist", "cli", "index.js");
const HERE = join(ROOT, "bench", "train-throughput");
const START = "<!-- train-throughput:start -->";
const END = "<!-- train-throughput:end -->";
const MFU_DEFINITION =
  "MFU = 4 × base params × tokens/s ÷ matmul peak of the precision used (bf16 where the CPU has it, else fp32) (4N FLOPs per token: forward 2N + backward through the frozen weights 2N; LoRA weight gradients and attention FLOPs are left out)";

interface StepEvent { event: "step"; step: number; tokens: number; tokens_per_s: number; elapsed_s: number; loss: number }
interface Measured {
  impl: string;
  how: string;
  steps: number;
  tokens: number;
  seconds: number;
  tokens_per_s: number;
  first_step_s: number;
  final_loss: number;
  peak_rss_kib: number | null;
  step_targets: number[];
  wall_s: number;
}

function parseArgs(argv: string[]): { steps: number; recipe: string } {
  let steps = 12;
  let recipe = "recipes/npc.yaml";
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const v = argv[i + 1];
    if (a === "--steps" && v) (steps = parseInt(v, 10)), i++;
    else if (a === "--recipe" && v) (recipe = v), i++;
    else throw new Error(`unknown argument ${a}; usage: run.ts [--steps N] [--recipe recipes/npc.yaml]`);
  }
  if (!Number.isInteger(steps) || steps < 2) throw new Error("--steps must be an integer >= 2 (step 1 is warm-up)");
  return { steps, recipe: resolve(ROOT, recipe) };
}

/** Runs a command (optionally under /usr/bin/time for peak RSS); throws with its stderr tail when it fails. */
function exec(label: string, cmd: string[], opts: { env?: NodeJS.ProcessEnv; rssFile?: string }) {
  const argv = opts.rssFile ? ["/usr/bin/time", "-f", "%M", "-o", opts.rssFile, ...cmd] : cmd;
  process.stderr.write(`bench: ${label}…\n`);
  const t0 = performance.now();
  const p = spawnSync(argv[0]!, argv.slice(1), { cwd: ROOT, env: opts.env ?? process.env, encoding: "utf8", maxBuffer: 64 << 20 });
  const wall_s = (performance.now() - t0) / 1000;
  if (p.status !== 0) {
    throw new Error(`${label} failed (exit ${p.status ?? p.signal}):\n${(p.stderr ?? "").slice(-4000)}`);
  }
  const rss = opts.rssFile && existsSync(opts.rssFile) ? parseInt(readFileSync(opts.rssFile, "utf8").trim().split("\n").pop()!, 10) : NaN;
  return { stdout: p.stdout, wall_s, peak_rss_kib: Number.isFinite(rss) ? rss : null };
}

function jsonLines(text: string): Record<string, unknown>[] {
  const out: Record<string, unknown>[] = [];
  for (const line of text.split("\n")) {
    if (!line.startsWith("{")) continue;
    try {
      out.push(JSON.parse(line) as Record<string, unknown>);
    } catch {
      // the CLI's final result is pretty-printed over several lines; events are one per line
    }
  }
  return out;
}

/** Ours from engine step events: tokens of step k = its tokens_per_s × (elapsed_k − elapsed_{k−1}); step 1 left out. */
function fromEngineEvents(impl: string, how: string, stdout: string, wall_s: number, peak_rss_kib: number | null, steps: number): Measured & { events: Record<string, unknown>[] } {
  const events = jsonLines(stdout);
  const stepEvents = events.filter((e): e is Record<string, unknown> & StepEvent => e.event === "step");
  if (stepEvents.length !== steps || stepEvents.some((e, i) => e.step !== i + 1)) {
    throw new Error(`${impl}: expected a step event for each of ${steps} steps (log_every must be 1), got ${stepEvents.length}`);
  }
  let tokens = 0;
  let seconds = 0;
  stepEvents.forEach((e, i) => {
    if (i === 0) return;
    const dt = e.elapsed_s - stepEvents[i - 1]!.elapsed_s;
    tokens += e.tokens_per_s * dt;
    seconds += dt;
  });
  const first = stepEvents[0]!;
  const last = stepEvents[stepEvents.length - 1]!;
  return {
    impl, how, steps, wall_s, peak_rss_kib, events,
    tokens: Math.round(tokens), seconds, tokens_per_s: tokens / seconds,
    first_step_s: first.elapsed_s, final_loss: last.loss, step_targets: stepEvents.map((e) => e.tokens),
  };
}

function cpuModel(): string {
  const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("model name"));
  return line ? line.split(":")[1]!.trim() : "unknown";
}

function cpuFlags(): string[] {
  const line = readFileSync("/proc/cpuinfo", "utf8").split("\n").find((l) => l.startsWith("flags"));
  const flags = new Set((line?.split(":")[1] ?? "").trim().split(/\s+/));
  return ["avx512_bf16", "amx_bf16", "amx_tile"].filter((f) => flags.has(f));
}

const fmt = (x: number, d = 1) => x.toFixed(d);
const mib = (kib: number | null) => (kib === null ? "n/a" : `${fmt(kib / 1024, 0)} MiB`);

async function main(): Promise<void> {
  const { steps, recipe } = parseArgs(process.argv.slice(2));
  for (const [what, p] of [["the built CLI", CLI], ["the engine venv", PY]] as const) {
    if (!existsSync(p)) throw new Error(`${what} is missing (${p}): run \`make setup\` first`);
  }
  const tmp = mkdtempSync(join(tmpdir(), "bench-train-throughput-"));
  try {
    // 1. The real CLI: data split + job, and a first measurement of ours end to end.
    const runsRoot = join(tmp, "runs");
    const cli = exec(`scriptorium train --max-steps ${steps} (CLI)`, ["node", CLI, "train", recipe, "--max-steps", String(steps), "--json"], {
      env: { ...process.env, SCRIPTORIUM_RUNS: runsRoot },
      rssFile: join(tmp, "cli.rss"),
    });
    const runId = readdirSync(runsRoot)[0];
    if (!runId) throw new Error("the CLI made no run directory");
    const jobPath = join(runsRoot, runId, "job.train.json");
    const job = JSON.parse(readFileSync(jobPath, "utf8")) as TrainJob;
    const oursCli = fromEngineEvents("ours (CLI)", "`scriptorium train --json` end to end; RSS = largest process of its tree (the engine)", cli.stdout, cli.wall_s, cli.peak_rss_kib, steps);

    // 2. Ours, the engine process alone, on a copy of that job doing only training (as the baseline does).
    const oursDir = join(tmp, "ours");
    mkdirSync(oursDir);
    const oursJob: TrainJob = {
      ...job,
      run_dir: join(oursDir, "run"),
      data: { ...job.data, validation: null },
      training: { ...job.training, eval_every: 0, checkpoint_every: 0 },
    };
    writeFileSync(join(oursDir, "job.json"), JSON.stringify(oursJob, null, 2));
    const engineEnv = { ...process.env, PYTHONPATH: join(ROOT, "engine"), PYTHONUNBUFFERED: "1" };
    const eng = exec("ours: python -m scriptorium_engine train", [PY, "-m", "scriptorium_engine", "train", "--job", join(oursDir, "job.json")], {
      env: engineEnv,
      rssFile: join(tmp, "ours.rss"),
    });
    const ours = fromEngineEvents("ours (engine)", "`python -m scriptorium_engine train` on the CLI's job (validation, checkpoints off), under /usr/bin/time", eng.stdout, eng.wall_s, eng.peak_rss_kib, steps);
    // 2b. The same with training.compile (torch.compile of every decoder layer); its first step includes compiling.
    const compiledJob: TrainJob = { ...oursJob, run_dir: join(oursDir, "run-compiled"), training: { ...oursJob.training, compile: true } };
    writeFileSync(join(oursDir, "job-compiled.json"), JSON.stringify(compiledJob, null, 2));
    const engC = exec("ours + compile: python -m scriptorium_engine train", [PY, "-m", "scriptorium_engine", "train", "--job", join(oursDir, "job-compiled.json")], {
      env: engineEnv,
      rssFile: join(tmp, "ours-compiled.rss"),
    });
    const oursCompiled = fromEngineEvents("ours (engine, compile)", "the same engine job with `training.compile: true` (its first step compiles the decoder layers), under /usr/bin/time", engC.stdout, engC.wall_s, engC.peak_rss_kib, steps);
    const model = ours.events.find((e) => e.event === "model") as { params_total: number; params_trainable: number; precision: string } | undefined;
    const hello = ours.events.find((e) => e.event === "hello") as { torch: string; transformers: string; peft: string; threads: number } | undefined;
    const done = ours.events.find((e) => e.event === "done") as { result: { tokens_seen: number; padding_waste?: number } } | undefined;
    if (!model || !hello || !done) throw new Error("ours: the engine did not report hello/model/done");

    // 3. The baseline on the same job.
    const hfRun = exec("baseline: HF Trainer + PEFT", [PY, join(HERE, "hf_trainer_baseline.py"), "--job", jobPath, "--out-dir", join(tmp, "hf-out")], {
      env: engineEnv,
      rssFile: join(tmp, "hf.rss"),
    });
    const hfOut = jsonLines(hfRun.stdout).find((o) => o.impl === "hf-trainer");
    if (!hfOut) throw new Error(`baseline printed no result line:\n${hfRun.stdout.slice(-2000)}`);
    const hf: Measured = {
      impl: "HF Trainer + PEFT",
      how: `transformers.Trainer (${String(hfOut.optim)}, batches: ${String(hfOut.batches)}), under /usr/bin/time`,
      steps: hfOut.steps as number,
      tokens: hfOut.tokens as number,
      seconds: hfOut.seconds as number,
      tokens_per_s: hfOut.tokens_per_s as number,
      first_step_s: hfOut.first_step_s as number,
      final_loss: hfOut.final_loss as number,
      peak_rss_kib: hfRun.peak_rss_kib,
      step_targets: hfOut.step_targets as number[],
      wall_s: hfRun.wall_s,
    };

    // 4. The machine's matmul peak at the job's thread count.
    const threads = job.runtime.threads;
    const peak = JSON.parse(exec("matmul peak", [PY, join(HERE, "peak_flops.py"), "--threads", String(threads)], {}).stdout.trim()) as {
      bf16_gflops: number;
      fp32_gflops: number;
      size: number;
    };

    const baseParams = model.params_total - model.params_trainable;
    // MFU against the peak of the precision the run used: a CPU without bf16 instructions trains in
    // fp32 (its "bf16" matmul is emulated and far slower than fp32), so its fp32 peak is the ceiling.
    const peakUsed = model.precision === "bf16" ? { dtype: "bf16", gflops: peak.bf16_gflops } : { dtype: "fp32", gflops: peak.fp32_gflops };
    const mfu = (m: Measured) => (4 * baseParams * m.tokens_per_s) / (peakUsed.gflops * 1e9);
    const sameBatches = JSON.stringify(hf.step_targets) === JSON.stringify(ours.step_targets);
    const rows = [ours, oursCompiled, oursCli, hf];
    if (job.method.kind !== "lora") throw new Error(`bench/train-throughput compares LoRA runs; ${recipe} uses ${job.method.kind}`);
    const lora = job.method;
    const date = new Date().toISOString().slice(0, 10);
    const settings = {
      model: job.model.id.split("/").pop()!,
      params_base: baseParams,
      params_trainable: model.params_trainable,
      steps,
      batch_size: job.training.batch_size,
      grad_accum: job.training.grad_accum,
      max_seq_len: job.training.max_seq_len,
      group_by_length: job.training.group_by_length,
      lora: { r: lora.r, alpha: lora.alpha, dropout: lora.dropout, target_modules: lora.target_modules },
      precision: model.precision,
      threads,
      train_examples: hfOut.examples,
      padding_waste: { ours: done.result.padding_waste ?? null, hf: hfOut.padding_waste },
    };
    const machine = { cpu: cpuModel(), cores: availableParallelism(), cpu_flags: cpuFlags(), torch_threads: hello.threads, torch: hello.torch, transformers: hello.transformers, peft: hello.peft, node: process.version };
    const speedup = ours.tokens_per_s / hf.tokens_per_s;
    const speedupCompiled = oursCompiled.tokens_per_s / hf.tokens_per_s;
    const result = {
      bench: "train-throughput",
      date,
      machine,
      settings,
      peak: { bf16_gflops: peak.bf16_gflops, fp32_gflops: peak.fp32_gflops, matmul_size: peak.size, mfu_against: peakUsed.dtype },
      mfu_definition: MFU_DEFINITION,
      tokens_definition: "non-pad input tokens over steps 2..N (step 1 is warm-up) ÷ wall time between the ends of step 1 and step N",
      same_batches: sameBatches,
      speedup_tokens_per_s: speedup,
      speedup_compiled_tokens_per_s: speedupCompiled,
      results: rows.map(({ ...m }) => ({ ...m, events: undefined, mfu: mfu(m) })),
      hf_raw: hfOut,
    };
    mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
    const outFile = join(ROOT, "bench", "results", `train-throughput-${date}.json`);
    writeFileSync(outFile, JSON.stringify(result, null, 2) + "\n");

    const table = [
      "| impl | tokens/s | MFU | peak RSS | first step s | final loss |",
      "|---|---:|---:|---:|---:|---:|",
      ...rows.map((m) => `| ${m.impl} | ${fmt(m.tokens_per_s)} | ${fmt(100 * mfu(m), 1)}% | ${mib(m.peak_rss_kib)} | ${fmt(m.first_step_s, 2)} | ${fmt(m.final_loss, 4)} |`),
    ].join("\n");
    const t = job.training;
    const section = [
      START,
      "## train-throughput",
      "",
      `LoRA SFT training throughput, our engine vs plain Hugging Face \`Trainer\` + PEFT on the same job, measured in the same run by \`make bench\` (\`node --import tsx bench/train-throughput/run.ts --steps ${steps}\`). Raw numbers: \`bench/results/train-throughput-${date}.json\`.`,
      "",
      `* **Machine:** ${machine.cpu}, ${machine.cores} cores (${machine.cpu_flags.join(", ") || "no bf16 instructions"}), torch threads ${machine.torch_threads}; torch ${machine.torch}, transformers ${machine.transformers}, peft ${machine.peft}.`,
      `* **Date:** ${date}.`,
      `* **Settings:** ${settings.model} (${fmt(baseParams / 1e6, 1)}M params, ${fmt(model.params_trainable / 1e6, 2)}M trainable), ${steps} steps, batch ${t.batch_size} × grad accum ${t.grad_accum}, max seq len ${t.max_seq_len}${settings.group_by_length ? " (length-grouped batches)" : ""}, LoRA r=${lora.r} α=${lora.alpha} dropout ${lora.dropout} on ${Array.isArray(lora.target_modules) ? lora.target_modules.join(", ") : lora.target_modules}, precision ${model.precision}${model.precision === "bf16" ? " (autocast, fp32 master weights)" : ""}, recipe \`${recipe.slice(ROOT.length + 1)}\` (${settings.train_examples} train examples).`,
      `* **Matmul peak** (\`peak_flops.py\`, ${peak.size}² \`torch.mm\`, ${threads} threads): bf16 ${fmt(peak.bf16_gflops, 0)} GFLOP/s, fp32 ${fmt(peak.fp32_gflops, 0)} GFLOP/s; MFU below is against the ${peakUsed.dtype} peak (the precision the run used).`,
      "",
      table,
      "",
      `**Speed-up (tokens/s, ours engine ÷ HF Trainer): ${fmt(speedup, 2)}× as recipes run by default; ${fmt(speedupCompiled, 2)}× with \`training.compile: true\` (after its first step, which compiles: ${fmt(oursCompiled.first_step_s, 0)} s against ${fmt(ours.first_step_s, 0)} s).**`,
      "",
      `* tokens/s: non-pad input tokens of steps 2..${steps} ÷ wall time from the end of step 1 to the end of step ${steps} (step 1 is warm-up and reported alone as "first step s").`,
      `* ${MFU_DEFINITION}.`,
      `* Same work: the baseline trains on the CLI's own train split, encoded by our \`chat_data\` (labels −100 outside assistant tokens), with the engine's batches fed through a sequential sampler, the same LoRA config, optimizer settings, lr schedule (the engine's, as a LambdaLR), seed and threads; per-step loss-target counts ${sameBatches ? "match ours exactly (identical batches)" : "DIFFER from ours (batches not identical)"}. Padding waste: ours ${fmt(100 * (settings.padding_waste.ours ?? NaN), 1)}%, HF ${fmt(100 * (hfOut.padding_waste as number), 1)}%.`,
      "* ours (engine): the engine process alone on a copy of the CLI's job with validation and checkpoints off (it does only what the baseline does); peak RSS of that process from `/usr/bin/time -f %M`. ours (CLI): the `scriptorium train --json` run that made the job, for comparison; its RSS is the largest process of the CLI's tree (the engine), and it also evaluates and saves after training (outside the timed steps).",
      `* Where they differ: the engine computes the LM head and cross-entropy only at assistant target rows; the Trainer's model computes full-vocabulary logits at every position. Final losses differ by ${fmt(Math.abs(ours.final_loss - hf.final_loss), 4)} (${model.precision} rounding along different but equivalent computations); with compile by ${fmt(Math.abs(oursCompiled.final_loss - ours.final_loss), 4)} from ours (Inductor fuses the element-wise work between the matmuls, reordering float sums).`,
      END,
    ].join("\n");
    const bmPath = join(ROOT, "BENCHMARKS.md");
    const before = existsSync(bmPath) ? readFileSync(bmPath, "utf8") : "# Benchmarks\n\nResults of the benchmarks in `bench/`; each section is regenerated by its script.\n";
    const a = before.indexOf(START);
    const b = before.indexOf(END);
    const after = a >= 0 && b > a ? before.slice(0, a) + section + before.slice(b + END.length) : `${before.trimEnd()}\n\n${section}\n`;
    writeFileSync(bmPath, after);

    process.stdout.write(`${table}\n\nspeed-up ${fmt(speedup, 2)}× (compiled ${fmt(speedupCompiled, 2)}×) · same batches: ${sameBatches} · bf16 peak ${fmt(peak.bf16_gflops, 0)} GFLOP/s\n${MFU_DEFINITION}\nwrote ${outFile} and BENCHMARKS.md\n`);
  } finally {
    rmSync(tmp, { recursive: true, force: true });
  }
}

main().catch((e: unknown) => {
  process.stderr.write(`bench: ${e instanceof Error ? e.message : String(e)}\n`);
  process.exit(1);
});
