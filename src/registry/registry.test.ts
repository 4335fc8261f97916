import { afterEach, test } from "node:test";
import assert from "node:assert/strict";
import { spawn } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { pathToFileURL } from "node:url";
import type Database from "better-sqlite3";
import { isUserError, UserError } from "../errors.js";
import { closeIndexDbs, INDEX_SCHEMA_VERSION, listIndexed } from "../track/run-index.js";
import { createRun } from "../track/run-store.js";
import { lineage, listRegistry, promote, PromotionRefused, registerRun, rollback, showModel, type RegistrySnapshot } from "./registry.js";

const Sqlite = createRequire(import.meta.url)("better-sqlite3") as typeof Database;
const sha = (s: string | Buffer) => createHash("sha256").update(s).digest("hex");

let root = "";
function freshRoot(): string {
  closeIndexDbs();
  root = mkdtempSync(join(tmpdir(), "registry-"));
  process.env.SCRIPTORIUM_RUNS = root;
  return root;
}
afterEach(() => {
  closeIndexDbs();
  delete process.env.SCRIPTORIUM_RUNS;
});

const GATES = [
  { metric: "persona_consistency_rate", max_drop: 0.05, against: "reference" },
  { metric: "forbidden_leak_rate", max: 0.2, against: "reference" },
];

let clock = Date.parse("2026-11-25T10:00:00Z");

/** A finished run folder as train + eval leave it: config, manifest, adapter weights, eval/report.json with the NPC suite's main metric. */
function makeRun(opts: { tuned: number; leak?: number; recipe?: string; role?: string; evaluated?: boolean; data?: string }): string {
  const recipe = opts.recipe ?? "npc";
  const run = createRun(recipe, new Date((clock += 1000)));
  const role = opts.role ?? "npc";
  writeFileSync(run.path("config.resolved.json"), JSON.stringify({ recipe_name: recipe, recipe_path: `/recipes/${recipe}.yaml`, role, base_model: { requested: "smollm2-135m-instruct", ref: { source: "local", id: "/cache/smollm2", revision: null, trust_remote_code: false } }, data: { path: "/world/starter/npc.jsonl", personas: "/world/personas", canon: "/world/canon", sha256: opts.data ?? "d".repeat(64) }, method: { kind: "lora", r: 8 }, eval: { gates: GATES } }));
  mkdirSync(run.path("adapter"));
  writeFileSync(run.path("adapter", "adapter_model.safetensors"), `weights of ${run.id}`);
  writeFileSync(run.path("adapter", "adapter_config.json"), `{"r": 8}`);
  const reportPath = run.path("eval", "report.json");
  if (opts.evaluated !== false) {
    mkdirSync(run.path("eval"));
    const est = (value: number) => ({ value, lo: value - 0.05, hi: value + 0.05, n: 16 });
    const report = {
      version: 1, run: run.id, recipe, role, created: new Date(clock).toISOString(), base_model: "smollm2-135m-instruct", method: "lora", split: "test",
      metrics: [
        { name: "persona_consistency_rate", description: "", direction: "higher", kind: "item", main: true, values: { base: est(0.3), few_shot: est(0.4), tuned: est(opts.tuned) }, tuned_vs_base: { diff: est(opts.tuned - 0.3), verdict: "better" } },
        { name: "forbidden_leak_rate", description: "", direction: "lower", kind: "item", main: false, values: { base: est(0.1), few_shot: est(0.1), tuned: est(opts.leak ?? 0.05) } },
      ],
      main_metric: "persona_consistency_rate",
      answer: { fine_tuning_vs_prompting: "better", text: "fine-tuning beat prompting" },
      samples: [], notes: [],
    };
    writeFileSync(reportPath, JSON.stringify(report));
  }
  run.writeManifest({
    id: run.id, recipe, recipe_path: `/recipes/${recipe}.yaml`, status: "done", created: new Date(clock).toISOString(), updated: "",
    base_model: { requested: "smollm2-135m-instruct", id: "/cache/smollm2" }, data: { path: "/world/starter/npc.jsonl", sha256: opts.data ?? "d".repeat(64), format: "npc-conversations", counts: { train: 96, validation: 12, test: 12 } },
    engine: {}, metrics: { steps: 12 }, adapter: run.path("adapter"), parent_run: null,
    ...(opts.evaluated !== false ? { eval_report: { path: reportPath } } : {}),
  } as Parameters<typeof run.writeManifest>[0]);
  return run.id;
}

function refused(f: () => unknown): PromotionRefused {
  try {
    f();
  } catch (e) {
    if (e instanceof PromotionRefused) return e;
    throw e;
  }
  assert.fail("the promotion was not refused");
}
function userError(f: () => unknown): UserError {
  try {
    f();
  } catch (e) {
    if (isUserError(e)) return e;
    throw e;
  }
  assert.fail("no UserError");
}
const stages = (name: string) => Object.fromEntries(showModel(name).versions.map((v) => [v.version, v.stage]));
const snapshotFile = () => JSON.parse(readFileSync(join(root, "registry.json"), "utf8")) as RegistrySnapshot;

test("register: a run becomes candidate v1 with its lineage (data sha → run → artifact hashes → eval report → version); again, it is the same version", () => {
  freshRoot();
  const id = makeRun({ tuned: 0.6 });
  const { version: v, registered } = registerRun(id, { name: "npc-aurelio", by: "ana" });
  assert.equal(registered, true);
  assert.equal(v.version, 1);
  assert.equal(v.stage, "candidate");
  assert.equal(v.role, "npc");
  assert.equal(v.created_by, "ana");
  assert.equal(registerRun(id, { name: "npc-aurelio" }).registered, false);
  assert.equal(showModel("npc-aurelio").versions.length, 1);

  const dir = join(root, id);
  const steps = lineage(v);
  assert.deepEqual(steps.map((s) => s.kind), ["data", "run", "artifact", "eval", "version"]);
  const [data, run, artifact, evalStep, version] = steps;
  assert.deepEqual(data, { kind: "data", sha256: "d".repeat(64), path: "/world/starter/npc.jsonl", format: "npc-conversations", personas: "/world/personas", canon: "/world/canon", counts: { train: 96, validation: 12, test: 12 } });
  assert.ok(run?.kind === "run");
  assert.equal(run.id, id);
  assert.equal(run.config_sha256, sha(readFileSync(join(dir, "config.resolved.json"))));
  assert.equal(`${run.method} ${run.base_model} ${run.recipe_path}`, "lora smollm2-135m-instruct /recipes/npc.yaml");
  // the artifact hash is sha256sum's listing of the folder, so it can be checked by hand
  const files = ["adapter_config.json", "adapter_model.safetensors"];
  const listing = files.map((f) => `${sha(readFileSync(join(dir, "adapter", f)))}  ./${f}\n`).join("");
  assert.ok(artifact?.kind === "artifact");
  assert.equal(artifact.sha256, sha(listing));
  assert.deepEqual(artifact.files.map((f) => f.file), files);
  assert.ok(evalStep?.kind === "eval");
  assert.equal(evalStep.report, join(dir, "eval", "report.json"));
  assert.equal(evalStep.sha256, sha(readFileSync(evalStep.report)));
  assert.deepEqual([evalStep.main_metric, evalStep.tuned, evalStep.few_shot, evalStep.base, evalStep.verdict], ["persona_consistency_rate", 0.6, 0.4, 0.3, "better"]);
  assert.ok(version?.kind === "version" && version.stage === "candidate" && version.promotion === null);

  // the run index keeps its own schema version; the registry's is in schema_modules
  const db = new Sqlite(join(root, "index.sqlite"), { readonly: true });
  assert.equal(db.pragma("user_version", { simple: true }), INDEX_SCHEMA_VERSION);
  assert.deepEqual(db.prepare("SELECT version FROM schema_modules WHERE module = 'registry'").get(), { version: 1 });
  db.close();
  assert.equal(listIndexed().length, 1);
  assert.equal(snapshotFile().models[0]!.versions[0]!.stage, "candidate");
});

test("promote: the first version skips max_drop with a note; a later one passes against production and archives it; one that drops fails naming the metric and stays candidate; --force promotes it, recorded", () => {
  freshRoot();
  const a = makeRun({ tuned: 0.6 });
  const first = promote(a, { name: "npc-aurelio" });
  assert.equal(first.promoted, true);
  assert.equal(first.reference, null);
  assert.ok(first.gates.some((g) => g.metric === "persona_consistency_rate" && g.status === "skipped" && /first version/.test(g.detail)));
  assert.ok(first.notes.some((n) => /first production version/.test(n)));
  assert.deepEqual(stages("npc-aurelio"), { 1: "production" });
  assert.equal(promote(a, { name: "npc-aurelio" }).already_production, true);

  const b = makeRun({ tuned: 0.58 }); // within max_drop 0.05 of v1
  const second = promote(b, { name: "npc-aurelio", by: "ben", note: "more dialogue" });
  assert.deepEqual([second.promoted, second.version, second.previous, second.reference], [true, 2, 1, { version: 1, run: a }]);
  assert.ok(second.gates.some((g) => g.status === "passed" && /0\.58 vs 0\.6 \(reference /.test(g.detail)));
  assert.deepEqual(stages("npc-aurelio"), { 1: "archived", 2: "production" });
  const v2 = showModel("npc-aurelio").versions[1]!;
  assert.deepEqual({ ...v2.promotion, time: "" }, { time: "", by: "ben", forced: false, reference_version: 1, note: "more dialogue" });
  assert.equal(v2.gates!.length, 2);

  const c = makeRun({ tuned: 0.5 }); // 0.08 below production v2
  const e = refused(() => promote(c, { name: "npc-aurelio" }));
  assert.equal(e.code, "registry_gates_failed");
  assert.match(e.message, /npc-aurelio v3 stays a candidate: 1 gate\(s\) failed on persona_consistency_rate \(reference: production v2/);
  assert.match(e.hint!, /--force/);
  assert.deepEqual(e.outcome.failed.map((g) => g.metric), ["persona_consistency_rate"]);
  assert.deepEqual(stages("npc-aurelio"), { 1: "archived", 2: "production", 3: "candidate" });
  const attempt = showModel("npc-aurelio").events.at(-1)!;
  assert.equal(attempt.kind, "gates_failed");
  assert.match(String((attempt.detail.failed as string[])[0]), /worse by 0\.08/);

  const forced = promote(c, { name: "npc-aurelio", force: true, note: "known noisy" });
  assert.deepEqual([forced.promoted, forced.forced, forced.previous], [true, true, 2]);
  assert.deepEqual(stages("npc-aurelio"), { 1: "archived", 2: "archived", 3: "production" });
  const m = showModel("npc-aurelio");
  assert.equal(m.production, 3);
  assert.equal(m.versions[2]!.promotion!.forced, true);
  const last = m.events.at(-1)!;
  assert.equal(last.kind, "forced");
  assert.equal(last.detail.from, 2);
  assert.deepEqual(m.events.map((x) => `${x.kind} v${x.version}`), ["register v1", "promote v1", "register v2", "promote v2", "register v3", "gates_failed v3", "forced v3"]);
});

test("rollback: back to the newest archived version below production, or --to N; candidates and unknown versions are refused; each is an event", () => {
  freshRoot();
  const ids = [0.6, 0.61, 0.62].map((tuned) => makeRun({ tuned }));
  for (const id of ids) promote(id, { name: "director-x" });
  const cand = makeRun({ tuned: 0.1 });
  refused(() => promote(cand, { name: "director-x" }));
  assert.deepEqual(stages("director-x"), { 1: "archived", 2: "archived", 3: "production", 4: "candidate" });

  assert.deepEqual(rollback("director-x", { note: "v3 repeats itself" }), { name: "director-x", from: 3, to: 2 });
  assert.deepEqual(stages("director-x"), { 1: "archived", 2: "production", 3: "archived", 4: "candidate" });
  assert.deepEqual(rollback("director-x"), { name: "director-x", from: 2, to: 1 });
  assert.equal(userError(() => rollback("director-x")).code, "registry_nothing_to_rollback");
  assert.deepEqual(rollback("director-x", { to: 3 }), { name: "director-x", from: 1, to: 3 });
  const cErr = userError(() => rollback("director-x", { to: 4 }));
  assert.equal(cErr.code, "registry_rollback_candidate");
  assert.match(cErr.hint!, /registry promote/);
  assert.equal(userError(() => rollback("director-x", { to: 3 })).code, "registry_already_production");
  assert.equal(userError(() => rollback("director-x", { to: 9 })).code, "registry_unknown_version");
  assert.equal(userError(() => rollback("nobody")).code, "registry_unknown_model");
  const rb = showModel("director-x").events.filter((e) => e.kind === "rollback").map((e) => [e.detail.from, e.detail.to]);
  assert.deepEqual(rb, [[3, 2], [2, 1], [1, 3]]);
  assert.equal(showModel("director-x").events.find((e) => e.kind === "rollback")!.detail.note, "v3 repeats itself");
});

test("refusals: no eval report names `scriptorium eval <run>`; a role mismatch, a bad name; a re-evaluated candidate is re-read", () => {
  freshRoot();
  const bare = makeRun({ tuned: 0.5, evaluated: false });
  const e = userError(() => promote(bare, { name: "npc-aurelio" }));
  assert.equal(e.code, "registry_no_eval");
  assert.equal(e.hint, `evaluate it first: scriptorium eval ${bare}`);
  assert.equal(existsSync(join(root, "registry.json")), false, "nothing registered");

  promote(makeRun({ tuned: 0.6 }), { name: "npc-aurelio" });
  const book = makeRun({ tuned: 0.6, recipe: "book", role: "book" });
  assert.equal(userError(() => promote(book, { name: "npc-aurelio" })).code, "registry_role_mismatch");
  assert.equal(userError(() => promote(book, { name: "Bad Name" })).code, "registry_bad_name");
  assert.equal(promote(book).name, "book", "the recipe name is the default name");

  // a candidate refused by its gates, evaluated again (better), is promoted with its new report
  const c = makeRun({ tuned: 0.4 });
  refused(() => promote(c, { name: "npc-aurelio" }));
  const rp = join(root, c, "eval", "report.json");
  writeFileSync(rp, readFileSync(rp, "utf8").replace('"tuned":{"value":0.4,', '"tuned":{"value":0.62,'));
  const ok = promote(c, { name: "npc-aurelio" });
  assert.equal(ok.promoted, true);
  const v = showModel("npc-aurelio").versions.find((x) => x.run.id === c)!;
  assert.equal(v.eval.tuned, 0.62);
  assert.equal(v.eval.sha256, sha(readFileSync(rp)));
  assert.ok(showModel("npc-aurelio").events.some((x) => x.kind === "refresh" && (x.detail.changed as string[]).includes("eval")));
});

test("the tables: one production per name is a unique index; events are append-only; registry.json mirrors listRegistry() and restores a lost index", () => {
  freshRoot();
  promote(makeRun({ tuned: 0.6 }), { name: "npc-aurelio" });
  promote(makeRun({ tuned: 0.6 }), { name: "npc-aurelio" });
  promote(makeRun({ tuned: 0.6, recipe: "book", role: "book" }));
  const snap = snapshotFile();
  const live = listRegistry();
  assert.deepEqual({ ...snap, updated: "" }, { ...live, updated: "" });
  assert.deepEqual(snap.models.map((m) => [m.name, m.production, m.versions.map((v) => v.stage)]), [["book", 1, ["production"]], ["npc-aurelio", 2, ["archived", "production"]]]);

  closeIndexDbs();
  const db = new Sqlite(join(root, "index.sqlite"));
  assert.throws(() => db.prepare("UPDATE registry_versions SET stage = 'production' WHERE name = 'npc-aurelio' AND version = 1").run(), /UNIQUE constraint failed/);
  assert.throws(() => db.prepare("DELETE FROM registry_events").run(), /append-only/);
  assert.throws(() => db.prepare("UPDATE registry_events SET kind = 'promote'").run(), /append-only/);
  db.close();

  // the index is derived data for runs, not for the registry: losing it loses nothing
  for (const ext of ["", "-wal", "-shm"]) rmSync(join(root, `index.sqlite${ext}`), { force: true });
  const write = process.stderr.write.bind(process.stderr);
  let err = "";
  process.stderr.write = ((chunk: string) => ((err += chunk), true)) as typeof process.stderr.write;
  try {
    promote(makeRun({ tuned: 0.6 }), { name: "npc-aurelio" }); // opens a fresh index
  } finally {
    process.stderr.write = write;
  }
  assert.match(err, /restored 2 model\(s\) from .*registry\.json/);
  const after = showModel("npc-aurelio");
  assert.deepEqual(after.versions.map((v) => v.stage), ["archived", "archived", "production"]);
  assert.deepEqual(after.events.map((e) => e.kind), ["register", "promote", "register", "promote", "restore", "register", "promote"]);
  assert.equal(listIndexed().length, 4, "the run tables were refilled from the folders");
});

test("concurrency: two processes promoting runs of one name over and over — every promotion serialised, exactly one production", async () => {
  freshRoot();
  const runs = [makeRun({ tuned: 0.6 }), makeRun({ tuned: 0.6 })];
  closeIndexDbs();
  const script = join(root, "..", `registry-worker-${process.pid}.mjs`);
  const url = (p: string) => JSON.stringify(pathToFileURL(resolve(p)).href);
  writeFileSync(
    script,
    `const { listRegistry, promote } = await import(${url("src/registry/registry.ts")});
listRegistry(); // the index opened and migrated before the race
const nap = (ms) => Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
while (Date.now() < Number(process.env.START_AT)) {} // both start at the same moment
const out = [];
const first = Date.now();
for (let i = 0; i < 20; i++) {
  out.push(promote(process.env.RUN, { name: "npc-aurelio", by: "worker-" + process.env.RUN }).promoted);
  nap(Math.random() * 15); // let the other one in
}
process.stdout.write(JSON.stringify({ out, first, last: Date.now() }));
`,
  );
  const startAt = Date.now() + 5000;
  const results = await Promise.all(
    runs.map(
      (run) =>
        new Promise<{ code: number | null; stdout: string; stderr: string }>((done) => {
          const child = spawn(process.execPath, ["--import", "tsx", script], { env: { ...process.env, SCRIPTORIUM_RUNS: root, RUN: run, START_AT: String(startAt) } });
          let stdout = "";
          let stderr = "";
          child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
          child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
          child.on("close", (code) => done({ code, stdout, stderr }));
        }),
    ),
  );
  rmSync(script);
  for (const r of results) {
    assert.equal(r.code, 0, r.stderr);
    assert.doesNotMatch(r.stderr, /SQLITE_BUSY|locked|warning/i);
  }
  const outs = results.map((r) => JSON.parse(r.stdout) as { out: boolean[]; first: number; last: number });
  assert.ok(Math.max(...outs.map((o) => o.first)) < Math.min(...outs.map((o) => o.last)), `the workers overlapped: ${JSON.stringify(outs)}`);
  const m = showModel("npc-aurelio");
  assert.deepEqual(m.versions.map((v) => v.run.id).sort(), [...runs].sort(), "each run is one version, however often it was promoted");
  assert.equal(m.versions.filter((v) => v.stage === "production").length, 1);
  // promotions form one chain: each names the version the one before it made production
  const promotions = m.events.filter((e) => e.kind === "promote");
  const promotedCount = outs.flatMap((o) => o.out).filter(Boolean).length;
  assert.equal(promotions.length, promotedCount);
  assert.ok(promotedCount > 4, `the promotions interleaved: ${promotedCount}`);
  let prod: number | null = null;
  for (const e of promotions) {
    assert.equal(e.detail.from, prod, JSON.stringify(promotions.map((x) => [x.version, x.detail.from])));
    prod = e.version;
  }
  assert.equal(m.production, prod);
  assert.deepEqual({ ...snapshotFile(), updated: "" }, { ...listRegistry(), updated: "" }, "registry.json is the last state");
});
