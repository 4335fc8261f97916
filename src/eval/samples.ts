import { writeFileSync } from "node:fs";
import type { ResolvedConfig } from "../config/resolve.js";
import type { ChatExample, SamplesEvent } from "../spec/index.js";
import type { RunDir } from "../track/run-store.js";
import { metricValue } from "./metric.js";
import { suiteFor } from "./run-eval.js";
import { loadRawRecords, readJsonl, type Suite } from "./suites/suite.js";

/**
 * The small generative eval that runs while a model trains: at every evaluation the engine answers
 * a few held-out *validation* prompts (the test split stays for the final report) greedily, and
 * the role's scorers turn the replies into `samples/<metric>` scalars — a curve of, say, the NPC's
 * persona consistency next to the loss curve, and the replies themselves as text for the trackers.
 */
export interface TrainingSampler {
  /** The prompts file the engine reads (JSONL of {id, messages}). */
  prompts: string;
  maxNewTokens: number;
  ids: string[];
  /** Role metrics over one `samples` event's replies (NaN-free: metrics with no applicable reply are left out). */
  score(outputs: SamplesEvent["outputs"]): Record<string, number>;
}

export function trainingSampler(run: RunDir, config: ResolvedConfig, splits: Record<string, string>): TrainingSampler | null {
  const opts = config.eval.samples;
  if (!opts || opts.count === 0 || config.role === "generic") return null;
  const split = config.data.counts.validation ? "validation" : config.data.counts.test ? "test" : null;
  if (!split || !splits[split] || !splits.train) return null;
  const suite: Suite<unknown> = suiteFor(config.role, {
    config,
    heldOut: readJsonl<ChatExample>(splits[split]!),
    train: readJsonl<ChatExample>(splits.train),
    raw: loadRawRecords(config.data.path),
    maxExamples: opts.count,
    fewShot: 0,
    seed: config.runtime.seed,
  });
  if (suite.cases.length === 0) return null;
  const prompts = run.path("data", "samples.prompts.jsonl");
  writeFileSync(prompts, suite.cases.map((c) => JSON.stringify({ id: c.id, messages: c.prompt }) + "\n").join(""));
  const ids = suite.cases.map((c) => c.id);
  return {
    prompts,
    maxNewTokens: opts.max_new_tokens,
    ids,
    score(outputs) {
      const byId = new Map(outputs.map((o) => [o.id, o.text]));
      const items = ids.map((id, i) => suite.item(i, byId.get(id) ?? ""));
      const out: Record<string, number> = {};
      for (const m of suite.metrics) {
        const v = metricValue(m, items);
        if (Number.isFinite(v)) out[`samples/${m.name}`] = v;
      }
      return out;
    },
  };
}
