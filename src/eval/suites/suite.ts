import { existsSync, readdirSync, readFileSync, statSync } from "node:fs";
import { join } from "node:path";
import type { ResolvedConfig } from "../../config/resolve.js";
import { unit } from "../../roles/rng.js";
import type { ChatExample, ChatMessage } from "../../spec/index.js";
import type { Metric } from "../metric.js";

/**
 * A role's generative evaluation: held-out prompts, how a model's answer becomes a scored item,
 * and the role's metrics. The three systems of every evaluation answer the same cases:
 * base zero-shot (`baseline`), base few-shot (`fewShot`: the prompt-engineering alternative),
 * tuned (`prompt`). The base model gets the prompt a studio would write without fine-tuning, not
 * the compact one the adapter learned to expand: comparing both on the compact prompt would
 * handicap prompting.
 */
export interface EvalCase {
  id: string;
  /** The held-out conversation up to the reply, exactly as the model was trained to be asked (the tuned system's prompt). */
  prompt: ChatMessage[];
  /**
   * The zero-shot baseline's prompt: the same conversation turns after the role's full system
   * prompt (the whole persona card, the Director's rules with names, the Book's style sheet).
   */
  baseline: ChatMessage[];
  /** `baseline` with `k` training exchanges after its system prompt (null when few-shot is off). */
  fewShot: ChatMessage[] | null;
  /** What the report groups by (persona, style, beat…). */
  group: string;
  /** The held-out reply (the gold decision for the Director). */
  reference: string;
}

export interface Suite<I> {
  role: "npc" | "director" | "book";
  /** One line each naming the prompt the tuned model and the base model (zero- and few-shot) get, for the report. */
  prompts: { tuned: string; baseline: string };
  /** The role's default reply budget in tokens. */
  maxNewTokens: number;
  cases: EvalCase[];
  /** The scored item for case `i` answered with `output`. */
  item(i: number, output: string): I;
  metrics: Metric<I>[];
  /** Held-out cases there were, and why some were not used. */
  notes: string[];
  /** The report group of any held-out example by id, generated or not (per-group perplexity); null when it has no raw record. */
  groupOf(id: string): string | null;
  /** How case `i`'s reply is checked for degeneration (a role's shortest real reply, verse). */
  degeneration(i: number): { minWords: number; refrains?: boolean };
  /** What case `i`'s reply answers, for the responsiveness measure; absent: not measured for this role. */
  responsivenessContext?(i: number): string | null;
}

export interface SuiteInput {
  config: ResolvedConfig;
  /** The prepared held-out split (what perplexity is measured on). */
  heldOut: ChatExample[];
  /** The prepared training split (few-shot examples, the Book shelf). */
  train: ChatExample[];
  /** The role's raw records by id (state, persona, style… that the chat form does not carry). */
  raw: Map<string, Record<string, unknown>>;
  maxExamples: number;
  fewShot: number;
  seed: number;
  /** Texts each system writes per prompt (Book: 3, so one unlucky sample does not decide a request); default 1. */
  samples?: number;
}

export function readJsonl<T>(file: string): T[] {
  return readFileSync(file, "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as T);
}

/** Every raw record of the recipe's data (a file, or a folder of *.jsonl files), by id. */
export function loadRawRecords(path: string): Map<string, Record<string, unknown>> {
  const files = existsSync(path) && statSync(path).isDirectory()
    ? readdirSync(path).filter((f) => f.endsWith(".jsonl")).sort().map((f) => join(path, f))
    : existsSync(path) && path.endsWith(".jsonl") ? [path] : [];
  const out = new Map<string, Record<string, unknown>>();
  for (const file of files) {
    for (const r of readJsonl<Record<string, unknown>>(file)) if (typeof r.id === "string") out.set(r.id, r);
  }
  return out;
}

/** The conversation before its last assistant turn, and that turn (the reference). */
export function splitReply(messages: readonly ChatMessage[]): { prompt: ChatMessage[]; reference: string } | null {
  let last = messages.length - 1;
  while (last >= 0 && messages[last]!.role !== "assistant") last--;
  if (last < 1) return null;
  return { prompt: messages.slice(0, last), reference: messages[last]!.content };
}

/** A seeded, order-independent pick of at most `n` items: the same ids whatever the file order. */
export function pick<T extends { id: string }>(xs: readonly T[], n: number, seed: number): T[] {
  return [...xs].sort((a, b) => unit(`${seed}:${a.id}`) - unit(`${seed}:${b.id}`)).slice(0, n);
}

/**
 * The prompt-engineering baseline: the baseline prompt with `k` training exchanges (first user
 * turn and its answer) of the same group placed before it, after the system prompt.
 */
export function fewShotPrompt(
  prompt: readonly ChatMessage[],
  shots: readonly ChatExample[],
): ChatMessage[] {
  const [system, ...rest] = prompt[0]?.role === "system" ? prompt : [null, ...prompt];
  const pairs = shots.flatMap((s) => {
    const u = s.messages.findIndex((m) => m.role === "user");
    const a = s.messages.findIndex((m, i) => i > u && m.role === "assistant");
    return u >= 0 && a > u ? [s.messages[u]!, s.messages[a]!] : [];
  });
  return [...(system ? [system] : []), ...pairs, ...(rest as ChatMessage[])];
}

/** The same conversation under another system prompt: the leading system message replaced, or one put first. */
export function withSystemPrompt(prompt: readonly ChatMessage[], system: string): ChatMessage[] {
  const rest = prompt[0]?.role === "system" ? prompt.slice(1) : prompt;
  return [{ role: "system", content: system }, ...rest];
}

/** `k` training examples for a case: same group when `groupOf` says so, seeded by the case id. */
export function shotsFor(caseId: string, group: string, train: readonly ChatExample[], groupOf: (id: string) => string | null, k: number, seed: number): ChatExample[] {
  if (k === 0) return [];
  const same = train.filter((t) => groupOf(t.id) === group);
  const pool = same.length >= k ? same : train;
  return [...pool].sort((a, b) => unit(`${seed}:${caseId}:${a.id}`) - unit(`${seed}:${caseId}:${b.id}`)).slice(0, k);
}

/** Builds the cases of a suite: held-out chat examples with a raw record, picked and given few-shot prompts. */
export function buildCases(
  input: SuiteInput,
  groupOf: (raw: Record<string, unknown>) => string,
  /** Which training examples may be few-shot examples for a case (default: the same group). */
  shotGroupOf: (raw: Record<string, unknown>) => string = groupOf,
  /** The base model's zero-shot prompt for a case, from its trained prompt (default: that prompt). */
  baselineOf: (raw: Record<string, unknown>, prompt: ChatMessage[]) => ChatMessage[] = (_, prompt) => prompt,
  /** everyReply: each assistant turn of a held-out conversation is a case (its id `<id>#<k>`), not only the last. */
  opts: { everyReply?: boolean } = {},
): { cases: EvalCase[]; references: string[]; raws: Record<string, unknown>[]; notes: string[]; groupOfId: (id: string) => string | null } {
  const notes: string[] = [];
  const usable = input.heldOut.filter((e) => input.raw.has(e.id) && splitReply(e.messages));
  if (usable.length < input.heldOut.length) {
    notes.push(`${input.heldOut.length - usable.length} held-out examples have no raw role record or no reply and are not generated`);
  }
  // One unit per reply to write: the conversation's last reply, or every reply in turn.
  const units = usable.flatMap((e) => {
    if (!opts.everyReply) return [{ id: e.id, src: e.id, messages: e.messages }];
    const replies = e.messages.flatMap((m, i) => (m.role === "assistant" && e.messages.slice(0, i).some((x) => x.role === "user") ? [i] : []));
    return replies.map((i, k) => ({ id: `${e.id}#${k + 1}`, src: e.id, messages: e.messages.slice(0, i + 1) }));
  });
  const chosen = pick(units, input.maxExamples, input.seed);
  const samples = Math.max(1, input.samples ?? 1);
  notes.push(
    `${chosen.length} ${opts.everyReply ? `replies (of ${units.length} in ${usable.length} held-out conversations)` : `of ${input.heldOut.length} held-out examples`} answered by each system${samples > 1 ? `, ${samples} texts each (bootstrap intervals resample texts, so they are somewhat narrower than per-prompt ones)` : ""}`,
  );
  const trainGroup = (id: string) => {
    const r = input.raw.get(id);
    return r ? shotGroupOf(r) : null;
  };
  const cases: EvalCase[] = [];
  const references: string[] = [];
  const raws: Record<string, unknown>[] = [];
  for (const e of chosen) {
    const raw = input.raw.get(e.src)!;
    const { prompt, reference } = splitReply(e.messages)!;
    const group = groupOf(raw);
    const shots = shotsFor(e.id, shotGroupOf(raw), input.train, trainGroup, input.fewShot, input.seed);
    const baseline = baselineOf(raw, prompt);
    const fewShot = input.fewShot ? fewShotPrompt(baseline, shots) : null;
    for (let s = 1; s <= samples; s++) {
      cases.push({ id: samples > 1 ? `${e.id}~${s}` : e.id, prompt, baseline, fewShot, group, reference });
      references.push(reference);
      raws.push(raw);
    }
  }
  const groupOfId = (id: string) => {
    const r = input.raw.get(id);
    return r ? groupOf(r) : null;
  };
  return { cases, references, raws, notes, groupOfId };
}

/**
 * What a reply answers, for the responsiveness measure: the reader's last turn, after the line
 * said just before it (a "Don't play dumb with me." is about the answer it follows). Null when
 * there is no user turn.
 */
export function responsivenessContext(history: readonly { role: string; content: string }[]): string | null {
  const u = history.map((m) => m.role).lastIndexOf("user");
  if (u < 0) return null;
  const before = u > 0 && history[u - 1]!.role === "assistant" ? `${history[u - 1]!.content}\n` : "";
  return `${before}${history[u]!.content}`;
}
