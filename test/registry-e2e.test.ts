/**
 * The model registry end to end through the built CLI on the tiny model: one real
 * `scriptorium run` with a small role eval, promoted as `tiny-npc` (its max_drop gates skipped:
 * first version); its lineage points at the run's data hash, eval report and artifact files. A
 * copy of the run whose report is made worse is refused by the gates (exit 1, the metric named,
 * it stays a candidate), then forced, then rolled back.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { createHash } from "node:crypto";
import { cpSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { buildTinyModel, cli, tempDir, writeRecipe } from "./helpers.js";

let model = "";
before(async () => {
  model = await buildTinyModel();
});

const EVAL = `eval:
  samples:
    count: 0
  generate:
    max_examples: 4
    max_new_tokens: 8
    few_shot: 1
  bootstrap:
    resamples: 200
  gates:
    - metric: "*"
      max_drop: 0.05
      against: reference
    - metric: perplexity
      max: 1.0e9
`;

const sha = (b: Buffer | string) => createHash("sha256").update(b).digest("hex");
const json = <T>(stdout: string) => JSON.parse(stdout) as T;

interface Step {
  kind: string;
  [k: string]: unknown;
}
interface Shown {
  name: string;
  role: string;
  production: number | null;
  version: { version: number; stage: string; run: { id: string }; promotion: { forced: boolean } | null; gates: { metric: string; status: string; detail: string }[] };
  lineage: Step[];
  versions: { version: number; stage: string }[];
  events: { kind: string; version: number | null; by: string; detail: Record<string, unknown> }[];
}

test("registry promote → show → list on a real tiny run: lineage to its data sha256, eval report and artifact hash; gates refuse a worse copy, --force, rollback", () => {
  const dir = tempDir("e2e-registry-");
  const runs = join(dir, "runs");
  const env = { SCRIPTORIUM_RUNS: runs, SCRIPTORIUM_USER: "e2e" };
  const r = cli(["run", writeRecipe(dir, model, EVAL), "--max-steps", "4"], env);
  assert.equal(r.code, 0, r.stderr);
  const id = /run (\d{8}-\d{6}-tiny-npc)/.exec(r.stdout)![1]!;
  const runDir = join(runs, id);
  const manifest = JSON.parse(readFileSync(join(runDir, "manifest.json"), "utf8"));

  const p = cli(["registry", "promote", id, "--name", "tiny-npc", "--note", "first voice"], env);
  assert.equal(p.code, 0, p.stderr);
  assert.match(p.stdout, new RegExp(`registered run ${id} as tiny-npc v1 \\(candidate\\)`));
  assert.match(p.stdout, /gate skipped .*no reference report/);
  assert.match(p.stdout, /note: first production version: max_drop gates against a reference are skipped/);
  assert.match(p.stdout, /tiny-npc v1 is production/);

  const s = cli(["registry", "show", "tiny-npc", "--json"], env);
  assert.equal(s.code, 0, s.stderr);
  const shown = json<Shown>(s.stdout);
  assert.deepEqual([shown.name, shown.role, shown.production, shown.version.stage], ["tiny-npc", "npc", 1, "production"]);
  assert.deepEqual(shown.lineage.map((x) => x.kind), ["data", "run", "artifact", "eval", "version"]);
  const [data, run, artifact, ev] = shown.lineage as [Step, Step, Step, Step];
  assert.equal(data.sha256, manifest.data.sha256);
  assert.match(String(data.sha256), /^[0-9a-f]{64}$/);
  assert.equal(data.path, manifest.data.path);
  assert.equal(run.id, id);
  assert.equal(run.config_sha256, sha(readFileSync(join(runDir, "config.resolved.json"))));
  assert.equal(ev.report, join(runDir, "eval", "report.json"));
  assert.equal(ev.sha256, sha(readFileSync(join(runDir, "eval", "report.json"))));
  assert.equal(ev.main_metric, manifest.eval_report.main_metric);
  assert.equal(ev.tuned, manifest.eval_report.tuned);
  // the artifact: every file of adapter/ hashed, the weights among them
  assert.equal(artifact.path, manifest.adapter);
  const files = artifact.files as { file: string; sha256: string }[];
  const weights = files.find((f) => f.file === "adapter_model.safetensors")!;
  assert.equal(weights.sha256, sha(readFileSync(join(manifest.adapter, "adapter_model.safetensors"))));
  assert.deepEqual(files.map((f) => f.file).sort(), readdirSync(manifest.adapter).sort());
  assert.equal(artifact.sha256, sha(files.map((f) => `${f.sha256}  ./${f.file}\n`).join("")));
  assert.deepEqual(shown.events.map((e) => [e.kind, e.by]), [["register", "e2e"], ["promote", "e2e"]]);

  const text = cli(["registry", "show", "tiny-npc"], env);
  assert.equal(text.code, 0, text.stderr);
  assert.match(text.stdout, /data {6}sha256 [0-9a-f]{12}…[\s\S]*↓\n {2}run {7}\S+-tiny-npc[\s\S]*↓\n {2}artifact[\s\S]*adapter_model\.safetensors[\s\S]*↓\n {2}eval[\s\S]*↓\n {2}version {3}tiny-npc v1 {2}production/);

  // a copy of the run whose held-out perplexity is 10× worse: the "*" max_drop gate against v1 refuses it
  const copy = `${id}-b`;
  cpSync(runDir, join(runs, copy), { recursive: true });
  const m2 = { ...manifest, id: copy, adapter: join(runs, copy, "adapter"), eval_report: { ...manifest.eval_report, path: join(runs, copy, "eval", "report.json") } };
  writeFileSync(join(runs, copy, "manifest.json"), JSON.stringify(m2));
  const rp = join(runs, copy, "eval", "report.json");
  const report = JSON.parse(readFileSync(rp, "utf8"));
  report.metrics.find((x: { name: string }) => x.name === "perplexity").values.tuned.value *= 10;
  writeFileSync(rp, JSON.stringify(report));
  const bad = cli(["registry", "promote", copy, "--name", "tiny-npc"], env);
  assert.equal(bad.code, 1, bad.stdout + bad.stderr);
  assert.match(bad.stdout, /gate failed {2}perplexity = .* \(reference \S+\): worse by .*, allowed 0\.05/);
  assert.match(bad.stderr, /error\[registry_gates_failed\]: tiny-npc v2 stays a candidate: \d+ gate\(s\) failed on .*perplexity.*\(reference: production v1/);
  assert.match(bad.stderr, /hint: .*--force/);
  const list = json<{ models: { name: string; production: number; versions: { stage: string }[] }[] }>(cli(["registry", "list", "--json"], env).stdout);
  assert.deepEqual(list.models.map((m) => [m.name, m.production, m.versions.map((v) => v.stage)]), [["tiny-npc", 1, ["production", "candidate"]]]);
  assert.deepEqual(JSON.parse(readFileSync(join(runs, "registry.json"), "utf8")).models[0].versions.map((v: { stage: string }) => v.stage), ["production", "candidate"]);

  const forced = cli(["registry", "promote", copy, "--name", "tiny-npc", "--force", "--json"], env);
  assert.equal(forced.code, 0, forced.stderr);
  assert.deepEqual(((o) => [o.promoted, o.forced, o.previous])(json<{ promoted: boolean; forced: boolean; previous: number }>(forced.stdout)), [true, true, 1]);
  const rb = cli(["registry", "rollback", "tiny-npc", "--json"], env);
  assert.equal(rb.code, 0, rb.stderr);
  assert.deepEqual(json(rb.stdout), { name: "tiny-npc", from: 2, to: 1 });
  const after = json<Shown>(cli(["registry", "show", "tiny-npc", "--json"], env).stdout);
  assert.deepEqual(after.versions.map((v) => v.stage), ["production", "archived"]);
  assert.deepEqual(after.events.map((e) => e.kind), ["register", "promote", "register", "gates_failed", "forced", "rollback"]);
  // --version after the subcommand is show's, not the root's -V, --version
  const v2 = json<Shown>(cli(["registry", "show", "tiny-npc", "--version", "2", "--json"], env).stdout);
  assert.deepEqual([v2.version.version, v2.version.stage, v2.version.run.id, v2.version.promotion!.forced], [2, "archived", copy, true]);
  const listText = cli(["registry", "list"], env);
  assert.match(listText.stdout, new RegExp(`tiny-npc +npc +v1 +2 +\\S+ .* ${id}`));

  // errors are user errors with hints
  const none = cli(["registry", "show", "nobody"], env);
  assert.equal(none.code, 1);
  assert.match(none.stderr, /error\[registry_unknown_model\][\s\S]*hint: registered: tiny-npc/);
  const again = cli(["registry", "rollback", "tiny-npc"], env);
  assert.equal(again.code, 1);
  assert.match(again.stderr, /error\[registry_nothing_to_rollback\][\s\S]*hint: archived versions: v2; pick one with --to N/);
});
