import type { Command } from "commander";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { runsRoot } from "../paths.js";
import { evalMetrics, lastMetrics, listIndexed, reindex, type IndexedRun } from "../track/run-index.js";
import { openRun, removeRun } from "../track/run-store.js";
import { flattenParams } from "../track/tracker.js";
import { handle, printJson, table } from "./main.js";

const num = (x: unknown): string => {
  if (typeof x !== "number" || !Number.isFinite(x)) return "-";
  if (Number.isInteger(x)) return String(x);
  return Math.abs(x) >= 1000 ? x.toFixed(1) : String(Number(x.toPrecision(4)));
};
const n = (x: unknown) => (typeof x === "number" ? x : null);
const say = (text: string) => void process.stdout.write(text + "\n");

/** What `runs list` shows of a run: the manifest's outcome, the role and method from its config. */
function summary(r: IndexedRun) {
  const m = r.manifest;
  const ev = m.evaluation as { base?: { perplexity?: number }; tuned?: { perplexity?: number } } | undefined;
  const er = (m as { eval_report?: { main_metric?: string; base?: number | null; few_shot?: number | null; tuned?: number | null } }).eval_report;
  return {
    id: r.id,
    recipe: r.recipe,
    role: r.role,
    method: r.method,
    status: r.status,
    created: r.created,
    updated: r.updated,
    base_model: r.base_model,
    data_sha256: r.data_sha256,
    parent_run: r.parent_run,
    dir: r.dir,
    steps: n(m.metrics.steps),
    final_loss: n(m.metrics.final_loss),
    eval_perplexity: n(m.metrics.eval_perplexity),
    heldout_perplexity: ev ? { base: n(ev.base?.perplexity), tuned: n(ev.tuned?.perplexity) } : null,
    main_metric: er?.main_metric ? { name: er.main_metric, base: n(er.base), few_shot: n(er.few_shot), tuned: n(er.tuned) } : null,
  };
}
type Summary = ReturnType<typeof summary>;

const mainCell = (s: Summary) => (s.main_metric ? `${s.main_metric.name} ${num(s.main_metric.tuned)} (few-shot ${num(s.main_metric.few_shot)}, base ${num(s.main_metric.base)})` : "-");
const heldoutCell = (s: Summary) => (s.heldout_perplexity ? `${num(s.heldout_perplexity.base)} → ${num(s.heldout_perplexity.tuned)}` : "-");
const estimate = (e: { value: number | null; lo: number | null; hi: number | null } | null | undefined) => (e && e.value !== null ? `${num(e.value)} [${num(e.lo)}, ${num(e.hi)}]` : "-");

/** The indexed runs named by refs (ids, prefixes, `latest`), in the order given. */
function resolveRuns(refs: string[]): IndexedRun[] {
  const ids = [...new Set(refs.map((ref) => openRun(ref).id))];
  const byId = new Map(listIndexed({ ids }).map((r) => [r.id, r]));
  return ids.map((id) => {
    const r = byId.get(id);
    if (!r) throw new UserError("run_not_indexed", `run ${id} is not in the index of ${runsRoot()}`, { hint: "compare runs of one runs root (SCRIPTORIUM_RUNS); `scriptorium runs reindex` rebuilds the index" });
    return r;
  });
}

/** The settings that shape a run, flattened: what `compare` looks for differences in. */
function runParams(dir: string): Record<string, string | number | boolean> {
  let c: Record<string, unknown>;
  try {
    c = JSON.parse(readFileSync(join(dir, "config.resolved.json"), "utf8")) as Record<string, unknown>;
  } catch {
    return {};
  }
  const data = (c.data ?? {}) as Record<string, unknown>;
  const base = (c.base_model ?? {}) as Record<string, unknown>;
  return flattenParams({
    recipe: c.recipe_name,
    role: c.role,
    base_model: base.requested,
    data: { format: data.format, sha256: data.sha256, max_examples: data.max_examples, counts: data.counts },
    method: c.method,
    training: c.training,
    runtime: c.runtime,
    eval: c.eval,
  });
}

/** `--metrics a,b`: exact keys, a prefix ending in a slash segment ("train" → train/*), or globs ("eval/*"). */
function metricFilter(list: string | undefined): (key: string) => boolean {
  if (!list) return () => true;
  const pats = list.split(",").map((p) => p.trim()).filter(Boolean);
  const res = pats.map((p) => new RegExp(`^${p.replace(/[.+?^${}()|[\]\\]/g, "\\$&").replace(/\*/g, ".*")}(/.*)?$`));
  return (key) => res.some((re) => re.test(key));
}

export function compareRuns(refs: string[], metrics?: string) {
  const runs = resolveRuns(refs);
  const ids = runs.map((r) => r.id);
  const pick = metricFilter(metrics);
  const params: Record<string, Record<string, string | number | boolean | null>> = {};
  const perRun = runs.map((r) => runParams(r.dir));
  for (const key of [...new Set(perRun.flatMap((p) => Object.keys(p)))].sort()) {
    const values = perRun.map((p) => p[key] ?? null);
    if (values.some((v) => v !== values[0])) params[key] = Object.fromEntries(ids.map((id, i) => [id, values[i]!]));
  }
  const last = lastMetrics(ids);
  const metricRows: Record<string, Record<string, { step: number; value: number } | null>> = {};
  for (const key of [...new Set(ids.flatMap((id) => Object.keys(last[id]!)))].sort()) {
    if (pick(key)) metricRows[key] = Object.fromEntries(ids.map((id) => [id, last[id]![key] ?? null]));
  }
  const summaries = runs.map(summary);
  const heldout = {
    base: Object.fromEntries(summaries.map((s) => [s.id, s.heldout_perplexity?.base ?? null])),
    tuned: Object.fromEntries(summaries.map((s) => [s.id, s.heldout_perplexity?.tuned ?? null])),
  };
  const evals = evalMetrics(ids);
  const evalRows: Record<string, Record<string, Record<string, { value: number | null; lo: number | null; hi: number | null } | null>>> = {};
  const mainMetric: Record<string, string | null> = {};
  for (const id of ids) mainMetric[id] = evals[id]!.find((e) => e.main)?.metric ?? null;
  // main metrics first, then by name; systems in the report's order
  const names = [...new Set(ids.flatMap((id) => evals[id]!.map((e) => e.metric)))].filter(pick);
  const isMain = (m: string) => Object.values(mainMetric).includes(m);
  names.sort((a, b) => Number(isMain(b)) - Number(isMain(a)) || a.localeCompare(b));
  for (const metric of names) {
    evalRows[metric] = {};
    for (const system of ["base", "few_shot", "tuned"]) {
      const cells = ids.map((id) => evals[id]!.find((e) => e.metric === metric && e.system === system));
      if (cells.some(Boolean)) evalRows[metric]![system] = Object.fromEntries(ids.map((id, i) => [id, cells[i] ? { value: cells[i]!.value, lo: cells[i]!.lo, hi: cells[i]!.hi } : null]));
    }
  }
  return { runs: summaries, params, metrics: metricRows, heldout_perplexity: heldout, main_metric: mainMetric, eval: evalRows };
}

function printComparison(c: ReturnType<typeof compareRuns>): void {
  const ids = c.runs.map((r) => r.id);
  const rows: string[][] = [["", ...ids]];
  const section = (title: string) => rows.push([title, ...ids.map(() => "")]);
  rows.push(["status", ...c.runs.map((r) => r.status)]);
  rows.push(["role · method", ...c.runs.map((r) => `${r.role ?? "-"} · ${r.method ?? "-"}`)]);
  rows.push(["steps", ...c.runs.map((r) => num(r.steps))]);
  section(Object.keys(c.params).length ? "params that differ" : "params: none differ");
  for (const [k, v] of Object.entries(c.params)) rows.push([`  ${k}`, ...ids.map((id) => (v[id] === null ? "-" : String(v[id])))]);
  const scalars = Object.entries(c.metrics).filter(([k]) => !k.startsWith("heldout/"));
  if (scalars.length) section("last logged (value @ step)");
  for (const [k, v] of scalars) rows.push([`  ${k}`, ...ids.map((id) => (v[id] ? `${num(v[id]!.value)} @${v[id]!.step}` : "-"))]);
  section("held-out perplexity");
  for (const sys of ["base", "tuned"] as const) rows.push([`  ${sys}`, ...ids.map((id) => num(c.heldout_perplexity[sys][id]))]);
  if (Object.keys(c.eval).length) {
    section("role suite: tuned [bootstrap interval]");
    rows.push(["  main metric", ...ids.map((id) => c.main_metric[id] ?? "-")]);
    // The tuned model is what differs between runs: every metric's tuned value, and base / few-shot for the main metric.
    for (const [metric, systems] of Object.entries(c.eval)) {
      const main = Object.values(c.main_metric).includes(metric);
      for (const [sys, v] of Object.entries(systems)) {
        if ((sys !== "tuned" && !main) || ids.every((id) => v[id]?.value == null)) continue;
        rows.push([`  ${main ? "*" : ""}${metric}${sys === "tuned" ? "" : ` (${sys})`}`, ...ids.map((id) => estimate(v[id]))]);
      }
    }
  }
  say(table(rows));
}

export function registerRuns(program: Command): void {
  const runs = program
    .command("runs")
    .description("list, show, compare and remove training runs (runs/ or $SCRIPTORIUM_RUNS), through the run index (<runs root>/index.sqlite)")
    .addHelpText(
      "after",
      `
Each run is a folder, runs/<id>/ (manifest.json, events.jsonl, eval/report.json, adapter/); the
folders are the truth. index.sqlite beside them indexes manifests and every logged metric so
listing and comparing stay fast; it is rebuilt from the folders whenever it is missing or broken.

Examples:
  scriptorium runs list --role npc --status done
  scriptorium runs show latest
  scriptorium runs compare 20261125-101500-npc latest --metrics train/loss,in_character_rate
  scriptorium runs rm 20261125-101500-npc
  scriptorium runs list --json | jq '.[] | {id, steps, main_metric}'`,
    );
  runs
    .command("list")
    .description("one line per run: id, status, role, method, steps, final loss, eval and held-out perplexity, main suite metric")
    .option("--recipe <name>", "only runs of this recipe (its `name:`)")
    .option("--role <role>", "only this role: director, npc, book, generic")
    .option("--status <status>", "only this status: running, done, failed, cancelled")
    .option("--json", "machine-readable: an array of run summaries")
    .addHelpText(
      "after",
      `
Examples:
  scriptorium runs list
  scriptorium runs list --recipe npc --status done
  scriptorium runs list --role director --json`,
    )
    .action((o: { recipe?: string; role?: string; status?: string; json?: boolean }) =>
      handle(async () => {
        const all = listIndexed({ recipe: o.recipe, role: o.role, status: o.status }).map(summary);
        if (o.json) return printJson(all);
        if (all.length === 0) return say(o.recipe || o.role || o.status ? "no runs match" : "no runs yet — try: scriptorium run recipes/npc.yaml");
        const rows: (string | number)[][] = [["id", "status", "role", "method", "steps", "final loss", "eval ppl", "held-out ppl base → tuned", "main metric: tuned (few-shot, base)"]];
        for (const s of all) rows.push([s.id, s.status, s.role ?? "-", s.method ?? "-", num(s.steps), num(s.final_loss), num(s.eval_perplexity), heldoutCell(s), mainCell(s)]);
        say(table(rows));
      }),
    );
  runs
    .command("show")
    .description("a run's manifest (config, data counts, engine versions, metrics), its last logged metrics and its role-suite results")
    .argument("<run>", "run id, unique prefix, or 'latest'")
    .option("--json", "machine-readable: the manifest plus dir, role, method, last_metrics and eval_metrics")
    .addHelpText("after", "\nExamples:\n  scriptorium runs show latest\n  scriptorium runs show 20261125-101500-npc --json")
    .action((ref: string, o: { json?: boolean }) =>
      handle(async () => {
        // The folder is read directly, so a run folder given by path (another runs root) shows too, without the index's metrics.
        const run = openRun(ref);
        const m = run.readManifest();
        const params = runParams(run.dir);
        const role = typeof params.role === "string" ? params.role : null;
        const method = typeof params["method.kind"] === "string" ? params["method.kind"] : null;
        const indexed = run.dir === join(runsRoot(), run.id);
        const last = indexed ? lastMetrics([run.id])[run.id]! : {};
        const evals = indexed ? evalMetrics([run.id])[run.id]! : [];
        if (o.json) return printJson({ ...m, dir: run.dir, role, method, last_metrics: last, eval_metrics: evals });
        const s = summary({ id: m.id, recipe: m.recipe, role, method, status: m.status, created: m.created, updated: m.updated, base_model: null, data_sha256: null, dir: run.dir, parent_run: m.parent_run, manifest: m });
        const lines = [
          `run       ${m.id}  (${m.status})`,
          `dir       ${run.dir}`,
          `recipe    ${m.recipe_path}  (role ${role ?? "-"}, method ${method ?? "-"})`,
          `base      ${String(m.base_model.requested)} → ${String(m.base_model.id)}${m.base_model.licence ? ` [${String(m.base_model.licence)}]` : ""}`,
          `data      ${JSON.stringify(m.data.counts)} sha256 ${String(m.data.sha256).slice(0, 12)}…`,
          `engine    ${JSON.stringify(m.engine)}`,
          `metrics   ${JSON.stringify(m.metrics)}`,
          m.evaluation ? `held-out  perplexity base → tuned: ${heldoutCell(s)}` : "held-out  (none: `scriptorium run` evaluates)",
          `adapter   ${m.adapter ?? "(not yet)"}`,
        ];
        const keys = Object.keys(last).sort();
        if (keys.length) lines.push("last logged", ...keys.map((k) => `  ${k.padEnd(28)} ${num(last[k]!.value).padStart(10)}  @ step ${last[k]!.step}`));
        if (evals.length) {
          lines.push(`role suite (main metric ${evals.find((e) => e.main)?.metric ?? "-"})`);
          const metrics = [...new Set(evals.map((e) => e.metric))];
          const t: string[][] = [["  metric", "base", "few_shot", "tuned"]];
          for (const name of metrics) t.push([`  ${name}`, ...["base", "few_shot", "tuned"].map((sys) => estimate(evals.find((e) => e.metric === name && e.system === sys)))]);
          lines.push(table(t));
        }
        say(lines.join("\n"));
      }),
    );
  runs
    .command("compare")
    .description("runs side by side: the params that differ, last train/eval metrics, held-out perplexity base/tuned, every role-suite metric per system")
    .argument("<runs...>", "two or more run ids, unique prefixes, or 'latest'")
    .option("--metrics <list>", "only these metrics, comma-separated: keys (train/loss), prefixes (eval), globs (suite*), suite metric names (in_character_rate)")
    .option("--json", "machine-readable: {runs, params, metrics, heldout_perplexity, main_metric, eval}, each value keyed by run id")
    .addHelpText(
      "after",
      `
Examples:
  scriptorium runs compare 20261125-101500-npc latest
  scriptorium runs compare a1b2 c3d4 e5f6 --metrics train/loss,eval/perplexity,in_character_rate
  scriptorium runs compare 20261125-101500-npc latest --json | jq '.metrics["train/loss"]'`,
    )
    .action((refs: string[], o: { metrics?: string; json?: boolean }) =>
      handle(async () => {
        if (refs.length < 2) throw new UserError("compare_needs_two", "compare needs two runs or more", { hint: "scriptorium runs compare <run> <run>…; `runs show <run>` shows one" });
        const c = compareRuns(refs, o.metrics);
        if (o.json) return printJson(c);
        printComparison(c);
      }),
    );
  runs
    .command("rm")
    .description("delete run folders (and their rows in the index); every name is checked before anything is deleted")
    .argument("<runs...>", "run ids, unique prefixes, or 'latest'")
    .option("--json", "machine-readable: {removed: [ids]}")
    .addHelpText("after", "\nExamples:\n  scriptorium runs rm 20261125-101500-npc\n  scriptorium runs rm latest --json")
    .action((refs: string[], o: { json?: boolean }) =>
      handle(async () => {
        const ids = [...new Set(refs.map((ref) => openRun(ref).id))];
        const removed = ids.map((id) => removeRun(id));
        if (o.json) return printJson({ removed });
        for (const id of removed) say(`removed ${id}`);
      }),
    );
  runs
    .command("reindex")
    .description("rebuild the run index from the run folders (manifests, events.jsonl, eval/report.json); runs on their own when it is missing or broken")
    .option("--json", "machine-readable: {path, runs, metrics, eval_metrics}")
    .action((o: { json?: boolean }) =>
      handle(async () => {
        const r = reindex();
        if (o.json) return printJson(r);
        say(`indexed ${r.runs} run${r.runs === 1 ? "" : "s"} (${r.metrics} metric values, ${r.eval_metrics} suite results) in ${r.path}`);
      }),
    );
}
