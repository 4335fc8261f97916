import assert from "node:assert/strict";
import { test } from "node:test";
import { CleanOptions } from "../config/recipe.js";
import { cleanRecord } from "./clean.js";
import type { ChatRecord, DataRecord } from "./record.js";

const opts = CleanOptions.parse({});
const chat = (...turns: [string, string][]): ChatRecord => ({
  id: "a",
  group: "a",
  source: { file: "f.jsonl", line: 3 },
  origin: "original",
  tags: {},
  kind: "chat",
  messages: turns.map(([role, content]) => ({ role: role as "user", content })),
});
const user = (c: string, o = opts) => {
  const r = cleanRecord(chat(["user", c], ["assistant", "ok"]), o);
  assert.ok("record" in r, JSON.stringify(r));
  return { text: (r.record as ChatRecord).messages[0]!.content, changes: r.changes };
};

test("each cleaning step does its job and is reported", () => {
  assert.deepEqual(user("Cafe\u0301 au lait"), { text: "Café au lait", changes: ["nfc"] });
  assert.deepEqual(user("bell\u0007 and\u0085 nel"), { text: "bell and nel", changes: ["control"] });
  assert.deepEqual(user("zero\u200bwidth\u00ad"), { text: "zerowidth", changes: ["zero_width"] });
  assert.deepEqual(user("  two   spaces\n\n\n\nline  "), { text: "two spaces\n\nline", changes: ["whitespace"] });
  assert.deepEqual(user("<p class=x>Hola &amp; adi&oacute;s</p>"), { text: "Hola & adiós", changes: ["html_tags", "html_entities"] });
  assert.deepEqual(user("cafÃ© con leche"), { text: "café con leche", changes: ["mojibake"] });
  assert.deepEqual(user("Ã©l dijo: â€œholaâ€\u009d"), { text: "él dijo: “hola”", changes: ["mojibake"] });
});

test("correct text is left alone: Spanish, comparisons, emoji sequences", () => {
  for (const s of ["Inés, año, ¿qué? ¡Señor Ñandú!", "a < b and c > d <3", "👨‍👩‍👧 family", "«El Libro Total», estante 3."]) {
    assert.deepEqual(user(s), { text: s, changes: [] }, s);
  }
});

test("JSON turns (Director decisions) are never touched", () => {
  const json = '{"beat":"reveal_lore","narration_hint":"<b>x</b>  &amp;"}';
  const r = cleanRecord(chat(["user", "state"], ["assistant", json]), opts);
  assert.ok("record" in r);
  assert.equal((r.record as ChatRecord).messages[1]!.content, json);
});

test("mojibake can be rejected instead", () => {
  const r = cleanRecord(chat(["user", "cafÃ©"], ["assistant", "ok"]), { ...opts, mojibake: "reject" });
  assert.ok("reject" in r);
  assert.equal(r.reject.code, "mojibake");
  assert.equal(r.reject.field, "messages.0.content");
});

test("empty turns: rejected by default, dropped when asked", () => {
  const rec = chat(["user", "hola"], ["assistant", "<br/>"], ["user", "¿y?"], ["assistant", "nada"]);
  const r = cleanRecord(rec, opts);
  assert.ok("reject" in r);
  assert.deepEqual([r.reject.code, r.reject.field], ["empty_turn", "messages.1.content"]);
  // Dropping the empty assistant turn leaves two user turns in a row: merge makes it a valid conversation.
  const d = cleanRecord(rec, { ...opts, empty_turns: "drop", role_order: "merge" });
  assert.ok("record" in d);
  assert.deepEqual((d.record as ChatRecord).messages.map((m) => m.content), ["hola\n\n¿y?", "nada"]);
  assert.deepEqual(d.changes.sort(), ["empty_turn_dropped", "html_tags", "turns_merged"]);
});

test("role order: system only first, alternation, an answer at the end", () => {
  const cases: [ChatRecord, string, string][] = [
    [chat(["user", "a"], ["system", "s"], ["assistant", "b"]), "role_order", "messages.1.role"],
    [chat(["assistant", "a"], ["user", "b"], ["assistant", "c"]), "role_order", "messages.0.role"],
    [chat(["user", "a"], ["user", "b"], ["assistant", "c"]), "role_order", "messages.1.role"],
    [chat(["user", "a"], ["assistant", "b"], ["user", "c"]), "no_answer", "messages"],
  ];
  for (const [rec, code, field] of cases) {
    const r = cleanRecord(rec, opts);
    assert.ok("reject" in r, JSON.stringify(rec.messages));
    assert.deepEqual([r.reject.code, r.reject.field], [code, field]);
    assert.ok(r.reject.hint);
  }
});

test("text records: same cleaning; empty text is rejected; the input is never mutated", () => {
  const rec: DataRecord = { id: "t", group: "t", source: { file: "a.txt", line: 1 }, origin: "original", tags: {}, kind: "text", text: " Hola &amp;\u200b  mundo " };
  const r = cleanRecord(rec, opts);
  assert.ok("record" in r);
  assert.equal(r.record.kind === "text" && r.record.text, "Hola & mundo");
  assert.equal(rec.text, " Hola &amp;\u200b  mundo ");
  const e = cleanRecord({ ...rec, text: "<p> </p>" }, opts);
  assert.ok("reject" in e);
  assert.equal(e.reject.code, "empty_text");
  const off = cleanRecord(rec, { nfc: false, control: false, zero_width: false, whitespace: false, html: false, mojibake: "off", empty_turns: "reject", role_order: "reject" });
  assert.ok("record" in off);
  assert.deepEqual(off.changes, [], "every step can be turned off");
});
