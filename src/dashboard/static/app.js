// @ts-check
// The dashboard page: four views chosen by the URL hash.
//   #/                   runs table (refreshes itself)
//   #/run/<id>           one run: live curves from the SSE stream, eval summary, reports
//   #/compare?ids=a,b    overlaid curves and a metric table of 2+ runs
//   #/registry           the model registry (runs root registry.json), empty until one exists
import { esc, fmtNum, lineChart, PALETTE } from "./chart.js";

const main = /** @type {HTMLElement} */ (document.getElementById("main"));
let teardown = () => {}; // what the current view must stop (timers, streams) when the route changes
const selected = new Set(); // runs ticked for comparison, kept across refreshes

async function getJson(url) {
  const r = await fetch(url, { cache: "no-store" });
  if (!r.ok) throw new Error(`${url}: ${r.status} ${(await r.json().catch(() => ({}))).error ?? ""}`);
  return r.json();
}

const badge = (status) => `<span class="badge ${esc(status)}">${esc(status)}</span>`;
const when = (iso) => (iso ? new Date(iso).toLocaleString() : "–");
const steps = (s) => (s.step == null ? "–" : s.total_steps && s.total_steps !== s.step ? `${s.step} / ${s.total_steps}` : String(s.step));
const mainMetric = (mm) => (mm ? `${esc(mm.name)} <b>${fmtNum(mm.tuned)}</b>${mm.base != null ? ` <small>(base ${fmtNum(mm.base)})</small>` : ""}` : "–");
const heldout = (h) => (h ? `${fmtNum(h.base)} → <b>${fmtNum(h.tuned)}</b>` : "–");
const reportLinks = (s) =>
  [s.reports.eval ? `<a href="/runs/${encodeURIComponent(s.id)}/eval/report.html" target="_blank">eval report</a>` : "", s.reports.data ? `<a href="/runs/${encodeURIComponent(s.id)}/data/report.html" target="_blank">data report</a>` : ""]
    .filter(Boolean)
    .join(" · ") || "–";

function setTab(name) {
  for (const a of document.querySelectorAll("nav a")) a.classList.toggle("active", /** @type {HTMLElement} */ (a).dataset.tab === name);
}

function showError(e) {
  main.innerHTML = `<p class="error">${esc(e.message ?? e)}</p><p><a href="#/">back to the runs</a></p>`;
}

/** Calls `fn` now and every `ms` until the view changes. */
function every(ms, fn) {
  let timer = 0;
  let live = true;
  const tick = async () => {
    try {
      await fn();
    } catch (e) {
      console.error(e);
    }
    if (live) timer = window.setTimeout(tick, ms);
  };
  tick();
  return () => {
    live = false;
    clearTimeout(timer);
  };
}

// ---- runs table -------------------------------------------------------------

function viewRuns() {
  setTab("runs");
  main.innerHTML = `<section id="runs-view">
    <div class="toolbar"><h1>Runs</h1><button id="compare-btn" disabled>Compare selected</button><span class="muted" id="runs-refreshed"></span></div>
    <table id="runs"><thead><tr><th></th><th>run</th><th>status</th><th>recipe</th><th>role</th><th>method</th><th>steps</th><th>final loss</th><th>eval ppl</th><th>held-out ppl (base → tuned)</th><th>main eval metric</th><th>reports</th><th>updated</th></tr></thead><tbody></tbody></table>
    <p class="empty" id="runs-empty" hidden>No runs yet in this runs root. Start one: <code>scriptorium run recipes/npc.yaml</code></p></section>`;
  const button = /** @type {HTMLButtonElement} */ (document.getElementById("compare-btn"));
  const sync = () => {
    button.disabled = selected.size < 2;
    button.textContent = `Compare selected (${selected.size})`;
  };
  button.onclick = () => (location.hash = `#/compare?ids=${[...selected].map(encodeURIComponent).join(",")}`);
  const body = /** @type {HTMLElement} */ (main.querySelector("#runs tbody"));
  body.addEventListener("change", (ev) => {
    const box = /** @type {HTMLInputElement} */ (ev.target);
    if (box.checked) selected.add(box.value);
    else selected.delete(box.value);
    sync();
  });
  teardown = every(3000, async () => {
    const runs = await getJson("/api/runs");
    for (const id of [...selected]) if (!runs.some((r) => r.id === id)) selected.delete(id);
    body.innerHTML = runs
      .slice()
      .reverse()
      .map(
        (s) => `<tr data-run-id="${esc(s.id)}" data-status="${esc(s.status)}">
        <td><input type="checkbox" value="${esc(s.id)}" ${selected.has(s.id) ? "checked" : ""} aria-label="select ${esc(s.id)}"></td>
        <td><a href="#/run/${encodeURIComponent(s.id)}">${esc(s.id)}</a></td><td>${badge(s.status)}</td><td>${esc(s.recipe)}</td>
        <td>${esc(s.role ?? "–")}</td><td>${esc(s.method ?? "–")}</td><td class="num">${steps(s)}</td><td class="num">${fmtNum(s.final_loss)}</td>
        <td class="num">${fmtNum(s.eval_perplexity)}</td><td class="num">${heldout(s.heldout)}</td><td>${mainMetric(s.main_metric)}</td><td>${reportLinks(s)}</td><td class="muted">${when(s.updated)}</td></tr>`,
      )
      .join("");
    /** @type {HTMLElement} */ (document.getElementById("runs-empty")).hidden = runs.length > 0;
    /** @type {HTMLElement} */ (document.getElementById("runs-refreshed")).textContent = `refreshed ${new Date().toLocaleTimeString()}`;
    sync();
  });
}

// ---- one run, live ----------------------------------------------------------

const NOTABLE = {
  hello: (e) => `engine ${e.engine_version} on ${e.device} (torch ${e.torch}, ${e.threads} threads)`,
  model: (e) => `${e.name}: ${Number(e.params_trainable).toLocaleString()} trainable of ${Number(e.params_total).toLocaleString()} params, ${e.precision}`,
  eval: (e) => `step ${e.step}: eval loss ${fmtNum(e.loss)}, perplexity ${fmtNum(e.perplexity)}`,
  samples: (e) => `step ${e.step}: ${e.outputs?.length ?? 0} samples — “${String(e.outputs?.[0]?.text ?? "").slice(0, 80)}”`,
  checkpoint: (e) => `checkpoint at step ${e.step} (${e.reason})`,
  warning: (e) => `warning: ${e.message}`,
  error: (e) => `error (${e.kind}): ${e.message}`,
  done: () => "engine done",
};

function viewRun(id) {
  setTab("runs");
  main.innerHTML = `<section id="run-view" data-run-id="${esc(id)}">
    <div class="toolbar"><h1>${esc(id)}</h1><span id="run-status"></span><span id="run-links"></span><a href="#/">← all runs</a></div>
    <div class="cards" id="run-cards"></div>
    <div class="progress"><div id="run-progress"></div></div>
    <div class="charts"><div id="chart-loss"></div><div id="chart-ppl"></div><div id="chart-lr"></div><div id="chart-grad"></div><div id="chart-tps"></div></div>
    <div class="columns"><div><h2>Evaluation</h2><div id="run-eval"></div></div><div><h2>Events</h2><ol id="run-events" class="events"></ol></div></div>
    <details><summary>Manifest</summary><pre id="run-manifest"></pre></details></section>`;
  const view = /** @type {HTMLElement} */ (document.getElementById("run-view"));
  const S = { loss: [], evalLoss: [], ppl: [], lr: [], grad: [], tps: [], last: null, total: null, notable: [] };
  let summary = null;
  let frame = 0;

  const draw = () => {
    frame = 0;
    lineChart(/** @type {HTMLElement} */ (document.getElementById("chart-loss")), {
      title: "Loss",
      xLabel: "step",
      series: [
        { label: "train", points: S.loss },
        { label: "eval", points: S.evalLoss, dashed: true, dots: true },
      ],
    });
    lineChart(/** @type {HTMLElement} */ (document.getElementById("chart-ppl")), { title: "Eval perplexity", xLabel: "step", logY: true, series: [{ label: "eval ppl", points: S.ppl, color: PALETTE[2], dots: true }] });
    lineChart(/** @type {HTMLElement} */ (document.getElementById("chart-lr")), { title: "Learning rate", xLabel: "step", series: [{ label: "lr", points: S.lr, color: PALETTE[3] }] });
    lineChart(/** @type {HTMLElement} */ (document.getElementById("chart-grad")), { title: "Gradient norm", xLabel: "step", series: [{ label: "grad norm", points: S.grad, color: PALETTE[4] }] });
    lineChart(/** @type {HTMLElement} */ (document.getElementById("chart-tps")), { title: "Tokens / s", xLabel: "step", series: [{ label: "tokens/s", points: S.tps, color: PALETTE[5] }] });
    const e = S.last;
    const card = (k, v) => `<div class="card"><div class="k">${k}</div><div class="v">${v}</div></div>`;
    /** @type {HTMLElement} */ (document.getElementById("run-cards")).innerHTML = [
      card("step", e ? `${e.step} / ${e.total_steps}` : summary?.step ?? "–"),
      card("loss", fmtNum(e?.loss ?? summary?.final_loss)),
      card("lr", fmtNum(e?.lr)),
      card("tokens/s", fmtNum(e?.tokens_per_s)),
      card("eval ppl", fmtNum(S.ppl.at(-1)?.[1] ?? summary?.eval_perplexity)),
      card("held-out ppl", heldout(summary?.heldout)),
      card("main metric", mainMetric(summary?.main_metric)),
      card("elapsed", e ? `${Math.round(e.elapsed_s)} s` : "–"),
    ].join("");
    /** @type {HTMLElement} */ (document.getElementById("run-progress")).style.width = e && e.total_steps ? `${(100 * e.step) / e.total_steps}%` : "0";
    /** @type {HTMLElement} */ (document.getElementById("run-events")).innerHTML = S.notable
      .slice(-40)
      .reverse()
      .map((n) => `<li><span class="muted">${n.time ? new Date(n.time * 1000).toLocaleTimeString() : ""}</span> ${esc(n.text)}</li>`)
      .join("");
  };
  const redraw = () => (frame ||= requestAnimationFrame(draw));

  const loadDetail = async () => {
    const d = await getJson(`/api/runs/${encodeURIComponent(id)}`);
    summary = d.summary;
    view.dataset.status = summary.status;
    /** @type {HTMLElement} */ (document.getElementById("run-status")).innerHTML = `${badge(summary.status)} <span class="muted">${esc(summary.recipe)} · ${esc(summary.method ?? "")} · ${esc(summary.base_model ?? "")}</span>`;
    /** @type {HTMLElement} */ (document.getElementById("run-links")).innerHTML = reportLinks(summary);
    /** @type {HTMLElement} */ (document.getElementById("run-manifest")).textContent = JSON.stringify(d.manifest, null, 2);
    const r = d.eval_report;
    /** @type {HTMLElement} */ (document.getElementById("run-eval")).innerHTML =
      (summary.heldout ? `<p>Held-out perplexity: base ${fmtNum(summary.heldout.base)} → tuned <b>${fmtNum(summary.heldout.tuned)}</b></p>` : "") +
      (r
        ? `<p>${esc(r.role ?? "")} suite — ${esc(r.answer?.text ?? "")}</p><table class="metrics"><thead><tr><th>metric</th><th>base</th><th>few-shot</th><th>tuned</th></tr></thead><tbody>${r.metrics
            .map((m) => `<tr class="${m.main ? "main" : ""}"><td>${esc(m.name)}${m.main ? " ★" : ""} <small class="muted">${m.direction === "lower" ? "↓" : "↑"}</small></td><td class="num">${fmtNum(m.base)}</td><td class="num">${fmtNum(m.few_shot)}</td><td class="num"><b>${fmtNum(m.tuned)}</b></td></tr>`)
            .join("")}</tbody></table>${r.gates_failed.length ? `<ul class="error">${r.gates_failed.map((g) => `<li>${esc(g)}</li>`).join("")}</ul>` : ""}`
        : `<p class="muted">${summary.status === "running" ? "Training — the evaluation comes after it." : "No role evaluation yet: <code>scriptorium eval " + esc(id) + "</code>"}</p>`);
    redraw();
  };

  const onEvent = (e) => {
    if (e.event === "step" && typeof e.step === "number") {
      S.loss.push([e.step, e.loss]);
      S.lr.push([e.step, e.lr]);
      S.grad.push([e.step, e.grad_norm]);
      S.tps.push([e.step, e.tokens_per_s]);
      S.last = e;
    } else if (e.event === "eval" && typeof e.step === "number") {
      S.evalLoss.push([e.step, e.loss]);
      S.ppl.push([e.step, e.perplexity]);
    }
    const text = NOTABLE[e.event]?.(e);
    if (text) S.notable.push({ time: e.time, text });
    redraw();
  };

  loadDetail().catch(showError);
  const source = new EventSource(`/api/runs/${encodeURIComponent(id)}/stream`);
  source.onmessage = (m) => onEvent(JSON.parse(m.data));
  source.addEventListener("status", () => loadDetail().catch(console.error));
  source.addEventListener("reset", () => {
    for (const k of ["loss", "evalLoss", "ppl", "lr", "grad", "tps", "notable"]) S[k] = [];
    S.last = null;
    redraw();
  });
  const onResize = () => redraw();
  window.addEventListener("resize", onResize);
  teardown = () => {
    source.close();
    window.removeEventListener("resize", onResize);
    if (frame) cancelAnimationFrame(frame);
  };
}

// ---- comparison -------------------------------------------------------------

function viewCompare(ids) {
  setTab("compare");
  main.innerHTML = `<section id="compare-view"><div class="toolbar"><h1>Compare ${ids.length} runs</h1><a href="#/">← pick runs</a></div>
    <div class="charts"><div id="chart-compare-loss"></div><div id="chart-compare-ppl"></div><div id="chart-compare-lr"></div></div>
    <table id="compare-metrics" class="metrics"></table></section>`;
  if (ids.length < 2) {
    main.insertAdjacentHTML("beforeend", `<p class="muted">Tick two or more runs in the runs table to compare them.</p>`);
  }
  teardown = every(5000, async () => {
    const { runs } = await getJson(`/api/compare?ids=${ids.map(encodeURIComponent).join(",")}`).catch((e) => {
      showError(e); // an unknown id: say which, not an empty page
      throw e;
    });
    const color = (i) => PALETTE[i % PALETTE.length];
    const overlay = (elId, title, key, logY = false) =>
      lineChart(/** @type {HTMLElement} */ (document.getElementById(elId)), { title, xLabel: "step", logY, series: runs.map((r, i) => ({ label: r.summary.id, color: color(i), points: r.series[key], dots: key === "eval_perplexity" })) });
    overlay("chart-compare-loss", "Train loss", "loss");
    overlay("chart-compare-ppl", "Eval perplexity", "eval_perplexity", true);
    overlay("chart-compare-lr", "Learning rate", "lr");
    const metricNames = [...new Set(runs.flatMap((r) => (r.eval_report?.metrics ?? []).map((m) => m.name)))];
    const rows = [
      ["status", (r) => badge(r.summary.status)],
      ["recipe", (r) => esc(r.summary.recipe)],
      ["method", (r) => esc(r.summary.method ?? "–")],
      ["base model", (r) => esc(r.summary.base_model ?? "–")],
      ["steps", (r) => steps(r.summary)],
      ["final loss", (r) => fmtNum(r.summary.final_loss)],
      ["eval perplexity", (r) => fmtNum(r.summary.eval_perplexity)],
      ["held-out ppl (base → tuned)", (r) => heldout(r.summary.heldout)],
      ["main eval metric", (r) => mainMetric(r.summary.main_metric)],
      ["fine-tuning vs prompting", (r) => esc(r.summary.main_metric?.verdict ?? "–")],
      ...metricNames.map((n) => [`${n} (tuned)`, (r) => fmtNum(r.eval_report?.metrics.find((m) => m.name === n)?.tuned)]),
      ["reports", (r) => reportLinks(r.summary)],
    ];
    /** @type {HTMLElement} */ (document.getElementById("compare-metrics")).innerHTML =
      `<thead><tr><th></th>${runs.map((r, i) => `<th data-run-id="${esc(r.summary.id)}"><i class="swatch" style="background:${color(i)}"></i><a href="#/run/${encodeURIComponent(r.summary.id)}">${esc(r.summary.id)}</a></th>`).join("")}</tr></thead>` +
      `<tbody>${rows.map(([name, f]) => `<tr><th>${esc(name)}</th>${runs.map((r) => `<td>${f(r)}</td>`).join("")}</tr>`).join("")}</tbody>`;
  });
}

// ---- registry ---------------------------------------------------------------

/** The registry's list whatever its outer shape: an array, or the first array inside an object. */
function registryRows(v) {
  if (Array.isArray(v)) return v;
  if (v && typeof v === "object") for (const x of Object.values(v)) if (Array.isArray(x)) return x;
  return [];
}

const cell = (v) => (v == null ? "–" : typeof v === "object" ? `<code>${esc(JSON.stringify(v))}</code>` : typeof v === "number" ? fmtNum(v) : esc(v));

/** Any list of objects as a table (a registry shape this page does not know yet). */
function genericTable(rows) {
  const cols = [...new Set(rows.flatMap((r) => (r && typeof r === "object" ? Object.keys(r) : ["value"])))];
  return `<table class="metrics"><thead><tr>${cols.map((c) => `<th>${esc(c)}</th>`).join("")}</tr></thead><tbody>${rows
    .map((r) => `<tr>${cols.map((c) => `<td>${cell(r && typeof r === "object" ? r[c] : r)}</td>`).join("")}</tr>`)
    .join("")}</tbody></table>`;
}

/** A registered model (registry.json `models[]`): its versions with stage, run, main metric and gates, then its latest events. */
function modelSection(m) {
  const gates = (g) => (g ? `${g.filter((x) => x.status === "failed").length} failed of ${g.length}` : "–");
  const versions = [...m.versions].reverse().map(
    (v) => `<tr data-version="${esc(v.version)}" class="${v.stage === "production" ? "main" : ""}"><td>v${esc(v.version)}</td><td>${badge(v.stage)}</td>
      <td>${v.run?.id ? `<a href="#/run/${encodeURIComponent(v.run.id)}">${esc(v.run.id)}</a>` : "–"}</td><td>${esc(v.method ?? "–")}</td>
      <td>${v.eval ? `${esc(v.eval.main_metric)} <b>${fmtNum(v.eval.tuned)}</b> <small>(base ${fmtNum(v.eval.base)})</small>` : "–"}</td>
      <td>${gates(v.gates)}</td><td class="muted">${when(v.created)} · ${esc(v.created_by ?? "")}</td>
      <td class="muted">${v.promotion ? `${when(v.promotion.time)} by ${esc(v.promotion.by)}${v.promotion.forced ? " (forced)" : ""}` : "–"}</td></tr>`,
  );
  const events = (m.events ?? []).slice(-8).reverse().map((e) => `<li><span class="muted">${when(e.time)}</span> ${esc(e.kind)}${e.version != null ? ` v${esc(e.version)}` : ""} by ${esc(e.by)}</li>`);
  return `<h2 data-model="${esc(m.name)}">${esc(m.name)} <small class="muted">${esc(m.role ?? "")} · production: ${m.production != null ? `v${esc(m.production)}` : "none yet"}</small></h2>
    <table class="metrics"><thead><tr><th>version</th><th>stage</th><th>run</th><th>method</th><th>main metric (tuned)</th><th>gates</th><th>registered</th><th>promoted</th></tr></thead><tbody>${versions.join("")}</tbody></table>
    ${events.length ? `<ol class="events">${events.join("")}</ol>` : ""}`;
}

function viewRegistry() {
  setTab("registry");
  main.innerHTML = `<section id="registry"><div class="toolbar"><h1>Registry</h1><span class="muted" id="registry-updated"></span></div><div id="registry-body"></div></section>`;
  teardown = every(5000, async () => {
    const snapshot = await getJson("/api/registry");
    const rows = registryRows(snapshot);
    const body = /** @type {HTMLElement} */ (document.getElementById("registry-body"));
    /** @type {HTMLElement} */ (document.getElementById("registry-updated")).textContent = snapshot?.updated ? `updated ${when(snapshot.updated)}` : "";
    if (!rows.length) {
      body.innerHTML = `<p class="empty">No registry yet: no model version has been registered in this runs root (<code>scriptorium registry --help</code>).</p>`;
      return;
    }
    const known = rows.every((m) => m && typeof m === "object" && typeof m.name === "string" && Array.isArray(m.versions));
    body.innerHTML = known ? rows.map(modelSection).join("") : genericTable(rows);
  });
}

// ---- routing ----------------------------------------------------------------

function route() {
  teardown();
  teardown = () => {};
  const hash = location.hash.replace(/^#/, "") || "/";
  const [path, query = ""] = hash.split("?");
  try {
    if (path.startsWith("/run/")) return viewRun(decodeURIComponent(path.slice(5)));
    if (path === "/compare") {
      const ids = (new URLSearchParams(query).get("ids") ?? "").split(",").filter(Boolean);
      return viewCompare(ids.length ? ids : [...selected]);
    }
    if (path === "/registry") return viewRegistry();
    return viewRuns();
  } catch (e) {
    showError(e);
  }
}

window.addEventListener("hashchange", route);
route();
