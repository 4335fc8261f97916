import type { Command } from "commander";
import { UserError } from "../errors.js";
import type { GateResult } from "../eval/gates.js";
import { lineage, listRegistry, promote, PromotionRefused, rollback, showModel, type LineageStep, type ModelVersion, type RegisteredModel } from "../registry/registry.js";
import { handle, printJson, table } from "./main.js";

const say = (text: string) => void process.stdout.write(text + "\n");
const num = (x: number | null | undefined) => (typeof x === "number" && Number.isFinite(x) ? String(Number(x.toPrecision(4))) : "-");
const short = (sha: string | null) => (sha ? `${sha.slice(0, 12)}…` : "-");
const when = (iso: string | null | undefined) => (iso ? iso.replace("T", " ").replace(/\.\d+Z$/, "Z") : "-");
const bytes = (n: number) => (n >= 1 << 20 ? `${(n / (1 << 20)).toFixed(1)} MB` : n >= 1024 ? `${(n / 1024).toFixed(1)} kB` : `${n} B`);

/** Checked in the action (inside handle), so a bad value is a user error, not a crash in the option parser. */
function versionNumber(flag: string, v: string | undefined, name: string): number | undefined {
  if (v === undefined) return undefined;
  const n = Number(v);
  if (!Number.isInteger(n) || n < 1) throw new UserError("registry_bad_version", `${flag} needs a version number (1, 2, …), got "${v}"`, { hint: `see the versions: scriptorium registry show ${name}` });
  return n;
}

const mainCell = (v: ModelVersion | undefined) => (v ? `${v.eval.main_metric} ${num(v.eval.tuned)} (few-shot ${num(v.eval.few_shot)}, base ${num(v.eval.base)})` : "-");

function stepLines(s: LineageStep): string {
  switch (s.kind) {
    case "data": {
      const counts = s.counts ? ["train", "validation", "test"].filter((k) => s.counts![k] !== undefined).map((k) => `${k} ${s.counts![k]}`).join(" / ") : "";
      return `data      sha256 ${short(s.sha256)}  ${s.path ?? "-"}${s.format || counts ? `  (${[s.format, counts].filter(Boolean).join("; ")})` : ""}`;
    }
    case "run":
      return `run       ${s.id}  ${s.method} on ${s.base_model}  (recipe ${s.recipe_path}, config sha256 ${short(s.config_sha256)})`;
    case "artifact": {
      const weights = s.files.filter((f) => f.file.endsWith(".safetensors")).map((f) => `${f.file} ${bytes(f.bytes)}`);
      return `artifact  ${s.path}  sha256 ${short(s.sha256)}  (${weights.join(", ")}; ${s.files.length} files)`;
    }
    case "eval":
      return `eval      ${s.report}  sha256 ${short(s.sha256)}\n          ${s.suite} suite, ${s.main_metric}: tuned ${num(s.tuned)}, few-shot ${num(s.few_shot)}, base ${num(s.base)} — fine-tuning vs prompting: ${s.verdict}`;
    case "version": {
      const p = s.promotion;
      const promoted = p ? `; promoted ${when(p.time)} by ${p.by}${p.reference_version ? ` (gates against v${p.reference_version})` : " (first version)"}${p.forced ? " FORCED past failing gates" : ""}` : "";
      return `version   ${s.name} v${s.version}  ${s.stage}  registered ${when(s.created)} by ${s.created_by}${promoted}`;
    }
  }
}

const gateLine = (g: GateResult) => `${g.status.padEnd(7)} ${g.detail}`;

function printModel(m: RegisteredModel, v: ModelVersion): void {
  const out: string[] = [];
  out.push(`${m.name} (${m.role}) — ${m.production ? `production v${m.production}` : "no production version"}, ${m.versions.length} version${m.versions.length === 1 ? "" : "s"}`, "");
  out.push(`v${v.version} lineage (data → run → artifact → eval → version)`);
  out.push(lineage(v).map((s) => "  " + stepLines(s).split("\n").join("\n  ")).join("\n     ↓\n"));
  if (v.gates) {
    out.push("", `gates at the last promotion attempt of v${v.version}`);
    out.push(...(v.gates.length ? v.gates.map((g) => "  " + gateLine(g)) : ["  (the recipe has no eval.gates)"]));
  }
  out.push("", "versions");
  const rows: string[][] = [["  version", "stage", "run", "main metric: tuned (few-shot, base)", "registered", "by"]];
  for (const x of m.versions) rows.push([`  v${x.version}${x.version === v.version ? " *" : ""}`, x.stage, x.run.id, mainCell(x), when(x.created), x.created_by]);
  out.push(table(rows), "", "events");
  const ev: string[][] = [];
  for (const e of m.events) ev.push([`  ${when(e.time)}`, e.kind, e.version ? `v${e.version}` : "", e.by, eventText(e.kind, e.detail)]);
  out.push(ev.length ? table(ev) : "  (none)");
  say(out.join("\n"));
}

function eventText(kind: string, d: Record<string, unknown>): string {
  const note = typeof d.note === "string" && d.note ? ` — "${d.note}"` : "";
  const failed = Array.isArray(d.failed) ? (d.failed as string[]) : [];
  if (kind === "register") return `run ${String(d.run)}${note}`;
  if (kind === "refresh") return `re-read run ${String(d.run)}: ${(d.changed as string[]).join(", ")} changed`;
  if (kind === "promote" || kind === "forced") return `${d.from ? `from v${String(d.from)}` : "first production version"}; gates ${String(d.passed)} passed, ${String(d.skipped)} skipped${failed.length ? `, ${failed.length} failed: ${failed.join("; ")}` : ""}${note}`;
  if (kind === "gates_failed") return `stays candidate: ${failed.join("; ")}${note}`;
  if (kind === "rollback") return `from ${d.from ? `v${String(d.from)}` : "none"} to v${String(d.to)}${note}`;
  if (kind === "restore") return `tables refilled from ${String(d.from)}`;
  return JSON.stringify(d);
}

export function registerRegistry(program: Command): void {
  const registry = program
    .command("registry")
    .description("named models per role or character (npc-aurelio, director, book), their versions, lineage and stage; promotion through the recipe's release gates")
    .addHelpText(
      "after",
      `
A version is one evaluated run registered under a name: it records the data hash, the run, the
artifact's file hashes, the eval report (hash and main metric) and who made it when. Lineage runs
data → run → artifact → eval report → version. Stages: candidate, production (one per name),
archived. \`promote\` holds the run's eval report to its recipe's eval.gates, with the production
version's report as the reference of max_drop gates; it exits 1 naming the failing metrics and the
version stays a candidate. Every promotion, refusal and rollback is an event kept for good.
The registry lives in <runs root>/index.sqlite; <runs root>/registry.json is a snapshot of it.

Examples:
  scriptorium registry promote latest --name npc-aurelio     # register the newest run and make it production
  scriptorium registry list
  scriptorium registry show npc-aurelio                      # the production version's lineage, versions, events
  scriptorium registry rollback npc-aurelio                  # back to the previous production version`,
    );

  registry
    .command("list")
    .description("one line per model: role, production version, versions, main metric of the production version")
    .option("--role <role>", "only models of this role: npc, director, book")
    .option("--json", "machine-readable: the registry snapshot {version, updated, root, models: [{name, role, production, versions, events}]} (what registry.json holds)")
    .addHelpText("after", "\nExamples:\n  scriptorium registry list\n  scriptorium registry list --role npc\n  scriptorium registry list --json | jq '.models[] | {name, production}'")
    .action((o: { role?: string; json?: boolean }) =>
      handle(async () => {
        const snap = listRegistry();
        const models = snap.models.filter((m) => !o.role || m.role === o.role);
        if (o.json) return printJson({ ...snap, models });
        if (models.length === 0) return say(o.role ? `no ${o.role} models registered` : "no models registered yet — try: scriptorium registry promote latest --name <name>");
        const rows: string[][] = [["name", "role", "production", "versions", "main metric (production): tuned (few-shot, base)", "production run"]];
        for (const m of models) {
          const prod = m.versions.find((v) => v.stage === "production");
          const cands = m.versions.filter((v) => v.stage === "candidate").length;
          rows.push([m.name, m.role, m.production ? `v${m.production}` : "-", `${m.versions.length}${cands ? ` (${cands} candidate${cands > 1 ? "s" : ""})` : ""}`, mainCell(prod), prod?.run.id ?? "-"]);
        }
        say(table(rows));
      }),
    );

  registry
    .command("show")
    .description("a model's version (default: production, else the newest) as a lineage chain, its gate results, every version and the event log")
    .argument("<name>", "a registered model name")
    .option("--version <n>", "this version instead of the production one")
    .option("--json", "machine-readable: {name, role, production, version, lineage: [data, run, artifact, eval, version], versions, events}")
    .addHelpText("after", "\nExamples:\n  scriptorium registry show npc-aurelio\n  scriptorium registry show npc-aurelio --version 2\n  scriptorium registry show npc-aurelio --json | jq '.lineage[] | {kind, sha256}'")
    .action((name: string, o: { version?: string; json?: boolean }) =>
      handle(async () => {
        const want = versionNumber("--version", o.version, name);
        const m = showModel(name);
        const v = want !== undefined ? m.versions.find((x) => x.version === want) : (m.versions.find((x) => x.stage === "production") ?? m.versions.at(-1));
        if (!v) throw new UserError("registry_unknown_version", `${name} has no version ${want ?? ""}`.trim(), { hint: `its versions: ${m.versions.map((x) => `v${x.version}`).join(", ") || "none"}` });
        if (o.json) return printJson({ name: m.name, role: m.role, production: m.production, version: v, lineage: lineage(v), versions: m.versions, events: m.events });
        printModel(m, v);
      }),
    );

  registry
    .command("promote")
    .description("register a run as a version of <name> (if it is not one yet) and make it production when the recipe's eval.gates pass against the production version")
    .argument("<run>", "run id, unique prefix, 'latest', or a run folder; it needs an eval report (scriptorium eval <run>)")
    .option("--name <name>", "the model name (default: the run's recipe name), e.g. npc-aurelio")
    .option("--force", "promote even when gates fail; the promotion is recorded as forced, with the failures")
    .option("--note <text>", "why: kept with the event")
    .option("--by <who>", "who promotes (default $SCRIPTORIUM_USER, else user@host)")
    .option("--json", "machine-readable: {name, version, run, registered, promoted, forced, previous, reference, gates, failed, notes}")
    .addHelpText(
      "after",
      `
The gates are the run's own recipe's eval.gates (config.resolved.json). max_drop gates with
\`against: reference\` compare with the production version's report as recorded when it was
registered; the first version has none, so they are skipped and say so. When a gate fails the
command exits 1 naming the metrics, and the version stays a candidate (the attempt is an event).
On success the previous production version becomes archived.

Examples:
  scriptorium registry promote latest --name npc-aurelio
  scriptorium registry promote 20261125-101500-npc --name npc-aurelio --note "more Aurelio dialogue"
  scriptorium registry promote latest --name director --force --note "hotfix; gate metric known noisy"`,
    )
    .action((ref: string, o: { name?: string; force?: boolean; note?: string; by?: string; json?: boolean }) =>
      handle(async () => {
        let out;
        try {
          out = promote(ref, { name: o.name, force: o.force, note: o.note, by: o.by });
        } catch (e) {
          if (!(e instanceof PromotionRefused)) throw e;
          if (o.json) printJson(e.outcome);
          else printPromote(e.outcome);
          throw e;
        }
        if (o.json) return printJson(out);
        printPromote(out);
      }),
    );

  registry
    .command("rollback")
    .description("make the previous archived version (the newest below production) production again, or --to N; the production one is archived")
    .argument("<name>", "a registered model name")
    .option("--to <n>", "this archived version instead")
    .option("--note <text>", "why: kept with the event")
    .option("--by <who>", "who rolls back (default $SCRIPTORIUM_USER, else user@host)")
    .option("--json", "machine-readable: {name, from, to}")
    .addHelpText("after", "\nNo gates run: an archived version passed them when it was promoted. Candidates never were production; promote them instead.\n\nExamples:\n  scriptorium registry rollback npc-aurelio\n  scriptorium registry rollback npc-aurelio --to 1 --note \"v3 repeats itself in long dialogues\"")
    .action((name: string, o: { to?: string; note?: string; by?: string; json?: boolean }) =>
      handle(async () => {
        const r = rollback(name, { to: versionNumber("--to", o.to, name), note: o.note, by: o.by });
        if (o.json) return printJson(r);
        say(`${r.name}: v${r.to} is production again${r.from ? ` (v${r.from} archived)` : ""}`);
      }),
    );
}

function printPromote(o: import("../registry/registry.js").PromoteOutcome): void {
  if (o.registered) say(`registered run ${o.run} as ${o.name} v${o.version} (candidate)`);
  if (o.already_production) return say(`${o.name} v${o.version} (run ${o.run}) is already production`);
  for (const g of o.gates) say(`gate ${gateLine(g)}`);
  for (const n of o.notes) say(`note: ${n}`);
  if (o.promoted) say(`${o.name} v${o.version} is production${o.forced ? ` — FORCED past ${o.failed.length} failing gate(s)` : ""}${o.previous ? ` (v${o.previous} archived)` : ""}`);
}
