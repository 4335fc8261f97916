/**
 * TensorBoard end to end: a training run through the built CLI writes runs/<id>/tensorboard/,
 * TensorBoard's own reader finds every step's loss there, and `scriptorium tensorboard` serves the
 * run (scalars and the HPARAMS session) from the runs root, then stops with the command.
 */
import { before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync } from "node:child_process";
import { createServer } from "node:net";
import { join } from "node:path";
import { toolsVenv } from "../src/paths.js";
import { buildTinyModel, CLI, cli, tempDir, writeRecipe } from "./helpers.js";

interface Step {
  event: "step";
  step: number;
  loss: number;
  lr: number;
}
interface Eval {
  event: "eval";
  step: number;
  loss: number;
  perplexity: number;
}

let runs = "";
let runId = "";
let steps: Step[] = [];
let evals: Eval[] = [];

before(async () => {
  const model = await buildTinyModel();
  const dir = tempDir("e2e-tb-");
  runs = join(dir, "runs");
  const r = cli(["train", writeRecipe(dir, model), "--json"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split("\n");
  const events = lines.filter((l) => l.startsWith('{"event"')).map((l) => JSON.parse(l) as { event: string });
  steps = events.filter((e): e is Step => e.event === "step");
  evals = events.filter((e): e is Eval => e.event === "eval");
  runId = (JSON.parse(lines.slice(lines.findIndex((l) => l === "{")).join("\n")) as { run: string }).run;
});

const READER = String.raw`
import json, sys
from tensorboard.backend.event_processing import event_accumulator as ea
from tensorboard.plugins.hparams import plugin_data_pb2
from google.protobuf import json_format
acc = ea.EventAccumulator(sys.argv[1], size_guidance={k: 0 for k in (ea.SCALARS, ea.TENSORS, ea.HISTOGRAMS, ea.IMAGES, ea.AUDIO, ea.COMPRESSED_HISTOGRAMS)})
acc.Reload()
print(json.dumps({
  "scalars": {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in acc.Tags()["scalars"]},
  "hparams": {t: json_format.MessageToDict(plugin_data_pb2.HParamsPluginData.FromString(c)) for t, c in acc.PluginTagToContent("hparams").items()},
}))
`;

test("train writes runs/<id>/tensorboard: train/loss is every step's loss, eval/* every evaluation, the config as hparams", () => {
  assert.equal(steps.length, 12);
  const r = spawnSync(join(toolsVenv(), "bin", "python"), ["-c", READER, join(runs, runId, "tensorboard")], { encoding: "utf8" });
  assert.equal(r.status, 0, r.stderr);
  const got = JSON.parse(r.stdout) as {
    scalars: Record<string, [number, number][]>;
    hparams: Record<string, { sessionStartInfo?: { hparams: Record<string, unknown> }; sessionEndInfo?: { status: string } }>;
  };
  assert.deepEqual(got.scalars["train/loss"], steps.map((s) => [s.step, Math.fround(s.loss)]));
  assert.deepEqual(got.scalars["train/lr"], steps.map((s) => [s.step, Math.fround(s.lr)]));
  assert.ok(evals.length >= 2, "eval_every 6 on 12 steps");
  assert.deepEqual(got.scalars["eval/perplexity"], evals.map((e) => [e.step, Math.fround(e.perplexity)]));
  assert.deepEqual(got.scalars["eval/loss"], evals.map((e) => [e.step, Math.fround(e.loss)]));
  const hp = got.hparams["_hparams_/session_start_info"]?.sessionStartInfo?.hparams ?? {};
  assert.equal(hp["method.kind"], "lora");
  assert.equal(hp["method.r"], 8);
  assert.equal(hp["training.max_steps"], 12);
  assert.equal(got.hparams["_hparams_/session_end_info"]?.sessionEndInfo?.status, "STATUS_SUCCESS");
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.on("error", reject);
    s.listen(0, "127.0.0.1", () => {
      const port = (s.address() as { port: number }).port;
      s.close(() => resolve(port));
    });
  });
}

/** Polls until `probe` returns a value (not undefined) or the deadline passes. */
async function until<T>(what: string, probe: () => Promise<T | undefined>, ms = 120_000): Promise<T> {
  const end = Date.now() + ms;
  let last: unknown;
  while (Date.now() < end) {
    try {
      const v = await probe();
      if (v !== undefined) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}${last ? ` (last: ${String(last)})` : ""}`);
}

test("scriptorium tensorboard serves the runs root on 127.0.0.1 (HTTP 200, the run's loss and HPARAMS session) and stops with the command", async () => {
  const port = await freePort();
  const child = spawn(process.execPath, [CLI, "tensorboard", "--port", String(port)], { env: { ...process.env, SCRIPTORIUM_RUNS: runs } });
  let stdout = "";
  let stderr = "";
  child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
  child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
  const base = `http://127.0.0.1:${port}`;
  try {
    await until("the URL line", async () => (stdout.includes(`${base}/`) ? true : undefined), 20_000);
    await until(`HTTP 200 on ${base}/`, async () => ((await fetch(`${base}/`)).status === 200 ? true : undefined));
    const run = `${runId}/tensorboard`;
    const loss = await until("train/loss in the scalars plugin", async () => {
      const res = await fetch(`${base}/data/plugin/scalars/scalars?run=${encodeURIComponent(run)}&tag=train%2Floss`);
      return res.status === 200 ? ((await res.json()) as [number, number, number][]) : undefined;
    });
    assert.deepEqual(loss.map(([, step, value]) => [step, value]), steps.map((s) => [s.step, Math.fround(s.loss)]));
    const groups = await until("the run in the HPARAMS tab", async () => {
      const res = await fetch(`${base}/data/plugin/hparams/session_groups`, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ experimentName: "", allowedStatuses: ["STATUS_UNKNOWN", "STATUS_SUCCESS", "STATUS_FAILURE", "STATUS_RUNNING"], colParams: [], startIndex: 0, sliceSize: 10 }),
      });
      const body = res.status === 200 ? ((await res.json()) as { sessionGroups: { name: string; hparams: Record<string, unknown>; metricValues: { name: { tag: string }; value: number }[] }[] }) : undefined;
      return body?.sessionGroups.length ? body.sessionGroups : undefined;
    });
    assert.equal(groups.length, 1);
    assert.equal(groups[0]!.name, run);
    assert.equal(groups[0]!.hparams["method.r"], 8);
    assert.equal(groups[0]!.metricValues.find((m) => m.name.tag === "train/loss")?.value, Math.fround(steps.at(-1)!.loss));
  } finally {
    child.kill("SIGTERM");
  }
  assert.equal(await exited, 0, stderr);
  await assert.rejects(fetch(`${base}/`), "TensorBoard stopped with the command");
});
