import { closeSync, fsyncSync, mkdirSync, openSync, writeSync } from "node:fs";
import { hostname } from "node:os";
import { join } from "node:path";
import type { RunManifest } from "./run-store.js";
import type { RunInfo, Tracker, TrackerFactory } from "./tracker.js";

/**
 * TensorBoard event files written from TypeScript, no TensorFlow needed. An event file is a
 * sequence of TFRecords (uint64 length, masked CRC32C of the length, the bytes, masked CRC32C of
 * the bytes), each holding one serialized `tensorboard.Event` protobuf. The protobuf is encoded by
 * hand: we write five message types and read none, which a table of field numbers covers better
 * than a code generator would. Field numbers are those of tensorboard/compat/proto/*.proto and
 * tensorboard/plugins/hparams/*.proto; the tests read our files back with TensorBoard's own reader.
 */

// ---- protobuf wire format: just what the messages below need ----

type Part = Buffer;

function varint(n: number | bigint): Buffer {
  let v = BigInt.asUintN(64, BigInt(n));
  const out: number[] = [];
  while (v >= 0x80n) {
    out.push(Number(v & 0x7fn) | 0x80);
    v >>= 7n;
  }
  out.push(Number(v));
  return Buffer.from(out);
}

const key = (field: number, wire: 0 | 1 | 2 | 5) => varint((field << 3) | wire);
const uint = (field: number, n: number | bigint): Part => Buffer.concat([key(field, 0), varint(n)]);
const bool = (field: number, b: boolean): Part => uint(field, b ? 1 : 0);
const bytes = (field: number, b: Buffer): Part => Buffer.concat([key(field, 2), varint(b.length), b]);
const str = (field: number, s: string): Part => bytes(field, Buffer.from(s, "utf8"));
const msg = (field: number, ...parts: Part[]): Part => bytes(field, Buffer.concat(parts));

function double(field: number, x: number): Part {
  const b = Buffer.alloc(8);
  b.writeDoubleLE(x);
  return Buffer.concat([key(field, 1), b]);
}

function float(field: number, x: number): Part {
  const b = Buffer.alloc(4);
  b.writeFloatLE(x);
  return Buffer.concat([key(field, 5), b]);
}

// ---- TFRecord framing ----

const CRC32C_TABLE = (() => {
  const t = new Uint32Array(256);
  for (let i = 0; i < 256; i++) {
    let c = i;
    for (let k = 0; k < 8; k++) c = c & 1 ? (c >>> 1) ^ 0x82f63b78 : c >>> 1;
    t[i] = c >>> 0;
  }
  return t;
})();

/** CRC-32C (Castagnoli), the checksum TFRecord uses. */
export function crc32c(data: Uint8Array): number {
  let c = 0xffffffff;
  for (let i = 0; i < data.length; i++) c = CRC32C_TABLE[(c ^ data[i]!) & 0xff]! ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

/** TFRecord masks its CRCs (rotate right by 15, add a constant) so that CRCs of CRCs stay strong. */
export function maskedCrc32c(data: Uint8Array): number {
  const c = crc32c(data);
  return (((c >>> 15) | (c << 17)) + 0xa282ead8) >>> 0;
}

/** One TFRecord: length, its masked CRC, the data, its masked CRC. */
export function tfRecord(data: Buffer): Buffer {
  const head = Buffer.alloc(12);
  head.writeBigUInt64LE(BigInt(data.length), 0);
  head.writeUInt32LE(maskedCrc32c(head.subarray(0, 8)), 8);
  const tail = Buffer.alloc(4);
  tail.writeUInt32LE(maskedCrc32c(data), 0);
  return Buffer.concat([head, data, tail]);
}

// ---- the messages ----

const DT_FLOAT = 1;
const DT_STRING = 7;
/** tensorboard.hparams.Status */
const HPARAMS_STATUS_SUCCESS = 1;

/** Event{wall_time=1, step=2, file_version=3, summary=5}. */
function event(wallTime: number, step: number, body: Part): Buffer {
  return Buffer.concat([double(1, wallTime), uint(2, Math.max(0, Math.trunc(step))), body]);
}

/** SummaryMetadata{plugin_data=1 PluginData{plugin_name=1, content=2}}. */
const pluginMetadata = (plugin: string, content: Buffer = Buffer.alloc(0)): Part => msg(9, msg(1, str(1, plugin), bytes(2, content)));

/** Summary{value=1 Value{tag=1, simple_value=2}}: TensorBoard migrates simple values to its scalars plugin. */
const scalarValue = (tag: string, value: number): Part => msg(1, str(1, tag), float(2, value));

/** A rank-0 DT_STRING tensor tagged for the text plugin (TextPluginData version 0 is the empty message). */
const textValue = (tag: string, text: string): Part =>
  msg(1, str(1, tag), msg(8, uint(1, DT_STRING), msg(2), str(8, text)), pluginMetadata("text"));

/** google.protobuf.Value: number_value=2, string_value=3, bool_value=4 (oneof members are written even when default). */
function protoValue(v: string | number | boolean): Buffer {
  if (typeof v === "number") return double(2, v);
  if (typeof v === "boolean") return bool(4, v);
  return str(3, v);
}

/**
 * The hparams plugin's summaries carry their data in SummaryMetadata.plugin_data.content
 * (HParamsPluginData{version=1, session_start_info=3, session_end_info=4}) over an empty float tensor.
 */
function hparamsValue(tag: string, data: Part): Part {
  const nullTensor = msg(8, uint(1, DT_FLOAT), msg(2, msg(2)));
  return msg(1, str(1, tag), nullTensor, pluginMetadata("hparams", Buffer.concat([uint(1, 0), data])));
}

/** SessionStartInfo{hparams=1 map<string, Value>, start_time_secs=5}. */
function sessionStartInfo(params: Record<string, string | number | boolean>, startTime: number): Part {
  const entries = Object.entries(params).map(([k, v]) => msg(1, str(1, k), bytes(2, protoValue(v))));
  return msg(3, ...entries, double(5, startTime));
}

/** SessionEndInfo{status=1, end_time_secs=2}. */
const sessionEndInfo = (status: number, endTime: number): Part => msg(4, uint(1, status), double(2, endTime));

// ---- the writer ----

let fileCounter = 0;

/** Appends events to one new `events.out.tfevents.<secs>.<host>.<pid>.<n>` file in `dir`, one write per record. */
export class EventFileWriter {
  readonly path: string;
  private fd: number | null;

  constructor(dir: string, now = Date.now() / 1000) {
    mkdirSync(dir, { recursive: true });
    // The name TensorBoard's own writer uses; it sorts files by it, so resumed runs read in order.
    this.path = join(dir, `events.out.tfevents.${String(Math.floor(now)).padStart(10, "0")}.${hostname()}.${process.pid}.${fileCounter++}`);
    this.fd = openSync(this.path, "a");
    this.write(event(now, 0, str(3, "brain.Event:2")));
  }

  scalars(step: number, values: Record<string, number>, wallTime: number): void {
    const parts = Object.entries(values).map(([tag, v]) => scalarValue(tag, v));
    if (parts.length) this.write(event(wallTime, step, msg(5, ...parts)));
  }

  text(step: number, tag: string, text: string, wallTime: number): void {
    this.write(event(wallTime, step, msg(5, textValue(tag, text))));
  }

  /** The run's hyper-parameters: one session of the HPARAMS tab, its metrics inferred from the scalars beside it. */
  sessionStart(params: Record<string, string | number | boolean>, wallTime: number): void {
    this.write(event(wallTime, 0, msg(5, hparamsValue("_hparams_/session_start_info", sessionStartInfo(params, wallTime)))));
  }

  sessionEnd(status: number, wallTime: number): void {
    this.write(event(wallTime, 0, msg(5, hparamsValue("_hparams_/session_end_info", sessionEndInfo(status, wallTime)))));
  }

  close(): void {
    if (this.fd === null) return;
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = null;
  }

  /** A whole record per write(2): a crash leaves complete records and at most one cut last record, which readers skip. */
  private write(eventBytes: Buffer): void {
    if (this.fd === null) throw new Error(`event file ${this.path} is closed`);
    const record = tfRecord(eventBytes);
    let off = 0;
    while (off < record.length) off += writeSync(this.fd, record, off, record.length - off);
  }
}

/**
 * TensorBoard for a run, in `<run dir>/tensorboard/` (on unless `tracking.tensorboard: false`):
 * engine scalars under their names (train/loss, eval/perplexity, suite/<metric>/<system>, …),
 * samples as text, the flattened config as hparams. A resumed run starts a new event file in the
 * same folder; TensorBoard reads the folder's files in name order as one run. Resume is exact,
 * so steps logged twice (after the last checkpoint, before the stop) carry the same values.
 * `artifact()` does nothing: TensorBoard has no place for files; MLflow and the run folder keep them.
 */
export const tensorboardTracker: TrackerFactory = (info: RunInfo) => {
  if (info.config.tracking?.tensorboard === false) return null;
  let writer: EventFileWriter | null = null;
  const open = (): EventFileWriter => {
    if (!writer) throw new Error("tensorboard tracker used before open()");
    return writer;
  };
  const tracker: Tracker = {
    name: "tensorboard",
    open(i: RunInfo) {
      writer = new EventFileWriter(i.run.path("tensorboard"));
      writer.sessionStart(i.params, Date.now() / 1000);
    },
    scalars: (step, values, wallTime) => open().scalars(step, values, wallTime),
    text: (step, tag, text, wallTime) => open().text(step, tag, text, wallTime),
    artifact() {},
    close(status: RunManifest["status"]) {
      if (!writer) return;
      // TensorBoard keeps the first end info of a run: only a finished run gets one, since a
      // failed or cancelled run may be resumed (the HPARAMS tab shows it as status unknown).
      if (status === "done") writer.sessionEnd(HPARAMS_STATUS_SUCCESS, Date.now() / 1000);
      writer.close();
      writer = null;
    },
  };
  return tracker;
};
