import { createHash } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { UserError } from "../errors.js";
import { writeFileAtomic, writeJsonAtomic } from "../fs-atomic.js";
import type { ResolvedConfig } from "../config/resolve.js";
import type { ChatExample, Sampling } from "../spec/index.js";
import type { Reporter } from "../track/progress.js";
import type { RunDir } from "../track/run-store.js";
import { estimate, pairedDifference, resampleIndices, verdict, type Estimate, type Verdict } from "./bootstrap.js";
import { generate, type Generation, type GenerateSummary } from "./generate.js";
import { metricValue, type ItemMetric, type Metric } from "./metric.js";
import { isSound, qualityFlags, replyQuality, type WithQuality } from "./quality.js";
import { judgeMetric, runJudge } from "./judge.js";
import { EMBEDDER, embedTexts } from "./embed.js";
import { perplexity, type PerplexityResult } from "./perplexity.js";
import { relativeSimilarity } from "./responsiveness.js";
import { renderEvalHtml } from "./report-html.js";
import { bookSuite } from "./suites/book.js";
import { directorSuite } from "./suites/director.js";
import { npcSuite } from "./suites/npc.js";
import { loadRawRecords, readJsonl, type Suite, type SuiteInput } from "./suites/suite.js";

/**
 * One evaluation of a run: the role's held-out prompts answered by three systems on the same
 * prompts — the base model zero-shot, the base model few-shot (the prompt-engineering
 * alternative) and the tuned model — scored by the role's metrics with paired bootstrap
 * intervals, plus held-out perplexity of base and tuned. Writes runs/<id>/eval/report.{json,html}.
 */
export type SuiteName = "npc" | "director" | "book";
export type SystemName = "base" | "few_shot" | "tuned";

export const SYSTEMS: { name: SystemName; label: string }[] = [
  { name: "base", label: "base model, zero-shot" },
  { name: "few_shot", label: "base model, few-shot prompt" },
  { name: "tuned", label: "fine-tuned model" },
];

export interface Comparison {
  diff: Estimate;
  verdict: Verdict;
}

export interface MetricReport {
  name: string;
  description: string;
  direction: "higher" | "lower";
  kind: "item" | "corpus";
  main: boolean;
  values: Partial<Record<SystemName, Estimate>>;
  tuned_vs_base?: Comparison;
  tuned_vs_few_shot?: Comparison;
  /** Mean item score per case group (persona, style, beat) and system; item metrics only. */
  groups?: Record<string, Partial<Record<SystemName, number>>>;
}

export interface EvalReport {
  version: 1;
  run: string;
  recipe: string;
  role: SuiteName;
  created: string;
  base_model: string;
  method: string;
  split: string;
  settings: {
    max_examples: number;
    /** Texts per prompt per system. */
    samples?: number;
    /** A `--quick` evaluation: not a headline. */
    quick?: boolean;
    few_shot: number;
    max_new_tokens: number;
    sampling: Sampling;
    bootstrap: { resamples: number; confidence: number; seed: number };
  };
  systems: { name: SystemName; label: string }[];
  /** What each system was asked with: the tuned model its training prompt, the base model the prompt a studio would write. */
  prompts: Partial<Record<SystemName, string>>;
  generation: Partial<Record<SystemName, GenerateSummary>>;
  metrics: MetricReport[];
  main_metric: string;
  /** "When to fine-tune" (guide, chapter 1): did fine-tuning beat prompting on the main metric? */
  answer: { fine_tuning_vs_prompting: Verdict | "no few-shot baseline"; text: string };
  samples: { id: string; group: string; ask: string; reference: string; outputs: Partial<Record<SystemName, string>> }[];
  /** Per system, its worst replies first (main metric, then soundness), with the metrics each failed and why. */
  worst?: Partial<Record<SystemName, { id: string; group: string; ask: string; output: string; main: number | null; failed: string[]; flags: string[]; scores: Record<string, number> }[]>>;
  notes: string[];
  gates?: import("./gates.js").GateResult[];
}

export interface EvalRunOptions {
  suite?: SuiteName;
  maxExamples?: number;
  reporter: Reporter;
  verbose?: boolean;
  /** Held-out perplexity already measured (by `scriptorium run`); measured here otherwise. */
  perplexity?: { base: PerplexityResult; tuned: PerplexityResult } | null;
  skipPerplexity?: boolean;
  /** Decoding for this evaluation instead of the recipe's eval.generate.sampling (`scriptorium eval --temperature`). */
  sampling?: Sampling;
  /** A quick look (the demo): at most QUICK_EXAMPLES prompts, one text each; the report says it is quick. */
  quick?: boolean;
}

/** `--quick`: prompts per system — enough to see a broken model, too few for a headline verdict. */
export const QUICK_EXAMPLES = 48;

const sha = (s: string) => createHash("sha256").update(s).digest("hex");

export function readRunConfig(run: RunDir): ResolvedConfig {
  const file = run.path("config.resolved.json");
  if (!existsSync(file)) throw new UserError("eval_no_config", `run ${run.id} has no config.resolved.json`, { hint: "evaluate a run made by `scriptorium train` or `scriptorium run`" });
  return JSON.parse(readFileSync(file, "utf8")) as ResolvedConfig;
}

export function suiteFor(name: SuiteName, input: SuiteInput): Suite<unknown> {
  if (name === "npc") return npcSuite(input) as Suite<unknown>;
  if (name === "director") return directorSuite(input) as Suite<unknown>;
  return bookSuite(input) as Suite<unknown>;
}

export function suiteOfRole(role: ResolvedConfig["role"], requested?: SuiteName): SuiteName {
  if (requested) return requested;
  if (role === "generic") {
    throw new UserError("eval_no_suite", "this recipe's role is generic: there is no role suite to run", {
      hint: "pass --suite npc|director|book, or set `role:` in the recipe",
    });
  }
  return role;
}

/** The held-out split the run's perplexity uses: test when there is one, else validation. */
export function heldOutSplit(config: ResolvedConfig): "test" | "validation" {
  return config.data.counts.test ? "test" : "validation";
}

interface PplItem {
  loss_sum: number;
  tokens: number;
}

const PERPLEXITY: Metric<PplItem> = {
  kind: "corpus",
  name: "perplexity",
  description: "held-out perplexity on the reply tokens (token-weighted, all held-out examples)",
  direction: "lower",
  score: (items) => Math.exp(items.reduce((s, i) => s + i.loss_sum, 0) / Math.max(1, items.reduce((s, i) => s + i.tokens, 0))),
};

export async function evaluateRun(run: RunDir, opts: EvalRunOptions): Promise<EvalReport> {
  const config = readRunConfig(run);
  const manifest = run.readManifest();
  const role = suiteOfRole(config.role, opts.suite);
  const adapter = manifest.adapter;
  if (!adapter || !existsSync(adapter)) {
    throw new UserError("eval_no_artifact", `run ${run.id} has no trained artifact to evaluate`, {
      hint: "train it to the end first (`scriptorium train … --resume latest` continues a cancelled run)",
    });
  }
  const g = config.eval.generate;
  const splits = manifest.data.splits as Record<string, string>;
  const split = heldOutSplit(config);
  const seed = config.runtime.seed;
  const input: SuiteInput = {
    config,
    heldOut: readJsonl<ChatExample>(splits[split]!),
    train: readJsonl<ChatExample>(splits.train!),
    raw: loadRawRecords(config.data.path),
    maxExamples: opts.maxExamples ?? (opts.quick ? Math.min(QUICK_EXAMPLES, g.max_examples) : g.max_examples),
    fewShot: g.few_shot,
    seed,
    samples: opts.quick ? 1 : g.samples,
  };
  const suite = suiteFor(role, input);
  if (suite.cases.length === 0) {
    throw new UserError("eval_no_cases", `no held-out ${split} example of run ${run.id} can be evaluated by the ${role} suite`, {
      hint: `the suite needs the raw ${role} records (with their ids) under data.path = ${config.data.path}`,
    });
  }
  const maxNewTokens = g.max_new_tokens ?? suite.maxNewTokens;
  const promptOf = (name: SystemName): string =>
    name === "tuned" ? suite.prompts.tuned : name === "few_shot" ? `${suite.prompts.baseline} + ${g.few_shot} training exchanges` : suite.prompts.baseline;
  const sampling = opts.sampling ?? g.sampling;
  const dir = run.path("eval");
  mkdirSync(dir, { recursive: true });

  // Generation, resumable: a system whose outputs match the same prompts and settings is not redone.
  const outputs: Partial<Record<SystemName, Generation[]>> = {};
  const generation: Partial<Record<SystemName, GenerateSummary>> = {};
  const systems = SYSTEMS.filter((s) => s.name !== "few_shot" || g.few_shot > 0);
  for (const sys of systems) {
    const prompts = suite.cases.map((c) => ({ id: c.id, messages: sys.name === "few_shot" ? c.fewShot! : sys.name === "base" ? c.baseline : c.prompt }));
    const promptsText = prompts.map((p) => JSON.stringify(p)).join("\n") + "\n";
    const key = sha(JSON.stringify({ promptsText, adapter: sys.name === "tuned" ? adapter : null, maxNewTokens, sampling, seed, model: config.base_model.ref }));
    const promptsFile = run.path("eval", `prompts.${sys.name}.jsonl`);
    const outFile = run.path("eval", `outputs.${sys.name}.jsonl`);
    const metaFile = run.path("eval", `outputs.${sys.name}.meta.json`);
    const meta = existsSync(metaFile) ? (JSON.parse(readFileSync(metaFile, "utf8")) as { key: string; summary: GenerateSummary }) : null;
    if (meta?.key === key && existsSync(outFile)) {
      opts.reporter.note(`eval: ${sys.label}: reusing ${prompts.length} generations (same prompts and settings)`);
      generation[sys.name] = meta.summary;
    } else {
      writeFileSync(promptsFile, promptsText);
      opts.reporter.note(`eval: ${sys.label}: answering ${prompts.length} held-out prompts (≤ ${maxNewTokens} new tokens)`);
      const summary = await generate({
        label: sys.name,
        model: config.base_model.ref,
        adapter: sys.name === "tuned" ? adapter : null,
        methodKind: config.method.kind,
        prompts: promptsFile,
        output: outFile,
        batchSize: g.batch_size,
        maxNewTokens,
        maxPromptLen: g.max_prompt_len,
        sampling,
        seed,
        runtime: config.runtime,
        jobPath: run.path("eval", `job.generate.${sys.name}.json`),
        reporter: opts.reporter,
        verbose: opts.verbose,
        onEvent: (e) => run.appendEvent(e),
      });
      writeJsonAtomic(metaFile, { key, summary });
      generation[sys.name] = summary;
    }
    outputs[sys.name] = readJsonl<Generation>(outFile);
  }

  // LLM-as-judge (off by default): one more item metric, judge_score, on the same replies.
  const judgeNotes: string[] = [];
  const j = config.eval.judge;
  if (j?.enabled) {
    const limit = j.max_examples ?? suite.cases.length;
    const pairs = systems.flatMap((sys) => (outputs[sys.name] ?? []).slice(0, limit).map((o, i) => ({ c: suite.cases[i]!, reply: o.text })));
    const judged = await runJudge(j, role, pairs, run.path("eval", "judge.jsonl"), (m) => opts.reporter.note(m));
    suite.metrics.push(judgeMetric(judged.scores) as (typeof suite.metrics)[number]);
    judgeNotes.push(
      `judge: ${j.model} at ${j.base_url ?? process.env.OPENAI_BASE_URL}, ${limit} prompts per system — ${judged.requested} verdicts asked, ${judged.cached} cached, ${judged.unreadable} unreadable (not counted)`,
    );
  }

  // Held-out perplexity of base and tuned (all held-out examples, not only the generated ones).
  let ppl = opts.perplexity ?? null;
  const pplFile = run.path("eval", "perplexity.json");
  if (!ppl && existsSync(pplFile)) ppl = JSON.parse(readFileSync(pplFile, "utf8")) as { base: PerplexityResult; tuned: PerplexityResult };
  if (!ppl && !opts.skipPerplexity) {
    const common = {
      model: config.base_model.ref, data: splits[split]!, batchSize: config.eval.batch_size, maxSeqLen: config.training.max_seq_len,
      runtime: config.runtime, methodKind: config.method.kind, reporter: opts.reporter, verbose: opts.verbose,
      onEvent: (e: unknown) => run.appendEvent(e),
    };
    opts.reporter.note(`eval: held-out ${split} perplexity of the base and the tuned model`);
    const base = await perplexity({ ...common, label: "base", adapter: null, jobPath: run.path("eval", "job.perplexity.base.json") });
    const tuned = await perplexity({ ...common, label: "tuned", adapter, jobPath: run.path("eval", "job.perplexity.tuned.json") });
    ppl = { base, tuned };
  }
  if (ppl) writeJsonAtomic(pplFile, ppl);

  // Responsiveness: each reply's relative similarity to its own turn, by the packaged sentence encoder.
  let responsiveness: Partial<Record<SystemName, (number | null)[]>> | undefined;
  const respNotes: string[] = [];
  if (suite.responsivenessContext) {
    const contexts = suite.cases.map((_, i) => suite.responsivenessContext!(i));
    const replies = systems.map((sys) => {
      const byId = new Map((outputs[sys.name] ?? []).map((o) => [o.id, o.text]));
      return suite.cases.map((c) => byId.get(c.id) ?? "");
    });
    opts.reporter.note(`eval: responsiveness of ${replies.flat().length} replies (${EMBEDDER.name})`);
    const vecs = await embedTexts([...contexts.map((c) => c ?? ""), ...replies.flat()], {
      cacheFile: run.path("eval", "embeddings.jsonl"), runtime: config.runtime, jobPath: run.path("eval", "job.embed.json"), verbose: opts.verbose,
    });
    const ctx = vecs.slice(0, contexts.length).map((v, i) => (contexts[i] === null ? null : v));
    const groups = suite.cases.map((c) => c.group);
    responsiveness = {};
    systems.forEach((sys, k) => {
      const start = contexts.length + k * suite.cases.length;
      responsiveness![sys.name] = relativeSimilarity(vecs.slice(start, start + suite.cases.length), ctx, groups);
    });
    respNotes.push(`responsiveness: ${EMBEDDER.name} (${EMBEDDER.licence}, ${EMBEDDER.upstream}); a reply's cosine to its own turn minus its mean cosine to the other turns of its group`);
  }

  const bootstrap = { ...config.eval.bootstrap, seed };
  const report = scoreSuite(suite, outputs, {
    bootstrap,
    perplexity: ppl,
    groupOfId: (id) => suite.groupOf(id),
    responsiveness,
  });
  const full: EvalReport = {
    version: 1,
    run: run.id,
    recipe: config.recipe_name,
    role,
    created: new Date().toISOString(),
    base_model: config.base_model.requested,
    method: config.method.kind,
    split,
    settings: { max_examples: input.maxExamples, samples: input.samples ?? 1, quick: Boolean(opts.quick), few_shot: g.few_shot, max_new_tokens: maxNewTokens, sampling, bootstrap },
    systems,
    prompts: Object.fromEntries(systems.map((s) => [s.name, promptOf(s.name)])),
    generation,
    ...report,
    notes: [
      ...(opts.quick ? [`quick evaluation (--quick): ${suite.cases.length} prompts per system — enough to see a broken model, too few for a headline verdict; run without --quick for the full set`] : []),
      ...suite.notes, ...judgeNotes, ...respNotes, ...report.notes,
    ],
  };
  writeEvalReport(dir, full);
  return full;
}

export function writeEvalReport(dir: string, report: EvalReport): void {
  writeJsonAtomic(`${dir}/report.json`, report);
  writeFileAtomic(`${dir}/report.html`, renderEvalHtml(report));
}

/** Scores every system's outputs with the suite's metrics: values, intervals, paired verdicts, groups. */
export function scoreSuite(
  suite: Suite<unknown>,
  outputs: Partial<Record<SystemName, Generation[]>>,
  opts: {
    bootstrap: { resamples: number; confidence: number; seed: number };
    perplexity: { base: PerplexityResult; tuned: PerplexityResult } | null;
    groupOfId: (id: string) => string | null;
    /** Per system, each case's relative similarity to its turn (src/eval/responsiveness.ts); absent: not measured. */
    responsiveness?: Partial<Record<SystemName, (number | null)[]>>;
  },
): Pick<EvalReport, "metrics" | "main_metric" | "answer" | "samples" | "worst" | "notes"> {
  const { resamples: r, confidence, seed } = opts.bootstrap;
  const n = suite.cases.length;
  const idx = resampleIndices(n, { resamples: r, confidence, seed });
  const items: Partial<Record<SystemName, unknown[]>> = {};
  for (const [name, gens] of Object.entries(outputs) as [SystemName, Generation[]][]) {
    const byId = new Map(gens.map((x) => [x.id, x]));
    items[name] = suite.cases.map((c, i) => {
      const g = byId.get(c.id);
      const text = g?.text ?? "";
      const quality = replyQuality(text, { ...suite.degeneration(i), ranToLimit: g?.finish === "length" }, opts.responsiveness?.[name]?.[i] ?? null);
      return { ...(suite.item(i, text) as object), quality };
    });
  }
  const metrics: MetricReport[] = [];
  for (const m of suite.metrics) {
    const values: MetricReport["values"] = {};
    for (const [name, its] of Object.entries(items) as [SystemName, unknown[]][]) values[name] = estimate(m, its, idx, confidence);
    const rep: MetricReport = { name: m.name, description: m.description, direction: m.direction, kind: m.kind, main: Boolean(m.main), values };
    if (items.tuned && items.base) {
      const diff = pairedDifference(m, items.tuned, items.base, idx, confidence);
      rep.tuned_vs_base = { diff, verdict: verdict(diff, m.direction) };
    }
    if (items.tuned && items.few_shot) {
      const diff = pairedDifference(m, items.tuned, items.few_shot, idx, confidence);
      rep.tuned_vs_few_shot = { diff, verdict: verdict(diff, m.direction) };
    }
    if (m.kind === "item") {
      const groups: NonNullable<MetricReport["groups"]> = {};
      for (const [name, its] of Object.entries(items) as [SystemName, unknown[]][]) {
        const acc = new Map<string, { s: number; n: number }>();
        its.forEach((it, i) => {
          const s = m.score(it);
          if (s === null) return;
          const a = acc.get(suite.cases[i]!.group) ?? { s: 0, n: 0 };
          a.s += s;
          a.n++;
          acc.set(suite.cases[i]!.group, a);
        });
        for (const [grp, a] of acc) (groups[grp] ??= {})[name] = a.s / a.n;
      }
      rep.groups = groups;
    }
    metrics.push(rep);
  }
  const notes: string[] = [];
  if (opts.perplexity) {
    const { base, tuned } = opts.perplexity;
    const byId = new Map(tuned.per_example.map((p) => [p.id, p]));
    const pairs = base.per_example.filter((p) => byId.has(p.id));
    if (pairs.length) {
      const b = pairs.map((p) => ({ loss_sum: p.loss_sum, tokens: p.tokens }));
      const t = pairs.map((p) => byId.get(p.id)!);
      const pidx = resampleIndices(pairs.length, { resamples: r, confidence, seed });
      const diff = pairedDifference(PERPLEXITY, t, b, pidx, confidence);
      const groups: NonNullable<MetricReport["groups"]> = {};
      const grouped = new Map<string, { b: PplItem[]; t: PplItem[] }>();
      pairs.forEach((p, i) => {
        const grp = opts.groupOfId(p.id) ?? groupFromId(p.id);
        const e = grouped.get(grp) ?? { b: [], t: [] };
        e.b.push(b[i]!);
        e.t.push(t[i]!);
        grouped.set(grp, e);
      });
      for (const [grp, e] of grouped) groups[grp] = { base: metricValue(PERPLEXITY, e.b), tuned: metricValue(PERPLEXITY, e.t) };
      metrics.unshift({
        name: PERPLEXITY.name, description: PERPLEXITY.description, direction: "lower", kind: "corpus", main: false,
        values: { base: estimate(PERPLEXITY, b, pidx, confidence), tuned: estimate(PERPLEXITY, t, pidx, confidence) },
        tuned_vs_base: { diff, verdict: verdict(diff, "lower") },
        groups,
      });
    } else notes.push("perplexity: base and tuned results share no example id; left out");
  } else notes.push("perplexity: not measured (--no-perplexity)");
  const main = metrics.find((m) => m.main) ?? metrics.find((m) => m.name !== "perplexity") ?? metrics[0]!;
  const cmp = main.tuned_vs_few_shot;
  const answer: EvalReport["answer"] = cmp
    ? {
        fine_tuning_vs_prompting: cmp.verdict,
        text:
          cmp.verdict === "better"
            ? `Fine-tuning beat prompting on ${main.name}: ${fmt(main.values.tuned?.value)} vs ${fmt(main.values.few_shot?.value)} with a few-shot prompt (difference ${fmt(cmp.diff.value)}, ${pct(confidence)} interval ${fmt(cmp.diff.lo)} … ${fmt(cmp.diff.hi)}).`
            : cmp.verdict === "worse"
              ? `Prompting beat fine-tuning on ${main.name}: the few-shot prompt reached ${fmt(main.values.few_shot?.value)}, the tuned model ${fmt(main.values.tuned?.value)}. Train longer, fix the data, or ship the prompt.`
              : `No clear difference on ${main.name} between fine-tuning (${fmt(main.values.tuned?.value)}) and a few-shot prompt (${fmt(main.values.few_shot?.value)}): the ${pct(confidence)} interval of the difference, ${fmt(cmp.diff.lo)} … ${fmt(cmp.diff.hi)}, holds 0. More held-out prompts would narrow it.`,
      }
    : {
        fine_tuning_vs_prompting: "no few-shot baseline",
        text: main.values.few_shot
          ? `${main.name} has no paired few-shot comparison.`
          : "eval.generate.few_shot is 0: there is no prompt-engineering baseline to compare with.",
      };
  const samples = suite.cases.slice(0, 12).map((c) => {
    const outs: Partial<Record<SystemName, string>> = {};
    for (const [name, gens] of Object.entries(outputs) as [SystemName, Generation[]][]) outs[name] = gens.find((x) => x.id === c.id)?.text ?? "";
    const ask = [...c.prompt].reverse().find((m) => m.role === "user")?.content ?? "";
    return { id: c.id, group: c.group, ask, reference: c.reference, outputs: outs };
  });
  return { metrics, main_metric: main.name, answer, samples, worst: worstReplies(suite, items, main.name), notes };
}

/**
 * Per system, the replies a person should read first: worst on the main metric, then unsound ones,
 * each with the item metrics it failed and why it is not sound — what the numbers mean, at a glance.
 */
function worstReplies(suite: Suite<unknown>, items: Partial<Record<SystemName, unknown[]>>, mainName: string, k = 8): NonNullable<EvalReport["worst"]> {
  const out: NonNullable<EvalReport["worst"]> = {};
  const itemMetrics = suite.metrics.filter((m): m is ItemMetric<unknown> => m.kind === "item");
  const main = itemMetrics.find((m) => m.name === mainName);
  for (const [name, its] of Object.entries(items) as [SystemName, unknown[]][]) {
    const rows = its.map((it, i) => {
      const q = (it as WithQuality).quality;
      const scores: Record<string, number> = {};
      const failed: string[] = [];
      for (const m of itemMetrics) {
        const s = m.score(it);
        if (s === null) continue;
        scores[m.name] = Number(s.toFixed(4));
        if ((m.direction === "higher" && s === 0 && isRate(m.name)) || (m.direction === "lower" && s === 1 && isRate(m.name))) failed.push(m.name);
      }
      const mainScore = main?.score(it) ?? null;
      const badness = mainScore === null ? 0.5 : main!.direction === "higher" ? 1 - mainScore : mainScore;
      const c = suite.cases[i]!;
      return {
        id: c.id,
        group: c.group,
        ask: [...c.prompt].reverse().find((m) => m.role === "user")?.content ?? "",
        output: (it as { output?: string }).output ?? "",
        main: mainScore,
        failed,
        flags: qualityFlags(q),
        scores,
        badness: badness + (q && !isSound(q) ? 1 : 0) + failed.length / 100,
      };
    });
    out[name] = rows.sort((a, b) => b.badness - a.badness || a.id.localeCompare(b.id)).slice(0, k).map(({ badness: _, ...row }) => row);
  }
  return out;
}

const isRate = (name: string): boolean => name.endsWith("_rate");

/** Prefix of an id before its first digit run (aurelio-test-0001 → aurelio): a group for examples not generated. */
function groupFromId(id: string): string {
  return id.replace(/[-_]?(test|validation|train)?[-_]?\d.*$/, "") || "all";
}

export const fmt = (x: number | undefined, d = 3): string => (x === undefined || !Number.isFinite(x) ? "n/a" : x.toFixed(d));
const pct = (c: number) => `${Math.round(c * 100)}%`;
