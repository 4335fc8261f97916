// @ts-check
// A small SVG line chart: several [x, y] series, linear or log y, hover read-out.
// The host element gets data-points (points of the first series) and data-series
// (series with data) so tests and scripts can read what is drawn.

const NS = "http://www.w3.org/2000/svg";
export const PALETTE = ["#2563eb", "#dc2626", "#16a34a", "#9333ea", "#ea580c", "#0891b2", "#ca8a04", "#db2777"];

/** @param {string} tag @param {Record<string, string | number>} attrs */
function el(tag, attrs = {}) {
  const e = document.createElementNS(NS, tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, String(v));
  return e;
}

/** Round tick values between lo and hi. */
function ticks(lo, hi, n = 5, minStep = 0) {
  if (!(hi > lo)) return [lo];
  const raw = Math.max((hi - lo) / n, minStep);
  const mag = 10 ** Math.floor(Math.log10(raw));
  const step = [1, 2, 2.5, 5, 10].map((m) => m * mag).find((s) => s >= raw) ?? 10 * mag;
  const out = [];
  for (let v = Math.ceil(lo / step) * step; v <= hi + step * 1e-9; v += step) out.push(Number(v.toPrecision(12)));
  return out;
}

/** Ticks for a log axis given log10 bounds: decades when it spans some, round values inside one otherwise. */
function logTicks(l0, l1) {
  if (l1 - l0 < 1) return ticks(10 ** l0, 10 ** l1, 4);
  const out = [];
  for (let d = Math.floor(l0); d <= Math.ceil(l1); d++) for (const m of l1 - l0 < 2.5 ? [1, 2, 5] : [1]) out.push(m * 10 ** d);
  return out;
}

export const esc = (s) => String(s).replace(/[&<>"']/g, (c) => `&#${c.charCodeAt(0)};`);

export function fmtNum(v) {
  if (v == null || !Number.isFinite(v)) return "–";
  const a = Math.abs(v);
  if (a !== 0 && (a < 1e-3 || a >= 1e5)) return v.toExponential(2);
  return Number(v.toPrecision(4)).toString();
}

/** Keeps the envelope of a long series: min and max of each bucket, in x order. */
function thin(points, max) {
  if (points.length <= max) return points;
  const k = Math.ceil(points.length / (max / 2));
  const out = [];
  for (let i = 0; i < points.length; i += k) {
    const b = points.slice(i, i + k);
    let lo = b[0], hi = b[0];
    for (const p of b) {
      if (p[1] < lo[1]) lo = p;
      if (p[1] > hi[1]) hi = p;
    }
    out.push(...(lo[0] <= hi[0] ? [lo, hi] : [hi, lo]));
  }
  out.push(points[points.length - 1]);
  return out;
}

/** Index of the point nearest to x in an x-sorted series. */
function nearest(points, x) {
  let lo = 0, hi = points.length - 1;
  while (hi - lo > 1) {
    const mid = (lo + hi) >> 1;
    if (points[mid][0] < x) lo = mid;
    else hi = mid;
  }
  return Math.abs(points[lo][0] - x) <= Math.abs(points[hi][0] - x) ? lo : hi;
}

/**
 * @param {HTMLElement} host
 * @param {{ title: string, series: { label: string, color?: string, dashed?: boolean, dots?: boolean, points: number[][] }[], logY?: boolean, xLabel?: string }} spec
 */
export function lineChart(host, spec) {
  host.classList.add("chart");
  host.dataset.points = String(spec.series[0]?.points.length ?? 0);
  host.dataset.series = String(spec.series.filter((s) => s.points.length).length);
  const W = Math.max(260, host.clientWidth || 480);
  const H = 220;
  const m = { l: 52, r: 12, t: 8, b: 26 };
  const all = spec.series.flatMap((s) => s.points);
  const log = !!spec.logY && all.length > 0 && all.every((p) => p[1] > 0);
  const fy = (v) => (log ? Math.log10(v) : v);

  host.replaceChildren();
  const head = document.createElement("div");
  head.className = "chart-head";
  const title = document.createElement("span");
  title.className = "chart-title";
  title.textContent = spec.title + (log ? " (log)" : "");
  head.append(title);
  const legend = document.createElement("span");
  legend.className = "legend";
  spec.series.forEach((s, i) => {
    const item = document.createElement("span");
    item.innerHTML = `<i style="background:${s.color ?? PALETTE[i % PALETTE.length]}"></i>`;
    item.append(document.createTextNode(s.label));
    legend.append(item);
  });
  head.append(legend);
  host.append(head);

  const svg = el("svg", { width: W, height: H, viewBox: `0 0 ${W} ${H}`, role: "img", "aria-label": spec.title });
  host.append(svg);
  if (all.length === 0) {
    const t = el("text", { x: W / 2, y: H / 2, "text-anchor": "middle", class: "empty-text" });
    t.textContent = "no data yet";
    svg.append(t);
    return;
  }
  let [x0, x1, y0, y1] = [Infinity, -Infinity, Infinity, -Infinity]; // loops, not Math.min(...): long runs overflow the stack
  for (const p of all) {
    const y = fy(p[1]);
    if (p[0] < x0) x0 = p[0];
    if (p[0] > x1) x1 = p[0];
    if (y < y0) y0 = y;
    if (y > y1) y1 = y;
  }
  if (x1 === x0) x1 = x0 + 1;
  if (y1 === y0) [y0, y1] = [y0 - (Math.abs(y0) || 1) * 0.05, y1 + (Math.abs(y1) || 1) * 0.05];
  const pad = (y1 - y0) * 0.05;
  y0 -= pad;
  y1 += pad;
  const sx = (x) => m.l + ((x - x0) / (x1 - x0)) * (W - m.l - m.r);
  const sy = (y) => m.t + (1 - (fy(y) - y0) / (y1 - y0)) * (H - m.t - m.b);

  const grid = el("g", { class: "grid" });
  const yt = log ? logTicks(y0, y1) : ticks(y0, y1, 4);
  for (const t of yt) {
    const y = sy(t);
    if (y < m.t - 1 || y > H - m.b + 1) continue;
    grid.append(el("line", { x1: m.l, x2: W - m.r, y1: y, y2: y }));
    const label = el("text", { x: m.l - 6, y: y + 4, "text-anchor": "end" });
    label.textContent = fmtNum(t);
    grid.append(label);
  }
  for (const t of ticks(x0, x1, Math.max(2, Math.floor(W / 90)), 1)) { // x is a step count: whole ticks
    const x = sx(t);
    grid.append(el("line", { x1: x, x2: x, y1: m.t, y2: H - m.b, class: "v" }));
    const label = el("text", { x, y: H - m.b + 16, "text-anchor": "middle" });
    label.textContent = fmtNum(t);
    grid.append(label);
  }
  svg.append(grid);
  if (spec.xLabel) {
    const xl = el("text", { x: W - m.r, y: H - 2, "text-anchor": "end", class: "axis-label" });
    xl.textContent = spec.xLabel;
    svg.append(xl);
  }

  spec.series.forEach((s, i) => {
    if (!s.points.length) return;
    const color = s.color ?? PALETTE[i % PALETTE.length];
    const pts = thin(s.points, W * 2);
    const d = pts.map((p, j) => `${j ? "L" : "M"}${sx(p[0]).toFixed(1)},${sy(p[1]).toFixed(1)}`).join("");
    svg.append(el("path", { d, fill: "none", stroke: color, "stroke-width": 1.8, "stroke-dasharray": s.dashed ? "5 3" : "none", class: "series" }));
    if (s.dots || s.points.length === 1) for (const p of pts) svg.append(el("circle", { cx: sx(p[0]), cy: sy(p[1]), r: 3, fill: color }));
  });

  // Hover: a cursor line and the nearest value of each series.
  const cursor = el("line", { y1: m.t, y2: H - m.b, class: "cursor", visibility: "hidden" });
  svg.append(cursor);
  const tip = document.createElement("div");
  tip.className = "tip";
  tip.hidden = true;
  host.append(tip);
  svg.addEventListener("mousemove", (ev) => {
    const r = svg.getBoundingClientRect();
    const px = ev.clientX - r.left;
    const x = x0 + ((px - m.l) / (W - m.l - m.r)) * (x1 - x0);
    const rows = spec.series
      .filter((s) => s.points.length)
      .map((s) => {
        const p = s.points[nearest(s.points, x)];
        return `<div><i style="background:${s.color ?? PALETTE[spec.series.indexOf(s) % PALETTE.length]}"></i>${esc(s.label)}: <b>${fmtNum(p[1])}</b> <small>@ ${p[0]}</small></div>`;
      });
    cursor.setAttribute("x1", String(px));
    cursor.setAttribute("x2", String(px));
    cursor.setAttribute("visibility", "visible");
    tip.innerHTML = rows.join("");
    tip.hidden = false;
    tip.style.left = `${Math.min(px + 12, W - 160)}px`;
  });
  svg.addEventListener("mouseleave", () => {
    cursor.setAttribute("visibility", "hidden");
    tip.hidden = true;
  });
}
