/**
 * Our event files read back by TensorBoard's own Python reader (the pinned .venv-tools of
 * `make tools`): EventAccumulator for scalars, text and hparams, the raw record reader for CRCs.
 */
import { test } from "node:test";
import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { toolsVenv } from "../paths.js";
import type { ResolvedConfig } from "../config/resolve.js";
import { RunDir } from "./run-store.js";
import { crc32c, EventFileWriter, maskedCrc32c, tensorboardTracker, tfRecord } from "./tensorboard.js";
import type { RunInfo } from "./tracker.js";

const READER = String.raw`
import json, sys, glob, os
from tensorboard.backend.event_processing import event_accumulator as ea, event_file_loader
from tensorboard.compat.tensorflow_stub import pywrap_tensorflow, errors
from tensorboard.plugins.hparams import plugin_data_pb2
from tensorboard.util import tensor_util
from google.protobuf import json_format

def strict_records(path):
    # the raw reader checks both CRCs of every record and raises DataLossError on a mismatch or a cut
    r = pywrap_tensorflow.PyRecordReader_New(path, 0, None)
    n = 0
    while True:
        try:
            r.GetNext()
        except errors.OutOfRangeError:
            return {"records": n, "error": None}
        except errors.DataLossError as e:
            return {"records": n, "error": str(e)}
        n += 1

out = []
for d in sys.argv[1:]:
    files = sorted(glob.glob(os.path.join(d, "events.out.tfevents.*")))
    acc = ea.EventAccumulator(d, size_guidance={k: 0 for k in (ea.SCALARS, ea.TENSORS, ea.HISTOGRAMS, ea.IMAGES, ea.AUDIO, ea.COMPRESSED_HISTOGRAMS)})
    acc.Reload()
    tags = acc.Tags()
    scalars = {t: [[e.step, e.value] for e in acc.Scalars(t)] for t in tags["scalars"]}
    text, plugins = {}, {}
    for t in tags["tensors"]:
        plugins[t] = acc.SummaryMetadata(t).plugin_data.plugin_name
        if plugins[t] == "text":
            text[t] = [[e.step, tensor_util.make_ndarray(e.tensor_proto).item().decode("utf-8")] for e in acc.Tensors(t)]
    try:
        hparams = {tag: json_format.MessageToDict(plugin_data_pb2.HParamsPluginData.FromString(c)) for tag, c in acc.PluginTagToContent("hparams").items()}
    except KeyError:  # no hparams summary in this folder
        hparams = {}
    first = next(iter(event_file_loader.EventFileLoader(files[0]).Load()), None) if files else None
    out.append({"files": [os.path.basename(f) for f in files], "strict": [strict_records(f) for f in files], "first_event": first and json_format.MessageToDict(first), "scalars": scalars, "text": text, "plugins": plugins, "hparams": hparams})
print(json.dumps(out))
`;

interface ReadBack {
  files: string[];
  strict: { records: number; error: string | null }[];
  first_event: Record<string, unknown> | null;
  scalars: Record<string, [number, number][]>;
  text: Record<string, [number, string][]>;
  plugins: Record<string, string>;
  hparams: Record<string, { sessionStartInfo?: { hparams: Record<string, string | number | boolean>; startTimeSecs: number }; sessionEndInfo?: { status: string; endTimeSecs: number } }>;
}

function readBack(...dirs: string[]): ReadBack[] {
  const py = join(toolsVenv(), "bin", "python");
  const r = spawnSync(py, ["-c", READER, ...dirs], { encoding: "utf8", env: { ...process.env, TF_CPP_MIN_LOG_LEVEL: "3" } });
  assert.equal(r.status, 0, `${py} reader failed (run \`make tools\`?):\n${r.stderr}`);
  return JSON.parse(r.stdout) as ReadBack[];
}

const tmp = (p: string) => mkdtempSync(join(tmpdir(), p));
const T0 = 1_700_000_000;

test("crc32c matches the Castagnoli check value; records frame length and data", () => {
  assert.equal(crc32c(Buffer.from("123456789")), 0xe3069283);
  assert.equal(crc32c(Buffer.alloc(32)), 0x8a9136aa); // RFC 3720 B.4: 32 bytes of zeros
  const rec = tfRecord(Buffer.from("abc"));
  assert.equal(rec.length, 8 + 4 + 3 + 4);
  assert.equal(rec.readBigUInt64LE(0), 3n);
  assert.equal(rec.readUInt32LE(8), maskedCrc32c(rec.subarray(0, 8)));
  assert.equal(rec.readUInt32LE(15), maskedCrc32c(Buffer.from("abc")));
});

test("scalars, text and hparams read back by TensorBoard exactly (values as float32)", () => {
  const dir = tmp("tb-write-");
  const w = new EventFileWriter(dir, T0);
  const params = { "method.kind": "lora", "method.r": 16, "training.lr": 0.001, "method.rslora": false, "training.packing": true };
  w.sessionStart(params, T0);
  const loss = (s: number) => 3 / (s + 1) + 0.1234567;
  for (let s = 1; s <= 5; s++) w.scalars(s, { "train/loss": loss(s), "train/lr": 1e-3 * s }, T0 + s);
  w.scalars(3, { "eval/perplexity": 12.345678901 }, T0 + 3.5);
  w.scalars(5, { "eval/perplexity": 9.87654321 }, T0 + 5.5);
  const sample = "**prompt**: ¿Quién guarda la biblioteca?\n\n**tuned**: El bibliotecario — siempre.";
  w.text(5, "samples/npc-1", sample, T0 + 6);
  w.text(5, "samples/empty", "", T0 + 6);
  w.sessionEnd(1, T0 + 7);
  w.close();

  const [r] = readBack(dir);
  assert.ok(r);
  assert.equal(r.files.length, 1);
  assert.match(r.files[0]!, new RegExp(`^events\\.out\\.tfevents\\.${T0}\\.[^.]+.*\\.${process.pid}\\.\\d+$`));
  assert.equal(r.first_event?.fileVersion, "brain.Event:2");
  assert.deepEqual(r.strict, [{ records: 1 + 1 + 5 + 2 + 2 + 1, error: null }]);
  assert.deepEqual(r.scalars["train/loss"], [1, 2, 3, 4, 5].map((s) => [s, Math.fround(loss(s))]));
  assert.deepEqual(r.scalars["train/lr"], [1, 2, 3, 4, 5].map((s) => [s, Math.fround(1e-3 * s)]));
  assert.deepEqual(r.scalars["eval/perplexity"], [[3, Math.fround(12.345678901)], [5, Math.fround(9.87654321)]]);
  assert.deepEqual(r.text, { "samples/npc-1": [[5, sample]], "samples/empty": [[5, ""]] });
  assert.equal(r.plugins["samples/npc-1"], "text");
  const start = r.hparams["_hparams_/session_start_info"]?.sessionStartInfo;
  assert.deepEqual(start?.hparams, params);
  assert.equal(start?.startTimeSecs, T0);
  assert.deepEqual(r.hparams["_hparams_/session_end_info"]?.sessionEndInfo, { status: "STATUS_SUCCESS", endTimeSecs: T0 + 7 });
});

test("a file cut mid-record reads its complete prefix; a flipped byte fails the CRC check", () => {
  const dir = tmp("tb-cut-");
  const w = new EventFileWriter(dir, T0);
  for (let s = 1; s <= 10; s++) w.scalars(s, { "train/loss": s / 10 }, T0 + s);
  w.close();
  const file = join(dir, readdirSync(dir)[0]!);
  const whole = readFileSync(file);
  // record 0 is the file version, records 1..10 the steps; cut inside record 9's data, then inside record 10's length
  const sizes: number[] = [];
  for (let off = 0; off < whole.length; ) {
    const n = Number(whole.readBigUInt64LE(off));
    sizes.push(8 + 4 + n + 4);
    off += 8 + 4 + n + 4;
  }
  assert.equal(sizes.length, 11);
  const endOf = (i: number) => sizes.slice(0, i + 1).reduce((a, b) => a + b, 0);
  const cutData = tmp("tb-cut-data-");
  writeFileSync(join(cutData, "events.out.tfevents.1.host.1.0"), whole.subarray(0, endOf(8) + 17)); // inside record 9's data
  const cutHead = tmp("tb-cut-head-");
  writeFileSync(join(cutHead, "events.out.tfevents.1.host.1.0"), whole.subarray(0, endOf(9) + 5)); // inside record 10's length
  const flipped = tmp("tb-flip-");
  const bad = Buffer.from(whole);
  bad[endOf(4) + 14]! ^= 0x01; // a data byte of record 5 (step 5)
  writeFileSync(join(flipped, "events.out.tfevents.1.host.1.0"), bad);

  const [a, b, c] = readBack(cutData, cutHead, flipped);
  assert.deepEqual(a!.scalars["train/loss"]!.map(([s]) => s), [1, 2, 3, 4, 5, 6, 7, 8]);
  assert.equal(a!.strict[0]!.records, 9);
  assert.match(a!.strict[0]!.error!, /truncated/i);
  assert.deepEqual(b!.scalars["train/loss"]!.map(([s]) => s), [1, 2, 3, 4, 5, 6, 7, 8, 9]);
  assert.equal(b!.strict[0]!.records, 10);
  assert.deepEqual(c!.strict[0], { records: 5, error: c!.strict[0]!.error });
  assert.match(c!.strict[0]!.error!, /crc32/);
  assert.deepEqual(c!.scalars["train/loss"]!.map(([s]) => s), [1, 2, 3, 4]);
});

function info(runDir: string, resumed: boolean, tensorboard?: boolean): RunInfo {
  const config = { tracking: tensorboard === undefined ? undefined : { tensorboard, mlflow: { tracking_uri: null, experiment: null } } } as unknown as ResolvedConfig;
  return { run: new RunDir("r1", runDir), config, params: { "method.r": 8, base_model: "tiny" }, tags: {}, resumed };
}

test("tracker: on by default, off with tracking.tensorboard false; a resume adds a second file TensorBoard merges", async () => {
  const runDir = tmp("tb-run-");
  assert.equal(tensorboardTracker(info(runDir, false, false)), null);
  const first = tensorboardTracker(info(runDir, false))!;
  assert.equal(first.name, "tensorboard");
  await first.open(info(runDir, false));
  for (let s = 1; s <= 4; s++) first.scalars(s, { "train/loss": 2 - s / 10 }, T0 + s);
  first.artifact("/nowhere", "adapter"); // TensorBoard keeps no files: a no-op
  await first.close("cancelled");
  const again = tensorboardTracker(info(runDir, true, true))!;
  await again.open(info(runDir, true, true));
  for (let s = 5; s <= 6; s++) again.scalars(s, { "train/loss": 2 - s / 10 }, T0 + s);
  again.text(6, "samples/a", "hola", T0 + 6);
  await again.close("done");

  const tbDir = join(runDir, "tensorboard");
  const files = readdirSync(tbDir).sort();
  assert.equal(files.length, 2);
  for (const f of files) assert.ok(statSync(join(tbDir, f)).size > 0);
  const [r] = readBack(tbDir);
  assert.deepEqual(r!.strict.map((s) => s.error), [null, null]);
  assert.deepEqual(r!.scalars["train/loss"], [1, 2, 3, 4, 5, 6].map((s) => [s, Math.fround(2 - s / 10)]));
  assert.deepEqual(r!.text["samples/a"], [[6, "hola"]]);
  assert.deepEqual(r!.hparams["_hparams_/session_start_info"]?.sessionStartInfo?.hparams, { "method.r": 8, base_model: "tiny" });
  // the cancelled session wrote no end info (it would pin a stale status); the finished resume did
  assert.equal(r!.hparams["_hparams_/session_end_info"]?.sessionEndInfo?.status, "STATUS_SUCCESS");
});
