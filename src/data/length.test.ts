import assert from "node:assert/strict";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { test } from "node:test";
import { builtinCacheDir } from "../engine/base-models.js";
import { applyLengthPolicy, LengthHistogram } from "./length.js";
import type { ChatRecord, TextRecord } from "./record.js";
import { loadModelTokenizer } from "./tokenizer.js";

const MODEL = builtinCacheDir("smollm2-135m-instruct");
const skip = existsSync(join(MODEL, "tokenizer.json")) ? false : `builtin model not prepared at ${MODEL}`;
const base = { group: "g", source: { file: "f", line: 1 }, origin: "original", tags: {} };
const chat = (n: number): ChatRecord => ({
  ...base,
  id: "c",
  kind: "chat",
  messages: [
    { role: "system", content: "Eres Inés, bibliotecaria." },
    ...Array.from({ length: n }, (_, i) => [
      { role: "user" as const, content: `Pregunta número ${i} sobre el estante ${i}?` },
      { role: "assistant" as const, content: `Respuesta ${i}: el libro está en el hexágono ${i}.` },
    ]).flat(),
  ],
});
const text = (words: number): TextRecord => ({ ...base, id: "t", kind: "text", text: Array.from({ length: words }, (_, i) => `palabra${i}`).join(" ") });

test("records that fit are kept as they are", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const r = chat(2);
  const out = applyLengthPolicy(r, tok, { maxTokens: 4096, policy: "drop", overlap: 0 });
  assert.ok("records" in out);
  assert.equal(out.action, "kept");
  assert.equal(out.records[0], r);
});

test("drop rejects with the count and the limit", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const out = applyLengthPolicy(chat(6), tok, { maxTokens: 60, policy: "drop", overlap: 0 });
  assert.ok("reject" in out);
  assert.equal(out.reject.code, "too_long");
  assert.match(out.reject.reason, /tokens, over the limit of 60/);
});

test("truncate drops the oldest exchanges, keeps the system prompt and the last answer whole", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const long = chat(6);
  const full = tok.countChat(long.messages).total;
  const out = applyLengthPolicy(long, tok, { maxTokens: Math.floor(full / 2), policy: "truncate", overlap: 0 });
  assert.ok("records" in out && out.records[0]!.kind === "chat");
  const kept = out.records[0] as ChatRecord;
  assert.equal(kept.messages[0], long.messages[0]);
  assert.deepEqual(kept.messages.at(-1), long.messages.at(-1));
  assert.ok(tok.countChat(kept.messages).total <= Math.floor(full / 2));
  assert.ok(kept.messages.length < long.messages.length);
  assert.equal(kept.tags.truncated, "true");
  // When even the last exchange does not fit, the record is rejected: the answer is never cut.
  const tiny = applyLengthPolicy(long, tok, { maxTokens: 20, policy: "truncate", overlap: 0 });
  assert.ok("reject" in tiny);
  assert.equal(tiny.reject.code, "answer_would_be_cut");
});

test("text: truncate cuts at a token boundary; chunk covers the text with exact overlaps", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const t = text(300);
  const cut = applyLengthPolicy(t, tok, { maxTokens: 50, policy: "truncate", overlap: 0 });
  assert.ok("records" in cut);
  assert.equal(tok.countText((cut.records[0] as TextRecord).text), 50);
  const max = 64;
  const overlap = 16;
  const chunked = applyLengthPolicy(t, tok, { maxTokens: max, policy: "chunk", overlap });
  assert.ok("records" in chunked && chunked.action === "chunked");
  const ids = tok.encode(t.text);
  const window = max - 1;
  const step = window - overlap;
  assert.equal(chunked.records.length, Math.ceil((ids.length - overlap) / step));
  chunked.records.forEach((c, i) => {
    assert.equal(c.id, `t#c${i}`);
    assert.equal(c.origin, `chunk:${i}`);
    assert.equal(c.group, "g");
    assert.deepEqual(tok.encode((c as TextRecord).text), ids.slice(i * step, i * step + window));
  });
  const lastEnd = (chunked.records.length - 1) * step + window;
  assert.ok(lastEnd >= ids.length, "the chunks reach the end of the text");
});

test("histogram: bounded bins, percentiles and extremes", () => {
  const h = new LengthHistogram();
  for (let i = 1; i <= 1000; i++) h.add(i);
  const j = h.toJSON();
  assert.equal(j.count, 1000);
  assert.equal(j.min, 1);
  assert.equal(j.max, 1000);
  assert.equal(Math.round(j.mean), 501);
  assert.ok(j.p50 >= 500 && j.p50 <= 512);
  assert.ok(j.p99 >= 990);
  assert.equal(j.bins.reduce((n, b) => n + b.count, 0), 1000);
});
