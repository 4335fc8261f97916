import { escapeHtml as esc } from "../data/report/html.js";
import type { EvalReport, MetricReport, SystemName } from "./run-eval.js";

/**
 * The evaluation report as one self-contained HTML page (inline CSS and SVG, no scripts):
 * the verdict on fine-tuning vs prompting, the prompt each system got, a table of every metric with intervals, one interval
 * plot per metric, per-group values and sample outputs. Everything from the data is escaped.
 */
const COLORS: Record<SystemName, string> = { base: "#9d9d9d", few_shot: "#f58518", tuned: "#4c78a8" };

const f = (x: number | undefined, d = 3) => (x === undefined || !Number.isFinite(x) ? "–" : x.toFixed(d));
const verdictCls = (v: string | undefined) => (v === "better" ? "good" : v === "worse" ? "bad" : "muted");

function intervalPlot(m: MetricReport, systems: EvalReport["systems"]): string {
  const rows = systems.filter((s) => m.values[s.name]);
  const vals = rows.flatMap((s) => [m.values[s.name]!.lo, m.values[s.name]!.hi, m.values[s.name]!.value]).filter(Number.isFinite);
  if (!vals.length) return "";
  let lo = Math.min(...vals);
  let hi = Math.max(...vals);
  if (hi - lo < 1e-9) (lo -= 0.5), (hi += 0.5);
  const pad = (hi - lo) * 0.08;
  lo -= pad;
  hi += pad;
  const W = 360;
  const L = 150;
  const rowH = 20;
  const x = (v: number) => L + ((v - lo) / (hi - lo)) * (W - L - 10);
  const body = rows
    .map((s, i) => {
      const e = m.values[s.name]!;
      const y = 14 + i * rowH;
      if (!Number.isFinite(e.value)) return `<text x="4" y="${y + 4}" font-size="11">${esc(s.label)}: n/a</text>`;
      return `<text x="4" y="${y + 4}" font-size="11">${esc(s.label)}</text>
<line x1="${x(e.lo)}" x2="${x(e.hi)}" y1="${y}" y2="${y}" stroke="${COLORS[s.name]}" stroke-width="2"/>
<circle cx="${x(e.value)}" cy="${y}" r="4" fill="${COLORS[s.name]}"><title>${esc(`${f(e.value)} [${f(e.lo)}, ${f(e.hi)}]`)}</title></circle>`;
    })
    .join("\n");
  const h = 14 + rows.length * rowH;
  return `<svg width="${W}" height="${h + 14}" role="img" aria-label="${esc(m.name)}">${body}
<text x="${L}" y="${h + 8}" font-size="10" fill="#666">${f(lo)}</text><text x="${W - 10}" y="${h + 8}" font-size="10" fill="#666" text-anchor="end">${f(hi)}</text></svg>`;
}

export function renderEvalHtml(r: EvalReport): string {
  const conf = Math.round(r.settings.bootstrap.confidence * 100);
  const head = ["metric", "better", ...r.systems.map((s) => s.label), "tuned − base", "tuned − few-shot"];
  const cell = (m: MetricReport, s: SystemName) => {
    const e = m.values[s];
    return e ? `${f(e.value)} <span class="ci">[${f(e.lo)}, ${f(e.hi)}]</span>` : "–";
  };
  const cmp = (c: MetricReport["tuned_vs_base"]) => (c ? `<span class="${verdictCls(c.verdict)}">${f(c.diff.value)} (${c.verdict})</span>` : "–");
  const rows = r.metrics
    .map(
      (m) =>
        `<tr${m.main ? ' class="main"' : ""}><td title="${esc(m.description)}">${esc(m.name)}${m.main ? " ★" : ""}</td><td>${m.direction === "higher" ? "↑" : "↓"}</td>${r.systems
          .map((s) => `<td class="n">${cell(m, s.name)}</td>`)
          .join("")}<td class="n">${cmp(m.tuned_vs_base)}</td><td class="n">${cmp(m.tuned_vs_few_shot)}</td></tr>`,
    )
    .join("\n");
  const plots = r.metrics
    .map((m) => `<figure><figcaption>${esc(m.name)} ${m.direction === "higher" ? "↑" : "↓"} — ${esc(m.description)}</figcaption>${intervalPlot(m, r.systems)}</figure>`)
    .join("\n");
  const main = r.metrics.find((m) => m.name === r.main_metric);
  const groupTable = (m: MetricReport | undefined) => {
    if (!m?.groups) return "";
    const names = Object.keys(m.groups).sort();
    return `<h3>${esc(m.name)} by group</h3><table><thead><tr><th>group</th>${r.systems.map((s) => `<th>${esc(s.label)}</th>`).join("")}</tr></thead><tbody>${names
      .map((g) => `<tr><td>${esc(g)}</td>${r.systems.map((s) => `<td class="n">${f(m.groups![g]![s.name])}</td>`).join("")}</tr>`)
      .join("")}</tbody></table>`;
  };
  const samples = r.samples
    .map(
      (s) =>
        `<div class="sample"><div class="muted">${esc(s.id)} · ${esc(s.group)}</div><div><b>asked:</b> ${esc(s.ask.slice(0, 600))}</div><div><b>reference:</b> ${esc(s.reference.slice(0, 600))}</div>${r.systems
          .map((sys) => `<div style="border-left:3px solid ${COLORS[sys.name]}"><b>${esc(sys.label)}:</b> ${esc((s.outputs[sys.name] ?? "").slice(0, 600))}</div>`)
          .join("")}</div>`,
    )
    .join("\n");
  // The replies to read first: each system's worst, with the metrics they failed and why they are not sound.
  const worst = r.worst
    ? r.systems
        .filter((sys) => r.worst![sys.name]?.length)
        .map(
          (sys) =>
            `<h3 style="border-left:3px solid ${COLORS[sys.name]};padding-left:6px">${esc(sys.label)}</h3>${r.worst![sys.name]!
              .map(
                (w) =>
                  `<div class="sample"><div class="muted">${esc(w.id)} · ${esc(w.group)} · ${esc(r.main_metric)} = ${w.main === null ? "n/a" : f(w.main)}${w.failed.length ? ` · failed: ${esc(w.failed.join(", "))}` : ""}</div><div><b>asked:</b> ${esc(w.ask.slice(0, 300))}</div><div><b>reply:</b> ${esc(w.output.slice(0, 600)) || '<span class="muted">(empty)</span>'}</div>${w.flags.length ? `<div class="bad">${esc(w.flags.join(" · "))}</div>` : ""}</div>`,
              )
              .join("")}`,
        )
        .join("\n")
    : "";
  const gates = r.gates?.length
    ? `<h2>Gates</h2><table><thead><tr><th>metric</th><th>status</th><th>detail</th></tr></thead><tbody>${r.gates
        .map((g) => `<tr><td>${esc(g.metric)}</td><td class="${g.status === "passed" ? "good" : g.status === "failed" ? "bad" : "muted"}">${g.status}</td><td>${esc(g.detail)}</td></tr>`)
        .join("")}</tbody></table>`
    : "";
  // Reports written before systems had prompts of their own carry none: the table is left out.
  const asked = r.systems.filter((s) => r.prompts?.[s.name]);
  const prompts = asked.length
    ? `<table id="prompts"><thead><tr><th>system</th><th>prompt it got</th></tr></thead><tbody>${asked
        .map((s) => `<tr><td style="border-left:3px solid ${COLORS[s.name]}">${esc(s.label)}</td><td>${esc(r.prompts[s.name]!)}</td></tr>`)
        .join("")}</tbody></table>`
    : "";
  const gen = r.systems
    .map((s) => {
      const g = r.generation[s.name];
      return g ? `<li>${esc(s.label)}: ${g.prompts} prompts, ${g.new_tokens} new tokens in ${f(g.seconds, 1)} s (${f(g.tokens_per_s ?? undefined, 1)} tokens/s), ${g.hit_length_limit} stopped at the length limit</li>` : "";
    })
    .join("");
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>${esc(r.recipe)}: ${esc(r.role)} evaluation</title>
<style>body{font:14px/1.45 system-ui,sans-serif;margin:24px;max-width:1200px;color:#222}table{border-collapse:collapse;margin:8px 0}
td,th{border-bottom:1px solid #ddd;padding:4px 8px;text-align:left;vertical-align:top}td.n{text-align:right;white-space:nowrap}.ci{color:#888;font-size:12px}
tr.main td{font-weight:600}.good{color:#1a7f37}.bad{color:#c62828}.muted{color:#777}.answer{font-size:16px;padding:10px 14px;background:#f4f6fa;border-left:4px solid #4c78a8}
figure{display:inline-block;margin:6px 12px 6px 0;vertical-align:top}figcaption{font-size:12px;max-width:360px}.sample{margin:10px 0;padding:8px;background:#fafafa}
.sample div{margin:2px 0;padding-left:6px}</style></head><body>
<h1>${esc(r.recipe)} — ${esc(r.role)} evaluation</h1>
<p class="muted">run ${esc(r.run)} · ${esc(r.base_model)} · method ${esc(r.method)} · held-out ${esc(r.split)} · ${r.settings.max_examples} prompts max, ${r.settings.few_shot}-shot baseline, ≤ ${r.settings.max_new_tokens} new tokens, ${esc(r.settings.sampling.kind)} · ${conf}% bootstrap intervals (${r.settings.bootstrap.resamples} resamples) · ${esc(r.created)}</p>
<p class="answer" id="answer">${esc(r.answer.text)}</p>
${prompts}
${gates}
<h2>Metrics</h2><p class="muted">★ the role's main metric · values with ${conf}% intervals · differences are paired on the same prompts; "better"/"worse" only when the interval excludes 0.</p>
<table id="metrics"><thead><tr>${head.map((h) => `<th>${esc(h)}</th>`).join("")}</tr></thead><tbody>${rows}</tbody></table>
<h2>Plots</h2>${plots}
<h2>Groups</h2>${groupTable(main)}${groupTable(r.metrics.find((m) => m.name === "perplexity"))}
${worst ? `<h2>Worst replies first</h2><p class="muted">per system, the replies that scored worst on the main metric or are degenerate or unresponsive, with the metrics each failed</p>${worst}` : ""}
<h2>Samples</h2>${samples}
<h2>Generation</h2><ul>${gen}</ul>
<h2>Notes</h2><ul>${r.notes.map((n) => `<li>${esc(n)}</li>`).join("")}</ul>
</body></html>
`;
}
