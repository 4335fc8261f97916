import { createHash } from "node:crypto";
import { appendFileSync, existsSync, readFileSync } from "node:fs";
import OpenAI from "openai";
import type { Recipe } from "../config/recipe.js";
import { UserError } from "../errors.js";
import type { ChatMessage } from "../spec/index.js";
import type { Metric } from "./metric.js";

/**
 * LLM-as-judge: any OpenAI-compatible chat endpoint scores each generated reply from 1 to 5
 * against a rubric, with the conversation and the held-out reference as context. Off by default
 * (`eval.judge.enabled`): it sends the evaluation's prompts to another model. The score joins the
 * report as the item metric `judge_score` ((score − 1) / 4, so 0–1 like the rates), with the same
 * bootstrap intervals and verdicts as every other metric, and can be gated.
 *
 * Verdicts are cached in runs/<id>/eval/judge.jsonl by a hash of (model, rubric, context, reply):
 * re-scoring is free and a stopped evaluation resumes. A reply the judge's answer cannot be read
 * for is not scored (null) and is counted in the report's notes.
 */
export type JudgeOptions = Recipe["eval"]["judge"];

export const ROLE_RUBRICS: Record<"npc" | "director" | "book", string> = {
  npc:
    "You judge one reply of a non-player character in a narrative game set in an infinite library. " +
    "5: fully in character — the persona's voice and language, only what the persona may know, answers the player, consistent with the reference facts. " +
    "3: in character but flat, vague, or partly off the player's question. " +
    "1: breaks character (mentions being an AI, a model or a game), talks about the modern world, contradicts the persona, or answers in the wrong language.",
  director:
    "You judge one decision of a game's Director model, which must answer with a single JSON object {beat, targets, intensity, narration_hint, rationale}. " +
    "5: valid JSON, a beat that fits the state (pacing, tension, what is present and unrevealed), targets that exist in the state. " +
    "3: valid JSON but a poor or weakly justified beat. 1: not JSON, or targets that do not exist, or a spoiler of things the state has not introduced.",
  book:
    "You judge one text written for a book on a shelf of an infinite library, in a requested style. " +
    "5: unmistakably the requested style (compare the reference passage), coherent, no repetition loops. " +
    "3: recognisably the style but weak or repetitive. 1: another style, a loop, empty, or not a book text at all.",
};

const ANSWER_FORMAT = 'Answer with one JSON object and nothing else: {"score": <integer 1-5>, "reason": "<one sentence>"}.';

export interface JudgeVerdict {
  score: number | null;
  reason: string;
  raw: string;
}

/** The judge's answer → a 1–5 score: a JSON object with `score`, else "score: N" / "N/5" in prose. */
export function parseVerdict(raw: string): JudgeVerdict {
  const obj = /\{[\s\S]*\}/.exec(raw);
  if (obj) {
    try {
      const v = JSON.parse(obj[0]) as { score?: unknown; reason?: unknown };
      const n = typeof v.score === "string" ? Number(v.score) : v.score;
      if (typeof n === "number" && Number.isInteger(n) && n >= 1 && n <= 5) return { score: n, reason: typeof v.reason === "string" ? v.reason : "", raw };
      // A JSON verdict with a score off the scale (7, 2.5) is unreadable, not to be guessed from its digits.
      if (v.score !== undefined) return { score: null, reason: "score off the 1-5 scale", raw };
    } catch {
      // fall through to the prose forms
    }
  }
  const m = /\bscore\W{0,4}([1-5])\b/i.exec(raw) ?? /\b([1-5])\s*(?:\/|out of)\s*5\b/i.exec(raw);
  return m ? { score: Number(m[1]), reason: raw.trim().slice(0, 200), raw } : { score: null, reason: "unreadable verdict", raw };
}

export interface JudgeCase {
  id: string;
  /** The conversation the reply answers (system prompt included). */
  prompt: ChatMessage[];
  reference: string;
}

/** The judge's messages for one reply. */
export function judgeMessages(rubric: string, c: JudgeCase, reply: string): ChatMessage[] {
  const context = c.prompt.map((m) => `[${m.role}] ${m.content}`).join("\n");
  return [
    { role: "system", content: `${rubric}\n\n${ANSWER_FORMAT}` },
    {
      role: "user",
      content: `## Context (what the model was asked)\n${context}\n\n## Reference answer (one good answer, not the only one)\n${c.reference}\n\n## Reply to judge\n${reply}`,
    },
  ];
}

const keyOf = (model: string, messages: ChatMessage[]) => createHash("sha256").update(JSON.stringify({ model, messages })).digest("hex");

export interface JudgeRun {
  /** (case id, reply text) → score 1–5 or null */
  scores: Map<string, number | null>;
  requested: number;
  cached: number;
  unreadable: number;
}

export const judgeKey = (id: string, reply: string) => `${id}\u0000${reply}`;

/**
 * Judges every (case, reply) pair once (duplicates — two systems with the same reply — are asked once),
 * `concurrency` requests at a time, caching each verdict as it arrives.
 */
export async function runJudge(
  opts: JudgeOptions,
  role: keyof typeof ROLE_RUBRICS,
  pairs: { c: JudgeCase; reply: string }[],
  cacheFile: string,
  note: (m: string) => void = () => {},
): Promise<JudgeRun> {
  const baseURL = opts.base_url ?? process.env.OPENAI_BASE_URL ?? null;
  if (!baseURL || !opts.model) {
    throw new UserError("judge_config", `eval.judge is enabled but has no ${!baseURL ? "base_url" : "model"}`, {
      hint: "set eval.judge.base_url (or $OPENAI_BASE_URL) and eval.judge.model, or eval.judge.enabled: false",
    });
  }
  const model = opts.model;
  const rubric = opts.rubric ?? ROLE_RUBRICS[role];
  const client = new OpenAI({
    baseURL,
    apiKey: process.env[opts.api_key_env] || "not-needed",
    timeout: opts.timeout_s * 1000,
    maxRetries: 3,
  });
  const cache = new Map<string, JudgeVerdict>();
  if (existsSync(cacheFile)) {
    for (const line of readFileSync(cacheFile, "utf8").split("\n")) {
      if (!line.trim()) continue;
      try {
        const r = JSON.parse(line) as { key: string; verdict: JudgeVerdict };
        cache.set(r.key, r.verdict);
      } catch {
        // a line cut by a crash: that reply is judged again
      }
    }
  }
  const out: JudgeRun = { scores: new Map(), requested: 0, cached: 0, unreadable: 0 };
  const todo = new Map<string, { messages: ChatMessage[]; keys: string[] }>();
  for (const { c, reply } of pairs) {
    const k = judgeKey(c.id, reply);
    if (out.scores.has(k)) continue;
    const messages = judgeMessages(rubric, c, reply);
    const h = keyOf(model, messages);
    const hit = cache.get(h);
    if (hit) {
      out.scores.set(k, hit.score);
      out.cached++;
      continue;
    }
    out.scores.set(k, null);
    const t = todo.get(h) ?? { messages, keys: [] };
    t.keys.push(k);
    todo.set(h, t);
  }
  const jobs = [...todo.entries()];
  if (jobs.length) note(`eval: judge ${model} at ${baseURL}: ${jobs.length} replies to score (${out.cached} cached)`);
  let next = 0;
  const worker = async () => {
    while (next < jobs.length) {
      const [h, job] = jobs[next++]!;
      let raw: string;
      try {
        const r = await client.chat.completions.create({ model, messages: job.messages, temperature: 0, max_tokens: 200 });
        raw = r.choices[0]?.message?.content ?? "";
      } catch (e) {
        const status = (e as { status?: number }).status;
        throw new UserError("judge_request", `the judge at ${baseURL} failed${status ? ` with HTTP ${status}` : ""}: ${e instanceof Error ? e.message : String(e)}`, {
          hint: `check eval.judge.base_url, eval.judge.model and $${opts.api_key_env}; verdicts so far are kept in ${cacheFile}`,
        });
      }
      out.requested++;
      const verdict = parseVerdict(raw);
      if (verdict.score === null) out.unreadable++;
      appendFileSync(cacheFile, JSON.stringify({ key: h, verdict }) + "\n");
      for (const k of job.keys) out.scores.set(k, verdict.score);
    }
  };
  await Promise.all(Array.from({ length: Math.min(opts.concurrency, jobs.length) }, worker));
  return out;
}

/** `judge_score` over the suite's items (each item has the case `id` and the reply `output`). */
export function judgeMetric<I extends { id: string; output: string }>(scores: Map<string, number | null>): Metric<I> {
  return {
    name: "judge_score",
    kind: "item",
    direction: "higher",
    description: "LLM-as-judge: the judge model's 1–5 score for the reply against the role's rubric, as (score − 1) / 4; unjudged or unreadable replies are not counted.",
    score: (item) => {
      const s = scores.get(judgeKey(item.id, item.output));
      return s === undefined || s === null ? null : (s - 1) / 4;
    },
  };
}
