import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { builtinCacheDir } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import type { ChatMessage } from "../spec/chat.js";
import { applyLengthPolicy, LengthHistogram, type LengthResult, type LengthTokenizer } from "./length.js";
import type { ChatRecord, DataRecord, TextRecord } from "./record.js";
import { loadModelTokenizer } from "./tokenizer.js";

const MODEL = builtinCacheDir("smollm2-135m-instruct");
const noModel = existsSync(join(MODEL, "tokenizer.json")) ? false : `builtin model not prepared at ${MODEL} (make setup prepares it)`;

/**
 * A transparent tokenizer for exact assertions: every word with the whitespace before it is one
 * token; a chat renders as "role: content\n" per turn; a text record counts one EOS.
 */
function wordTokenizer(): LengthTokenizer {
  const vocab = new Map<string, number>();
  const pieces: string[] = [];
  const split = (text: string) => {
    const out: { id: number; at: [number, number] }[] = [];
    for (const m of text.matchAll(/\s*\S+|\s+$/g)) {
      let id = vocab.get(m[0]);
      if (id === undefined) {
        id = pieces.length;
        vocab.set(m[0], id);
        pieces.push(m[0]);
      }
      out.push({ id, at: [m.index, m.index + m[0].length] });
    }
    return out;
  };
  return {
    encode: (text) => split(text).map((t) => t.id),
    encodeWithOffsets: (text) => {
      const t = split(text);
      return { ids: t.map((x) => x.id), offsets: t.map((x) => x.at) };
    },
    decode: (ids) => ids.map((i) => pieces[i]!).join(""),
    renderChat: (messages, gen) => messages.map((m) => `${m.role}: ${m.content}\n`).join("") + (gen ? "assistant:" : ""),
    countText: (text) => split(text).length + 1,
  };
}

const base = { group: "g", source: { file: "f.jsonl", line: 1 }, origin: "original", tags: { persona: "ines" } };
const SYSTEM: ChatMessage = { role: "system", content: "Eres Inés, bibliotecaria del hexágono." };

function chat(exchanges: number, opts: { system?: boolean; greeting?: boolean } = {}): ChatRecord {
  const messages: ChatMessage[] = opts.system === false ? [] : [SYSTEM];
  if (opts.greeting) messages.push({ role: "assistant", content: "Bienvenido, lector." });
  for (let i = 0; i < exchanges; i++) {
    messages.push({ role: "user", content: `pregunta ${i} sobre el estante ${i}` });
    messages.push({ role: "assistant", content: `respuesta ${i}: el libro está en el hexágono ${i}, tercer estante.` });
  }
  return { ...base, id: "c", kind: "chat", messages };
}

function text(words: number): TextRecord {
  return { ...base, id: "t", kind: "text", text: Array.from({ length: words }, (_, i) => `palabra${i}`).join(" ") };
}

function ok(r: LengthResult): Extract<LengthResult, { records: DataRecord[] }> {
  assert.ok("records" in r, `expected records, got a rejection: ${JSON.stringify(r)}`);
  return r;
}

function rejected(r: LengthResult): Extract<LengthResult, { reject: unknown }>["reject"] {
  assert.ok("reject" in r, `expected a rejection, got ${JSON.stringify(r)}`);
  return r.reject;
}

const chatTokens = (tok: LengthTokenizer, m: ChatMessage[]) => tok.encode(tok.renderChat(m, false)).length;

test("records within the limit are kept untouched, with their token count", () => {
  const tok = wordTokenizer();
  for (const policy of ["drop", "truncate", "chunk"] as const) {
    const c = chat(2);
    const rc = ok(applyLengthPolicy(c, tok, { maxTokens: 1000, policy, overlap: 0 }));
    assert.equal(rc.action, "kept");
    assert.equal(rc.records[0], c);
    assert.deepEqual(rc.tokens, [chatTokens(tok, c.messages)]);
    const t = text(10);
    const rt = ok(applyLengthPolicy(t, tok, { maxTokens: 11, policy, overlap: 2 })); // 10 words + EOS: exactly at the limit
    assert.equal(rt.action, "kept");
    assert.equal(rt.records[0], t);
    assert.deepEqual(rt.tokens, [11]);
  }
});

test("drop: over-limit chat and text records are rejected as too_long, naming count and limit", () => {
  const tok = wordTokenizer();
  const c = rejected(applyLengthPolicy(chat(3), tok, { maxTokens: 20, policy: "drop", overlap: 0 }));
  assert.equal(c.code, "too_long");
  assert.equal(c.field, "messages");
  assert.match(c.reason, new RegExp(`is ${chatTokens(tok, chat(3).messages)} tokens, over the limit of 20`));
  assert.match(c.hint, /max_tokens/);
  const t = rejected(applyLengthPolicy(text(11), tok, { maxTokens: 11, policy: "drop", overlap: 0 }));
  assert.equal(t.code, "too_long");
  assert.equal(t.field, "text");
  assert.match(t.reason, /12 tokens, over the limit of 11/);
});

test("truncate, chat: the oldest exchanges go first; the system prompt and the final answer stay whole", () => {
  const tok = wordTokenizer();
  const long = chat(6);
  const perExchange = chatTokens(tok, chat(2).messages) - chatTokens(tok, chat(1).messages);
  const lastExchange = chatTokens(tok, chat(1).messages);
  for (let keep = 1; keep <= 5; keep++) {
    const max = lastExchange + (keep - 1) * perExchange; // room for exactly `keep` exchanges
    for (const policy of ["truncate", "chunk"] as const) {
      const r = ok(applyLengthPolicy(long, tok, { maxTokens: max, policy, overlap: 4 }));
      assert.equal(r.action, "truncated", "chunk on chat behaves like truncate");
      const kept = r.records[0] as ChatRecord;
      assert.equal(r.records.length, 1);
      assert.equal(kept.messages[0], long.messages[0], "system prompt kept");
      assert.deepEqual(kept.messages, [SYSTEM, ...long.messages.slice(-2 * keep)], `the newest ${keep} exchanges, in order, untouched`);
      assert.deepEqual(r.tokens, [chatTokens(tok, kept.messages)]);
      assert.ok(r.tokens[0]! <= max);
      assert.equal(kept.tags.truncated, "true");
      assert.equal(kept.tags.persona, "ines", "other tags kept");
      assert.equal(kept.id, long.id);
      assert.equal(kept.origin, "original");
    }
  }
  assert.equal(long.messages.length, 13, "the input record is not mutated");
});

test("truncate, chat: when system + last question + answer do not fit, the record is rejected, never cut", () => {
  const tok = wordTokenizer();
  const max = chatTokens(tok, chat(1).messages) - 1;
  for (const record of [chat(6), chat(1), chat(3, { system: false })]) {
    const r = rejected(applyLengthPolicy(record, tok, { maxTokens: record.messages[0]!.role === "system" ? max : 5, policy: "truncate", overlap: 0 }));
    assert.equal(r.code, "answer_would_be_cut");
    assert.equal(r.field, "messages");
    assert.match(r.reason, /over the limit/);
    assert.match(r.hint, /never cut/);
  }
});

test("truncate, chat: no system prompt, and an opening assistant greeting, are handled by exchange", () => {
  const tok = wordTokenizer();
  const noSystem = chat(4, { system: false });
  const r1 = ok(applyLengthPolicy(noSystem, tok, { maxTokens: chatTokens(tok, noSystem.messages.slice(-4)), policy: "truncate", overlap: 0 }));
  assert.deepEqual((r1.records[0] as ChatRecord).messages, noSystem.messages.slice(-4));
  const greeting = chat(3, { greeting: true });
  const r2 = ok(applyLengthPolicy(greeting, tok, { maxTokens: chatTokens(tok, [SYSTEM, ...greeting.messages.slice(-4)]), policy: "truncate", overlap: 0 }));
  const kept = (r2.records[0] as ChatRecord).messages;
  assert.deepEqual(kept, [SYSTEM, ...greeting.messages.slice(-4)]);
  assert.equal(kept[1]!.role, "user", "a kept conversation starts with a question after the system prompt");
  assert.equal((r2.records[0] as ChatRecord).tags.turns_dropped, "3");
});

test("truncate, text: cut at a token boundary to maxTokens - 1 tokens (+ EOS), marked truncated, origin unchanged", () => {
  const tok = wordTokenizer();
  const t = text(50);
  const r = ok(applyLengthPolicy(t, tok, { maxTokens: 8, policy: "truncate", overlap: 0 }));
  assert.equal(r.action, "truncated");
  const cut = r.records[0] as TextRecord;
  assert.equal(cut.text, "palabra0 palabra1 palabra2 palabra3 palabra4 palabra5 palabra6");
  assert.deepEqual(r.tokens, [8]);
  assert.equal(cut.tags.truncated, "true");
  assert.equal(cut.origin, "original");
  assert.equal(cut.id, "t");
  assert.equal(cut.group, "g");
  assert.equal(t.tags.truncated, undefined, "the input record is not mutated");
  // a limit that leaves no room for a text token beside EOS
  assert.equal(rejected(applyLengthPolicy(t, tok, { maxTokens: 1, policy: "truncate", overlap: 0 })).code, "too_long");
});

/** Asserts the chunk invariants against the full token sequence of `t`. */
function assertChunks(tok: LengthTokenizer, t: TextRecord, max: number, overlap: number, r: LengthResult) {
  const out = ok(r);
  assert.equal(out.action, "chunked");
  const ids = tok.encode(t.text);
  const window = max - 1;
  const step = window - overlap;
  assert.equal(out.records.length, Math.max(1, Math.ceil((ids.length - overlap) / step)));
  const chunks = out.records as TextRecord[];
  let rebuilt = "";
  chunks.forEach((c, i) => {
    assert.equal(c.kind, "text");
    assert.equal(c.id, `t#c${i}`);
    assert.equal(c.origin, `chunk:${i}`);
    assert.equal(c.group, t.group);
    assert.deepEqual(c.tags, t.tags);
    const cids = tok.encode(c.text);
    assert.deepEqual(cids, ids.slice(i * step, i * step + window), `chunk ${i} is window ${i} of the token sequence`);
    assert.ok(tok.countText(c.text) <= max);
    assert.equal(out.tokens[i], tok.countText(c.text));
    if (i > 0) {
      const prev = tok.encode(chunks[i - 1]!.text);
      assert.deepEqual(cids.slice(0, overlap), prev.slice(prev.length - overlap), `chunks ${i - 1} and ${i} share exactly ${overlap} tokens`);
      rebuilt += tok.decode(cids.slice(overlap));
    } else {
      rebuilt = c.text;
    }
  });
  assert.equal(rebuilt, t.text, "the chunks, without their overlaps, are the whole text");
}

test("chunk, text: windows of maxTokens - 1 tokens sharing exactly `overlap` tokens cover the whole text", () => {
  const tok = wordTokenizer();
  for (const words of [11, 12, 30, 31, 100]) {
    for (const [max, overlap] of [
      [6, 0],
      [6, 2],
      [6, 4],
      [11, 3],
      [2, 0],
    ] as const) {
      const t = text(words);
      assertChunks(tok, t, max, overlap, applyLengthPolicy(t, tok, { maxTokens: max, policy: "chunk", overlap }));
    }
  }
});

test("chunk: an overlap as large as the window is a recipe error", () => {
  const tok = wordTokenizer();
  assert.throws(
    () => applyLengthPolicy(text(30), tok, { maxTokens: 6, policy: "chunk", overlap: 5 }),
    (e: unknown) => e instanceof UserError && e.code === "chunk_overlap_too_large" && e.location.field === "data.length.chunk_overlap",
  );
});

test("real tokenizer: truncation keeps the last answer whole and fits; chunks are exact token windows", { skip: noModel }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const long = chat(6);
  const full = tok.countChat(long.messages).total;
  const r = ok(applyLengthPolicy(long, tok, { maxTokens: Math.floor(full / 2), policy: "truncate", overlap: 0 }));
  const kept = r.records[0] as ChatRecord;
  assert.equal(kept.messages[0], SYSTEM);
  assert.deepEqual(kept.messages.at(-1), long.messages.at(-1));
  assert.deepEqual(r.tokens, [tok.countChat(kept.messages).total]);
  assert.ok(r.tokens[0]! <= Math.floor(full / 2));
  // one exchange more would not have fitted: the fewest turns were dropped
  const withOneMore = [SYSTEM, ...long.messages.slice(long.messages.length - (kept.messages.length - 1) - 2)];
  assert.ok(withOneMore.length < long.messages.length);
  assert.ok(tok.countChat(withOneMore).total > Math.floor(full / 2));
  assert.equal(rejected(applyLengthPolicy(long, tok, { maxTokens: 20, policy: "truncate", overlap: 0 })).code, "answer_would_be_cut");

  const t = text(300);
  const cut = ok(applyLengthPolicy(t, tok, { maxTokens: 50, policy: "truncate", overlap: 0 }));
  assert.equal(tok.countText((cut.records[0] as TextRecord).text), 50);
  assert.ok(t.text.startsWith((cut.records[0] as TextRecord).text));
  for (const [max, overlap] of [
    [64, 16],
    [64, 0],
    [33, 31],
  ] as const) {
    assertChunks(tok, t, max, overlap, applyLengthPolicy(t, tok, { maxTokens: max, policy: "chunk", overlap }));
  }
});

test("real tokenizer: chunks and cuts of accented and emoji text never split a character", { skip: noModel }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const body = "¿Dónde está «El Libro Total»? 📚🕯️ En el hexágono H-0412 — estante 3, anaquel 七. Ñandú, pingüino, 👩‍👩‍👧 ".repeat(12);
  const t: TextRecord = { ...base, id: "t", kind: "text", text: body };
  for (const max of [9, 10, 11, 17, 40]) {
    const cut = ok(applyLengthPolicy(t, tok, { maxTokens: max, policy: "truncate", overlap: 0 }));
    const c = (cut.records[0] as TextRecord).text;
    assert.ok(body.startsWith(c) && !c.includes("\uFFFD"));
    assert.ok(tok.countText(c) <= max && tok.countText(c) >= max - 4, `cut of ${max}: ${tok.countText(c)} tokens`);
    const overlap = 3;
    const r = ok(applyLengthPolicy(t, tok, { maxTokens: max, policy: "chunk", overlap }));
    const chunks = (r.records as TextRecord[]).map((x) => x.text);
    for (const [i, ch] of chunks.entries()) {
      assert.ok(!ch.includes("\uFFFD"), `chunk ${i} has a broken character`);
      assert.ok(tok.countText(ch) <= max);
      assert.equal(r.tokens[i], tok.countText(ch));
    }
    // every chunk is a piece of the text, in order, starting where the previous one's overlap starts, reaching the end
    assert.ok(body.startsWith(chunks[0]!));
    let start = 0;
    let end = chunks[0]!.length;
    for (const ch of chunks.slice(1)) {
      let p = start + 1;
      while (p <= end && !body.startsWith(ch, p)) p++;
      assert.ok(p <= end, "each chunk starts inside the previous one (or where it ends): no gap");
      start = p;
      end = p + ch.length;
    }
    assert.equal(end, body.length, "the last chunk reaches the end of the text");
  }
});

test("histogram: exact stats for 1..1000, contiguous bins that add up", () => {
  const h = new LengthHistogram();
  for (let i = 1000; i >= 1; i--) h.add(i);
  const j = h.toJSON();
  assert.equal(j.count, 1000);
  assert.equal(j.min, 1);
  assert.equal(j.max, 1000);
  assert.equal(j.mean, 500.5);
  assert.equal(j.p50, 500);
  assert.equal(j.p90, 900);
  assert.equal(j.p99, 990);
  assert.equal(j.bins.reduce((n, b) => n + b.count, 0), 1000);
  assert.deepEqual(
    j.bins.map((b) => b.lo),
    [0, 8, 12, 16, 24, 32, 48, 64, 96, 128, 192, 256, 384, 512, 768],
  );
  for (let i = 1; i < j.bins.length; i++) assert.equal(j.bins[i]!.lo, j.bins[i - 1]!.hi);
  assert.equal(j.bins[1]!.count, 4); // 8..11
  assert.equal(j.bins.at(-1)!.count, 1000 - 768 + 1);
  assert.deepEqual(new LengthHistogram().toJSON(), { count: 0, min: null, max: null, mean: null, p50: null, p90: null, p99: null, bins: [] });
});

test("histogram: memory stays bounded and percentiles stay close on huge, spread-out lengths", () => {
  const h = new LengthHistogram();
  const values: number[] = [];
  let seed = 7;
  for (let i = 0; i < 200_000; i++) {
    seed = (seed * 1103515245 + 12345) % 2 ** 31;
    const v = Math.floor((seed / 2 ** 31) ** 3 * 2_000_000);
    values.push(v);
    h.add(v);
  }
  values.sort((a, b) => a - b);
  const j = h.toJSON();
  assert.equal(j.count, 200_000);
  assert.equal(j.min, values[0]);
  assert.equal(j.max, values.at(-1));
  for (const [q, got] of [
    [0.5, j.p50],
    [0.9, j.p90],
    [0.99, j.p99],
  ] as const) {
    const exact = values[Math.ceil(q * values.length) - 1]!;
    assert.ok(Math.abs(got! - exact) <= Math.max(1, exact * 0.016), `p${q * 100}: ${got} vs ${exact}`);
  }
  const cells = (h as unknown as { counts: Map<number, number> }).counts.size;
  assert.ok(cells <= 8192 + 64 * 8, `${cells} counters`);
  assert.ok(j.bins.length <= 2 * 21 + 1);
  assert.throws(() => h.add(-1), RangeError);
});
