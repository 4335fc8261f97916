import assert from "node:assert/strict";
import { test } from "node:test";
import { CleanOptions } from "../config/recipe.js";
import { cleanRecord, fixMojibake, type CleanConfig } from "./clean.js";
import type { ChatRecord, DataRecord, TextRecord } from "./record.js";

const opts = CleanOptions.parse({});
const OFF: CleanConfig = { nfc: false, control: false, zero_width: false, whitespace: false, html: false, mojibake: "off", empty_turns: "reject", role_order: "reject" };

function deepFreeze<T>(o: T): T {
  if (o && typeof o === "object") {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
const chat = (...turns: [string, string][]): ChatRecord =>
  deepFreeze({
    id: "a",
    group: "a",
    source: { file: "f.jsonl", line: 3 },
    origin: "original",
    tags: { persona: "ines" },
    kind: "chat",
    messages: turns.map(([role, content]) => ({ role: role as "user", content })),
  });
const text = (t: string): TextRecord => deepFreeze({ id: "t", group: "t", source: { file: "a.txt", line: 1 }, origin: "original", tags: {}, kind: "text", text: t });
/** The user turn `c` after cleaning, and the changes. */
const user = (c: string, o: CleanConfig = opts) => {
  const r = cleanRecord(chat(["user", c], ["assistant", "ok"]), o);
  assert.ok("record" in r, JSON.stringify(r));
  return { text: (r.record as ChatRecord).messages[0]!.content, changes: r.changes };
};
const only = (k: keyof CleanConfig, v: unknown = true): CleanConfig => ({ ...OFF, [k]: v });

test("nfc, control and zero-width characters", () => {
  assert.deepEqual(user("Cafe\u0301 au lait"), { text: "Café au lait", changes: ["nfc"] });
  assert.deepEqual(user("bell\u0007 and\u0085 nel\u007f\u0000"), { text: "bell and nel", changes: ["control"] });
  assert.deepEqual(user("a\r\nb\rc\u2028d\te", only("control")), { text: "a\nb\nc\nd\te", changes: ["control"] });
  assert.deepEqual(user("zero\u200bwidth\u00ad\u2060\ufeff\u200c\u200d!"), { text: "zerowidth!", changes: ["zero_width"] });
  // an emoji ZWJ sequence (with a skin tone, with VS16) and a Persian ZWNJ are kept
  for (const s of ["👨\u200d👩\u200d👧 family", "👩🏽\u200d💻 coder", "❤\ufe0f\u200d🔥", "می\u200cخواهم"]) assert.deepEqual(user(s), { text: s, changes: [] }, s);
  // a stray ZWJ next to an emoji is still removed
  assert.deepEqual(user("hola\u200d😀"), { text: "hola😀", changes: ["zero_width"] });
  // removing a zero-width char between a letter and its combining accent leaves something NFC composes
  assert.deepEqual(user("e\u200b\u0301"), { text: "é", changes: ["zero_width", "nfc"] });
});

test("whitespace: trimmed turns, collapsed runs, indentation kept, at most one blank line", () => {
  assert.deepEqual(user("  two   spaces\t\there  \n\n\n\n line  "), { text: "two spaces here\n\n line", changes: ["whitespace"] });
  assert.deepEqual(user("def f():\n    return  1\n\n\n\n\tx"), { text: "def f():\n    return 1\n\n\tx", changes: ["whitespace"] });
  assert.deepEqual(user("a\n  \t \nb"), { text: "a\n\nb", changes: ["whitespace"] });
  assert.deepEqual(user("ya limpio\n\nbien"), { text: "ya limpio\n\nbien", changes: [] });
});

test("html: tags stripped and entities decoded, never comparisons, hearts, code or JSON", () => {
  assert.deepEqual(user("<p class=x>Hola &amp; adi&oacute;s</p>"), { text: "Hola & adiós", changes: ["html_tags", "html_entities"] });
  assert.deepEqual(user("uno<br/>dos<br />tres <b>negrita</b> <a href=\"https://x.y/?a=1&amp;b=2\">enlace</a>"), { text: "uno\ndos\ntres negrita enlace", changes: ["html_tags"] });
  assert.deepEqual(user("x<script>alert(1)</script><!-- nota -->y"), { text: "xy", changes: ["html_tags"] });
  // a block tag takes its surrounding spaces along (no stray indentation after the break)
  assert.deepEqual(user("usa <br> esto <p>y esto</p>", only("html")), { text: "usa\nesto\ny esto", changes: ["html_tags"] });
  // an element name followed by bare words and never closed is prose; valued or closed attributes are markup
  assert.deepEqual(user("si x<b and y>c entonces"), { text: "si x<b and y>c entonces", changes: [] });
  assert.deepEqual(user("<table><tr><td nowrap>a</td></tr></table>"), { text: "a", changes: ["html_tags"] });
  assert.deepEqual(user("&lt;b&gt; es una etiqueta"), { text: "<b> es una etiqueta", changes: ["html_entities"] });
  assert.deepEqual(user("&#8217;&#x2014;&nbsp;!"), { text: "’—\u00a0!", changes: ["html_entities"] });
  for (const s of ["a < b and c > d", "te quiero <3", "AT&T y R&D; &copy sin punto y coma", "<persona> y <beat> son campos", "if (a<b && c>d) {}", "usa `<div>` o\n```html\n<p>hola</p>\n```"]) {
    assert.deepEqual(user(s), { text: s, changes: [] }, s);
  }
});

test("JSON turns (Director decisions) keep their markup and layout; only characters are repaired", () => {
  const json = '{\n  "beat": "reveal_lore",\n  "narration_hint": "<b>x</b>  &amp;"\n}';
  const r = cleanRecord(chat(["user", "state <b>x</b>"], ["assistant", json]), opts);
  assert.ok("record" in r);
  assert.deepEqual((r.record as ChatRecord).messages.map((m) => m.content), ["state x", json]);
  const broken = '{"hint": "cafÃ©\u200b"}';
  const b = cleanRecord(chat(["user", "s"], ["assistant", broken]), opts);
  assert.ok("record" in b);
  assert.equal((b.record as ChatRecord).messages[1]!.content, '{"hint": "café"}');
  assert.deepEqual(JSON.parse((b.record as ChatRecord).messages[1]!.content), { hint: "café" });
});

test("mojibake: UTF-8 read as CP1252/Latin-1 is repaired", () => {
  assert.deepEqual(user("cafÃ© con leche"), { text: "café con leche", changes: ["mojibake"] });
  assert.deepEqual(user("Ã©l dijo: â€œholaâ€\u009d y â€™ Ã±"), { text: "él dijo: “hola” y ’ ñ", changes: ["mojibake"] });
  assert.equal(fixMojibake("Ã\u00adndice, Ã\u0081lvaro, Ã‘andÃº, Â¿quÃ©?"), "índice, Álvaro, Ñandú, ¿qué?"); // Latin-1 C1 and CP1252
  assert.equal(fixMojibake("ðŸ˜€ hola"), "😀 hola");
  assert.equal(fixMojibake("ÃƒÂ©"), "é"); // encoded twice
  assert.equal(fixMojibake("ÐŸÑ€Ð¸Ð²ÐµÑ‚"), "Привет"); // a run of Cyrillic
  assert.equal(fixMojibake("ï»¿hola"), "\ufeffhola"); // a BOM (zero_width then removes it)
  assert.deepEqual(user("ï»¿hola"), { text: "hola", changes: ["mojibake", "zero_width"] });
  assert.equal(fixMojibake("mezcla: €5 y cafÃ©"), "mezcla: €5 y café"); // partly broken text
});

test("mojibake: correct text is left alone", () => {
  for (const s of [
    "Inés, año, ¿qué? ¡Señor Ñandú!",
    "«El Libro Total», estante 3.",
    "dijo «ADIÓS» y «CAFÉ» — «SÍ»…",
    "PAPÁ”, MAMÁ’, «QUÉ»",
    "Crème brûlée à la française, Ærø, Øre, Þór",
    "São Paulo, NÃO, IRMÃ",
    "Müller, Größe, 25°C, nº 3, 1ª",
    "€ ™ … – — • ’ “ ”",
    "¿Dónde? ¡Aquí! «¿Quién?»",
  ]) {
    assert.equal(fixMojibake(s), s, s);
    assert.deepEqual(user(s), { text: s, changes: [] }, s);
  }
});

test("mojibake can be rejected instead", () => {
  const r = cleanRecord(chat(["user", "hola"], ["assistant", "cafÃ©"]), { ...opts, mojibake: "reject" });
  assert.ok("reject" in r);
  assert.equal(r.reject.code, "mojibake");
  assert.equal(r.reject.field, "messages.1.content");
  assert.match(r.reject.reason, /"Ã©" for "é"/);
  assert.ok(r.reject.hint);
  assert.ok("record" in cleanRecord(chat(["user", "Inés, año"], ["assistant", "¿qué?"]), { ...opts, mojibake: "reject" }));
  assert.deepEqual(user("cafÃ©", { ...opts, mojibake: "off" }), { text: "cafÃ©", changes: [] });
});

test("empty turns: rejected by default, dropped when asked", () => {
  const rec = chat(["user", "hola"], ["assistant", "<br/>"], ["user", "¿y?"], ["assistant", "nada"]);
  const r = cleanRecord(rec, opts);
  assert.ok("reject" in r);
  assert.deepEqual([r.reject.code, r.reject.field], ["empty_turn", "messages.1.content"]);
  assert.match(r.reject.reason, /after cleaning/);
  // dropping the empty assistant turn leaves two user turns in a row: merge makes it a valid conversation
  const d = cleanRecord(rec, { ...opts, empty_turns: "drop", role_order: "merge" });
  assert.ok("record" in d);
  assert.deepEqual((d.record as ChatRecord).messages, [
    { role: "user", content: "hola\n\n¿y?" },
    { role: "assistant", content: "nada" },
  ]);
  assert.deepEqual(d.changes, ["html_tags", "empty_turn_dropped", "turns_merged"]);
  const r2 = cleanRecord(rec, { ...opts, empty_turns: "drop" });
  assert.ok("reject" in r2);
  assert.deepEqual([r2.reject.code, r2.reject.field], ["role_order", "messages.2.role"], "fields name the turn's index in the input");
});

test("role order: system only first, user first then alternating, an answer at the end", () => {
  const cases: [ChatRecord, string, string][] = [
    [chat(["user", "a"], ["system", "s"], ["assistant", "b"]), "role_order", "messages.1.role"],
    [chat(["system", "s"], ["assistant", "a"], ["user", "b"], ["assistant", "c"]), "role_order", "messages.1.role"],
    [chat(["user", "a"], ["user", "b"], ["assistant", "c"]), "role_order", "messages.1.role"],
    [chat(["user", "a"], ["assistant", "b"], ["assistant", "c"]), "role_order", "messages.2.role"],
    [chat(["system", "s"], ["system", "t"], ["user", "a"], ["assistant", "b"]), "role_order", "messages.1.role"],
    [chat(["user", "a"], ["assistant", "b"], ["user", "c"]), "no_answer", "messages"],
    [chat(["system", "s"], ["user", "a"]), "no_answer", "messages"],
    [chat(), "no_answer", "messages"],
  ];
  for (const [rec, code, field] of cases) {
    const r = cleanRecord(rec, opts);
    assert.ok("reject" in r, JSON.stringify(rec.messages));
    assert.deepEqual([r.reject.code, r.reject.field], [code, field], JSON.stringify(rec.messages));
    assert.ok(r.reject.hint && r.reject.reason);
  }
  const merge = { ...opts, role_order: "merge" as const };
  const m = cleanRecord(chat(["system", "s"], ["system", "t"], ["user", "a"], ["user", "b"], ["assistant", "c"], ["assistant", "d"]), merge);
  assert.ok("record" in m);
  assert.deepEqual(
    (m.record as ChatRecord).messages.map((x) => [x.role, x.content]),
    [
      ["system", "s\n\nt"],
      ["user", "a\n\nb"],
      ["assistant", "c\n\nd"],
    ],
  );
  assert.deepEqual(m.changes, ["turns_merged"]);
  // merge cannot fix a system turn in the middle or an assistant turn first
  assert.ok("reject" in cleanRecord(chat(["user", "a"], ["system", "s"], ["assistant", "b"]), merge));
  assert.ok("reject" in cleanRecord(chat(["assistant", "a"], ["user", "b"], ["assistant", "c"]), merge));
});

test("changes are listed once each, a clean record comes back as it was, the input is never mutated", () => {
  const rec = chat(["system", "Eres  Inés."], ["user", "Cafe\u0301  &amp; <b>pan</b>\u200b"], ["assistant", "SÃ­,  claro\u0007"]);
  const before = JSON.stringify(rec);
  const r = cleanRecord(rec, opts);
  assert.ok("record" in r);
  assert.deepEqual(r.changes, ["mojibake", "html_tags", "html_entities", "control", "zero_width", "nfc", "whitespace"]);
  assert.deepEqual(
    (r.record as ChatRecord).messages.map((m) => m.content),
    ["Eres Inés.", "Café & pan", "Sí, claro"],
  );
  assert.equal(JSON.stringify(rec), before);
  assert.deepEqual({ ...r.record, messages: undefined }, { ...rec, messages: undefined }, "id, group, source, origin and tags are kept");
  const clean = chat(["user", "hola"], ["assistant", "adiós"]);
  const c = cleanRecord(clean, opts);
  assert.ok("record" in c);
  assert.equal(c.record, clean);
  assert.deepEqual(c.changes, []);
});

test("text records: the same text cleaning; empty text is rejected; every step can be turned off", () => {
  const rec = text(" Hola &amp;\u200b  mundo \r\n\r\n\r\n\r\nfin ");
  const r = cleanRecord(rec, opts);
  assert.ok("record" in r && r.record.kind === "text");
  assert.equal(r.record.text, "Hola & mundo\n\nfin");
  assert.deepEqual(r.changes, ["html_entities", "control", "zero_width", "whitespace"]);
  const e = cleanRecord(text("<p> </p>"), opts);
  assert.ok("reject" in e);
  assert.deepEqual([e.reject.code, e.reject.field], ["empty_text", "text"]);
  const m = cleanRecord(text("cafÃ©"), { ...opts, mojibake: "reject" });
  assert.ok("reject" in m);
  assert.deepEqual([m.reject.code, m.reject.field], ["mojibake", "text"]);
  const off = cleanRecord(rec, OFF);
  assert.ok("record" in off);
  assert.deepEqual(off.changes, [], "every step can be turned off");
  assert.equal(off.record, rec);
});
