import assert from "node:assert/strict";
import { test } from "node:test";
import { detectFormat, FormatError, sniffFormat, toRecord, type FormatContext } from "./formats.js";
import type { RawRow } from "./record.js";
import { loadPersonaCards } from "../roles/npc/persona.js";

const ctx = (over: Partial<FormatContext> = {}): FormatContext => ({
  columns: {},
  cards: new Map(loadPersonaCards("world/personas").map((c) => [c.id, c])),
  personasDir: "world/personas",
  npcPrompt: "compact",
  groupBy: "id",
  stratifyBy: null,
  ...over,
});
const row = (value: unknown, line = 1): RawRow => ({ file: "d.jsonl", line, value, raw: JSON.stringify(value) });

test("each format is recognised from its fields", () => {
  const c = ctx();
  assert.equal(sniffFormat({ messages: [] }, c), "chat");
  assert.equal(sniffFormat({ conversations: [] }, c), "sharegpt");
  assert.equal(sniffFormat({ instruction: "a", output: "b" }, c), "alpaca");
  assert.equal(sniffFormat({ text: "a" }, c), "text");
  assert.equal(sniffFormat({ persona: "ines", turns: [] }, c), "npc-conversations");
  assert.equal(sniffFormat({ scenario: "s", state: {}, decision: {} }, c), "director-decisions");
  assert.equal(sniffFormat({ book_id: "b", style: "poem", text: "t" }, c), "book-records");
  assert.equal(sniffFormat({ prompt: "a", completion: "b" }, c), undefined);
  assert.equal(sniffFormat({ prompt: "a", completion: "b" }, ctx({ columns: { instruction: "prompt", output: "completion" } })), "alpaca");
});

test("alpaca, sharegpt and OpenAI records become the same canonical conversation", () => {
  const want = [
    { role: "user", content: "Name the well.\n\nIn Spanish." },
    { role: "assistant", content: "El Pozo." },
  ];
  const a = toRecord(row({ instruction: "Name the well.", input: "In Spanish.", output: "El Pozo." }), "alpaca", ctx());
  const s = toRecord(row({ conversations: [{ from: "human", value: "Name the well.\n\nIn Spanish." }, { from: "gpt", value: "El Pozo." }] }), "sharegpt", ctx());
  const o = toRecord(row({ messages: [{ role: "user", content: [{ type: "text", text: "Name the well.\n\nIn Spanish." }] }, { role: "assistant", content: "El Pozo." }] }), "chat", ctx());
  for (const r of [a, s, o]) {
    assert.ok("record" in r, JSON.stringify(r));
    assert.equal(r.record.kind, "chat");
    assert.deepEqual(r.record.kind === "chat" && r.record.messages, want);
    assert.equal(r.record.id, "d.jsonl:1", "a record without id is named by file and line");
  }
});

test("column mapping reads the user's field names", () => {
  const r = toRecord(row({ uid: "x1", prompt: "Hola", completion: "Buenas." }), "alpaca", ctx({ columns: { instruction: "prompt", output: "completion", id: "uid" } }));
  assert.ok("record" in r);
  assert.equal(r.record.id, "x1");
  const missing = toRecord(row({ uid: "x1", prompt: "Hola" }), "alpaca", ctx({ columns: { instruction: "prompt", output: "completion" } }));
  assert.ok("code" in missing);
  assert.equal(missing.field, "completion");
});

test("a misspelt role is named, with the role it probably meant", () => {
  const r = toRecord(row({ messages: [{ role: "usr", content: "hi" }, { role: "assistant", content: "hello" }] }), "chat", ctx());
  assert.ok("code" in r);
  assert.equal(r.code, "bad_role");
  assert.equal(r.field, "messages.0.role");
  assert.match(r.reason, /role 'usr' is not one of system\|user\|assistant/);
  assert.match(r.hint, /did you mean 'user'/);
});

test("wrong types and missing fields name the field", () => {
  const cases: [unknown, string, string][] = [
    [{ messages: "hi" }, "chat", "messages"],
    [{ messages: [{ role: "user", content: 5 }, { role: "assistant", content: "x" }] }, "chat", "messages.0.content"],
    [{ messages: [{ role: "user" }, { role: "assistant", content: "x" }] }, "chat", "messages.0.content"],
    [{ messages: [{ role: "user", content: [{ type: "image_url" }] }] }, "chat", "messages.0.content.0"],
    [{ instruction: 3, output: "x" }, "alpaca", "instruction"],
    [{ text: ["a"] }, "text", "text"],
    [{ id: "n1", persona: "nadie", turns: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }, "npc-conversations", "persona"],
    [{ id: "n1", persona: "ines", turns: [{ role: "user", content: "a" }] }, "npc-conversations", "turns"],
    [[1, 2], "chat", "(record)"],
  ];
  for (const [value, format, field] of cases) {
    const r = toRecord(row(value), format as never, ctx());
    assert.ok("code" in r, `${JSON.stringify(value)} should be rejected`);
    assert.equal(r.field, field, JSON.stringify(value));
    assert.ok(r.hint.length > 0);
  }
});

test("a misspelt persona is suggested; role formats set the tags the report uses", () => {
  const bad = toRecord(row({ id: "n1", persona: "inez", turns: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }), "npc-conversations", ctx());
  assert.ok("code" in bad);
  assert.match(bad.hint, /did you mean 'ines'/);
  const good = toRecord(row({ id: "n1", persona: "ines", act: "greet", turns: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }), "npc-conversations", ctx());
  assert.ok("record" in good);
  assert.equal(good.record.tags.persona, "ines");
  assert.equal(good.record.tags.role, "npc");
  assert.equal(good.record.kind === "chat" && good.record.messages[0]!.role, "system");
});

test("group_by and stratify_by read fields or tags, and a missing group is a rejection", () => {
  const c = ctx({ groupBy: "persona", stratifyBy: "act" });
  const r = toRecord(row({ id: "n1", persona: "ines", act: "greet", turns: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }), "npc-conversations", c);
  assert.ok("record" in r);
  assert.equal(r.record.group, "ines");
  assert.equal(r.record.tags.stratum, "greet");
  const missing = toRecord(row({ text: "abc" }), "text", ctx({ groupBy: "book" }));
  assert.ok("code" in missing);
  assert.equal(missing.code, "missing_group");
});

test("detection picks the majority and refuses mixed input", () => {
  const alp = (i: number) => row({ instruction: "a", output: "b" }, i);
  const chat = (i: number) => row({ messages: [{ role: "user", content: "a" }, { role: "assistant", content: "b" }] }, i);
  assert.equal(detectFormat([alp(1), alp(2), row({ junk: 1 }, 3)], ctx(), "f").format, "alpaca");
  assert.throws(() => detectFormat([alp(1), alp(2), chat(3), chat(4)], ctx(), "f"), (e: unknown) => e instanceof FormatError && /mixes formats/.test(e.message) && /line 3/.test(e.message));
  assert.throws(() => detectFormat([row({ a: 1 }, 1)], ctx(), "f"), (e: unknown) => e instanceof FormatError && /fields a/.test(e.hint));
});

test("unreadable rows carry the reader's reason", () => {
  const r = toRecord({ file: "d.jsonl", line: 7, error: { field: "(line)", reason: "not valid JSON: x" }, raw: "{" }, "chat", ctx());
  assert.ok("code" in r);
  assert.equal(r.code, "unreadable");
  assert.match(r.reason, /not valid JSON/);
});
