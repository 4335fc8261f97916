/**
 * MLflow tracking end to end against a real `mlflow server` (the tools venv's; SQLite store,
 * artifacts through the server's proxy), checked through MLflow's own REST API: a `scriptorium run`
 * logs tags, params, every step's metrics, the suite, text samples and artifacts into one MLflow run
 * and a later `scriptorium eval` logs into the same one; a server killed mid-run loses nothing,
 * whether it comes back before the run ends or only for `scriptorium runs sync-mlflow`, and a
 * process killed while it is down leaves an outbox that the resumed run delivers.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, type ChildProcess } from "node:child_process";
import { closeSync, existsSync, openSync, readFileSync } from "node:fs";
import { createServer, type AddressInfo } from "node:net";
import { join } from "node:path";
import { toolsVenv } from "../src/paths.js";
import { describeMetrics, mlflowKey } from "../src/track/mlflow.js";
import { buildTinyModel, CLI, cli, fetchRetry, tempDir, writeRecipe, type CliResult } from "./helpers.js";

const MLFLOW = join(toolsVenv(), "bin", "mlflow");
const STEPS = Array.from({ length: 12 }, (_, i) => i + 1);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

class MlflowServer {
  private proc: ChildProcess | null = null;
  readonly uri: string;

  constructor(
    readonly dir: string,
    readonly port: number,
  ) {
    this.uri = `http://127.0.0.1:${port}`;
  }

  /** Starts the server (same DB and artifact folder every time) and waits for /health: 10–30 s on two cores. */
  async start(): Promise<void> {
    const logPath = join(this.dir, "server.log");
    const log = openSync(logPath, "a");
    const args = ["server", "--backend-store-uri", `sqlite:///${join(this.dir, "mlflow.db")}`, "--artifacts-destination", join(this.dir, "artifacts")];
    args.push("--host", "127.0.0.1", "--port", String(this.port), "--workers", "1");
    // detached: its own process group, so a kill reaches uvicorn too; no job runner (not used, costs CPU)
    const proc = spawn(MLFLOW, args, { detached: true, stdio: ["ignore", log, log], env: { ...process.env, MLFLOW_SERVER_ENABLE_JOB_EXECUTION: "false" } });
    closeSync(log);
    this.proc = proc;
    const deadline = Date.now() + 120_000;
    while (Date.now() < deadline) {
      if (proc.exitCode !== null) throw new Error(`mlflow server exited with ${proc.exitCode}:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
      try {
        if ((await fetch(`${this.uri}/health`, { signal: AbortSignal.timeout(2000) })).ok) return;
      } catch {
        /* not up yet */
      }
      await sleep(300);
    }
    this.kill();
    throw new Error(`mlflow server on ${this.uri} not healthy after 120 s:\n${readFileSync(logPath, "utf8").slice(-2000)}`);
  }

  kill(): void {
    const pid = this.proc?.pid;
    if (pid && this.proc!.exitCode === null) {
      try {
        process.kill(-pid, "SIGKILL");
      } catch {
        /* already gone */
      }
    }
    this.proc = null;
  }

  async api<T>(path: string, body?: unknown): Promise<T> {
    const init = body === undefined ? {} : { method: "POST", body: JSON.stringify(body), headers: { "content-type": "application/json" } };
    const r = await fetchRetry(`${this.uri}/api/2.0/mlflow/${path}`, { ...init, signal: AbortSignal.timeout(10_000) });
    const text = await r.text();
    assert.ok(r.ok, `${path}: HTTP ${r.status} ${text}`);
    return JSON.parse(text) as T;
  }

  async history(runId: string, key: string): Promise<{ step: number; value: number }[]> {
    const h = await this.api<{ metrics?: { step: number; value: number }[] }>(`metrics/get-history?run_id=${runId}&metric_key=${encodeURIComponent(key)}`);
    return (h.metrics ?? []).sort((a, b) => a.step - b.step);
  }

  async artifacts(runId: string, path: string): Promise<string[]> {
    const r = await this.api<{ files?: { path: string }[] }>(`artifacts/list?run_id=${runId}&path=${encodeURIComponent(path)}`);
    return (r.files ?? []).map((f) => f.path);
  }
}

interface MlflowRun {
  info: { run_id: string; run_name: string; status: string; experiment_id: string; end_time?: number };
  data: { tags: { key: string; value: string }[]; params: { key: string; value: string }[]; metrics: { key: string; step: number }[] };
}

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const { port } = s.address() as AddressInfo;
      s.close(() => resolve(port));
    });
  });
}

/** The CLI with `onLine` called for each stderr line (people's output: steps and notes), bounded to 10 minutes. */
function cliWatch(args: string[], env: Record<string, string>, onLine: (line: string, kill: () => void) => void): Promise<CliResult> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args], { env: { ...process.env, ...env } });
    const timer = setTimeout(() => child.kill("SIGKILL"), 600_000);
    let stdout = "";
    let stderr = "";
    let buf = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => {
      stderr += d.toString();
      buf += d.toString();
      let i: number;
      while ((i = buf.indexOf("\n")) >= 0) {
        onLine(buf.slice(0, i), () => child.kill("SIGKILL"));
        buf = buf.slice(i + 1);
      }
    });
    child.on("close", (code) => {
      clearTimeout(timer);
      resolve({ code, stdout, stderr });
    });
  });
}

const runIdOf = (r: CliResult) => /run (\d{8}-\d{6}-tiny-npc(?:-\d+)?)/.exec(r.stderr + r.stdout)![1]!;
const manifestOf = (runs: string, id: string) => JSON.parse(readFileSync(join(runs, id, "manifest.json"), "utf8"));
const lossesOf = (runs: string, id: string) =>
  readFileSync(join(runs, id, "events.jsonl"), "utf8")
    .split("\n")
    .filter(Boolean)
    .map((l) => JSON.parse(l))
    .filter((e) => e.event === "step")
    .map((e) => e.loss as number);

/** train/loss steps in an outbox journal: its `add` items not marked `done`. */
function outboxSteps(path: string, key: string): number[] {
  const live = new Map<number, { kind: string; metrics?: { key: string; step: number }[] }>();
  for (const line of readFileSync(path, "utf8").split("\n").filter(Boolean)) {
    const rec = JSON.parse(line);
    if (rec.add) live.set(rec.add.id, rec.add);
    for (const id of rec.done ?? []) live.delete(id);
  }
  return [...live.values()].flatMap((i) => (i.metrics ?? []).filter((m) => m.key === key).map((m) => m.step)).sort((a, b) => a - b);
}

/** The steps of `key` in "train/loss@4-7,9 train/lr@4-12" lists. */
function listedSteps(list: string, key: string): number[] {
  const m = new RegExp(`(?:^|\\s)${key.replace(/\//g, "\\/")}@([\\d,-]+)`).exec(list);
  if (!m) return [];
  return m[1]!.split(",").flatMap((r) => {
    const [a, b] = r.split("-").map(Number);
    return Array.from({ length: (b ?? a!) - a! + 1 }, (_, i) => a! + i);
  });
}

let model = "";
let server: MlflowServer;
let dir = "";

before(
  async () => {
    assert.ok(existsSync(MLFLOW), `${MLFLOW} missing: run \`make tools\``);
    dir = tempDir("e2e-mlflow-");
    server = new MlflowServer(dir, await freePort());
    [model] = await Promise.all([buildTinyModel(), server.start()]);
  },
  { timeout: 300_000 },
);

after(() => server?.kill());

test("keys MLflow accepts; undelivered metrics listed as key@step ranges", () => {
  assert.equal(mlflowKey("suite/in_character_rate/tuned"), "suite/in_character_rate/tuned");
  assert.equal(mlflowKey("samples/tuned/3"), "samples/tuned/3");
  assert.equal(mlflowKey("eval/ppl (α=0.5)!"), "eval/ppl ___0.5__");
  assert.equal(mlflowKey("/a//b/../c/"), "a/b/__/c");
  assert.equal(mlflowKey(""), "_");
  assert.equal(mlflowKey("x".repeat(300)).length, 250);
  const m = [4, 5, 6, 9, 12, 11].map((step) => ({ key: "train/loss", step })).concat([{ key: "eval/loss", step: 6 }]);
  assert.equal(describeMetrics(m), "train/loss@4-6,9,11-12 eval/loss@6");
  assert.deepEqual(listedSteps(describeMetrics(m), "train/loss"), [4, 5, 6, 9, 11, 12]);
});

const EVAL = `eval:
  max_examples: 8
  generate:
    max_examples: 2
    max_new_tokens: 8
    few_shot: 0
  bootstrap:
    resamples: 100
tracking:
  mlflow:
    experiment: scriptorium-e2e
`;

test("run logs tags, params, every step, the suite, samples and artifacts to one MLflow run; eval logs into the same run", { timeout: 600_000 }, async () => {
  const runs = join(dir, "runs-1");
  const env = { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: server.uri };
  const r = cli(["run", writeRecipe(join(dir), model, EVAL)], env);
  assert.equal(r.code, 0, r.stderr);
  const id = runIdOf(r);
  const entry = manifestOf(runs, id).tracking.mlflow;
  assert.equal(entry.tracking_uri, server.uri);
  assert.equal(entry.experiment, "scriptorium-e2e");
  assert.match(r.stderr, new RegExp(`mlflow: MLflow run ${server.uri}/#/experiments/${entry.experiment_id}/runs/${entry.run_id}`));
  assert.doesNotMatch(r.stderr, /mlflow: .*(unreachable|not delivered|rejected)/);
  assert.ok(!existsSync(join(runs, id, "tracking", "mlflow-outbox.jsonl")), "outbox emptied");

  const exp = await server.api<{ experiment: { experiment_id: string } }>("experiments/get-by-name?experiment_name=scriptorium-e2e");
  assert.equal(exp.experiment.experiment_id, entry.experiment_id);
  const { run } = await server.api<{ run: MlflowRun }>(`runs/get?run_id=${entry.run_id}`);
  assert.equal(run.info.run_name, id);
  assert.equal(run.info.status, "FINISHED");
  assert.ok(run.info.end_time, "end_time set");
  const tags = Object.fromEntries(run.data.tags.map((t) => [t.key, t.value]));
  const config = JSON.parse(readFileSync(join(runs, id, "config.resolved.json"), "utf8"));
  assert.equal(tags["mlflow.runName"], id);
  assert.equal(tags.role, "npc");
  assert.equal(tags.method, "lora");
  assert.equal(tags.recipe, "tiny-npc");
  assert.equal(tags.base_model, model);
  assert.equal(tags.base_model_id, model);
  assert.equal(tags.data_sha256, config.data.sha256);
  assert.equal(tags["scriptorium.run_dir"], join(runs, id));
  const params = Object.fromEntries(run.data.params.map((p) => [p.key, p.value]));
  assert.equal(params["method.r"], "8");
  assert.equal(params["training.lr"], "0.02");
  assert.equal(params["training.max_steps"], "12");
  assert.equal(params["method.target_modules"], "all-linear");
  assert.equal(params["data.format"], "npc-conversations");

  const loss = await server.history(entry.run_id, "train/loss");
  assert.deepEqual(loss.map((m) => m.step), STEPS, "every step once");
  assert.deepEqual(loss.map((m) => m.value), lossesOf(runs, id), "the engine's losses");
  for (const key of ["train/lr", "train/grad_norm", "train/tokens_per_s", "train/epoch"]) assert.deepEqual((await server.history(entry.run_id, key)).map((m) => m.step), STEPS, key);
  assert.deepEqual((await server.history(entry.run_id, "eval/perplexity")).map((m) => m.step), [6, 12]);
  for (const key of ["heldout/perplexity/base", "heldout/perplexity/tuned"]) assert.deepEqual((await server.history(entry.run_id, key)).map((m) => m.step), [12], key);
  const suite = run.data.metrics.filter((m) => m.key.startsWith("suite/")).map((m) => m.key);
  for (const key of ["suite/perplexity/base", "suite/perplexity/tuned"]) assert.ok(suite.includes(key), `${key} in ${suite.join(" ")}`);
  const suiteKey = suite.find((k) => k.startsWith("suite/distinct_2/"))!;
  assert.ok(suiteKey, suite.join(" "));

  const adapter = await server.artifacts(entry.run_id, "adapter");
  assert.ok(adapter.includes("adapter/adapter_model.safetensors") && adapter.includes("adapter/adapter_config.json"), adapter.join(" "));
  const evalFiles = await server.artifacts(entry.run_id, "eval");
  for (const f of ["eval/report.json", "eval/report.html"]) assert.ok(evalFiles.includes(f), `${f} in ${evalFiles.join(" ")}`);
  // text as artifacts text/<tag>/step-<step>.md: in-training samples at each evaluation, the suite's at the end
  const texts: string[] = [];
  for (const d of await server.artifacts(entry.run_id, "text/samples")) texts.push(...(await server.artifacts(entry.run_id, d)));
  assert.ok(texts.some((t) => /^text\/samples\/.+\/step-6\.md$/.test(t)), texts.join(" "));
  const bodies = await Promise.all(
    texts.filter((t) => t.endsWith("/step-12.md")).map(async (t) => (await fetchRetry(`${server.uri}/api/2.0/mlflow-artifacts/artifacts/${entry.experiment_id}/${entry.run_id}/artifacts/${t}`)).text()),
  );
  assert.ok(bodies.some((b) => /\*\*prompt\*\*[\s\S]*\*\*tuned\*\*/.test(b)), "a suite sample with its prompt and the tuned reply");

  // `scriptorium eval` on its own logs into the same MLflow run, at the run's last step
  const again = cli(["eval", id, "--no-perplexity"], env);
  assert.equal(again.code, 0, again.stderr);
  const found = await server.api<{ runs: MlflowRun[] }>("runs/search", { experiment_ids: [entry.experiment_id] });
  assert.equal(found.runs.length, 1, "no second MLflow run");
  assert.deepEqual((await server.history(entry.run_id, suiteKey)).map((m) => m.step), [12, 12], "the suite logged twice at step 12");
  assert.equal((await server.api<{ run: MlflowRun }>(`runs/get?run_id=${entry.run_id}`)).run.info.status, "FINISHED");
});

test("server killed mid-run and down past close: the CLI names the undelivered metrics, the outbox has them, sync-mlflow delivers them", { timeout: 600_000 }, async () => {
  const runs = join(dir, "runs-2");
  const env = { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: server.uri, SCRIPTORIUM_MLFLOW_CLOSE_TIMEOUT_S: "3", SCRIPTORIUM_MLFLOW_RETRY_MAX_S: "1" };
  let killed = false;
  const r = await cliWatch(["train", writeRecipe(join(dir), model, "tracking:\n  mlflow:\n    experiment: scriptorium-e2e\n")], env, (line) => {
    if (!killed && /^train step 3\//.test(line)) {
      killed = true;
      server.kill();
    }
  });
  assert.equal(r.code, 0, r.stderr);
  assert.ok(killed, "saw step 3");
  const id = runIdOf(r);
  assert.equal(r.stderr.match(/mlflow: http:\/\/127\.0\.0\.1:\d+ is unreachable/g)?.length, 1, `told once:\n${r.stderr}`);
  const line = /mlflow: not delivered \(.*unreachable.*\): metrics (.*?)[;.] /.exec(r.stderr);
  assert.ok(line, r.stderr);
  const outbox = join(runs, id, "tracking", "mlflow-outbox.jsonl");
  assert.match(r.stderr, new RegExp(`kept in ${outbox.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")} .*scriptorium runs sync-mlflow ${id}`));
  const undelivered = listedSteps(line[1]!, "train/loss");
  assert.ok(undelivered.length > 0 && undelivered.includes(12), line[1]);
  assert.deepEqual(outboxSteps(outbox, "train/loss"), undelivered, "the outbox holds exactly what the CLI named");

  await server.start();
  const entry = manifestOf(runs, id).tracking.mlflow;
  const delivered = (await server.history(entry.run_id, "train/loss")).map((m) => m.step);
  assert.deepEqual([...new Set([...delivered, ...undelivered])].sort((a, b) => a - b), STEPS, "delivered + undelivered = every step");
  // no URI given: the manifest names the server
  const sync = cli(["runs", "sync-mlflow", id], { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: "" });
  assert.equal(sync.code, 0, sync.stderr);
  assert.match(sync.stdout, new RegExp(`sent \\d+ queued request\\(s\\) of ${id} to MLflow: ${server.uri}/#/experiments/`));
  const loss = await server.history(entry.run_id, "train/loss");
  assert.deepEqual(loss.map((m) => m.step), STEPS, "every step exactly once (a resend of a delivered batch is not a duplicate)");
  assert.deepEqual(loss.map((m) => m.value), lossesOf(runs, id));
  assert.deepEqual((await server.history(entry.run_id, "eval/loss")).map((m) => m.step), [6, 12]);
  assert.equal((await server.api<{ run: MlflowRun }>(`runs/get?run_id=${entry.run_id}`)).run.info.status, "FINISHED");
  assert.ok((await server.artifacts(entry.run_id, "adapter")).includes("adapter/adapter_model.safetensors"));
  assert.ok(!existsSync(outbox), "outbox emptied");
  assert.match(cli(["runs", "sync-mlflow", id], { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: "" }).stdout, /nothing to send/);
});

test("server killed mid-run and back before the run ends: no metric is lost and nothing is left over", { timeout: 600_000 }, async () => {
  const runs = join(dir, "runs-3");
  const env = { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: server.uri, SCRIPTORIUM_MLFLOW_CLOSE_TIMEOUT_S: "150", SCRIPTORIUM_MLFLOW_RETRY_MAX_S: "1" };
  let restart: Promise<void> | null = null;
  const r = await cliWatch(["train", writeRecipe(join(dir), model, "tracking:\n  mlflow:\n    experiment: scriptorium-e2e\n")], env, (line) => {
    if (!restart && /^train step 2\//.test(line)) {
      server.kill();
      restart = sleep(1000).then(() => server.start());
    }
  });
  assert.ok(restart, "saw step 2");
  await restart;
  assert.equal(r.code, 0, r.stderr);
  const id = runIdOf(r);
  assert.match(r.stderr, /mlflow: http:\/\/127\.0\.0\.1:\d+ is unreachable/);
  assert.match(r.stderr, /mlflow: http:\/\/127\.0\.0\.1:\d+ is reachable again/);
  assert.doesNotMatch(r.stderr, /mlflow: .*(not delivered|rejected)/);
  const entry = manifestOf(runs, id).tracking.mlflow;
  const loss = await server.history(entry.run_id, "train/loss");
  assert.deepEqual(loss.map((m) => m.step), STEPS);
  assert.deepEqual(loss.map((m) => m.value), lossesOf(runs, id));
  assert.equal((await server.api<{ run: MlflowRun }>(`runs/get?run_id=${entry.run_id}`)).run.info.status, "FINISHED");
  assert.ok(!existsSync(join(runs, id, "tracking", "mlflow-outbox.jsonl")));
});

test("process killed while the server is down: the resumed run replays its outbox into the same MLflow run", { timeout: 600_000 }, async () => {
  const runs = join(dir, "runs-4");
  const env = { SCRIPTORIUM_RUNS: runs, MLFLOW_TRACKING_URI: server.uri, SCRIPTORIUM_MLFLOW_CLOSE_TIMEOUT_S: "150", SCRIPTORIUM_MLFLOW_RETRY_MAX_S: "1" };
  const recipe = writeRecipe(join(dir), model, "tracking:\n  mlflow:\n    experiment: scriptorium-e2e\n");
  let phase = 0;
  const first = await cliWatch(["train", recipe], env, (line, kill) => {
    if (phase === 0 && /^train step 2\//.test(line)) {
      phase = 1;
      server.kill();
    } else if (phase === 1 && /^checkpoint .* at step 4:/.test(line)) {
      phase = 2;
      kill(); // no close, no flush: only the outbox on disk
    }
  });
  assert.equal(phase, 2, first.stderr);
  const id = runIdOf(first);
  const outbox = join(runs, id, "tracking", "mlflow-outbox.jsonl");
  assert.ok(outboxSteps(outbox, "train/loss").includes(4), "steps logged while the server was down are in the outbox");
  await sleep(3000); // the orphaned engine stops at its next write to the closed pipe
  await server.start();
  const resumed = cli(["train", recipe, "--resume", id], env);
  assert.equal(resumed.code, 0, resumed.stderr);
  assert.doesNotMatch(resumed.stderr, /mlflow: .*(unreachable|not delivered|rejected)/);
  const entry = manifestOf(runs, id).tracking.mlflow;
  const found = await server.api<{ runs: MlflowRun[] }>("runs/search", { experiment_ids: [entry.experiment_id], filter: `attributes.run_name = '${id}'` });
  assert.equal(found.runs.length, 1, "one MLflow run for the training run and its resume");
  const steps = new Set((await server.history(entry.run_id, "train/loss")).map((m) => m.step));
  assert.deepEqual([...steps].sort((a, b) => a - b), STEPS, "every step, those of the dead process included");
  assert.equal((await server.api<{ run: MlflowRun }>(`runs/get?run_id=${entry.run_id}`)).run.info.status, "FINISHED");
  assert.ok(!existsSync(outbox));
});
