import { LlamaGrammarEvaluationState, type LlamaContextSequence, type LlamaGrammar, type LlamaModel, type Token } from "node-llama-cpp";
import { UserError } from "../errors.js";

export interface GenerateOptions {
  /** New tokens at most (the end-of-turn token ends a reply earlier). */
  maxTokens?: number;
  /** 0 = greedy. */
  temperature?: number;
  topK?: number;
  topP?: number;
  /** Sampling seed (only matters when temperature > 0). */
  seed?: number;
  /** Constrains every token (the Director's JSON grammar). */
  grammar?: LlamaGrammar;
  /** Called with each new piece of text as it is decoded (streaming). */
  onText?: (delta: string) => void;
  /** Ends the reply when it returns true for the text so far (a grammar's value is complete). */
  stopWhen?: (text: string) => boolean;
  signal?: AbortSignal;
}

export interface GenerateResult {
  text: string;
  tokens: number[];
  promptTokens: number;
  /** Prompt tokens already in the context from the previous call (not evaluated again). */
  reusedTokens: number;
  finishReason: "stop" | "length" | "abort";
  /** From the call to the first new token, in ms. */
  firstTokenMs: number | null;
  totalMs: number;
  /** New tokens per second after the first one (decode speed). */
  tokensPerSecond: number | null;
}

/**
 * One completion on a sequence. The part of the prompt the sequence already holds (the
 * system prompt and earlier turns of the same conversation) stays in the KV cache; only the
 * rest is evaluated, which keeps the first token fast on every turn of a scene.
 */
export async function generateOn(model: LlamaModel, seq: LlamaContextSequence, prompt: number[], opts: GenerateOptions): Promise<GenerateResult> {
  const maxTokens = opts.maxTokens ?? 128;
  if (prompt.length === 0) throw new UserError("runtime_empty_prompt", "the prompt has no tokens", { hint: "send at least one message" });
  if (prompt.length + maxTokens > seq.contextSize) {
    throw new UserError("runtime_context_full", `prompt (${prompt.length} tokens) + max tokens (${maxTokens}) exceed the context (${seq.contextSize})`, {
      hint: "shorten the history or max tokens, or load the runtime with a larger contextSize",
    });
  }
  const start = performance.now();
  const held = seq.contextTokens as number[];
  let same = 0;
  while (same < held.length && same < prompt.length && held[same] === prompt[same]) same++;
  same = Math.min(same, prompt.length - 1); // evaluate at least one token to get logits
  if (same < seq.nextTokenIndex) await seq.eraseContextTokenRanges([{ start: same, end: seq.nextTokenIndex }]);

  const tokens: number[] = [];
  let text = "";
  let firstAt: number | null = null;
  let finishReason: GenerateResult["finishReason"] = "length";
  const grammarEvaluationState = opts.grammar ? new LlamaGrammarEvaluationState({ model, grammar: opts.grammar }) : undefined;
  const temperature = opts.temperature ?? 0;
  const it = seq.evaluate(prompt.slice(same) as Token[], {
    temperature,
    ...(temperature > 0 ? { seed: opts.seed ?? 0, topK: opts.topK ?? 40, topP: opts.topP ?? 0.95 } : {}),
    ...(grammarEvaluationState ? { grammarEvaluationState } : {}),
  });
  for await (const t of it) {
    if (firstAt === null) firstAt = performance.now();
    if (model.isEogToken(t)) {
      finishReason = "stop";
      break;
    }
    tokens.push(t);
    const now = model.detokenize(tokens as Token[]);
    // hold back a half-decoded UTF-8 character until its last byte arrives
    if (!now.endsWith("\uFFFD") && now.length > text.length) {
      opts.onText?.(now.slice(text.length));
      text = now;
    }
    if (opts.signal?.aborted) {
      finishReason = "abort";
      break;
    }
    if (opts.stopWhen?.(now)) {
      finishReason = "stop";
      break;
    }
    if (tokens.length >= maxTokens) break;
  }
  const final = model.detokenize(tokens as Token[]);
  if (final.length > text.length && final.startsWith(text)) opts.onText?.(final.slice(text.length));
  const end = performance.now();
  return {
    text: final,
    tokens,
    promptTokens: prompt.length,
    reusedTokens: same,
    finishReason,
    firstTokenMs: firstAt === null ? null : firstAt - start,
    totalMs: end - start,
    tokensPerSecond: firstAt !== null && tokens.length > 1 ? ((tokens.length - 1) * 1000) / (end - firstAt) : null,
  };
}
