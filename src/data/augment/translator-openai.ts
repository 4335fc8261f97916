import { UserError } from "../../errors.js";
import type { Translator } from "./backtranslate.js";

/**
 * A Translator that asks any OpenAI-compatible chat endpoint (OpenAI, vLLM, llama.cpp
 * server, Ollama's /v1, LM Studio…) for one translation per text: POST
 * {baseUrl}/chat/completions with a translation system prompt and temperature 0.
 *
 * Network errors, timeouts, HTTP 408/409/425/429 and 5xx are retried with exponential
 * backoff (Retry-After is honoured, up to 30 s); other statuses fail at once. Errors are
 * UserErrors naming the URL, the HTTP status and the start of the server's answer.
 */
export interface OpenAITranslatorOptions {
  /** Base URL of the API, e.g. https://api.openai.com/v1 or http://127.0.0.1:8000/v1. */
  baseUrl: string;
  model: string;
  /** Bearer token; default the OPENAI_API_KEY environment variable; none is sent when empty. */
  apiKey?: string | null;
  /** The system prompt for a direction; default `translationPrompt`. */
  systemPrompt?: (from: string, to: string) => string;
  /** Per request (default 60 s). */
  timeoutMs?: number;
  /** Retries after the first attempt (default 3). */
  retries?: number;
  /** First backoff (default 500 ms), doubled at each retry. */
  backoffMs?: number;
  /** Requests in flight at once (default 4). */
  concurrency?: number;
  /** max_tokens of each answer (default: not sent). */
  maxTokens?: number;
}

const LANGUAGE_NAMES: Record<string, string> = { es: "Spanish", en: "English", fr: "French", de: "German", it: "Italian", pt: "Portuguese" };

/** The default system prompt: translate only, keep placeholders and line breaks. */
export function translationPrompt(from: string, to: string): string {
  const a = LANGUAGE_NAMES[from] ?? from;
  const b = LANGUAGE_NAMES[to] ?? to;
  return (
    `You are a professional translator. Translate the user's message from ${a} to ${b}. ` +
    "Reply with the translation only: no quotes, notes or explanations. " +
    "Keep every placeholder such as [0] or [12] exactly as written, once each, and keep the line breaks."
  );
}

const RETRY_STATUS = new Set([408, 409, 425, 429]);
const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

export class OpenAITranslator implements Translator {
  /** HTTP requests made so far, retries included. */
  requests = 0;
  readonly url: string;

  constructor(readonly options: OpenAITranslatorOptions) {
    this.url = `${options.baseUrl.replace(/\/+$/, "")}/chat/completions`;
  }

  async translate(texts: string[], from: string, to: string): Promise<string[]> {
    const out: string[] = new Array<string>(texts.length).fill("");
    const system = (this.options.systemPrompt ?? translationPrompt)(from, to);
    let next = 0;
    const worker = async () => {
      while (next < texts.length) {
        const i = next++;
        const text = texts[i]!;
        out[i] = text.trim() ? await this.one(system, text) : text;
      }
    };
    await Promise.all(Array.from({ length: Math.max(1, Math.min(this.options.concurrency ?? 4, texts.length)) }, worker));
    return out;
  }

  private async one(system: string, text: string): Promise<string> {
    const o = this.options;
    const key = o.apiKey === undefined ? process.env.OPENAI_API_KEY : o.apiKey;
    const body = JSON.stringify({
      model: o.model,
      messages: [
        { role: "system", content: system },
        { role: "user", content: text },
      ],
      temperature: 0,
      ...(o.maxTokens ? { max_tokens: o.maxTokens } : {}),
    });
    const headers: Record<string, string> = { "content-type": "application/json", accept: "application/json" };
    if (key) headers.authorization = `Bearer ${key}`;
    const retries = o.retries ?? 3;
    let last = "";
    for (let attempt = 0; attempt <= retries; attempt++) {
      let wait = (o.backoffMs ?? 500) * 2 ** attempt;
      this.requests += 1;
      let res: Response;
      let answer: string;
      try {
        res = await fetch(this.url, { method: "POST", headers, body, signal: AbortSignal.timeout(o.timeoutMs ?? 60_000) });
        answer = await res.text();
      } catch (e) {
        const err = e as Error;
        last = err.name === "TimeoutError" || err.name === "AbortError" ? `no answer within ${o.timeoutMs ?? 60_000} ms` : `${err.message}${err.cause instanceof Error ? ` (${err.cause.message})` : ""}`;
        if (attempt < retries) await sleep(wait);
        continue;
      }
      if (res.ok) return this.content(answer);
      last = `HTTP ${res.status} ${res.statusText}: ${excerpt(answer)}`;
      if (!(RETRY_STATUS.has(res.status) || res.status >= 500)) {
        throw new UserError("translate-http", `POST ${this.url} failed with HTTP ${res.status} ${res.statusText}: ${excerpt(answer)}`, { hint: hintFor(res.status) });
      }
      const after = Number(res.headers.get("retry-after"));
      if (Number.isFinite(after) && after > 0) wait = Math.min(30_000, after * 1000);
      if (attempt < retries) await sleep(wait);
    }
    throw new UserError("translate-http", `POST ${this.url} failed after ${retries + 1} attempts; last: ${last}`, {
      hint: /^HTTP/.test(last) ? hintFor(Number(last.split(" ")[1])) : `is an OpenAI-compatible server running at ${o.baseUrl}?`,
    });
  }

  private content(answer: string): string {
    let parsed: unknown;
    try {
      parsed = JSON.parse(answer);
    } catch {
      throw new UserError("translate-http", `POST ${this.url} answered 200 with something that is not JSON: ${excerpt(answer)}`, {
        hint: "the base URL must be an OpenAI-compatible API root ending in /v1",
      });
    }
    const content = (parsed as { choices?: { message?: { content?: unknown } }[] }).choices?.[0]?.message?.content;
    if (typeof content !== "string") {
      throw new UserError("translate-http", `POST ${this.url} answered without choices[0].message.content: ${excerpt(answer)}`, {
        hint: "the endpoint must speak the OpenAI chat completions format",
      });
    }
    return content.trim();
  }
}

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, " ").trim();
  return one.length > 300 ? `${one.slice(0, 300)}…` : one || "(empty body)";
}

function hintFor(status: number): string {
  if (status === 401 || status === 403) return "check the API key (OPENAI_API_KEY) and that it may use this model";
  if (status === 404) return "check the base URL (it ends in /v1) and the model name";
  if (status === 400 || status === 422) return "the server rejected the request; check the model name and that it is a chat model";
  if (status === 429) return "rate limited: lower the concurrency or try again later";
  return "the server failed; try again later, or check its logs";
}
