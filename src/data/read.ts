import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { extname, join } from "node:path";
import { parse as parseCsv } from "csv-parse";
import type { InputType } from "../config/recipe.js";
import { UserError } from "../errors.js";
import type { RawRow } from "./record.js";

/**
 * Streaming readers: JSONL, JSON arrays, CSV/TSV, Parquet and text files → RawRow.
 * A row that cannot be read becomes an error row (quarantined by the caller with its
 * line), never a crash and never a silent skip. Nothing reads a whole large file at once.
 */
export type ConcreteInput = Exclude<InputType, "auto">;

const BY_EXTENSION: Record<string, ConcreteInput> = {
  ".jsonl": "jsonl",
  ".ndjson": "jsonl",
  ".json": "json",
  ".csv": "csv",
  ".tsv": "csv",
  ".parquet": "parquet",
  ".txt": "txt",
  ".md": "txt",
  ".markdown": "txt",
};
const RAW_LIMIT = 4096;
export const MAX_LINE_BYTES = 16 * 1024 * 1024;

export function detectInput(path: string): ConcreteInput {
  if (statSync(path).isDirectory()) {
    const kinds = new Map<ConcreteInput, string>();
    for (const f of walk(path)) {
      const k = BY_EXTENSION[extname(f).toLowerCase()];
      if (k && !kinds.has(k)) kinds.set(k, f);
    }
    if (kinds.size > 1) {
      const list = [...kinds.entries()].map(([k, f]) => `${k} (${f})`).join(" and ");
      throw new UserError("mixed_inputs", `folder ${path} mixes file kinds: ${list}`, {
        hint: "put each kind in its own folder, or set data.input to read only one kind",
        location: { file: path, field: "data.input" },
      });
    }
    return "txt";
  }
  const kind = BY_EXTENSION[extname(path).toLowerCase()];
  if (!kind) {
    throw new UserError("unknown_input", `cannot tell the file type of ${path} from its extension`, {
      hint: `supported: ${Object.keys(BY_EXTENSION).join(", ")}; or set data.input`,
      location: { file: path, field: "data.input" },
    });
  }
  return kind;
}

function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else out.push(p);
  }
  return out;
}

export async function* readRows(path: string, input: InputType = "auto", opts: { maxLineBytes?: number } = {}): AsyncGenerator<RawRow> {
  const kind = input === "auto" ? detectInput(path) : input;
  if (statSync(path).isDirectory()) {
    const want = kind === "txt" ? [".txt", ".md", ".markdown"] : Object.keys(BY_EXTENSION).filter((e) => BY_EXTENSION[e] === kind);
    for (const f of walk(path).filter((f) => want.includes(extname(f).toLowerCase()))) yield* readRows(f, kind, opts);
    return;
  }
  switch (kind) {
    case "jsonl":
      yield* readJsonlRows(path, opts.maxLineBytes ?? MAX_LINE_BYTES);
      return;
    case "json":
      yield* readJsonRows(path);
      return;
    case "csv":
      yield* readCsvRows(path);
      return;
    case "parquet":
      yield* readParquetRows(path);
      return;
    case "txt":
      yield readTextFile(path);
      return;
  }
}

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** Byte position of the first invalid UTF-8 sequence in a buffer. */
function invalidUtf8At(buf: Uint8Array): number {
  let i = 0;
  while (i < buf.length) {
    const b = buf[i]!;
    const n = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 0;
    if (n === 0 || i + n > buf.length) return i;
    for (let k = 1; k < n; k++) if (buf[i + k]! >> 6 !== 2) return i;
    i += n;
  }
  return 0;
}

function jsonlRow(path: string, line: number, bytes: Buffer): RawRow | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      file: path,
      line,
      raw: bytes.toString("latin1").slice(0, RAW_LIMIT),
      error: { field: "(line)", reason: `invalid UTF-8 at byte ${invalidUtf8At(bytes)} of the line`, hint: "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)" },
    };
  }
  if (line === 1 && text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (!text.trim()) return null;
  const raw = text.length > RAW_LIMIT ? text.slice(0, RAW_LIMIT) : text;
  try {
    return { file: path, line, value: JSON.parse(text) as unknown, raw };
  } catch (e) {
    return { file: path, line, raw, error: { field: "(line)", reason: `not valid JSON: ${(e as Error).message}`, hint: "one complete JSON object per line" } };
  }
}

/** JSONL by bytes: lines are split on \n here so each can be checked as UTF-8 on its own and over-long ones skipped without buffering them. */
async function* readJsonlRows(path: string, maxLineBytes: number): AsyncGenerator<RawRow> {
  let line = 1;
  let parts: Buffer[] = [];
  let size = 0;
  let overlong = false;
  let head: Buffer | null = null;
  const finish = (): RawRow | null => {
    if (overlong) {
      const row: RawRow = { file: path, line, raw: head!.toString("utf8").slice(0, RAW_LIMIT), error: { field: "(line)", reason: `line longer than ${maxLineBytes >> 20 || maxLineBytes} ${maxLineBytes >= 1 << 20 ? "MiB" : "bytes"}`, hint: "split the record, or keep such documents in a text corpus with the chunk length policy" } };
      return row;
    }
    return jsonlRow(path, line, parts.length === 1 ? parts[0]! : Buffer.concat(parts));
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = nl === -1 ? chunk.subarray(start) : chunk.subarray(start, nl);
      if (!overlong) {
        if (size + piece.length > maxLineBytes) {
          overlong = true;
          head = Buffer.concat([...parts, piece]).subarray(0, RAW_LIMIT);
          parts = [];
        } else if (piece.length) {
          parts.push(Buffer.from(piece));
          size += piece.length;
        }
      }
      if (nl === -1) break;
      const row = finish();
      if (row) yield row;
      line += 1;
      parts = [];
      size = 0;
      overlong = false;
      head = null;
      start = nl + 1;
    }
  }
  if (size > 0 || overlong) {
    const row = finish();
    if (row) yield row;
  }
}

/** A JSON file: an array of records, or an object with one array of records (e.g. {"data": [...]}). */
async function* readJsonRows(path: string): AsyncGenerator<RawRow> {
  // JSON has no record boundaries before it is parsed; files up to a few hundred MB are fine, larger data belongs in JSONL.
  let text = readFileSync(path, "utf8");
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return;
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (e) {
    const m = /position (\d+)/.exec((e as Error).message);
    const line = m ? text.slice(0, Number(m[1])).split("\n").length : 1;
    yield { file: path, line, raw: text.slice(0, RAW_LIMIT), error: { field: "(file)", reason: `not valid JSON: ${(e as Error).message}`, hint: "the file must be one JSON array of records; or use JSONL, one record per line" } };
    return;
  }
  let list: unknown[] | undefined;
  if (Array.isArray(value)) list = value;
  else if (typeof value === "object" && value !== null) {
    const arrays = Object.entries(value).filter(([, v]) => Array.isArray(v));
    if (arrays.length === 1) list = arrays[0]![1] as unknown[];
  }
  if (!list) {
    yield { file: path, line: 1, raw: text.slice(0, RAW_LIMIT), error: { field: "(file)", reason: "a JSON data file must be an array of records or an object holding one array", hint: 'e.g. [{"messages": …}, …] or {"data": [...]}' } };
    return;
  }
  // Physical lines: records are usually one per line or pretty-printed; we report the element's index + 1.
  for (const [i, v] of list.entries()) yield { file: path, line: i + 1, value: v, raw: JSON.stringify(v).slice(0, RAW_LIMIT) };
}

function csvCell(cell: string): unknown {
  const t = cell.trim();
  if ((t.startsWith("[") && t.endsWith("]")) || (t.startsWith("{") && t.endsWith("}"))) {
    try {
      return JSON.parse(t) as unknown;
    } catch {
      return cell;
    }
  }
  return cell;
}

async function* readCsvRows(path: string): AsyncGenerator<RawRow> {
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : ",";
  const parser = createReadStream(path).pipe(parseCsv({ bom: true, delimiter, info: true, relax_column_count: true, skip_empty_lines: true }));
  let header: string[] | null = null;
  for await (const rec of parser as AsyncIterable<{ record: string[]; info: { lines: number } }>) {
    const { record, info } = rec;
    if (!header) {
      header = record.map((h) => h.trim());
      continue;
    }
    const raw = record.join(delimiter).slice(0, RAW_LIMIT);
    if (record.length !== header.length) {
      yield { file: path, line: info.lines, raw, error: { field: "(row)", reason: `row has ${record.length} columns, the header has ${header.length}`, hint: "quote cells that contain the delimiter or line breaks" } };
      continue;
    }
    const value: Record<string, unknown> = {};
    header.forEach((h, i) => (value[h] = csvCell(record[i]!)));
    yield { file: path, line: info.lines, value, raw };
  }
}

async function* readParquetRows(path: string): AsyncGenerator<RawRow> {
  const { parquetMetadataAsync, parquetReadObjects } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const file = {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const length = (end ?? size) - start;
        const buf = Buffer.alloc(length);
        await handle.read(buf, 0, length, start);
        return buf.buffer.slice(buf.byteOffset, buf.byteOffset + length) as ArrayBuffer;
      },
    };
    const metadata = await parquetMetadataAsync(file);
    let row = 0;
    for (const group of metadata.row_groups) {
      const n = Number(group.num_rows);
      const rows = (await parquetReadObjects({ file, metadata, compressors, rowStart: row, rowEnd: row + n })) as Record<string, unknown>[];
      for (const value of rows) {
        row += 1;
        yield { file: path, line: row, value: plain(value), raw: JSON.stringify(value, (_, v: unknown) => (typeof v === "bigint" ? v.toString() : v)).slice(0, RAW_LIMIT) };
      }
    }
  } finally {
    await handle.close();
  }
}

/** Parquet INT64 comes back as bigint: make it a number (or a string when it does not fit) so records are plain JSON. */
function plain(v: unknown): unknown {
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object" && !(v instanceof Date)) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, plain(x)]));
  return v;
}

function readTextFile(path: string): RawRow {
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return { file: path, line: 1, raw: bytes.subarray(0, RAW_LIMIT).toString("latin1"), error: { field: "(file)", reason: `invalid UTF-8 at byte ${invalidUtf8At(bytes)}`, hint: "save the file as UTF-8" } };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { file: path, line: 1, raw: "", error: { field: "(file)", reason: "empty file", hint: "remove it or give it text" } };
  return { file: path, line: 1, value: { text, path }, raw: text.slice(0, RAW_LIMIT) };
}
