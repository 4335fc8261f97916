import type { z } from "zod";
import type { ReportThresholds } from "../../config/recipe.js";
import { BEATS } from "../../roles/director/beats.js";
import type { StageCounts } from "../accounting.js";
import { LengthHistogram, type LengthHistogramJson } from "../length.js";
import type { DataRecord } from "../record.js";
import { SPLITS, type SplitName } from "../split.js";
import {
  countGendered,
  detectLanguage,
  guessEsEn,
  LEXICON_LANGUAGES,
  lexiconLanguagesFor,
  maskPii,
  maskTerm,
  PII_TYPES,
  scanPii,
  scanToxicity,
  type LexiconLanguage,
  type PiiType,
} from "./scan.js";

/**
 * The data quality & bias report, built while records stream through the pipeline.
 * Memory is bounded whatever the number of records: counters keyed by a bounded set
 * (splits, roles, personas, languages, beats, styles, lexicon terms — each capped at
 * MAX_KEYS, the rest under "(other)"), token-length histograms, and example lists capped
 * at MAX_EXAMPLES. No record is kept.
 */

export type ReportThresholdsConfig = z.output<typeof ReportThresholds>;

export const MAX_EXAMPLES = 20;
export const MAX_KEYS = 500;
/** Fewer gendered terms than this for a persona or role: too few to call an imbalance. */
export const MIN_GENDER_TERMS = 10;
/** An unexpected language is warned about only above this share of the records (detector noise stays below it on the world data). */
export const UNEXPECTED_LANGUAGE_MIN_SHARE = 0.01;
/** Distinct system prompts remembered so that a prompt shared by many records is scanned once. */
const SYSTEM_PROMPT_CACHE = 256;

export type SplitCounts = Record<SplitName, number>;
export type Distribution = Record<string, number>;

export interface ReportWarning {
  code: string;
  message: string;
  value: number;
  threshold: number | string[];
  /** What the warning is about: a persona, a role, a language… */
  subject?: string;
}

export interface GenderRow {
  key: string;
  records: number;
  masc: number;
  fem: number;
  /** The larger count over the smaller one (the smaller taken as at least 1). */
  ratio: number;
  skew: "masc" | "fem" | "even" | "none";
}

export interface DataReport {
  version: 1;
  title: string;
  generated_at: string;
  thresholds: ReportThresholdsConfig;
  warnings: ReportWarning[];
  counts: {
    records: number;
    by_split: SplitCounts;
    /** original: as read; augmented: augment:* and backtranslate:*; derived: other origins (chunk:N…). */
    by_origin: { original: number; augmented: number; derived: number };
    by_split_origin: Record<SplitName, { original: number; augmented: number; derived: number }>;
    /** Origin kinds with their trailing numbers dropped ("chunk:3" → "chunk"). */
    origins: Distribution;
    by_kind: { chat: number; text: number };
    by_role: Distribution;
  };
  stages: StageCounts[];
  rates: {
    /** Records rejected by any stage over records read (first stage's in). */
    rejected: number | null;
    /** Records merged as duplicates over records entering dedup. */
    duplicate: number | null;
    /** Records truncated by the length stage over records entering it. */
    truncated: number | null;
  };
  tokens: Record<SplitName, { records: number; total: LengthHistogramJson; assistant: LengthHistogramJson }>;
  duplicates: {
    exact: number;
    near: number;
    examples: { kept: string; merged: string; kind: "exact" | "near"; similarity: number }[];
  };
  leakage: {
    total: number;
    dropped: number;
    reported: number;
    by_split: SplitCounts;
    examples: { heldOut: string; split: SplitName; train: string; similarity: number; action: "dropped" | "reported" }[];
  };
  languages: {
    /** How it was measured, for the reader. */
    method: string;
    /** Records whose language was detected (all of the first 5,000, then one in 50). */
    sampled: number;
    by_split: Record<SplitName, Distribution>;
    by_role: Record<string, Distribution>;
    by_persona: Record<string, Distribution>;
    /** Records whose language tag (es/en…) disagrees with what was detected (und/zxx not counted). */
    declared_mismatch: { count: number; examples: { id: string; split: SplitName; declared: string; detected: string }[] };
  };
  pii: {
    total: number;
    records: number;
    by_type: Record<PiiType, number>;
    examples: { id: string; split: SplitName; field: string; type: PiiType; masked: string }[];
  };
  toxicity: {
    total: number;
    records: number;
    by_language: Record<LexiconLanguage, number>;
    /** Masked terms ("f**k") with their counts, most frequent first. */
    terms: { term: string; language: LexiconLanguage; count: number }[];
    examples: { id: string; split: SplitName; field: string; term: string; language: LexiconLanguage }[];
  };
  gender: {
    by_role: GenderRow[];
    by_persona: GenderRow[];
  };
  personas: {
    /** Per persona, records per split (NPC records; known personas with none are listed too). */
    rows: { persona: string; train: number; validation: number; test: number; total: number }[];
    /** Personas with no record in some split: persona → those splits. */
    zero: { persona: string; splits: SplitName[] }[];
    /** NPC records without a persona tag. */
    missing_tag: number;
  };
  beats: {
    records: number;
    by_split: Record<SplitName, Distribution>;
    total: Distribution;
    /** Beats of the Director's closed set that never occur (listed only when there are Director records). */
    never: string[];
    /** Beat tags that are not in the closed set. */
    unknown: string[];
  };
  styles: {
    records: number;
    by_split: Record<SplitName, Distribution>;
    total: Distribution;
  };
  extra?: Record<string, unknown>;
}

export interface ReportBuilderOptions {
  thresholds: ReportThresholdsConfig;
  title: string;
  /** Persona ids from the cards: personas with no record at all are reported too. */
  personas?: readonly string[];
}

const OTHER = "(other)";
const NO_PERSONA = "(none)";

/** A counter whose key set is capped: past MAX_KEYS distinct keys, new keys count under "(other)". */
class Counter {
  readonly map = new Map<string, number>();
  add(key: string, n = 1): void {
    const k = this.map.has(key) || this.map.size < MAX_KEYS ? key : OTHER;
    this.map.set(k, (this.map.get(k) ?? 0) + n);
  }
  get(key: string): number {
    return this.map.get(key) ?? 0;
  }
  toJSON(): Distribution {
    return Object.fromEntries([...this.map].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0])));
  }
}

/** Counters under a capped set of outer keys. */
class Nested {
  readonly map = new Map<string, Counter>();
  at(key: string): Counter {
    let c = this.map.get(key);
    if (!c) {
      const k = this.map.size < MAX_KEYS ? key : OTHER;
      c = this.map.get(k) ?? new Counter();
      this.map.set(k, c);
    }
    return c;
  }
  toJSON(): Record<string, Distribution> {
    return Object.fromEntries([...this.map].sort((a, b) => a[0].localeCompare(b[0])).map(([k, c]) => [k, c.toJSON()]));
  }
}

class GenderTally {
  readonly map = new Map<string, { records: number; masc: number; fem: number }>();
  add(key: string, masc: number, fem: number): void {
    let row = this.map.get(key);
    if (!row) {
      const k = this.map.size < MAX_KEYS ? key : OTHER;
      row = this.map.get(k) ?? { records: 0, masc: 0, fem: 0 };
      this.map.set(k, row);
    }
    row.records += 1;
    row.masc += masc;
    row.fem += fem;
  }
  rows(): GenderRow[] {
    return [...this.map]
      .sort((a, b) => a[0].localeCompare(b[0]))
      .map(([key, r]) => {
        const hi = Math.max(r.masc, r.fem);
        const lo = Math.min(r.masc, r.fem);
        const ratio = Math.round((hi / Math.max(lo, 1)) * 100) / 100;
        const skew = hi === 0 ? "none" : r.masc === r.fem ? "even" : r.masc > r.fem ? "masc" : "fem";
        return { key, records: r.records, masc: r.masc, fem: r.fem, ratio, skew };
      });
  }
}

function perSplit<T>(make: () => T): Record<SplitName, T> {
  return { train: make(), validation: make(), test: make() };
}

function originClass(origin: string): "original" | "augmented" | "derived" {
  if (origin === "original") return "original";
  if (origin.startsWith("augment") || origin.startsWith("backtranslate")) return "augmented";
  return "derived";
}

/** ISO 639-1 tags as the formats write them → ISO 639-3 as detection reports them. */
const ISO3: Record<string, string> = { es: "spa", en: "eng", pt: "por", fr: "fra", it: "ita", de: "deu", nl: "nld", ca: "cat" };

const LANG_FULL = 5_000;
const LANG_EVERY = 50;

function round(x: number, digits = 4): number {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

export class ReportBuilder {
  private readonly thresholds: ReportThresholdsConfig;
  private readonly title: string;
  private readonly knownPersonas: readonly string[];
  private finished = false;

  private records = 0;
  private readonly bySplit = perSplit(() => 0);
  private readonly bySplitOrigin = perSplit(() => ({ original: 0, augmented: 0, derived: 0 }));
  private readonly origins = new Counter();
  private readonly byKind = { chat: 0, text: 0 };
  private readonly byRole = new Counter();

  private readonly tokens = perSplit(() => ({ records: 0, total: new LengthHistogram(), assistant: new LengthHistogram() }));

  private readonly dup = { exact: 0, near: 0, examples: [] as DataReport["duplicates"]["examples"] };
  private readonly leak = { total: 0, dropped: 0, reported: 0, bySplit: perSplit(() => 0), examples: [] as DataReport["leakage"]["examples"] };

  private readonly langBySplit = perSplit(() => new Counter());
  private readonly langByRole = new Nested();
  private readonly langByPersona = new Nested();
  private readonly langTotal = new Counter();
  private langSampled = 0;
  private readonly mismatch = { count: 0, examples: [] as DataReport["languages"]["declared_mismatch"]["examples"] };

  private readonly pii = { total: 0, records: 0, byType: Object.fromEntries(PII_TYPES.map((t) => [t, 0])) as Record<PiiType, number>, examples: [] as DataReport["pii"]["examples"] };
  private readonly tox = {
    total: 0,
    records: 0,
    byLanguage: Object.fromEntries(LEXICON_LANGUAGES.map((l) => [l, 0])) as Record<LexiconLanguage, number>,
    terms: new Map<string, { language: LexiconLanguage; count: number }>(),
    examples: [] as DataReport["toxicity"]["examples"],
  };
  private readonly genderByRole = new GenderTally();
  private readonly genderByPersona = new GenderTally();

  private readonly personaSplits = new Map<string, SplitCounts>();
  private missingPersona = 0;

  private readonly beats = { records: 0, bySplit: perSplit(() => new Counter()), total: new Counter() };
  private readonly styles = { records: 0, bySplit: perSplit(() => new Counter()), total: new Counter() };

  private readonly seenSystem = new Set<string>();

  constructor(opts: ReportBuilderOptions) {
    this.thresholds = opts.thresholds;
    this.title = opts.title;
    this.knownPersonas = opts.personas ?? [];
    for (const p of this.knownPersonas) this.personaSplits.set(p, perSplit(() => 0));
  }

  add(record: DataRecord, split: SplitName, tokens: { total: number; assistant: number } | null): void {
    this.records += 1;
    this.bySplit[split] += 1;
    const oc = originClass(record.origin);
    this.bySplitOrigin[split][oc] += 1;
    this.origins.add(record.origin.replace(/[:\-_]?\d+$/, ""));
    this.byKind[record.kind] += 1;
    const role = record.tags.role ?? "generic";
    this.byRole.add(role);

    if (tokens) {
      const t = this.tokens[split];
      t.records += 1;
      t.total.add(tokens.total);
      t.assistant.add(tokens.assistant);
    }

    // Persona coverage (NPC records).
    const persona = record.tags.persona;
    if (role === "npc" || persona !== undefined) {
      const key = persona ?? NO_PERSONA;
      if (persona === undefined) this.missingPersona += 1;
      let row = this.personaSplits.get(key);
      if (!row && this.personaSplits.size < MAX_KEYS) {
        row = perSplit(() => 0);
        this.personaSplits.set(key, row);
      }
      if (row) row[split] += 1;
    }
    if (role === "director" || record.tags.beat !== undefined) {
      const beat = record.tags.beat ?? "(none)";
      this.beats.records += 1;
      this.beats.bySplit[split].add(beat);
      this.beats.total.add(beat);
    }
    if (role === "book" || record.tags.style !== undefined) {
      const style = record.tags.style ?? "(none)";
      this.styles.records += 1;
      this.styles.bySplit[split].add(style);
      this.styles.total.add(style);
    }

    // Language of what the model learns to write: the assistant turns (all of a text record).
    const langText =
      record.kind === "text"
        ? record.text
        : record.messages
            .filter((m) => m.role === "assistant")
            .map((m) => m.content)
            .join("\n") ||
          record.messages
            .filter((m) => m.role !== "system")
            .map((m) => m.content)
            .join("\n");
    // franc is the costliest scan (~7k records/s): every record of the first LANG_FULL, then one in LANG_EVERY.
    const sampleLang = this.records <= LANG_FULL || this.records % LANG_EVERY === 0;
    const guess = sampleLang ? null : guessEsEn(langText);
    const lang = sampleLang ? detectLanguage(langText) : guess === "es" ? "spa" : guess === "en" ? "eng" : "und";
    if (sampleLang) {
      this.langSampled += 1;
      this.langTotal.add(lang);
      this.langBySplit[split].add(lang);
      this.langByRole.at(role).add(lang);
      if (persona !== undefined) this.langByPersona.at(persona).add(lang);
    }
    const declared = record.tags.language;
    if (sampleLang && declared && lang !== "und" && lang !== "zxx" && ISO3[declared] !== undefined && ISO3[declared] !== lang) {
      this.mismatch.count += 1;
      if (this.mismatch.examples.length < MAX_EXAMPLES) this.mismatch.examples.push({ id: record.id, split, declared, detected: lang });
    }

    // Scans, text by text.
    const recordLexicons = lexiconLanguagesFor(lang);
    const gibberish = lang === "zxx";
    let masc = 0;
    let fem = 0;
    let piiHere = 0;
    let toxHere = 0;
    const fields: { field: string; text: string; system: boolean }[] =
      record.kind === "text" ? [{ field: "text", text: record.text, system: false }] : record.messages.map((m, i) => ({ field: `messages[${i}].content (${m.role})`, text: m.content, system: m.role === "system" }));
    for (const { field, text, system } of fields) {
      if (system) {
        if (this.seenSystem.has(text)) continue;
        if (this.seenSystem.size < SYSTEM_PROMPT_CACHE) this.seenSystem.add(text);
      }
      for (const hit of scanPii(text)) {
        piiHere += 1;
        this.pii.byType[hit.type] += 1;
        if (this.pii.examples.length < MAX_EXAMPLES) this.pii.examples.push({ id: record.id, split, field, type: hit.type, masked: maskPii(hit.type, hit.text) });
      }
      // Letter soup (babel books) matches lexicon words by chance: not scanned for words.
      if (gibberish) continue;
      const guess = guessEsEn(text);
      const lexicons = guess ? [guess] : recordLexicons;
      for (const hit of scanToxicity(text, lexicons)) {
        toxHere += 1;
        this.tox.byLanguage[hit.language] += 1;
        const key = `${hit.language}\u0000${hit.term}`;
        const t = this.tox.terms.get(key);
        if (t) t.count += 1;
        else this.tox.terms.set(key, { language: hit.language, count: 1 });
        if (this.tox.examples.length < MAX_EXAMPLES) this.tox.examples.push({ id: record.id, split, field, term: maskTerm(hit.term), language: hit.language });
      }
      if (!system) {
        const g = countGendered(text, lexicons);
        masc += g.masc;
        fem += g.fem;
      }
    }
    this.pii.total += piiHere;
    if (piiHere) this.pii.records += 1;
    this.tox.total += toxHere;
    if (toxHere) this.tox.records += 1;
    this.genderByRole.add(role, masc, fem);
    if (persona !== undefined) this.genderByPersona.add(persona, masc, fem);
  }

  addDuplicate(d: { kept: string; merged: string; kind: "exact" | "near"; similarity: number }): void {
    this.dup[d.kind] += 1;
    if (this.dup.examples.length < MAX_EXAMPLES) this.dup.examples.push({ kept: d.kept, merged: d.merged, kind: d.kind, similarity: round(d.similarity, 3) });
  }

  addLeak(l: { heldOut: string; split: SplitName; train: string; similarity: number; action: "dropped" | "reported" }): void {
    this.leak.total += 1;
    this.leak[l.action] += 1;
    this.leak.bySplit[l.split] += 1;
    if (this.leak.examples.length < MAX_EXAMPLES) this.leak.examples.push({ heldOut: l.heldOut, split: l.split, train: l.train, similarity: round(l.similarity, 3), action: l.action });
  }

  finish(input: { stages: StageCounts[]; extra?: Record<string, unknown> }): DataReport {
    if (this.finished) throw new Error("ReportBuilder.finish() was already called");
    this.finished = true;
    const th = this.thresholds;
    const stages = input.stages.map((s) => ({ ...s, reasons: { ...s.reasons }, changes: { ...s.changes } }));

    const first = stages[0];
    const rejected = first && first.in > 0 ? stages.reduce((n, s) => n + s.rejected, 0) / first.in : null;
    const dedupStage = stages.find((s) => s.stage === "dedup");
    const dupCount = this.dup.exact + this.dup.near;
    const duplicate = dedupStage ? (dedupStage.in > 0 ? dedupStage.merged / dedupStage.in : null) : this.records + dupCount > 0 ? dupCount / (this.records + dupCount) : null;
    const lengthStage = stages.find((s) => s.stage === "length");
    const truncated = lengthStage && lengthStage.in > 0 ? (lengthStage.changes.truncated ?? 0) / lengthStage.in : null;

    const personaRows = [...this.personaSplits]
      .map(([persona, c]) => ({ persona, train: c.train, validation: c.validation, test: c.test, total: c.train + c.validation + c.test }))
      .sort((a, b) => a.persona.localeCompare(b.persona));
    const zero = personaRows
      .filter((r) => r.persona !== NO_PERSONA)
      .map((r) => ({ persona: r.persona, splits: SPLITS.filter((s) => r[s] === 0) }))
      .filter((z) => z.splits.length > 0);

    const beatTotal = this.beats.total.toJSON();
    const beatSet = new Set<string>(BEATS);
    const never = this.beats.records > 0 ? BEATS.filter((b) => !(b in beatTotal)) : [];
    const unknown = Object.keys(beatTotal).filter((b) => !beatSet.has(b));

    const terms = [...this.tox.terms]
      .map(([key, v]) => ({ term: maskTerm(key.split("\u0000")[1]!), language: v.language, count: v.count }))
      .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));

    const report: DataReport = {
      version: 1,
      title: this.title,
      generated_at: new Date().toISOString(),
      thresholds: th,
      warnings: [],
      counts: {
        records: this.records,
        by_split: { ...this.bySplit },
        by_origin: {
          original: SPLITS.reduce((n, s) => n + this.bySplitOrigin[s].original, 0),
          augmented: SPLITS.reduce((n, s) => n + this.bySplitOrigin[s].augmented, 0),
          derived: SPLITS.reduce((n, s) => n + this.bySplitOrigin[s].derived, 0),
        },
        by_split_origin: { train: { ...this.bySplitOrigin.train }, validation: { ...this.bySplitOrigin.validation }, test: { ...this.bySplitOrigin.test } },
        origins: this.origins.toJSON(),
        by_kind: { ...this.byKind },
        by_role: this.byRole.toJSON(),
      },
      stages,
      rates: { rejected: rejected === null ? null : round(rejected), duplicate: duplicate === null ? null : round(duplicate), truncated: truncated === null ? null : round(truncated) },
      tokens: {
        train: { records: this.tokens.train.records, total: this.tokens.train.total.toJSON(), assistant: this.tokens.train.assistant.toJSON() },
        validation: { records: this.tokens.validation.records, total: this.tokens.validation.total.toJSON(), assistant: this.tokens.validation.assistant.toJSON() },
        test: { records: this.tokens.test.records, total: this.tokens.test.total.toJSON(), assistant: this.tokens.test.assistant.toJSON() },
      },
      duplicates: { exact: this.dup.exact, near: this.dup.near, examples: [...this.dup.examples] },
      leakage: { total: this.leak.total, dropped: this.leak.dropped, reported: this.leak.reported, by_split: { ...this.leak.bySplit }, examples: [...this.leak.examples] },
      languages: {
        method:
          `franc-min (ISO 639-3) on the assistant turns of chat records and on the text of text records («titles» left out); spa/eng ranked first, another language only when clearly better; und: under 20 letters; zxx: no linguistic content (letter soup); every record of the first ${LANG_FULL}, then one in ${LANG_EVERY}`,
        sampled: this.langSampled,
        by_split: { train: this.langBySplit.train.toJSON(), validation: this.langBySplit.validation.toJSON(), test: this.langBySplit.test.toJSON() },
        by_role: this.langByRole.toJSON(),
        by_persona: this.langByPersona.toJSON(),
        declared_mismatch: { count: this.mismatch.count, examples: [...this.mismatch.examples] },
      },
      pii: { total: this.pii.total, records: this.pii.records, by_type: { ...this.pii.byType }, examples: [...this.pii.examples] },
      toxicity: { total: this.tox.total, records: this.tox.records, by_language: { ...this.tox.byLanguage }, terms, examples: [...this.tox.examples] },
      gender: { by_role: this.genderByRole.rows(), by_persona: this.genderByPersona.rows() },
      personas: { rows: personaRows, zero, missing_tag: this.missingPersona },
      beats: {
        records: this.beats.records,
        by_split: { train: this.beats.bySplit.train.toJSON(), validation: this.beats.bySplit.validation.toJSON(), test: this.beats.bySplit.test.toJSON() },
        total: beatTotal,
        never,
        unknown,
      },
      styles: {
        records: this.styles.records,
        by_split: { train: this.styles.bySplit.train.toJSON(), validation: this.styles.bySplit.validation.toJSON(), test: this.styles.bySplit.test.toJSON() },
        total: this.styles.total.toJSON(),
      },
    };
    if (input.extra) report.extra = input.extra;
    report.warnings = deriveWarnings(report, this.langTotal.toJSON());
    return report;
  }
}

const pct = (x: number): string => `${(x * 100).toFixed(1)}%`;

/** The thresholds of data.report, checked against a finished report. */
export function deriveWarnings(r: DataReport, languageTotals: Distribution): ReportWarning[] {
  const th = r.thresholds;
  const out: ReportWarning[] = [];
  if (r.rates.rejected !== null && r.rates.rejected > th.max_rejected_rate) {
    out.push({ code: "rejected_rate", message: `${pct(r.rates.rejected)} of the records read were rejected (limit ${pct(th.max_rejected_rate)}); see quarantine.jsonl`, value: r.rates.rejected, threshold: th.max_rejected_rate });
  }
  if (r.rates.duplicate !== null && r.rates.duplicate > th.max_duplicate_rate) {
    out.push({ code: "duplicate_rate", message: `${pct(r.rates.duplicate)} of the records were duplicates (limit ${pct(th.max_duplicate_rate)})`, value: r.rates.duplicate, threshold: th.max_duplicate_rate });
  }
  if (r.rates.truncated !== null && r.rates.truncated > th.max_truncated_rate) {
    out.push({ code: "truncated_rate", message: `${pct(r.rates.truncated)} of the records were truncated to fit the token limit (limit ${pct(th.max_truncated_rate)})`, value: r.rates.truncated, threshold: th.max_truncated_rate });
  }
  if (r.pii.total > th.max_pii_hits) {
    const types = Object.entries(r.pii.by_type)
      .filter(([, n]) => n > 0)
      .map(([t, n]) => `${t} ${n}`)
      .join(", ");
    out.push({ code: "pii_hits", message: `${r.pii.total} possible PII hit(s) in ${r.pii.records} record(s): ${types} (limit ${th.max_pii_hits})`, value: r.pii.total, threshold: th.max_pii_hits });
  }
  if (r.toxicity.total > th.max_toxic_hits) {
    const top = r.toxicity.terms
      .slice(0, 5)
      .map((t) => `${t.term} ×${t.count}`)
      .join(", ");
    out.push({ code: "toxic_hits", message: `${r.toxicity.total} lexicon hit(s) in ${r.toxicity.records} record(s): ${top} (limit ${th.max_toxic_hits})`, value: r.toxicity.total, threshold: th.max_toxic_hits });
  }
  for (const [what, rows] of [
    ["role", r.gender.by_role],
    ["persona", r.gender.by_persona],
  ] as const) {
    for (const g of rows) {
      if (g.masc + g.fem < MIN_GENDER_TERMS || g.ratio <= th.max_gender_ratio) continue;
      const [hi, lo] = g.skew === "masc" ? ["masculine", "feminine"] : ["feminine", "masculine"];
      out.push({
        code: "gender_ratio",
        message: `${what} ${g.key}: ${hi} terms outnumber ${lo} ones ${g.ratio}:1 (${g.masc} masculine, ${g.fem} feminine; limit ${th.max_gender_ratio}:1)`,
        value: g.ratio,
        threshold: th.max_gender_ratio,
        subject: `${what}:${g.key}`,
      });
    }
  }
  if (r.personas.missing_tag > 0) {
    out.push({ code: "missing_persona", message: `${r.personas.missing_tag} NPC record(s) have no persona`, value: r.personas.missing_tag, threshold: 0 });
  }
  for (const p of r.personas.rows) {
    if (p.persona === NO_PERSONA || p.train >= th.min_examples_per_persona) continue;
    out.push({
      code: "persona_examples",
      message: `persona ${p.persona} has ${p.train} training record(s) (minimum ${th.min_examples_per_persona})${p.total === 0 ? ": none at all" : ""}`,
      value: p.train,
      threshold: th.min_examples_per_persona,
      subject: p.persona,
    });
  }
  const leaked = r.leakage.reported;
  if (leaked > th.max_leaked) {
    out.push({ code: "leaked", message: `${leaked} held-out record(s) near-duplicate a training record and were kept (limit ${th.max_leaked}); evaluation on them is flattered`, value: leaked, threshold: th.max_leaked });
  }
  if (th.expected_languages.length && r.counts.records > 0) {
    for (const [lang, n] of Object.entries(languageTotals)) {
      if (lang === "und" || lang === "zxx" || th.expected_languages.includes(lang)) continue;
      const share = n / Math.max(1, r.languages.sampled ?? r.counts.records);
      if (share <= UNEXPECTED_LANGUAGE_MIN_SHARE) continue;
      out.push({ code: "unexpected_language", message: `${n} record(s) (${pct(share)}) look like '${lang}', not one of ${th.expected_languages.join(", ")}`, value: n, threshold: th.expected_languages, subject: lang });
    }
  }
  return out;
}
