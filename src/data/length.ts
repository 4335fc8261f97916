import type { ChatMessage } from "../spec/chat.js";
import { UserError } from "../errors.js";
import type { ChatRecord, DataRecord, TextRecord } from "./record.js";
import type { ModelTokenizer } from "./tokenizer.js";

/**
 * Length policies: what happens to a record over the token limit.
 *
 * Token counts are the engine's (see tokenizer.ts): a chat record is its rendered conversation,
 * a text record is its tokens plus the EOS the engine appends, so a text record of maxTokens
 * holds maxTokens - 1 text tokens.
 *
 * - drop: the record is rejected (too_long).
 * - truncate, chat: the oldest user/assistant exchanges after the system prompt are removed until
 *   it fits; the system prompt and the final answer are always kept whole. When even
 *   system + last user turn + last answer does not fit, the record is rejected
 *   (answer_would_be_cut): an answer is never cut silently.
 * - truncate, text: cut at a token boundary after maxTokens - 1 tokens; tags.truncated = "true".
 * - chunk, text: overlapping windows of maxTokens - 1 tokens sharing `overlap` tokens;
 *   ids `${id}#c${i}`, same group, origin `chunk:${i}`.
 * - chunk, chat: as truncate.
 */
export type LengthPolicy = "drop" | "truncate" | "chunk";

export interface LengthPolicyOptions {
  maxTokens: number;
  policy: LengthPolicy;
  /** Tokens shared by consecutive chunks (policy chunk, text records). */
  overlap: number;
}

export interface LengthReject {
  code: string;
  field: string;
  reason: string;
  hint: string;
}

export type LengthResult =
  | {
      records: DataRecord[];
      action: "kept" | "truncated" | "chunked";
      /** The engine's token count of each record in `records`, in order. */
      tokens: number[];
    }
  | { reject: LengthReject };

/** What a length policy needs from a tokenizer (ModelTokenizer has it all). */
export type LengthTokenizer = Pick<ModelTokenizer, "encode" | "decode" | "renderChat" | "countText"> & Partial<Pick<ModelTokenizer, "encodeWithOffsets">>;

const LIMIT_HINT = "raise data.length.max_tokens (default: training.max_seq_len)";

export function applyLengthPolicy(record: DataRecord, tok: LengthTokenizer, opts: LengthPolicyOptions): LengthResult {
  if (!Number.isInteger(opts.maxTokens) || opts.maxTokens < 1) {
    throw new UserError("bad_max_tokens", `the token limit must be a positive integer, got ${opts.maxTokens}`, { location: { field: "data.length.max_tokens" } });
  }
  return record.kind === "chat" ? chatPolicy(record, tok, opts) : textPolicy(record, tok, opts);
}

function chatTokens(tok: LengthTokenizer, messages: ChatMessage[]): number {
  return tok.encode(tok.renderChat(messages, false)).length;
}

function chatPolicy(record: ChatRecord, tok: LengthTokenizer, opts: LengthPolicyOptions): LengthResult {
  const n = chatTokens(tok, record.messages);
  if (n <= opts.maxTokens) return { records: [record], action: "kept", tokens: [n] };
  if (opts.policy === "drop") {
    return {
      reject: {
        code: "too_long",
        field: "messages",
        reason: `the conversation is ${n} tokens, over the limit of ${opts.maxTokens}`,
        hint: `${LIMIT_HINT}, or use data.length.policy: truncate (drops the oldest turns, never the answer)`,
      },
    };
  }
  // truncate (and chunk, which for chat is truncate): drop the oldest exchanges first.
  const head = record.messages[0]?.role === "system" ? record.messages.slice(0, 1) : [];
  const rest = record.messages.slice(head.length);
  const lastAnswer = rest.map((m) => m.role).lastIndexOf("assistant");
  // Cut points: where an exchange starts (a user turn), keeping at least the final answer.
  const cuts: number[] = [];
  for (let j = 1; j < rest.length; j++) if (rest[j]!.role === "user" && j < lastAnswer) cuts.push(j);
  let smallest = n;
  for (const j of cuts) {
    const messages = [...head, ...rest.slice(j)];
    const m = chatTokens(tok, messages);
    smallest = m;
    if (m <= opts.maxTokens) {
      const dropped = rest.slice(0, j);
      return {
        records: [{ ...record, messages, tags: { ...record.tags, truncated: "true", turns_dropped: String(dropped.length) } }],
        action: "truncated",
        tokens: [m],
      };
    }
  }
  const what = head.length ? "the system prompt, the last user turn and the answer" : "the last user turn and the answer";
  return {
    reject: {
      code: "answer_would_be_cut",
      field: "messages",
      reason: `${what} alone are ${smallest} tokens, over the limit of ${opts.maxTokens}: fitting it would cut the answer`,
      hint: `${LIMIT_HINT}, or shorten the system prompt; answers are never cut`,
    },
  };
}

/** Token ids of a text and a test for "a cut between token k-1 and k falls on a character boundary". */
function tokenize(tok: LengthTokenizer, text: string): { ids: number[]; clean: (k: number) => boolean; slice: (a: number, b: number) => string } {
  const enc = tok.encodeWithOffsets ? tok.encodeWithOffsets(text) : { ids: tok.encode(text), offsets: null };
  const { ids, offsets } = enc;
  if (!offsets) {
    // No offsets: decoding is the cut; a boundary inside a multi-byte character decodes to U+FFFD.
    const clean = (k: number) => k <= 0 || k >= ids.length || !tok.decode(ids.slice(k - 1, k + 1)).includes("\uFFFD") || text.includes("\uFFFD");
    return { ids, clean, slice: (a, b) => tok.decode(ids.slice(a, b)) };
  }
  const clean = (k: number) => k <= 0 || k >= ids.length || offsets[k - 1]![1] <= offsets[k]![0];
  // A window runs from its first token's start to the start of the next window's token (or the text's end),
  // so that whitespace a tokenizer leaves out of every token is not lost between windows.
  const slice = (a: number, b: number) => text.slice(a === 0 ? 0 : offsets[a]![0], b >= ids.length ? text.length : offsets[b]![0]);
  return { ids, clean, slice };
}

function textPolicy(record: TextRecord, tok: LengthTokenizer, opts: LengthPolicyOptions): LengthResult {
  const n = tok.countText(record.text);
  if (n <= opts.maxTokens) return { records: [record], action: "kept", tokens: [n] };
  const tooLong = (why: string): LengthResult => ({
    reject: { code: "too_long", field: "text", reason: `the text is ${n} tokens, over the limit of ${opts.maxTokens}${why}`, hint: `${LIMIT_HINT}, or use data.length.policy: chunk` },
  });
  if (opts.policy === "drop") return tooLong("");
  const eos = n - tok.encode(record.text).length; // 1: the engine appends EOS
  const window = opts.maxTokens - eos;
  if (window < 1) return tooLong(": no room for any text token");
  const t = tokenize(tok, record.text);

  /** The longest piece [a, b ≤ end) with a clean end whose engine count fits; its end index. */
  const fit = (a: number, end: number): { b: number; text: string; tokens: number } | undefined => {
    for (let b = Math.min(end, t.ids.length); b > a; b--) {
      if (!t.clean(b)) continue;
      const text = t.slice(a, b);
      const tokens = tok.countText(text);
      if (tokens <= opts.maxTokens) return { b, text, tokens };
    }
    return undefined;
  };

  if (opts.policy === "truncate") {
    const piece = fit(0, window);
    if (!piece) return tooLong(": no cut at a token boundary fits");
    return { records: [{ ...record, text: piece.text, tags: { ...record.tags, truncated: "true" } }], action: "truncated", tokens: [piece.tokens] };
  }

  // chunk
  if (opts.overlap >= window) {
    throw new UserError("chunk_overlap_too_large", `data.length.chunk_overlap (${opts.overlap}) must be smaller than a chunk's ${window} text tokens`, {
      hint: `lower data.length.chunk_overlap below ${window}, or raise data.length.max_tokens`,
      location: { field: "data.length.chunk_overlap" },
    });
  }
  const records: DataRecord[] = [];
  const tokens: number[] = [];
  let a = 0;
  for (let i = 0; ; i++) {
    const piece = fit(a, a + window);
    if (!piece) return tooLong(": it cannot be cut into chunks that fit");
    records.push({ ...record, id: `${record.id}#c${i}`, origin: `chunk:${i}`, text: piece.text });
    tokens.push(piece.tokens);
    if (piece.b >= t.ids.length) break;
    // The next window starts `overlap` tokens back, moved back further only to a character boundary.
    let next = piece.b - opts.overlap;
    while (next > a + 1 && !t.clean(next)) next--;
    if (next <= a) next = piece.b; // cannot happen with overlap < window, but never loop forever
    a = next;
  }
  return { records, action: "chunked", tokens };
}

/** Fine storage: exact below EXACT_LIMIT, then 64 sub-buckets per power of two (< 1.6% relative error). */
const EXACT_LIMIT = 8192;
const SUB_BUCKETS = 64;

function fineKey(n: number): number {
  if (n < EXACT_LIMIT) return n;
  const p = Math.floor(Math.log2(n));
  const width = 2 ** p / SUB_BUCKETS;
  return 2 ** p + Math.floor((n - 2 ** p) / width) * width;
}

/** Display bin edges: 0, 8, 12, 16, 24, 32, 48, 64, 96, 128… (powers of two and their halfway points). */
function binLow(n: number): number {
  if (n < 8) return 0;
  const p = 2 ** Math.floor(Math.log2(n));
  return n >= p * 1.5 ? p * 1.5 : p;
}

function binHigh(low: number): number {
  if (low === 0) return 8;
  const p = 2 ** Math.floor(Math.log2(low));
  return low === p ? p * 1.5 : p * 2;
}

export interface LengthHistogramJson {
  count: number;
  min: number | null;
  max: number | null;
  mean: number | null;
  p50: number | null;
  p90: number | null;
  p99: number | null;
  /** [lo, hi) token-length bins from the first to the last non-empty one. */
  bins: { lo: number; hi: number; count: number }[];
}

/**
 * Token lengths, streamed: memory is bounded (at most EXACT_LIMIT + 64 per power of two
 * counters whatever the number of records); percentiles are exact for lengths below 8192.
 */
export class LengthHistogram {
  private readonly counts = new Map<number, number>();
  private n = 0;
  private sum = 0;
  private lo = Infinity;
  private hi = -Infinity;

  add(length: number): void {
    if (!Number.isFinite(length) || length < 0) throw new RangeError(`a token length must be a non-negative number, got ${length}`);
    const v = Math.round(length);
    const key = fineKey(v);
    this.counts.set(key, (this.counts.get(key) ?? 0) + 1);
    this.n += 1;
    this.sum += v;
    if (v < this.lo) this.lo = v;
    if (v > this.hi) this.hi = v;
  }

  get count(): number {
    return this.n;
  }

  /** Nearest-rank percentile (q in 0..1): the smallest length with at least q of all lengths at or below it. */
  percentile(q: number): number | null {
    if (this.n === 0) return null;
    const rank = Math.max(1, Math.ceil(q * this.n));
    let seen = 0;
    for (const key of [...this.counts.keys()].sort((x, y) => x - y)) {
      seen += this.counts.get(key)!;
      if (seen >= rank) return Math.min(Math.max(key, this.lo), this.hi);
    }
    return this.hi;
  }

  toJSON(): LengthHistogramJson {
    if (this.n === 0) return { count: 0, min: null, max: null, mean: null, p50: null, p90: null, p99: null, bins: [] };
    const byBin = new Map<number, number>();
    for (const [key, c] of this.counts) byBin.set(binLow(key), (byBin.get(binLow(key)) ?? 0) + c);
    const bins: LengthHistogramJson["bins"] = [];
    for (let low = binLow(this.lo); low <= this.hi; low = binHigh(low)) bins.push({ lo: low, hi: binHigh(low), count: byBin.get(low) ?? 0 });
    return {
      count: this.n,
      min: this.lo,
      max: this.hi,
      mean: Math.round((this.sum / this.n) * 100) / 100,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
      bins,
    };
  }
}
