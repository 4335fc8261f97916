import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { loadWorld } from "../../roles/canon/load.js";
import { Rng } from "../../roles/rng.js";
import type { ChatRecord, DataRecord, TextRecord } from "../record.js";
import { eda, type EdaRates } from "./eda.js";
import { augmentContext, augmentRecord, augmentRecords, type AugmentSettings } from "./index.js";
import { defaultThesauri } from "./thesaurus.js";

const world = loadWorld("world");
const ctx = augmentContext({ ...world, protect: ["Borges"] });
const en = { protector: ctx.protector, thesaurus: defaultThesauri().get("en"), language: "en" as const };
const es = { protector: ctx.protector, thesaurus: defaultThesauri().get("es"), language: "es" as const };
const rates = (r: Partial<EdaRates>): EdaRates => ({ synonym: 0, insert: 0, swap: 0, delete: 0, ...r });
const words = (t: string) => t.split(/\s+/).filter((w) => /\p{L}/u.test(w));

const LONG_EN = Array.from(
  { length: 8 },
  () =>
    "The patient reader walked slowly through the quiet gallery, counting ancient books and broken lamps while strange voices whispered about hidden rooms.",
).join(" ");

test("EDA is deterministic for a given rng seed and differs between seeds", () => {
  const r = rates({ synonym: 0.2, insert: 0.1, swap: 0.1, delete: 0.1 });
  const a = eda(LONG_EN, r, Rng.for(13, "x~aug1"), en).text;
  const b = eda(LONG_EN, r, Rng.for(13, "x~aug1"), en).text;
  const c = eda(LONG_EN, r, Rng.for(13, "x~aug2"), en).text;
  assert.equal(a, b);
  assert.notEqual(a, c);
  assert.notEqual(a, LONG_EN);
});

test("rates are honoured on average (stochastic rounding), per op", () => {
  const n = words(LONG_EN).length;
  const mean = (op: keyof EdaRates, rate: number) => {
    let total = 0;
    const runs = 60;
    for (let s = 0; s < runs; s++) total += eda(LONG_EN, rates({ [op]: rate }), Rng.for(s, "rates"), en).counts[op];
    return total / runs / n;
  };
  for (const [op, rate] of [["synonym", 0.1], ["insert", 0.1], ["swap", 0.1], ["delete", 0.2]] as const) {
    const got = mean(op, rate);
    assert.ok(Math.abs(got - rate) < 0.035, `${op}: ${got.toFixed(3)} of words for rate ${rate}`);
  }
  // On a short text the expected count still matches: 0.1 × 8 words = 0.8 swaps on average, not 0 or 1.
  const short = "The reader walked slowly through the quiet gallery.";
  let swaps = 0;
  for (let s = 0; s < 400; s++) swaps += eda(short, rates({ swap: 0.1 }), Rng.for(s, "short"), en).counts.swap;
  assert.ok(Math.abs(swaps / 400 - 0.8) < 0.12, `short text: ${swaps / 400} swaps on average`);
});

test("only the requested op runs; synonym replacement changes words, not their count", () => {
  const out = eda(LONG_EN, rates({ synonym: 0.3 }), Rng.for(1, "s"), en);
  assert.ok(out.counts.synonym > 5);
  assert.deepEqual({ ...out.counts, synonym: 0 }, { synonym: 0, insert: 0, swap: 0, delete: 0 });
  assert.equal(words(out.text).length, words(LONG_EN).length);
});

const PROTECTED_TEXTS = [
  "Tell me about the Purifiers: Hermana Inés says «Vindicación de Nadie» is in H-0418, shelf 3, see https://example.com/a.",
  "¿Dónde encontraría «Tratado del Hexágono Vacío»? Según el catálogo, está en el tercer anaquel del hexágono H-0412, junto al Pozo. Borges lo sabía.",
  "Aurelio counted 4,904 hexagons on the North Staircase while the Inquisitors burned the register of the Reading Room.",
  'Lucía read "The Total Book" twice; Baltasar laughed at {player_name} and the Book-Man.',
];

test("protected spans survive every op on many seeds (names, titles, glossary, ids, numbers, URLs)", () => {
  const r = rates({ synonym: 0.4, insert: 0.3, swap: 0.4, delete: 0.4 });
  for (const text of PROTECTED_TEXTS) {
    const env = text.startsWith("¿") ? es : en;
    const spans = ctx.protector.spans(text).map((s) => text.slice(s.start, s.end));
    assert.ok(spans.length >= 3, text);
    let changed = 0;
    for (let seed = 0; seed < 150; seed++) {
      const out = eda(text, r, Rng.for(seed, "protect"), env).text;
      if (out !== text) changed += 1;
      for (const s of spans) assert.ok(out.includes(s), `seed ${seed}: '${s}' lost in: ${out}`);
      // Frozen spans keep their order.
      let at = -1;
      for (const s of spans) {
        const i = out.indexOf(s, at + 1);
        assert.ok(i > at, `seed ${seed}: '${s}' moved in: ${out}`);
        at = i;
      }
    }
    assert.ok(changed > 140, `${text}: only ${changed} of 150 variants changed`);
  }
});

test("deletion never removes every word, and moves punctuation to the neighbours", () => {
  for (let seed = 0; seed < 100; seed++) {
    const out = eda("Gracias, amigo mío.", rates({ delete: 0.95 }), Rng.for(seed, "d"), es).text;
    assert.ok(/\p{L}/u.test(out), out);
    assert.match(out, /^\p{Lu}/u, `sentence start stays capitalized: ${out}`);
    assert.match(out, /\.$/u, `the full stop stays: ${out}`);
  }
  const seen = new Set<string>();
  for (let seed = 0; seed < 200; seed++) seen.add(eda("¿Dónde está el libro?", rates({ delete: 0.5 }), Rng.for(seed, "q"), es).text);
  for (const v of seen) {
    assert.match(v, /^¿\p{Lu}[^?]*\?$/u, v);
    assert.ok(!/\s[?,.]/.test(v) && !/\s{2}/.test(v), `no space before punctuation, no double space: ${v}`);
  }
  assert.ok(seen.has("¿Está el libro?"), [...seen].join(" | "));
});

test("swaps keep punctuation in place and sentence capitals where sentences start", () => {
  const text = "Tell me about the lamps. The gallery is quiet, friend.";
  const seen = new Set<string>();
  for (let seed = 0; seed < 100; seed++) {
    const out = eda(text, rates({ swap: 0.3 }), Rng.for(seed, "sw"), en).text;
    seen.add(out);
    assert.deepEqual(out.match(/[.,]/g), text.match(/[.,]/g), out);
    for (const sentence of out.split(/(?<=\.)\s+/)) assert.match(sentence, /^\p{Lu}/u, out);
    assert.ok(!/\bThe\b/.test(out.slice(1).replace(/\. The/, "")) || out.includes(". The"), `a moved "The" is lower-cased: ${out}`);
  }
  assert.ok(seen.size > 20);
});

test("paragraph breaks and surrounding whitespace are kept", () => {
  const text = "  First line of the ancient book.\n\nSecond paragraph about the quiet gallery.\n";
  for (let seed = 0; seed < 50; seed++) {
    const out = eda(text, rates({ delete: 0.3, swap: 0.2, insert: 0.2 }), Rng.for(seed, "p"), en).text;
    assert.ok(out.startsWith("  ") && out.endsWith(".\n") && out.includes(".\n\n"), JSON.stringify(out));
  }
});

const chat = (id: string, messages: ChatRecord["messages"], tags: Record<string, string> = {}): ChatRecord => ({
  kind: "chat",
  id,
  group: `g-${id}`,
  source: { file: "t.jsonl", line: 1 },
  origin: "original",
  tags,
  messages,
});

const SETTINGS: AugmentSettings = { copies: 2, synonym: 0.2, insert: 0.1, delete: 0.1, swap: 0.1, roles: ["user"], seed: 13 };

test("augmentRecord: ids, group, origin, tags, only the chosen roles; deterministic per (seed, id, copy)", () => {
  const rec = chat(
    "ines-0002",
    [
      { role: "system", content: "Eres Hermana Inés, la bibliotecaria." },
      { role: "user", content: "Would you take a pencil in exchange for a favour? I found it near the broken lamp of the quiet gallery." },
      { role: "assistant", content: "Mire usted, guárdese sus cosas. Le ayudaré porque es mi oficio. En fin." },
    ],
    { persona: "ines", language: "es", role: "npc" },
  );
  const r = augmentRecord(rec, SETTINGS, ctx);
  assert.equal(r.records.length, 2);
  r.records.forEach((v, i) => {
    assert.equal(v.id, `ines-0002~aug${i + 1}`);
    assert.equal(v.group, rec.group);
    assert.match(v.origin, /^augment:(synonym|insert|swap|delete)(\+(insert|swap|delete))*$/);
    assert.deepEqual(v.tags, { ...rec.tags, augmented_from: "ines-0002" });
    assert.equal(v.kind, "chat");
    const m = (v as ChatRecord).messages;
    assert.deepEqual(m[0], rec.messages[0]);
    assert.deepEqual(m[2], rec.messages[2]);
    assert.notEqual(m[1]!.content, rec.messages[1]!.content);
  });
  assert.deepEqual(augmentRecord(rec, SETTINGS, ctx), r);
  assert.equal(rec.messages[1]!.content.startsWith("Would"), true, "the source record is not mutated");
  const total = Object.values(r.ops).reduce((a, b) => a + b, 0);
  assert.ok(total > 0);
  // Another record set that contains it gives the same variants.
  const batch = augmentRecords([chat("other", [{ role: "user", content: "Where is the quiet gallery of lamps?" }]), rec], SETTINGS, ctx);
  assert.deepEqual(batch.records.filter((x) => x.tags.augmented_from === "ines-0002"), r.records);
  assert.equal(batch.stats.seen, 2);
  assert.equal(batch.stats.added, batch.records.length);
  assert.equal(Object.values(batch.stats.byOrigin).reduce((a, b) => a + b, 0), batch.records.length);
});

test("JSON turns are never augmented, and a record with nothing to change gives no variant (counted)", () => {
  const decision = '{"beat":"reveal_book","targets":["indice-de-los-indices"],"intensity":0.5,"narration_hint":"Among hundreds of blank spines, one bears a title."}';
  const rec = chat("dir-1", [
    { role: "user", content: '{"turn": 8, "chapter": 1, "location": {"hexagon": "H-0413"}}' },
    { role: "assistant", content: decision },
  ]);
  const r = augmentRecord(rec, { ...SETTINGS, roles: ["user", "assistant"], synonym: 0.5, swap: 0.5, delete: 0.5 }, ctx);
  assert.deepEqual(r.records, []);
  assert.deepEqual(r.skipped, { nothing_to_augment: 2 });
  // A mixed record: the prose turn changes, the JSON turn does not.
  const mixed = chat("dir-2", [
    { role: "user", content: "Describe the next beat of the story in the quiet gallery, please, with ancient books." },
    { role: "assistant", content: decision },
  ]);
  const m = augmentRecord(mixed, { ...SETTINGS, roles: ["user", "assistant"], synonym: 0.5, swap: 0.5 }, ctx);
  assert.equal(m.records.length, 2);
  for (const v of m.records) assert.equal((v as ChatRecord).messages[1]!.content, decision);
});

test("a variant identical to its source is not emitted, and is counted", () => {
  // Only protected words and one word: nothing EDA can change but "dice" (no swaps possible, no synonyms asked).
  const rec = chat("p", [{ role: "user", content: "Aurelio dice «Vindicación de Nadie»." }]);
  const r = augmentRecord(rec, { ...SETTINGS, synonym: 0, insert: 0, swap: 0.5, delete: 0, copies: 3 }, ctx);
  assert.deepEqual(r.records, []);
  assert.deepEqual(r.skipped, { identical: 3 });
});

test("text records: the text is augmented whatever the roles; the language comes from tags.language", () => {
  const rec: TextRecord = {
    kind: "text",
    id: "book-7",
    group: "book-7",
    source: { file: "b.jsonl", line: 7 },
    origin: "original",
    tags: { role: "book", language: "es" },
    text: "El lector rápido recorre la galería oscura y cuenta los libros antiguos del anaquel.\n\nNadie recuerda el camino.",
  };
  const r = augmentRecord(rec, { ...SETTINGS, roles: [], synonym: 0.3, insert: 0, swap: 0, delete: 0, copies: 3 }, ctx);
  assert.ok(r.records.length >= 2);
  for (const v of r.records) {
    assert.equal(v.kind, "text");
    assert.equal(v.origin, "augment:synonym");
    assert.ok((v as TextRecord).text.includes("anaquel"), "glossary term kept");
    assert.ok((v as TextRecord).text.includes("\n\n"));
  }
});

test("timing: EDA records per second on the starter NPC data", () => {
  const { personas } = world;
  const rows = readFileSync("world/starter/npc-conversations.jsonl", "utf8").trim().split("\n").map((l) => JSON.parse(l) as { id: string; persona: string; turns: ChatRecord["messages"] });
  const records: DataRecord[] = rows.map((v) =>
    chat(v.id, v.turns, { persona: v.persona, language: personas.find((p) => p.id === v.persona)?.voice.language ?? "en" }),
  );
  const opts: AugmentSettings = { copies: 1, synonym: 0.1, insert: 0.1, delete: 0.1, swap: 0.1, roles: ["user", "assistant"], seed: 13 };
  augmentRecords(records.slice(0, 20), opts, ctx); // warm the thesauri's file reads
  const t = performance.now();
  const { stats } = augmentRecords(records, opts, ctx);
  const s = (performance.now() - t) / 1000;
  console.log(`  eda: ${records.length} records (${stats.added} variants, ${JSON.stringify(stats.skipped)}) in ${s.toFixed(2)} s = ${Math.round(records.length / s)} records/s; ops ${JSON.stringify(stats.byOp)}`);
  assert.ok(stats.added > records.length * 0.9);
});
