import { existsSync, readFileSync } from "node:fs";
import { resolve } from "node:path";
import { writeJsonAtomic } from "../fs-atomic.js";
import { loadRecipe } from "../config/load-recipe.js";
import { recipeDir, resolveThreads, resolveTraining, type ResolvedConfig } from "../config/resolve.js";
import { resolveBaseModel } from "../engine/base-models.js";
import { EngineCancelled, EngineCrash, runEngine } from "../engine/client.js";
import type { EngineEvent, TrainJob } from "../spec/index.js";
import { UserError } from "../errors.js";
import { createRun, openRun, type RunDir, type RunManifest } from "../track/run-store.js";
import type { Reporter } from "../track/progress.js";
import { defaultTrackerFactories, runInfo, TrackerHub } from "../track/tracker.js";
import { prepareData, type RunData } from "./prepare-data.js";
import { trainingSampler, type TrainingSampler } from "../eval/samples.js";

export interface TrainOptions {
  /** Resume this run (id, prefix or `latest`) from its last checkpoint instead of starting a new one. */
  resume?: string;
  maxSteps?: number;
  reporter: Reporter;
  verbose?: boolean;
  /** Trackers to report to; given by `run`, which keeps them open for the evaluation. Else train opens and closes its own. */
  hub?: TrackerHub;
}

export interface TrainOutcome {
  run: RunDir;
  config: ResolvedConfig;
  result: Record<string, unknown>;
}

/** Recipe → resolved config → data splits → engine `train` job → manifest with metrics. */
export async function train(recipePath: string, opts: TrainOptions): Promise<TrainOutcome> {
  const { run, config, job, sampler } = opts.resume ? reopen(opts.resume) : await start(recipePath, opts);
  if (opts.resume && resolve(recipePath) !== config.recipe_path) {
    opts.reporter.note(`warning: resuming ${run.id} with its own resolved config (from ${config.recipe_path}); ${recipePath} is not read`);
  }
  const hub = opts.hub ?? new TrackerHub(defaultTrackerFactories(), (m) => opts.reporter.note(m));
  await hub.open(runInfo(run, config, Boolean(opts.resume)));
  const stepEvents: Extract<EngineEvent, { event: "step" }>[] = [];
  const onEvent = (e: EngineEvent) => {
    if (e.event === "samples" && sampler) {
      // The small generative eval: the replies' role scores go with the event (events.jsonl, the dashboard) and to the trackers.
      const scores = sampler.score(e.outputs);
      e = { ...e, scores };
      hub.scalars(e.step, scores, e.time);
      for (const o of e.outputs) hub.text(e.step, `samples/${o.id ?? "?"}`, o.text, e.time);
    }
    run.appendEvent(e);
    hub.onEvent(e);
    if (e.event === "step") stepEvents.push(e);
    if (e.event === "hello") run.updateManifest((m) => ({ ...m, engine: { torch: e.torch, transformers: e.transformers, peft: e.peft, python: e.python, device: e.device, threads: e.threads } }));
    if (e.event === "model") run.updateManifest((m) => ({ ...m, metrics: { ...m.metrics, precision: e.precision, params_trainable: e.params_trainable, params_total: e.params_total } }));
    opts.reporter.onEvent(e);
  };
  let result: Record<string, unknown>;
  try {
    result = await runEngine(job, { jobPath: run.path(job.resume ? "job.train.resume.json" : "job.train.json"), onEvent, verbose: opts.verbose });
  } catch (e) {
    const status: RunManifest["status"] = e instanceof EngineCancelled ? "cancelled" : "failed";
    run.updateManifest((m) => ({ ...m, status }));
    await hub.close(status);
    if (e instanceof EngineCancelled) {
      throw new UserError("cancelled", `training of run ${run.id} stopped; its last checkpoint is kept`, {
        hint: `continue it with: scriptorium train ${config.recipe_path} --resume ${run.id}`,
      });
    }
    if (e instanceof EngineCrash) e.message = `run ${run.id}: ${e.message}`;
    throw e;
  } finally {
    opts.reporter.stop();
  }
  const tps = stepEvents.map((s) => s.tokens_per_s).sort((a, b) => a - b);
  run.updateManifest((m) => ({
    ...m,
    status: "done",
    adapter: result.adapter as string,
    metrics: {
      ...m.metrics,
      final_loss: result.final_loss,
      eval_loss: result.eval_loss,
      eval_perplexity: result.eval_perplexity,
      steps: result.steps,
      tokens_seen: result.tokens_seen,
      train_seconds: result.train_seconds,
      padding_waste: result.padding_waste,
      median_tokens_per_s: tps.length ? tps[Math.floor(tps.length / 2)] : null,
    },
  }));
  if (typeof result.adapter === "string") hub.artifact(result.adapter, "adapter");
  if (!opts.hub) await hub.close("done");
  return { run, config, result };
}

interface Prepared {
  run: RunDir;
  config: ResolvedConfig;
  job: TrainJob;
  sampler: TrainingSampler | null;
}

async function start(recipePath: string, opts: TrainOptions): Promise<Prepared> {
  const { recipe, path } = loadRecipe(recipePath);
  const dir = recipeDir(path);
  const run = createRun(recipe.name);
  opts.reporter.note(`run ${run.id} → ${run.dir}`);
  const ref = await resolveBaseModel(recipe.base_model, {
    recipeDir: dir,
    revision: recipe.revision,
    trustRemoteCode: recipe.trust_remote_code,
    verbose: opts.verbose,
    onProgress: (stage) => opts.reporter.note(`base model: ${stage}`),
  });
  const data = await prepareData(recipe, dir, run, { model: ref, note: (m) => opts.reporter.note(m) });
  const c = data.counts;
  opts.reporter.note(
    `data: ${c.read} read → ${c.kept} kept (${c.rejected} rejected, ${c.merged} merged${c.augmented ? `, ${c.augmented} augmented` : ""}) → train ${c.train} / validation ${c.validation} / test ${c.test}` +
      (c.rejected || c.merged ? `; see ${data.quarantine}` : ""),
  );
  opts.reporter.note(`data report: ${run.path("data", "report.html")}${data.report.warnings.length ? ` (${data.report.warnings.length} warning${data.report.warnings.length > 1 ? "s" : ""}: ${data.report.warnings.map((w) => w.code).join(", ")})` : ""}`);
  const config: ResolvedConfig = {
    config_version: 1,
    recipe_name: recipe.name,
    recipe_path: path,
    role: recipe.role,
    base_model: { requested: recipe.base_model, ref },
    data: { ...recipe.data, path: data.path, personas: data.personas, canon: data.canon, counts: data.counts, sha256: data.sha256 },
    method: recipe.method,
    training: resolveTraining(recipe.training, data.counts.train!, opts.maxSteps, trainTokens(data.report)),
    runtime: { precision: recipe.runtime.precision, threads: resolveThreads(recipe.runtime.threads), seed: recipe.runtime.seed },
    eval: recipe.eval,
    tracking: recipe.tracking,
  };
  writeJsonAtomic(run.path("config.resolved.json"), config);
  const now = new Date().toISOString();
  run.writeManifest({
    id: run.id,
    recipe: recipe.name,
    recipe_path: path,
    status: "running",
    created: now,
    updated: now,
    base_model: { requested: recipe.base_model, ...ref, ...builtinManifest(ref.id) },
    data: { path: data.path, sha256: data.sha256, format: data.format, counts: data.counts, splits: data.files, stages: data.stages, report: run.path("data", "report.json"), quarantine: data.quarantine },
    engine: {},
    metrics: {},
    parent_run: null,
  });
  const job: TrainJob = {
    protocol: 1,
    command: "train",
    run_dir: run.dir,
    model: ref,
    data: { train: data.files.train, validation: data.counts.validation ? data.files.validation : null },
    method: config.method,
    training: config.training,
    runtime: config.runtime,
    resume: false,
    samples: null,
  };
  const sampler = trainingSampler(run, config, data.files);
  if (sampler) {
    job.samples = { prompts: sampler.prompts, max_new_tokens: sampler.maxNewTokens, max_prompt_len: config.eval.generate.max_prompt_len };
    opts.reporter.note(`samples: ${sampler.ids.length} validation prompts answered at every evaluation (eval.samples; 0 turns it off)`);
  }
  return { run, config, job, sampler };
}

function reopen(ref: string): Prepared {
  const run = openRun(ref);
  const jobPath = run.path("job.train.json");
  if (!existsSync(jobPath)) {
    throw new UserError("not_resumable", `run ${run.id} has no training job to resume`, { hint: "start a new run instead" });
  }
  const config = JSON.parse(readFileSync(run.path("config.resolved.json"), "utf8")) as ResolvedConfig;
  const job = { ...(JSON.parse(readFileSync(jobPath, "utf8")) as TrainJob), resume: true };
  const manifest = run.updateManifest((m) => ({ ...m, status: "running" }));
  const sampler = job.samples ? trainingSampler(run, config, manifest.data.splits as Record<string, string>) : null;
  return { run, config, job, sampler };
}

/** All tokens of the training split (null when the data stage ran without the model's tokenizer). */
function trainTokens(report: RunData["report"]): number | null {
  const h = report.tokens?.train?.total;
  return h && h.count && h.mean !== null ? Math.round(h.mean * h.count) : null;
}

/** The licence and provenance a builtin's cache recorded, so a run's manifest carries them. */
function builtinManifest(dir: string): Record<string, unknown> {
  const p = `${dir}/manifest.json`;
  if (!existsSync(p)) return {};
  const m = JSON.parse(readFileSync(p, "utf8")) as Record<string, unknown>;
  return { licence: m.licence, upstream: m.upstream, source: m.source };
}
