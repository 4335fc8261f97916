import assert from "node:assert/strict";
import { describe, it } from "node:test";
import { ReportThresholds } from "../../config/recipe.js";
import { BEATS } from "../../roles/director/beats.js";
import type { StageCounts } from "../accounting.js";
import type { DataRecord } from "../record.js";
import type { SplitName } from "../split.js";
import { MAX_EXAMPLES, ReportBuilder, type DataReport } from "./builder.js";

let line = 0;
function chat(id: string, tags: Record<string, string>, turns: [string, string][], opts: { system?: string; origin?: string } = {}): DataRecord {
  const messages = [
    ...(opts.system ? [{ role: "system" as const, content: opts.system }] : []),
    ...turns.flatMap(([u, a]) => [
      { role: "user" as const, content: u },
      { role: "assistant" as const, content: a },
    ]),
  ];
  return { kind: "chat", id, group: id, source: { file: "t.jsonl", line: ++line }, origin: opts.origin ?? "original", tags, messages };
}

function text(id: string, tags: Record<string, string>, body: string): DataRecord {
  return { kind: "text", id, group: id, source: { file: "t.txt", line: ++line }, origin: "original", tags, text: body };
}

function stage(name: string, c: Partial<StageCounts>): StageCounts {
  const s: StageCounts = { stage: name, in: 0, kept: 0, rejected: 0, merged: 0, added: 0, out: 0, reasons: {}, changes: {}, ...c };
  return s;
}

const codes = (r: DataReport): string[] => r.warnings.map((w) => w.code).sort();

/** Neutral, clearly Spanish or English lines with no gendered words. */
const ES = ["Los libros del tercer estante hablan de las escaleras del norte.", "La lámpara del hexágono está encendida desde la mañana.", "Aquí no hay nada que temer, viajero; solo polvo y papel."];
const EN = ["The books on the third shelf speak of the northern staircases.", "The lamp of this hexagon has been burning since the morning.", "There is nothing to fear here, traveller; only dust and paper."];

function cleanSet(): { records: [DataRecord, SplitName][]; thresholds: ReturnType<typeof ReportThresholds.parse> } {
  const records: [DataRecord, SplitName][] = [];
  const splits: SplitName[] = ["train", "train", "train", "validation", "test"];
  for (const [persona, lines, language] of [
    ["ines", ES, "es"],
    ["aurelio", EN, "en"],
  ] as const) {
    splits.forEach((split, i) => {
      records.push([chat(`${persona}-${i}`, { role: "npc", persona, act: "lore", language }, [[language === "es" ? "¿Qué hay en este hexágono?" : "What is in this hexagon?", lines[i % 3]!]]), split]);
    });
  }
  const thresholds = ReportThresholds.parse({ min_examples_per_persona: 3, expected_languages: ["spa", "eng"] });
  return { records, thresholds };
}

describe("ReportBuilder", () => {
  it("a clean set has no warnings", () => {
    const { records, thresholds } = cleanSet();
    const b = new ReportBuilder({ thresholds, title: "clean", personas: ["ines", "aurelio"] });
    for (const [r, s] of records) b.add(r, s, { total: 40, assistant: 15 });
    const report = b.finish({
      stages: [stage("parse", { in: 10, kept: 10, out: 10 }), stage("length", { in: 10, kept: 10, out: 10 }), stage("dedup", { in: 10, kept: 10, out: 10 })],
    });
    assert.deepEqual(report.warnings, []);
    assert.deepEqual(report.counts.by_split, { train: 6, validation: 2, test: 2 });
    assert.deepEqual(report.languages.by_split.train, { eng: 3, spa: 3 });
    assert.deepEqual(report.languages.by_persona, { aurelio: { eng: 5 }, ines: { spa: 5 } });
    assert.deepEqual(report.personas.rows, [
      { persona: "aurelio", train: 3, validation: 1, test: 1, total: 5 },
      { persona: "ines", train: 3, validation: 1, test: 1, total: 5 },
    ]);
    assert.deepEqual(report.personas.zero, []);
    assert.equal(report.pii.total, 0);
    assert.equal(report.toxicity.total, 0);
    assert.deepEqual(report.rates, { rejected: 0, duplicate: 0, truncated: 0 });
    assert.deepEqual(report.beats.never, [], "no Director records: no beat is listed as missing");
  });

  it("counts splits, origins, kinds, roles and token lengths", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({}), title: "counts" });
    b.add(chat("a", { role: "npc", persona: "ines" }, [["Hola", "Buenos días."]]), "train", { total: 10, assistant: 4 });
    b.add(chat("a-aug", { role: "npc", persona: "ines" }, [["Hola", "Buenos días."]], { origin: "augment:synonym" }), "train", { total: 12, assistant: 4 });
    b.add(chat("a-bt", { role: "npc", persona: "ines" }, [["Hola", "Buenos días."]], { origin: "backtranslate:es-en-es" }), "train", { total: 11, assistant: 5 });
    b.add(text("t-1", { role: "book", style: "chronicle" }, "Year 525 of the Dim Lamp."), "validation", { total: 100, assistant: 100 });
    b.add(text("t-2", { role: "book", style: "chronicle" }, "Año 525."), "test", null);
    b.add(text("c-3", { role: "book", style: "poem" }, "chunk"), "train", { total: 30, assistant: 30 });
    const r = b.finish({ stages: [], extra: { source: "here" } });
    assert.equal(r.counts.records, 6);
    assert.deepEqual(r.counts.by_split, { train: 4, validation: 1, test: 1 });
    assert.deepEqual(r.counts.by_origin, { original: 4, augmented: 2, derived: 0 });
    assert.deepEqual(r.counts.by_split_origin.train, { original: 2, augmented: 2, derived: 0 });
    assert.deepEqual(r.counts.by_kind, { chat: 3, text: 3 });
    assert.deepEqual(r.counts.by_role, { npc: 3, book: 3 });
    assert.equal(r.tokens.train.records, 4);
    assert.equal(r.tokens.train.total.max, 30);
    assert.equal(r.tokens.train.total.p50, 11);
    assert.equal(r.tokens.train.assistant.p99, 30);
    assert.equal(r.tokens.test.records, 0);
    assert.equal(r.tokens.test.total.count, 0);
    assert.deepEqual(r.styles.total, { chronicle: 2, poem: 1 });
    assert.deepEqual(r.styles.by_split.validation, { chronicle: 1 });
    assert.deepEqual(r.extra, { source: "here" });
    assert.deepEqual(r.rates, { rejected: null, duplicate: 0, truncated: null });
    assert.throws(() => b.finish({ stages: [] }), /already/);
  });

  it("an NPC set with a missing persona warns about it", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ min_examples_per_persona: 2 }), title: "npc", personas: ["ines", "aurelio", "lucia"] });
    for (let i = 0; i < 3; i++) b.add(chat(`ines-${i}`, { role: "npc", persona: "ines" }, [["¿Qué hay aquí?", ES[i]!]]), "train", null);
    for (let i = 0; i < 3; i++) b.add(chat(`aurelio-${i}`, { role: "npc", persona: "aurelio" }, [["What is here?", EN[i]!]]), i === 2 ? "test" : "train", null);
    b.add(chat("nobody", { role: "npc" }, [["Hello?", EN[0]!]]), "train", null);
    const r = b.finish({ stages: [] });
    assert.deepEqual(codes(r), ["missing_persona", "persona_examples"]);
    const pe = r.warnings.find((w) => w.code === "persona_examples")!;
    assert.equal(pe.subject, "lucia");
    assert.equal(pe.value, 0);
    assert.equal(pe.threshold, 2);
    assert.match(pe.message, /lucia.*none at all/);
    assert.equal(r.personas.missing_tag, 1);
    assert.deepEqual(
      r.personas.zero.map((z) => [z.persona, z.splits]),
      [
        ["aurelio", ["validation"]],
        ["ines", ["validation", "test"]],
        ["lucia", ["train", "validation", "test"]],
      ],
    );
    assert.ok(r.personas.rows.some((p) => p.persona === "(none)" && p.train === 1));
  });

  it("an imbalanced gender set warns per persona and per role", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ min_examples_per_persona: 0 }), title: "gender" });
    const lines = ["He told the king that his son and his brother were men of the library.", "The man gave him the book; he said the lord and his father agreed."];
    for (let i = 0; i < 4; i++) b.add(chat(`baltasar-${i}`, { role: "npc", persona: "baltasar" }, [["Who keeps the index?", lines[i % 2]!]]), "train", null);
    // A balanced persona: no warning of its own.
    for (let i = 0; i < 2; i++) b.add(chat(`lucia-${i}`, { role: "npc", persona: "lucia" }, [["¿Quién guarda el índice?", "Él y ella lo guardan: el señor y la señora, el rey y la reina, el hombre y la mujer."]]), "train", null);
    const r = b.finish({ stages: [] });
    const g = r.warnings.filter((w) => w.code === "gender_ratio");
    assert.deepEqual(g.map((w) => w.subject).sort(), ["persona:baltasar", "role:npc"]);
    const baltasar = r.gender.by_persona.find((x) => x.key === "baltasar")!;
    assert.equal(baltasar.fem, 0);
    assert.ok(baltasar.masc >= 20, String(baltasar.masc));
    assert.equal(baltasar.skew, "masc");
    assert.equal(baltasar.ratio, baltasar.masc);
    const lucia = r.gender.by_persona.find((x) => x.key === "lucia")!;
    assert.deepEqual([lucia.masc, lucia.fem, lucia.skew, lucia.ratio], [8, 8, "even", 1]);
    assert.match(g.find((w) => w.subject === "persona:baltasar")!.message, /masculine terms outnumber feminine/);
  });

  it("does not call a handful of gendered words an imbalance", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ min_examples_per_persona: 0 }), title: "few" });
    b.add(chat("x", { role: "npc", persona: "cirilo" }, [["Who?", "He and his brother, the king."]]), "train", null);
    const r = b.finish({ stages: [] });
    assert.equal(r.gender.by_persona[0]!.ratio, 4);
    assert.deepEqual(r.warnings, []);
  });

  it("PII, toxicity, duplicates, leakage and stage rates produce their warnings", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ min_examples_per_persona: 0 }), title: "bad" });
    b.add(chat("p1", { role: "generic" }, [["Write to ines.bibliotecaria@example.org or call +34 612 345 678", "I will not share that, you fucking idiot."]]), "train", null);
    b.add(chat("p2", { role: "generic" }, [["¿Y tú qué?", "Vete a la mierda, cabrón."]]), "train", null);
    b.addDuplicate({ kept: "p1", merged: "p1-copy", kind: "exact", similarity: 1 });
    b.addDuplicate({ kept: "p2", merged: "p2-near", kind: "near", similarity: 0.93456 });
    b.addLeak({ heldOut: "v1", split: "validation", train: "p1", similarity: 0.95, action: "reported" });
    b.addLeak({ heldOut: "t1", split: "test", train: "p2", similarity: 0.97, action: "dropped" });
    const r = b.finish({
      stages: [
        stage("parse", { in: 20, kept: 18, rejected: 2, out: 18, reasons: { invalid_json: 2 } }),
        stage("clean", { in: 18, kept: 17, rejected: 1, out: 17, reasons: { empty_turn: 1 } }),
        stage("length", { in: 17, kept: 17, out: 17, changes: { truncated: 2 } }),
        stage("dedup", { in: 17, kept: 15, merged: 2, out: 15, reasons: { exact_duplicate: 1, near_duplicate: 1 } }),
      ],
    });
    assert.deepEqual(codes(r), ["duplicate_rate", "leaked", "pii_hits", "rejected_rate", "toxic_hits", "truncated_rate"]);
    assert.equal(r.rates.rejected, 0.15);
    assert.equal(r.rates.duplicate, round4(2 / 17));
    assert.equal(r.rates.truncated, round4(2 / 17));
    assert.deepEqual(r.pii.by_type.email, 1);
    assert.deepEqual(r.pii.by_type.phone, 1);
    assert.equal(r.pii.records, 1);
    const json = JSON.stringify(r);
    assert.ok(!json.includes("ines.bibliotecaria@example.org") && !json.includes("612 345 678"), "PII is masked in the report");
    assert.deepEqual(
      r.pii.examples.map((e) => [e.id, e.field, e.type]),
      [
        ["p1", "messages[0].content (user)", "email"],
        ["p1", "messages[0].content (user)", "phone"],
      ],
    );
    assert.deepEqual(r.toxicity.by_language, { en: 1, es: 2 });
    assert.equal(r.toxicity.records, 2);
    assert.deepEqual(
      r.toxicity.terms.map((t) => [t.term, t.language, t.count]),
      [
        ["c****n", "es", 1],
        ["f*****g", "en", 1],
        ["v**e a l* m****a", "es", 1],
      ],
    );
    assert.ok(!/fucking|mierda|cabr[oó]n/i.test(JSON.stringify(r.toxicity)), "terms are masked");
    assert.deepEqual([r.duplicates.exact, r.duplicates.near], [1, 1]);
    assert.equal(r.duplicates.examples[1]!.similarity, 0.935);
    assert.deepEqual([r.leakage.total, r.leakage.dropped, r.leakage.reported], [2, 1, 1]);
    assert.deepEqual(r.leakage.by_split, { train: 0, validation: 1, test: 1 });
    const leaked = r.warnings.find((w) => w.code === "leaked")!;
    assert.equal(leaked.value, 1);
  });

  it("Director beats: per split, the beats that never occur, unknown ones", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({}), title: "director" });
    const decision = (beat: string) => `{"beat":"${beat}","targets":[],"intensity":0.2,"narration_hint":"The lamp flickers.","rationale":"A pause."}`;
    b.add(chat("d1", { role: "director", beat: "quiet_moment", scenario: "ch1" }, [["state", decision("quiet_moment")]]), "train", null);
    b.add(chat("d2", { role: "director", beat: "quiet_moment", scenario: "ch1" }, [["state", decision("quiet_moment")]]), "test", null);
    b.add(chat("d3", { role: "director", beat: "reveal_book", scenario: "ch2" }, [["state", decision("reveal_book")]]), "train", null);
    b.add(chat("d4", { role: "director", beat: "dance_party", scenario: "ch2" }, [["state", decision("dance_party")]]), "validation", null);
    const r = b.finish({ stages: [] });
    assert.equal(r.beats.records, 4);
    assert.deepEqual(r.beats.by_split.train, { quiet_moment: 1, reveal_book: 1 });
    assert.deepEqual(r.beats.total, { quiet_moment: 2, dance_party: 1, reveal_book: 1 });
    assert.deepEqual(
      r.beats.never,
      BEATS.filter((x) => x !== "quiet_moment" && x !== "reveal_book"),
    );
    assert.deepEqual(r.beats.unknown, ["dance_party"]);
  });

  it("warns about unexpected languages above 1% of the records", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ expected_languages: ["spa", "eng"], min_examples_per_persona: 0 }), title: "langs" });
    b.add(chat("fr", { role: "generic" }, [["?", "Le bibliothécaire a perdu la clé de la salle des cartes, et personne ne sait où elle se trouve."]]), "train", null);
    for (let i = 0; i < 3; i++) b.add(chat(`en${i}`, { role: "generic" }, [["?", EN[i]!]]), "train", null);
    b.add(chat("short", { role: "generic" }, [["?", "Sí."]]), "train", null);
    const r = b.finish({ stages: [] });
    assert.deepEqual(r.languages.by_split.train, { eng: 3, fra: 1, und: 1 });
    assert.deepEqual(
      r.warnings.map((w) => [w.code, w.subject, w.value]),
      [["unexpected_language", "fra", 1]],
    );
  });

  it("reports a declared language that disagrees with the text", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({}), title: "declared" });
    b.add(text("b1", { role: "book", style: "chronicle", language: "en" }, ES.join(" ")), "train", null);
    b.add(text("b2", { role: "book", style: "chronicle", language: "es" }, ES.join(" ")), "train", null);
    const r = b.finish({ stages: [] });
    assert.deepEqual(r.languages.declared_mismatch, { count: 1, examples: [{ id: "b1", split: "train", declared: "en", detected: "spa" }] });
  });

  it("scans a system prompt shared by many records once", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({}), title: "system" });
    for (let i = 0; i < 10; i++) b.add(chat(`s${i}`, { role: "generic" }, [["Hi", "Hello there, traveller."]], { system: "Support: help@example.com" }), "train", null);
    const r = b.finish({ stages: [] });
    assert.equal(r.pii.total, 1);
    assert.equal(r.pii.examples[0]!.field, "messages[0].content (system)");
  });

  it("stays bounded and JSON-serializable on many records", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({}), title: "many" });
    for (let i = 0; i < 3000; i++) {
      b.add(chat(`r${i}`, { role: "npc", persona: `p${i % 7}` }, [[`mail me: user${i}@example.com`, `${EN[i % 3]!} Damn, shit.`]]), i % 10 === 0 ? "test" : "train", { total: 20 + (i % 50), assistant: 10 });
      b.addDuplicate({ kept: `r${i}`, merged: `d${i}`, kind: "near", similarity: 0.91 });
      b.addLeak({ heldOut: `h${i}`, split: "test", train: `r${i}`, similarity: 0.92, action: "dropped" });
    }
    const r = b.finish({ stages: [] });
    assert.equal(r.pii.total, 3000);
    assert.equal(r.pii.examples.length, MAX_EXAMPLES);
    assert.equal(r.toxicity.examples.length, MAX_EXAMPLES);
    assert.equal(r.duplicates.examples.length, MAX_EXAMPLES);
    assert.equal(r.leakage.examples.length, MAX_EXAMPLES);
    assert.equal(r.duplicates.near, 3000);
    assert.equal(r.tokens.train.total.max, 69);
    assert.ok(r.tokens.train.total.bins.length < 20);
    assert.deepEqual(JSON.parse(JSON.stringify(r)), r);
  });
});

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
