import type { ChatMessage } from "../spec/chat.js";
import type { DataRecord } from "./record.js";
import type { ModelTokenizer } from "./tokenizer.js";

/**
 * Length policies, applied with the model's own token counts:
 *  - drop: a record over the limit is rejected;
 *  - truncate: a conversation loses its oldest exchanges (the system prompt and the final
 *    answer are always kept whole — if they alone do not fit, the record is rejected rather
 *    than cut); a text is cut at a token boundary;
 *  - chunk: a text becomes overlapping windows that together cover all of it (a
 *    conversation is truncated as above).
 */
export interface LengthPolicy {
  maxTokens: number;
  policy: "drop" | "truncate" | "chunk";
  overlap: number;
}

export type LengthResult =
  | { records: DataRecord[]; action: "kept" | "truncated" | "chunked" }
  | { reject: { code: string; field: string; reason: string; hint: string } };

function reject(code: string, field: string, reason: string, hint: string): LengthResult {
  return { reject: { code, field, reason, hint } };
}

function tokensOf(record: DataRecord, tok: ModelTokenizer): number {
  return record.kind === "text" ? tok.countText(record.text) : tok.countChat(record.messages).total;
}

export function applyLengthPolicy(record: DataRecord, tok: ModelTokenizer, opts: LengthPolicy): LengthResult {
  const n = tokensOf(record, tok);
  if (n <= opts.maxTokens) return { records: [record], action: "kept" };
  if (opts.policy === "drop") {
    return reject("too_long", record.kind === "text" ? "text" : "messages", `${n} tokens, over the limit of ${opts.maxTokens}`, "raise data.length.max_tokens (or training.max_seq_len), or use data.length.policy: truncate / chunk");
  }
  if (record.kind === "chat") return truncateChat(record, tok, opts.maxTokens, n);
  const ids = tok.encode(record.text);
  const window = opts.maxTokens - 1; // the engine appends EOS
  if (opts.policy === "truncate") {
    return { records: [{ ...record, text: tok.decode(ids.slice(0, window)), tags: { ...record.tags, truncated: "true" } }], action: "truncated" };
  }
  if (opts.overlap >= window) {
    return reject("bad_overlap", "data.length.chunk_overlap", `chunk overlap ${opts.overlap} is not smaller than the window of ${window} tokens`, "lower data.length.chunk_overlap");
  }
  const chunks: DataRecord[] = [];
  for (let start = 0, i = 0; start < ids.length; start += window - opts.overlap, i++) {
    chunks.push({ ...record, id: `${record.id}#c${i}`, origin: `chunk:${i}`, text: tok.decode(ids.slice(start, start + window)) });
    if (start + window >= ids.length) break;
  }
  return { records: chunks, action: "chunked" };
}

/** Drop the oldest user/assistant exchanges until the conversation fits; the last answer is never cut. */
function truncateChat(record: Extract<DataRecord, { kind: "chat" }>, tok: ModelTokenizer, max: number, n: number): LengthResult {
  const system = record.messages[0]?.role === "system" ? [record.messages[0]] : [];
  let rest: ChatMessage[] = record.messages.slice(system.length);
  while (rest.length > 2) {
    rest = rest.slice(2); // one user + assistant exchange, oldest first
    const messages = [...system, ...rest];
    if (tok.countChat(messages).total <= max) return { records: [{ ...record, messages, tags: { ...record.tags, truncated: "true" } }], action: "truncated" };
  }
  return reject(
    "answer_would_be_cut",
    "messages",
    `${n} tokens; even the system prompt with the last question and answer alone are over the limit of ${max}: the answer would be cut`,
    "raise data.length.max_tokens (or training.max_seq_len), shorten the system prompt, or drop the record",
  );
}

/**
 * A streaming histogram of token lengths: fixed power-of-two-ish bins, so memory does not
 * grow with the data; percentiles are read from the bins (upper edge of the bin holding them).
 */
const EDGES = [0, 16, 32, 64, 96, 128, 192, 256, 384, 512, 768, 1024, 1536, 2048, 3072, 4096, 8192, 16384, Infinity];

export class LengthHistogram {
  private counts = new Array<number>(EDGES.length - 1).fill(0);
  count = 0;
  min = Infinity;
  max = 0;
  private sum = 0;

  add(n: number): void {
    let i = 0;
    while (n >= EDGES[i + 1]!) i++;
    this.counts[i]! += 1;
    this.count += 1;
    this.sum += n;
    if (n < this.min) this.min = n;
    if (n > this.max) this.max = n;
  }

  private percentile(p: number): number {
    const target = p * this.count;
    let seen = 0;
    for (let i = 0; i < this.counts.length; i++) {
      seen += this.counts[i]!;
      if (seen >= target && this.counts[i]! > 0) return Math.min(EDGES[i + 1]!, this.max);
    }
    return this.max;
  }

  toJSON(): { bins: { lo: number; hi: number | null; count: number }[]; count: number; min: number; max: number; mean: number; p50: number; p90: number; p99: number } {
    const last = this.counts.reduce((acc, c, i) => (c > 0 ? i : acc), 0);
    return {
      bins: this.counts.slice(0, last + 1).map((count, i) => ({ lo: EDGES[i]!, hi: Number.isFinite(EDGES[i + 1]!) ? EDGES[i + 1]! : null, count })),
      count: this.count,
      min: this.count ? this.min : 0,
      max: this.max,
      mean: this.count ? this.sum / this.count : 0,
      p50: this.percentile(0.5),
      p90: this.percentile(0.9),
      p99: this.percentile(0.99),
    };
  }
}
