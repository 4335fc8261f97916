import type { ResolvedConfig } from "../config/resolve.js";
import type { EngineEvent } from "../spec/index.js";
import type { RunDir, RunManifest } from "./run-store.js";
import { mlflowTracker } from "./mlflow.js";
import { indexTracker } from "./run-index.js";
import { tensorboardTracker } from "./tensorboard.js";

/**
 * The seam between a run and the trackers that watch it (TensorBoard event files, an MLflow
 * server, …). The pipeline talks only to a TrackerHub; the hub turns engine events into named
 * scalars and fans them out. A tracker must never stop training: the hub catches what a tracker
 * throws, tells the user once per tracker, and carries on.
 */

/** What every tracker learns when a run opens (or reopens, on resume). */
export interface RunInfo {
  run: RunDir;
  config: ResolvedConfig;
  /** Flattened hyper-parameters: "method.r" → 16, "training.lr" → 0.001, … */
  params: Record<string, string | number | boolean>;
  /** base_model, data_sha256, role, recipe, … */
  tags: Record<string, string>;
  resumed: boolean;
}

export interface Tracker {
  readonly name: string;
  /** `note` tells the user something (once, not per step), e.g. that a server went away and came back. */
  open(info: RunInfo, note?: (message: string) => void): Promise<void> | void;
  /** Scalars at one step, names like "train/loss", "eval/perplexity", "suite/in_character_rate/tuned". */
  scalars(step: number, values: Record<string, number>, wallTime: number): void;
  /** Text at one step, e.g. a generated sample under "samples/tuned/3". */
  text(step: number, tag: string, text: string, wallTime: number): void;
  /** A file or folder to keep with the run (eval report, adapter); `name` is where it goes. */
  artifact(path: string, name: string): void;
  /** Flush and finish; returns a line for the user when something was not delivered. */
  close(status: RunManifest["status"]): Promise<string | void> | string | void;
}

export type TrackerFactory = (info: RunInfo) => Tracker | null;

/** Dotted keys for nested config values; arrays become comma lists, nulls are skipped. */
export function flattenParams(value: unknown, prefix = "", out: Record<string, string | number | boolean> = {}): Record<string, string | number | boolean> {
  if (value === null || value === undefined) return out;
  if (Array.isArray(value)) {
    out[prefix] = value.map((v) => (typeof v === "object" ? JSON.stringify(v) : String(v))).join(",");
  } else if (typeof value === "object") {
    for (const [k, v] of Object.entries(value as Record<string, unknown>)) flattenParams(v, prefix ? `${prefix}.${k}` : k, out);
  } else if (typeof value === "number" || typeof value === "boolean" || typeof value === "string") {
    out[prefix] = value;
  }
  return out;
}

export function runInfo(run: RunDir, config: ResolvedConfig, resumed: boolean): RunInfo {
  const params = flattenParams({ method: config.method, training: config.training, runtime: config.runtime });
  params["base_model"] = config.base_model.requested;
  params["data.format"] = config.data.format;
  const tags: Record<string, string> = {
    recipe: config.recipe_name,
    role: config.role,
    base_model: config.base_model.requested,
    base_model_id: String((config.base_model.ref as { id?: unknown }).id ?? config.base_model.requested),
    data_sha256: config.data.sha256,
    method: config.method.kind,
    run_id: run.id,
  };
  return { run, config, params, tags, resumed };
}

/** Scalars of one engine event, or null for events that carry none. */
export function eventScalars(e: EngineEvent): { step: number; values: Record<string, number> } | null {
  if (e.event === "step") {
    const values: Record<string, number> = { "train/loss": e.loss, "train/lr": e.lr, "train/grad_norm": e.grad_norm, "train/tokens_per_s": e.tokens_per_s, "train/epoch": e.epoch };
    return { step: e.step, values };
  }
  if (e.event === "eval") return { step: e.step, values: { "eval/loss": e.loss, "eval/perplexity": e.perplexity } };
  return null;
}

export class TrackerHub {
  private trackers: Tracker[] = [];
  private failed = new Set<string>();
  private lastStep = 0;

  constructor(
    private readonly factories: TrackerFactory[],
    private readonly note: (message: string) => void,
  ) {}

  get names(): string[] {
    return this.trackers.map((t) => t.name);
  }

  /** The last training step seen: evaluation results after training are logged at it. */
  get step(): number {
    return this.lastStep;
  }

  async open(info: RunInfo): Promise<void> {
    for (const make of this.factories) {
      let t: Tracker | null = null;
      try {
        t = make(info);
        const name = t?.name;
        if (t) await t.open(info, (m) => this.note(`${name}: ${m}`));
      } catch (e) {
        this.warn(t?.name ?? "tracker", e);
        t = null;
      }
      if (t) this.trackers.push(t);
    }
  }

  onEvent(e: EngineEvent): void {
    const s = eventScalars(e);
    if (!s) return;
    this.lastStep = Math.max(this.lastStep, s.step);
    this.scalars(s.step, s.values, e.time);
  }

  scalars(step: number, values: Record<string, number>, wallTime = Date.now() / 1000): void {
    const finite = Object.fromEntries(Object.entries(values).filter(([, v]) => Number.isFinite(v)));
    if (Object.keys(finite).length) this.each((t) => t.scalars(step, finite, wallTime));
  }

  text(step: number, tag: string, text: string, wallTime = Date.now() / 1000): void {
    this.each((t) => t.text(step, tag, text, wallTime));
  }

  artifact(path: string, name: string): void {
    this.each((t) => t.artifact(path, name));
  }

  async close(status: RunManifest["status"]): Promise<void> {
    for (const t of this.trackers) {
      try {
        const msg = await t.close(status);
        if (msg) this.note(`${t.name}: ${msg}`);
      } catch (e) {
        this.warn(t.name, e);
      }
    }
    this.trackers = [];
  }

  private each(f: (t: Tracker) => void): void {
    for (const t of this.trackers) {
      try {
        f(t);
      } catch (e) {
        this.warn(t.name, e);
      }
    }
  }

  private warn(name: string, e: unknown): void {
    if (this.failed.has(name)) return;
    this.failed.add(name);
    this.note(`warning: tracker ${name} failed (${e instanceof Error ? e.message : String(e)}); training goes on without it`);
  }
}

/**
 * The trackers a run gets from its recipe's `tracking:` section and the environment.
 * Each factory returns null when its tracker is off.
 */
export function defaultTrackerFactories(): TrackerFactory[] {
  return [indexTracker, tensorboardTracker, mlflowTracker];
}

/** Minimal view of an evaluation report (src/eval/run-eval.ts) that trackers log. */
interface ReportView {
  metrics: { name: string; values: Partial<Record<string, { value: number }>> }[];
  samples: { id: string; ask: string; outputs: Partial<Record<string, string>> }[];
}

/** An evaluation's metrics per system as scalars ("suite/<metric>/<system>"), a few samples as text, the report files as artifacts. */
export function trackEvalReport(hub: TrackerHub, report: ReportView, evalDir: string, maxSamples = 4, step = hub.step): void {
  const values: Record<string, number> = {};
  for (const m of report.metrics) for (const [sys, est] of Object.entries(m.values)) if (est) values[`suite/${m.name}/${sys}`] = est.value;
  hub.scalars(step, values);
  for (const s of report.samples.slice(0, maxSamples)) {
    const body = [`**prompt**: ${s.ask}`, ...Object.entries(s.outputs).map(([sys, out]) => `**${sys}**: ${out ?? ""}`)].join("\n\n");
    hub.text(step, `samples/${s.id}`, body);
  }
  hub.artifact(evalDir, "eval");
}
