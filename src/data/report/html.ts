import type { LengthHistogramJson } from "../length.js";
import { SPLITS, type SplitName } from "../split.js";
import type { DataReport, Distribution, GenderRow } from "./builder.js";

/**
 * The report as one self-contained HTML page: inline CSS and SVG, no scripts, fonts or
 * network. Every string that comes from the data (ids, tags, terms, messages) is escaped.
 */

export const REPORT_SECTIONS = [
  ["warnings", "Warnings"],
  ["splits", "Splits"],
  ["stages", "Stages"],
  ["tokens", "Token lengths"],
  ["duplicates", "Duplicates"],
  ["leakage", "Leakage"],
  ["languages", "Languages"],
  ["pii", "PII"],
  ["toxicity", "Toxicity"],
  ["gender", "Gender balance"],
  ["personas", "Personas"],
  ["beats", "Director beats"],
  ["styles", "Book styles"],
  ["extra", "Run details"],
] as const;

const SPLIT_COLOR: Record<SplitName, string> = { train: "#4c78a8", validation: "#f58518", test: "#54a24b" };
const ORIGIN_COLOR = { original: "#4c78a8", augmented: "#b279a2", derived: "#9d755d" };
const MASC = "#5b7bd5";
const FEM = "#d0679d";
const BAR = "#4c78a8";

export function escapeHtml(value: unknown): string {
  return String(value).replace(/[&<>"']/g, (c) => (c === "&" ? "&amp;" : c === "<" ? "&lt;" : c === ">" ? "&gt;" : c === '"' ? "&quot;" : "&#39;"));
}
const esc = escapeHtml;

const num = (n: number | null | undefined): string => (n === null || n === undefined ? "–" : n.toLocaleString("en-US"));
const pct = (x: number | null | undefined, digits = 1): string => (x === null || x === undefined ? "–" : `${(x * 100).toFixed(digits)}%`);

function table(head: string[], rows: (string | number)[][], opts: { numeric?: number[]; raw?: boolean; cls?: string } = {}): string {
  if (!rows.length) return `<p class="muted">none</p>`;
  const numeric = new Set(opts.numeric ?? []);
  const cell = (v: string | number, i: number, tag: string): string => `<${tag}${numeric.has(i) ? ' class="n"' : ""}>${opts.raw ? String(v) : esc(typeof v === "number" ? num(v) : v)}</${tag}>`;
  return `<table${opts.cls ? ` class="${opts.cls}"` : ""}><thead><tr>${head.map((h, i) => cell(h, i, "th")).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${r.map((v, i) => cell(v, i, "td")).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** Horizontal bars: one per label, value at the end. */
function barChart(items: { label: string; value: number; color?: string; note?: string }[], opts: { width?: number; labelWidth?: number; empty?: string } = {}): string {
  if (!items.length) return `<p class="muted">${esc(opts.empty ?? "no data")}</p>`;
  const width = opts.width ?? 720;
  const labelW = opts.labelWidth ?? Math.min(260, Math.max(90, 7.2 * Math.max(...items.map((i) => i.label.length)) + 12));
  const valueW = 90;
  const row = 22;
  const h = items.length * row + 6;
  const max = Math.max(1, ...items.map((i) => i.value));
  const plotW = width - labelW - valueW;
  const bars = items
    .map((it, k) => {
      const y = 3 + k * row;
      const w = it.value > 0 ? Math.max(2, (it.value / max) * plotW) : 0;
      const label = it.label.length > 40 ? `${it.label.slice(0, 39)}…` : it.label;
      return `<g><title>${esc(`${it.label}: ${num(it.value)}${it.note ? ` (${it.note})` : ""}`)}</title><text x="${labelW - 8}" y="${y + 15}" text-anchor="end" class="lbl">${esc(label)}</text><rect x="${labelW}" y="${y + 3}" width="${w.toFixed(1)}" height="${row - 7}" rx="2" fill="${it.color ?? BAR}"/><text x="${(labelW + w + 6).toFixed(1)}" y="${y + 15}" class="val">${esc(num(it.value))}${it.note ? ` <tspan class="muted">${esc(it.note)}</tspan>` : ""}</text></g>`;
    })
    .join("");
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img">${bars}</svg>`;
}

/** Horizontal stacked bars: one row per label, segments in `keys` order. */
function stackedChart(rows: { label: string; parts: Record<string, number> }[], keys: readonly string[], colors: Record<string, string>, opts: { width?: number; labelWidth?: number; normalize?: boolean } = {}): string {
  if (!rows.length) return `<p class="muted">no data</p>`;
  const width = opts.width ?? 720;
  const labelW = opts.labelWidth ?? Math.min(220, Math.max(90, 7.2 * Math.max(...rows.map((r) => r.label.length)) + 12));
  const valueW = 70;
  const row = 24;
  const legendH = 24;
  const h = rows.length * row + legendH + 4;
  const totals = rows.map((r) => keys.reduce((n, k) => n + (r.parts[k] ?? 0), 0));
  const max = Math.max(1, ...totals);
  const plotW = width - labelW - valueW;
  const legend = keys
    .map((k, i) => `<rect x="${labelW + i * 120}" y="4" width="12" height="12" rx="2" fill="${colors[k]}"/><text x="${labelW + i * 120 + 17}" y="14" class="lbl">${esc(k)}</text>`)
    .join("");
  const bars = rows
    .map((r, idx) => {
      const y = legendH + idx * row;
      const total = totals[idx]!;
      const scale = opts.normalize ? (total > 0 ? plotW / total : 0) : plotW / max;
      let x = labelW;
      const segs = keys
        .map((k) => {
          const v = r.parts[k] ?? 0;
          if (v <= 0) return "";
          const w = v * scale;
          const seg = `<rect x="${x.toFixed(1)}" y="${y + 4}" width="${Math.max(1, w).toFixed(1)}" height="${row - 8}" fill="${colors[k]}"><title>${esc(`${r.label} · ${k}: ${num(v)}${total ? ` (${pct(v / total)})` : ""}`)}</title></rect>`;
          x += w;
          return seg;
        })
        .join("");
      const label = r.label.length > 32 ? `${r.label.slice(0, 31)}…` : r.label;
      return `<text x="${labelW - 8}" y="${y + 16}" text-anchor="end" class="lbl">${esc(label)}</text>${segs}<text x="${(opts.normalize ? labelW + plotW : x) + 6}" y="${y + 16}" class="val">${esc(num(total))}</text>`;
    })
    .join("");
  return `<svg class="chart" viewBox="0 0 ${width} ${h}" width="${width}" height="${h}" role="img">${legend}${bars}</svg>`;
}

/** Vertical bars over token-length bins. */
function histogramChart(h: LengthHistogramJson, color: string): string {
  if (!h.count || !h.bins.length) return `<p class="muted">no token counts</p>`;
  const width = 340;
  const height = 150;
  const padL = 34;
  const padB = 30;
  const plotW = width - padL - 6;
  const plotH = height - padB - 8;
  const max = Math.max(1, ...h.bins.map((b) => b.count));
  const bw = plotW / h.bins.length;
  const step = Math.max(1, Math.ceil(h.bins.length / 6));
  const bars = h.bins
    .map((b, i) => {
      const bh = (b.count / max) * plotH;
      const x = padL + i * bw;
      const tick = i % step === 0 ? `<text x="${(x + bw / 2).toFixed(1)}" y="${height - padB + 13}" text-anchor="middle" class="tick">${b.lo}</text>` : "";
      return `<rect x="${(x + 1).toFixed(1)}" y="${(8 + plotH - bh).toFixed(1)}" width="${Math.max(1, bw - 2).toFixed(1)}" height="${bh.toFixed(1)}" fill="${color}"><title>${esc(`${b.lo}–${b.hi - 1} tokens: ${num(b.count)}`)}</title></rect>${tick}`;
    })
    .join("");
  const axis = `<line x1="${padL}" y1="${8 + plotH}" x2="${width - 6}" y2="${8 + plotH}" class="axis"/><text x="${padL - 4}" y="14" text-anchor="end" class="tick">${num(max)}</text><text x="${padL - 4}" y="${8 + plotH}" text-anchor="end" class="tick">0</text><text x="${padL + plotW / 2}" y="${height - 3}" text-anchor="middle" class="tick">tokens</text>`;
  return `<svg class="chart" viewBox="0 0 ${width} ${height}" width="${width}" height="${height}" role="img">${axis}${bars}</svg>`;
}

function distItems(d: Distribution, color?: string): { label: string; value: number; color?: string }[] {
  return Object.entries(d).map(([label, value]) => ({ label, value, color }));
}

/** "(first 20 of 49 shown)" when an example list is capped. */
function shown(examples: number, total: number): string {
  return total > examples ? `<p class="note">first ${num(examples)} of ${num(total)} shown</p>` : "";
}

function section(id: string, title: string, body: string, note = ""): string {
  return `<section id="${id}"><h2>${esc(title)}</h2>${note ? `<p class="note">${note}</p>` : ""}${body}</section>`;
}

function genderTable(rows: GenderRow[], what: string, limit: number): string {
  if (!rows.length) return `<p class="muted">no ${esc(what)} records</p>`;
  const body = rows
    .map((g) => {
      const total = g.masc + g.fem;
      const mw = total ? (g.masc / total) * 160 : 0;
      const bar = total
        ? `<svg width="160" height="12" class="mini" role="img"><rect x="0" y="0" width="${mw.toFixed(1)}" height="12" fill="${MASC}"/><rect x="${mw.toFixed(1)}" y="0" width="${(160 - mw).toFixed(1)}" height="12" fill="${FEM}"/></svg>`
        : `<span class="muted">no gendered terms</span>`;
      const flag = total >= 10 && g.ratio > limit ? ' class="bad"' : "";
      const ratio = total === 0 ? "–" : g.masc === 0 || g.fem === 0 ? `only ${g.skew}.` : `${g.ratio}:1`;
      return `<tr><td>${esc(g.key)}</td><td class="n">${num(g.records)}</td><td class="n">${num(g.masc)}</td><td class="n">${num(g.fem)}</td><td class="n"><span${flag}>${esc(ratio)}</span></td><td>${esc(g.skew)}</td><td>${bar}</td></tr>`;
    })
    .join("");
  return `<table><thead><tr><th>${esc(what)}</th><th class="n">records</th><th class="n">masc.</th><th class="n">fem.</th><th class="n">ratio</th><th>skew</th><th><span class="sw" style="background:${MASC}"></span>masc. / <span class="sw" style="background:${FEM}"></span>fem.</th></tr></thead><tbody>${body}</tbody></table>`;
}

const CSS = `
*{box-sizing:border-box}
body{margin:0;background:#f5f6f8;color:#1d2430;font:14px/1.5 -apple-system,BlinkMacSystemFont,"Segoe UI",Roboto,"Helvetica Neue",Arial,sans-serif}
main{max-width:1080px;margin:0 auto;padding:28px 24px 60px}
header h1{margin:0 0 4px;font-size:24px}
header .meta{color:#5b6575;font-size:13px}
nav{margin:14px 0 6px;display:flex;flex-wrap:wrap;gap:6px}
nav a{font-size:12.5px;color:#2f5b9a;text-decoration:none;background:#e8eef7;padding:3px 9px;border-radius:12px}
nav a:hover{background:#d6e2f3}
.cards{display:grid;grid-template-columns:repeat(auto-fit,minmax(150px,1fr));gap:10px;margin:18px 0}
.card{background:#fff;border:1px solid #e1e5eb;border-radius:8px;padding:10px 14px}
.card .k{font-size:12px;color:#5b6575;text-transform:uppercase;letter-spacing:.04em}
.card .v{font-size:22px;font-weight:600}
section{background:#fff;border:1px solid #e1e5eb;border-radius:8px;padding:16px 20px;margin:16px 0}
h2{font-size:17px;margin:0 0 10px}
h3{font-size:14px;margin:16px 0 6px;color:#38414f}
table{border-collapse:collapse;width:100%;margin:6px 0 10px;font-size:13px}
th,td{padding:5px 8px;border-bottom:1px solid #edf0f3;text-align:left;vertical-align:top}
td{overflow-wrap:anywhere}
table.kv td:first-child{white-space:nowrap;width:1%;color:#38414f;font-weight:600}
th{background:#f7f8fa;font-weight:600;color:#38414f}
td.n,th.n{text-align:right;font-variant-numeric:tabular-nums}
tbody tr:nth-child(even){background:#fbfcfd}
code,.mono{font-family:ui-monospace,SFMono-Regular,Menlo,Consolas,monospace;font-size:12.5px}
.muted{color:#8a93a0}
.note{color:#5b6575;font-size:12.5px;margin:0 0 10px}
.warnbox{border:2px solid #d9822b;background:#fff6ec;border-radius:8px;padding:12px 18px}
.warnbox h2{color:#a3520c}
.warnbox ul{margin:6px 0 0;padding-left:20px}
.warnbox li{margin:3px 0}
.warnbox code{background:#fde3c8;padding:1px 5px;border-radius:3px;color:#7a3d06}
.okbox{border:2px solid #54a24b;background:#f0f9ee;border-radius:8px;padding:12px 18px}
.okbox h2{color:#2f6b28;margin:0}
.bad{color:#b3261e;font-weight:600}
.grid2{display:grid;grid-template-columns:repeat(auto-fit,minmax(340px,1fr));gap:8px 24px}
.chart{max-width:100%;height:auto;display:block}
.chart .lbl{font-size:12px;fill:#38414f}
.chart .val{font-size:12px;fill:#1d2430;font-variant-numeric:tabular-nums}
.chart .tick{font-size:10px;fill:#6b7480}
.chart .axis{stroke:#c5cbd3}
.chart .muted{fill:#8a93a0}
.sw{display:inline-block;width:10px;height:10px;border-radius:2px;margin-right:4px;vertical-align:-1px}
.pill{display:inline-block;background:#eef1f5;border-radius:10px;padding:1px 8px;margin:2px 3px 2px 0;font-size:12.5px}
.pill.bad{background:#fde8e6}
`;

export function renderReportHtml(report: DataReport): string {
  const r = report;
  const parts: string[] = [];

  // Warnings first, where they cannot be missed.
  if (r.warnings.length) {
    const items = r.warnings.map((w) => `<li><code>${esc(w.code)}</code> ${esc(w.message)}</li>`).join("");
    parts.push(`<section id="warnings" class="warnbox"><h2>⚠ ${r.warnings.length} warning${r.warnings.length === 1 ? "" : "s"}</h2><ul>${items}</ul></section>`);
  } else {
    parts.push(`<section id="warnings" class="okbox"><h2>✓ No warnings: every threshold is met</h2></section>`);
  }

  // Splits.
  const c = r.counts;
  const splitRows = SPLITS.map((s) => ({ label: s, parts: { ...c.by_split_origin[s] } }));
  parts.push(
    section(
      "splits",
      "Splits",
      stackedChart([{ label: "all records", parts: { ...c.by_split } }], SPLITS, SPLIT_COLOR, { normalize: true }) +
        `<h3>Origin per split</h3>` +
        stackedChart(splitRows, ["original", "augmented", "derived"], ORIGIN_COLOR) +
        table(
          ["split", "records", "share", "original", "augmented", "derived"],
          SPLITS.map((s) => [s, c.by_split[s], pct(c.records ? c.by_split[s] / c.records : null), c.by_split_origin[s].original, c.by_split_origin[s].augmented, c.by_split_origin[s].derived]),
          { numeric: [1, 2, 3, 4, 5] },
        ) +
        `<div class="grid2"><div><h3>Roles</h3>${table(["role", "records"], Object.entries(c.by_role), { numeric: [1] })}</div><div><h3>Origins</h3>${table(["origin", "records"], Object.entries(c.origins), { numeric: [1] })}</div></div>`,
    ),
  );

  // Stages.
  const stageRows = r.stages.map((s) => [
    s.stage,
    s.in,
    s.kept,
    s.rejected,
    s.merged,
    s.added,
    s.out,
    Object.entries({ ...s.reasons, ...s.changes })
      .map(([k, v]) => `${k} ${v}`)
      .join(", "),
  ]);
  parts.push(
    section(
      "stages",
      "Stage accounting",
      table(["stage", "in", "kept", "rejected", "merged", "added", "out", "reasons / changes"], stageRows, { numeric: [1, 2, 3, 4, 5, 6] }) +
        table(
          ["rate", "value", "limit"],
          [
            ["rejected", pct(r.rates.rejected), pct(r.thresholds.max_rejected_rate)],
            ["duplicates", pct(r.rates.duplicate), pct(r.thresholds.max_duplicate_rate)],
            ["truncated", pct(r.rates.truncated), pct(r.thresholds.max_truncated_rate)],
          ],
          { numeric: [1, 2] },
        ),
      "Every stage accounts for every record: in = kept + rejected + merged, out = kept + added.",
    ),
  );

  // Tokens.
  const tokenRows: (string | number)[][] = [];
  for (const s of SPLITS) {
    for (const kind of ["total", "assistant"] as const) {
      const h = r.tokens[s][kind];
      tokenRows.push([s, kind, h.count, h.mean ?? "–", h.p50 ?? "–", h.p90 ?? "–", h.p99 ?? "–", h.max ?? "–"]);
    }
  }
  const anyTokens = SPLITS.some((s) => r.tokens[s].records > 0);
  parts.push(
    section(
      "tokens",
      "Token lengths",
      anyTokens
        ? `<div class="grid2">${SPLITS.filter((s) => r.tokens[s].records > 0)
            .map((s) => `<div><h3>${esc(s)} · total tokens</h3>${histogramChart(r.tokens[s].total, SPLIT_COLOR[s])}</div><div><h3>${esc(s)} · assistant tokens</h3>${histogramChart(r.tokens[s].assistant, SPLIT_COLOR[s])}</div>`)
            .join("")}</div>` + table(["split", "tokens", "records", "mean", "p50", "p90", "p99", "max"], tokenRows, { numeric: [2, 3, 4, 5, 6, 7] })
        : `<p class="muted">no token counts (no tokenizer for the base model)</p>`,
      "Total: the whole rendered example; assistant: the tokens trained on (all tokens of a text record).",
    ),
  );

  // Duplicates.
  const d = r.duplicates;
  parts.push(
    section(
      "duplicates",
      "Duplicates",
      `<p>${num(d.exact)} exact and ${num(d.near)} near duplicate(s) merged.</p>` +
        table(
          ["kept", "merged", "kind", "similarity"],
          d.examples.map((e) => [e.kept, e.merged, e.kind, e.similarity.toFixed(3)]),
          { numeric: [3] },
        ) +
        shown(d.examples.length, d.exact + d.near),
    ),
  );

  // Leakage.
  const l = r.leakage;
  parts.push(
    section(
      "leakage",
      "Leakage across splits",
      `<p>${num(l.total)} held-out record(s) near-duplicate a training record: ${num(l.dropped)} dropped, ${num(l.reported)} kept and reported (validation ${num(l.by_split.validation)}, test ${num(l.by_split.test)}).</p>` +
        table(
          ["held-out", "split", "training record", "similarity", "action"],
          l.examples.map((e) => [e.heldOut, e.split, e.train, e.similarity.toFixed(3), e.action]),
          { numeric: [3] },
        ) +
        shown(l.examples.length, l.total),
    ),
  );

  // Languages.
  const langs = r.languages;
  const langKeys = [...new Set(SPLITS.flatMap((s) => Object.keys(langs.by_split[s])))];
  const palette = ["#4c78a8", "#e45756", "#72b7b2", "#eeca3b", "#b279a2", "#ff9da6", "#9d755d", "#bab0ac", "#54a24b", "#f58518"];
  const langColor = Object.fromEntries(langKeys.map((k, i) => [k, palette[i % palette.length]!]));
  const expected = r.thresholds.expected_languages;
  const langCell = (dist: Distribution): string =>
    Object.entries(dist)
      .map(([k, v]) => `<span class="pill${expected.length && !expected.includes(k) && k !== "und" && k !== "zxx" ? " bad" : ""}">${esc(k)} ${num(v)}</span>`)
      .join("");
  parts.push(
    section(
      "languages",
      "Languages",
      stackedChart(
        SPLITS.map((s) => ({ label: s, parts: langs.by_split[s] })),
        langKeys,
        langColor,
        { normalize: true },
      ) +
        `<h3>Per role</h3>` +
        table(
          ["role", "languages"],
          Object.entries(langs.by_role).map(([k, dist]) => [esc(k), langCell(dist)]),
          { raw: true },
        ) +
        (Object.keys(langs.by_persona).length
          ? `<h3>Per persona</h3>` +
            table(
              ["persona", "languages"],
              Object.entries(langs.by_persona).map(([k, dist]) => [esc(k), langCell(dist)]),
              { raw: true },
            )
          : "") +
        (langs.declared_mismatch.count
          ? `<h3>Declared language ≠ detected (${num(langs.declared_mismatch.count)})</h3>` +
            table(
              ["record", "split", "declared", "detected"],
              langs.declared_mismatch.examples.map((e) => [e.id, e.split, e.declared, e.detected]),
            ) +
            shown(langs.declared_mismatch.examples.length, langs.declared_mismatch.count)
          : ""),
      `${esc(langs.method)}.${expected.length ? ` Expected: ${expected.map(esc).join(", ")}.` : ""}`,
    ),
  );

  // PII.
  const p = r.pii;
  parts.push(
    section(
      "pii",
      "Personal data & secrets",
      `<p>${num(p.total)} possible hit(s) in ${num(p.records)} record(s) (limit ${num(r.thresholds.max_pii_hits)}).</p>` +
        (p.total ? barChart(Object.entries(p.by_type).map(([label, value]) => ({ label, value, color: "#e45756" }))) : "") +
        table(
          ["record", "split", "field", "type", "hit (masked)"],
          p.examples.map((e) => [e.id, e.split, e.field, e.type, e.masked]),
        ) +
        shown(p.examples.length, p.total),
      "Emails, phone numbers, IP addresses, API keys and tokens, card numbers (Luhn-checked). Hits are masked.",
    ),
  );

  // Toxicity.
  const t = r.toxicity;
  parts.push(
    section(
      "toxicity",
      "Toxicity lexicon",
      `<p>${num(t.total)} hit(s) in ${num(t.records)} record(s) (limit ${num(r.thresholds.max_toxic_hits)}): English ${num(t.by_language.en)}, Spanish ${num(t.by_language.es)}.</p>` +
        (t.total ? barChart(t.terms.slice(0, 25).map((x) => ({ label: `${x.term} (${x.language})`, value: x.count, color: "#e45756" }))) : "") +
        table(
          ["record", "split", "field", "term", "lexicon"],
          t.examples.map((e) => [e.id, e.split, e.field, e.term, e.language]),
        ) +
        shown(t.examples.length, t.total),
      "Whole-word, case- and accent-insensitive matches of the naughty-words lists (en, es), minus ordinary words of the game's prose. Terms are masked.",
    ),
  );

  // Gender.
  parts.push(
    section(
      "gender",
      "Gender balance",
      `<h3>Per role</h3>${genderTable(r.gender.by_role, "role", r.thresholds.max_gender_ratio)}${r.gender.by_persona.length ? `<h3>Per persona</h3>${genderTable(r.gender.by_persona, "persona", r.thresholds.max_gender_ratio)}` : ""}`,
      `Masculine vs feminine terms (he/him/man/king…, él/hombre/señor/rey…) in the non-system turns. Warned above ${esc(r.thresholds.max_gender_ratio)}:1 with at least 10 terms.`,
    ),
  );

  // Personas.
  const pr = r.personas;
  const min = r.thresholds.min_examples_per_persona;
  parts.push(
    section(
      "personas",
      "Persona coverage",
      pr.rows.length
        ? stackedChart(
            pr.rows.map((x) => ({ label: x.persona, parts: { train: x.train, validation: x.validation, test: x.test } })),
            SPLITS,
            SPLIT_COLOR,
          ) +
            table(
              ["persona", "train", "validation", "test", "total"],
              pr.rows.map((x) => [esc(x.persona), x.train < min ? `<span class="bad">${num(x.train)}</span>` : num(x.train), num(x.validation), num(x.test), num(x.total)]),
              { numeric: [1, 2, 3, 4], raw: true },
            ) +
            (pr.zero.length ? `<p>Personas with no record in a split: ${pr.zero.map((z) => `<span class="pill bad">${esc(z.persona)}: ${z.splits.map(esc).join(", ")}</span>`).join("")}</p>` : "") +
            (pr.missing_tag ? `<p class="bad">${num(pr.missing_tag)} NPC record(s) without a persona.</p>` : "")
        : `<p class="muted">no NPC records</p>`,
      `Minimum ${num(min)} training records per persona.`,
    ),
  );

  // Beats.
  const b = r.beats;
  parts.push(
    section(
      "beats",
      "Director beats",
      b.records
        ? stackedChart(
            Object.keys(b.total).map((beat) => ({ label: beat, parts: { train: b.by_split.train[beat] ?? 0, validation: b.by_split.validation[beat] ?? 0, test: b.by_split.test[beat] ?? 0 } })),
            SPLITS,
            SPLIT_COLOR,
          ) +
            (b.never.length ? `<p>Beats that never occur: ${b.never.map((x) => `<span class="pill bad">${esc(x)}</span>`).join("")}</p>` : `<p>Every beat of the closed set occurs.</p>`) +
            (b.unknown.length ? `<p>Beats outside the closed set: ${b.unknown.map((x) => `<span class="pill bad">${esc(x)}</span>`).join("")}</p>` : "")
        : `<p class="muted">no Director records</p>`,
    ),
  );

  // Styles.
  const st = r.styles;
  parts.push(
    section(
      "styles",
      "Book styles",
      st.records
        ? stackedChart(
            Object.keys(st.total).map((style) => ({ label: style, parts: { train: st.by_split.train[style] ?? 0, validation: st.by_split.validation[style] ?? 0, test: st.by_split.test[style] ?? 0 } })),
            SPLITS,
            SPLIT_COLOR,
          )
        : `<p class="muted">no book records</p>`,
    ),
  );

  // Extra.
  const extraRows = Object.entries(r.extra ?? {}).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]);
  extraRows.push(["generated", r.generated_at]);
  for (const [k, v] of Object.entries(r.thresholds)) extraRows.push([`data.report.${k}`, Array.isArray(v) ? v.join(", ") || "(any)" : String(v)]);
  parts.push(section("extra", "Run details", table(["key", "value"], extraRows, { cls: "kv" })));

  const nav = REPORT_SECTIONS.map(([id, name]) => `<a href="#${id}">${esc(name)}</a>`).join("");
  const cards = [
    ["records", num(c.records)],
    ["train", num(c.by_split.train)],
    ["validation", num(c.by_split.validation)],
    ["test", num(c.by_split.test)],
    ["augmented", num(c.by_origin.augmented)],
    ["warnings", num(r.warnings.length)],
  ]
    .map(([k, v]) => `<div class="card"><div class="k">${esc(k)}</div><div class="v">${esc(v)}</div></div>`)
    .join("");

  return `<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>${esc(r.title)}</title>
<style>${CSS}</style>
</head>
<body>
<main>
<header><h1>${esc(r.title)}</h1><div class="meta">Data quality &amp; bias report · generated ${esc(r.generated_at)}</div></header>
<nav>${nav}</nav>
<div class="cards">${cards}</div>
${parts.join("\n")}
</main>
</body>
</html>
`;
}
