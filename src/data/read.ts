import { isUtf8 } from "node:buffer";
import { createReadStream, readdirSync, readFileSync, statSync } from "node:fs";
import { open } from "node:fs/promises";
import { extname, join, relative, sep } from "node:path";
import { pipeline, Transform, type TransformCallback } from "node:stream";
import { parse as parseCsv } from "csv-parse";
import { Assembler } from "stream-json/core/assembler.js";
import { jsonParser, type Token } from "stream-json/core/parser.js";
import type { InputType } from "../config/recipe.js";
import { UserError } from "../errors.js";
import type { RawRow } from "./record.js";

/**
 * Streaming readers: JSONL, JSON, CSV/TSV, Parquet and text files → RawRow.
 *
 * A row that cannot be read becomes an error row (the caller quarantines it with its file
 * and line), never a crash and never a silent skip. Nothing holds a whole large file:
 * JSONL is split into lines by bytes here, JSON is tokenized by stream-json, CSV goes
 * through csv-parse's stream, Parquet is read one row group at a time. Text files are
 * one row each and are read whole (up to MAX_TEXT_FILE_BYTES).
 *
 * Line numbers are 1-based physical lines:
 *   JSONL — the line of the record;  JSON — the line where the element starts (its `{`);
 *   CSV/TSV — the line where the record starts (a quoted multi-line cell spans more);
 *   Parquet — row index + 1;  TXT/MD — 1.
 *
 * Whole-file problems that cannot be pinned to one record (a JSON syntax error, invalid
 * UTF-8 in a JSON file, an unclosed CSV quote, a bad CSV header, an unknown extension,
 * a folder mixing kinds) are UserErrors naming the file and line.
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
export const SUPPORTED_EXTENSIONS = Object.keys(BY_EXTENSION);
/** `raw` (the text kept for the quarantine file) is cut to this many characters. */
export const RAW_LIMIT = 4096;
/** A JSONL line longer than this becomes an error row; the reader never buffers more of it. */
export const MAX_LINE_BYTES = 16 * 1024 * 1024;
/** A text file larger than this becomes an error row (it is one record, read whole). */
export const MAX_TEXT_FILE_BYTES = 256 * 1024 * 1024;

export interface ReadOptions {
  /** JSONL line limit in bytes (default MAX_LINE_BYTES); injectable for tests. */
  maxLineBytes?: number;
}

const cut = (s: string): string => (s.length > RAW_LIMIT ? s.slice(0, RAW_LIMIT) : s);

function sizeText(bytes: number): string {
  if (bytes % (1 << 20) === 0) return `${bytes >> 20} MiB`;
  if (bytes % 1024 === 0) return `${bytes >> 10} KiB`;
  return `${bytes} bytes`;
}

// ─── detection ────────────────────────────────────────────────────────────────

/** Data files under a folder, recursively, sorted; hidden files and folders (.git, .DS_Store) are skipped. */
function walk(dir: string): string[] {
  const out: string[] = [];
  for (const e of readdirSync(dir).sort()) {
    if (e.startsWith(".")) continue;
    const p = join(dir, e);
    if (statSync(p).isDirectory()) out.push(...walk(p));
    else if (BY_EXTENSION[extname(e).toLowerCase()]) out.push(p);
  }
  return out;
}

/**
 * The input type of a file, from its extension; of a folder, from the files in it
 * (all of one kind; a folder mixing kinds is refused with a hint).
 */
function isDirectory(path: string): boolean {
  const st = statSync(path, { throwIfNoEntry: false });
  if (!st) throw new UserError("data_not_found", `data path ${path} does not exist`, { hint: "data.path is relative to the recipe's folder", location: { file: path, field: "data.path" } });
  return st.isDirectory();
}

export function detectInput(path: string): ConcreteInput {
  if (isDirectory(path)) {
    const files = walk(path);
    if (files.length === 0) {
      throw new UserError("no_data_files", `folder ${path} holds no data files`, {
        hint: `supported: ${SUPPORTED_EXTENSIONS.join(", ")}`,
        location: { file: path, field: "data.path" },
      });
    }
    const kinds = new Map<ConcreteInput, string>();
    for (const f of files) {
      const k = BY_EXTENSION[extname(f).toLowerCase()]!;
      if (!kinds.has(k)) kinds.set(k, f);
    }
    if (kinds.size > 1) {
      const list = [...kinds.entries()].map(([k, f]) => `${k} (${f})`).join(" and ");
      throw new UserError("mixed_inputs", `folder ${path} mixes file kinds: ${list}`, {
        hint: `set data.input to the one kind to read (${[...kinds.keys()].join(" or ")}), or put each kind in its own folder`,
        location: { file: path, field: "data.input" },
      });
    }
    return [...kinds.keys()][0]!;
  }
  const kind = BY_EXTENSION[extname(path).toLowerCase()];
  if (!kind) {
    throw new UserError("unknown_input", `cannot tell the file type of ${path} from its extension`, {
      hint: `supported: ${SUPPORTED_EXTENSIONS.join(", ")}; or set data.input to jsonl, json, csv, parquet or txt`,
      location: { file: path, field: "data.input" },
    });
  }
  return kind;
}

/**
 * Every row of a file, or of every file of one kind in a folder (recursively, sorted by path).
 * `input` "auto" detects the kind; a set kind reads a file whatever its extension, and in a
 * folder reads only the files of that kind.
 */
export async function* readRows(path: string, input: InputType = "auto", opts: ReadOptions = {}): AsyncGenerator<RawRow> {
  if (isDirectory(path)) {
    const kind = input === "auto" ? detectInput(path) : input;
    const files = walk(path).filter((f) => BY_EXTENSION[extname(f).toLowerCase()] === kind);
    if (files.length === 0) {
      throw new UserError("no_data_files", `folder ${path} holds no ${kind} files`, {
        hint: `data.input is ${kind}: its extensions are ${SUPPORTED_EXTENSIONS.filter((e) => BY_EXTENSION[e] === kind).join(", ")}`,
        location: { file: path, field: "data.input" },
      });
    }
    for (const f of files) yield* readFile(f, kind, opts, relative(path, f).split(sep).join("/"));
    return;
  }
  yield* readFile(path, input === "auto" ? detectInput(path) : input, opts, path);
}

async function* readFile(path: string, kind: ConcreteInput, opts: ReadOptions, name: string): AsyncGenerator<RawRow> {
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
      yield readTextFile(path, name);
      return;
  }
}

// ─── UTF-8 ────────────────────────────────────────────────────────────────────

const utf8 = new TextDecoder("utf-8", { fatal: true });

/** 0-based index of the first ill-formed UTF-8 sequence (Unicode table 3-7), or -1. */
export function invalidUtf8At(buf: Uint8Array): number {
  const n = buf.length;
  let i = 0;
  while (i < n) {
    const b = buf[i]!;
    if (b < 0x80) {
      i += 1;
      continue;
    }
    let len: number;
    let lo = 0x80;
    let hi = 0xbf;
    if (b >= 0xc2 && b <= 0xdf) len = 2;
    else if (b >= 0xe0 && b <= 0xef) {
      len = 3;
      if (b === 0xe0) lo = 0xa0;
      else if (b === 0xed) hi = 0x9f;
    } else if (b >= 0xf0 && b <= 0xf4) {
      len = 4;
      if (b === 0xf0) lo = 0x90;
      else if (b === 0xf4) hi = 0x8f;
    } else return i;
    if (i + len > n) return i;
    const b1 = buf[i + 1]!;
    if (b1 < lo || b1 > hi) return i;
    for (let k = 2; k < len; k++) if (buf[i + k]! >> 6 !== 2) return i;
    i += len;
  }
  return -1;
}

/** Length of the prefix of `buf` that ends on a character boundary (an incomplete trailing sequence is left out). */
function completeUtf8Length(buf: Uint8Array): number {
  const n = buf.length;
  for (let back = 1; back <= Math.min(4, n); back++) {
    const b = buf[n - back]!;
    if (b >> 6 === 2) continue; // continuation byte: look further back
    const need = b < 0x80 ? 1 : b >> 5 === 6 ? 2 : b >> 4 === 14 ? 3 : b >> 3 === 30 ? 4 : 1;
    return need > back ? n - back : n;
  }
  return n;
}

interface BadByte {
  line: number;
  /** 1-based byte of the line. */
  byte: number;
}

/**
 * Follows a byte stream chunk by chunk: physical lines, and where UTF-8 is broken.
 * `push` returns the bytes that end on a character boundary (the rest is carried over).
 */
class Utf8Scanner {
  line = 1;
  private lineByte = 0;
  private carry: Buffer | null = null;

  push(chunk: Buffer): { bytes: Buffer; bad: BadByte[] } {
    const buf = this.carry ? Buffer.concat([this.carry, chunk]) : chunk;
    const end = completeUtf8Length(buf);
    this.carry = end < buf.length ? Buffer.from(buf.subarray(end)) : null;
    return this.scan(buf.subarray(0, end));
  }

  end(): { bytes: Buffer; bad: BadByte[] } {
    const rest = this.carry ?? Buffer.alloc(0);
    this.carry = null;
    return this.scan(rest);
  }

  private scan(bytes: Buffer): { bytes: Buffer; bad: BadByte[] } {
    const bad: BadByte[] = [];
    const ok = isUtf8(bytes);
    let start = 0;
    for (;;) {
      const nl = bytes.indexOf(10, start);
      const stop = nl === -1 ? bytes.length : nl;
      if (!ok) {
        const at = invalidUtf8At(bytes.subarray(start, stop));
        if (at >= 0) bad.push({ line: this.line, byte: this.lineByte + at + 1 });
      }
      if (nl === -1) {
        this.lineByte += stop - start;
        break;
      }
      this.line += 1;
      this.lineByte = 0;
      start = nl + 1;
    }
    return { bytes, bad };
  }
}

// ─── JSONL ────────────────────────────────────────────────────────────────────

function kindOf(v: unknown): string {
  return v === null ? "null" : Array.isArray(v) ? "an array" : typeof v === "string" ? "a string" : typeof v === "number" ? "a number" : typeof v === "boolean" ? "a boolean" : typeof v;
}

function jsonlRow(path: string, line: number, bytes: Buffer): RawRow | null {
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    return {
      file: path,
      line,
      raw: cut(new TextDecoder("utf-8").decode(bytes.subarray(0, RAW_LIMIT * 4))),
      error: {
        field: "(line)",
        reason: `invalid UTF-8 at byte ${invalidUtf8At(bytes) + 1} of the line`,
        hint: "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8 in.jsonl > out.jsonl)",
      },
    };
  }
  // A BOM at the start of the file (or of a file concatenated onto it) is not part of the record.
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (text.endsWith("\r")) text = text.slice(0, -1);
  if (!text.trim()) return null;
  const raw = cut(text);
  let value: unknown;
  try {
    value = JSON.parse(text) as unknown;
  } catch (e) {
    return {
      file: path,
      line,
      raw,
      error: { field: "(line)", reason: `not valid JSON: ${(e as Error).message}`, hint: "each line must be one complete JSON object (a record spread over several lines belongs in a .json file)" },
    };
  }
  if (typeof value !== "object" || value === null || Array.isArray(value)) {
    return { file: path, line, raw, error: { field: "(line)", reason: `a record must be a JSON object, this line is ${kindOf(value)}`, hint: 'one object per line, e.g. {"messages": [...]}' } };
  }
  return { file: path, line, value, raw };
}

/**
 * JSONL by bytes: lines are split on \n here so each can be checked as UTF-8 on its own
 * and an over-long one is skipped without buffering it (only its first RAW_LIMIT bytes are kept).
 */
async function* readJsonlRows(path: string, maxLineBytes: number): AsyncGenerator<RawRow> {
  let line = 1;
  let parts: Buffer[] = [];
  let size = 0;
  let overlong = false;
  let head: Buffer | null = null;
  const finish = (): RawRow | null => {
    if (overlong) {
      return {
        file: path,
        line,
        raw: cut(new TextDecoder("utf-8").decode(head!)),
        error: {
          field: "(line)",
          reason: `line longer than ${sizeText(maxLineBytes)}`,
          hint: "split the record; long documents belong in a text corpus (.txt/.md or {text}) with length.policy chunk",
        },
      };
    }
    return jsonlRow(path, line, parts.length === 1 ? parts[0]! : Buffer.concat(parts, size));
  };
  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    let start = 0;
    for (;;) {
      const nl = chunk.indexOf(10, start);
      const piece = nl === -1 ? chunk.subarray(start) : chunk.subarray(start, nl);
      if (!overlong) {
        if (size + piece.length > maxLineBytes) {
          overlong = true;
          const sofar = parts.length ? Buffer.concat([...parts, piece]) : piece;
          head = Buffer.from(sofar.subarray(0, RAW_LIMIT));
          parts = [];
        } else if (piece.length) {
          // A piece that is a whole line is used in place; one that continues into the next chunk is kept.
          parts.push(nl === -1 ? Buffer.from(piece) : piece);
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

// ─── JSON ─────────────────────────────────────────────────────────────────────

function jsonError(path: string, line: number, message: string): UserError {
  return new UserError("json_syntax", `not valid JSON: ${message}`, {
    hint: "fix the file (a JSON data file is one array of records, or an object holding one such array); JSONL (one record per line) lets one bad record be set aside instead of stopping the read",
    location: { file: path, line },
  });
}

/**
 * A JSON file, tokenized by stream-json so only one element is in memory at a time:
 * a top-level array of records, or a top-level object holding one array of records
 * (e.g. {"version": 2, "data": [...]}: its other, non-array members are ignored).
 * Each element is one row whose line is the physical line where the element starts;
 * an element that is not an object is an error row.
 *
 * A syntax error or invalid UTF-8 anywhere is a UserError naming the file and line
 * (thrown after the rows before it were yielded): a JSON document has no record
 * boundaries to resynchronize on, so the rest of the file cannot be trusted.
 */
async function* readJsonRows(path: string): AsyncGenerator<RawRow> {
  const tokenize = jsonParser({ packValues: true, streamValues: false });
  const scanner = new Utf8Scanner();
  let line = 1;
  let first = true;
  /** Nesting depth after the tokens seen so far. */
  let depth = 0;
  let top: "array" | "object" | null = null;
  /** True while directly inside the records array, whose elements sit at `recordsDepth`. */
  let inRecords = false;
  let recordsDepth = 1;
  let arrayKey: string | null = null;
  let key: string | null = null;
  let index = 0;
  let asm: Assembler | null = null;
  let elementLine = 0;
  const out: RawRow[] = [];

  const onToken = (tok: Token): void => {
    const name = tok.name;
    const opens = name === "startObject" || name === "startArray";
    const closes = name === "endObject" || name === "endArray";
    if (asm) {
      asm.consume(tok);
      if (opens) depth += 1;
      else if (closes) depth -= 1;
      if (asm.done) {
        const value = asm.current as unknown;
        asm = null;
        index += 1;
        const raw = cut(JSON.stringify(value) ?? "");
        if (typeof value !== "object" || value === null || Array.isArray(value)) {
          out.push({
            file: path,
            line: elementLine,
            raw,
            error: { field: "(record)", reason: `a record must be a JSON object, element ${index} of the array is ${kindOf(value)}`, hint: 'the array holds one object per record, e.g. [{"messages": [...]}, …]' },
          });
        } else out.push({ file: path, line: elementLine, value, raw });
      }
      return;
    }
    if (name === "keyValue") {
      key = tok.value;
      return;
    }
    if (top === null) {
      if (name === "startArray") {
        top = "array";
        inRecords = true;
      } else if (name === "startObject") top = "object";
      else throw new UserError("json_shape", "a JSON data file must be an array of records or an object holding one", { hint: 'e.g. [{"messages": …}, …] or {"data": [...]}', location: { file: path, line } });
      depth = 1;
      return;
    }
    if (inRecords && depth === recordsDepth) {
      if (name === "endArray") {
        inRecords = false;
        depth -= 1;
        return;
      }
      // an element of the records array starts here
      asm = new Assembler();
      elementLine = line;
      onToken(tok);
      return;
    }
    if (top === "object" && depth === 1 && name === "startArray") {
      if (arrayKey !== null) {
        throw new UserError("json_shape", `the top-level object holds more than one array ('${arrayKey}' and '${key ?? ""}'), so which one holds the records is ambiguous`, {
          hint: "keep one array of records in the file, or make the file a top-level array",
          location: { file: path, line },
        });
      }
      arrayKey = key ?? "";
      inRecords = true;
      recordsDepth = 2;
      depth = 2;
      return;
    }
    if (opens) depth += 1;
    else if (closes) depth -= 1;
  };

  const feed = (text: string): void => {
    // One physical line at a time, so the tokens that come out can be given their line.
    let start = 0;
    for (;;) {
      const nl = text.indexOf("\n", start);
      const seg = nl === -1 ? text.slice(start) : text.slice(start, nl + 1);
      if (seg) {
        let res: unknown;
        try {
          res = tokenize(seg);
        } catch (e) {
          throw jsonError(path, line, (e as Error).message.replace(/^Parser cannot parse input: /, ""));
        }
        if (res !== null && typeof res === "object") for (const t of (res as { values: Token[] }).values) onToken(t);
      }
      if (nl === -1) return;
      line += 1;
      start = nl + 1;
    }
  };

  /** Tokenizes what was read; a problem is returned (not thrown) so the rows before it are yielded first. */
  const take = (r: { bytes: Buffer; bad: BadByte[] }): unknown => {
    try {
      step(r);
    } catch (e) {
      return e;
    }
    return undefined;
  };
  const step = (r: { bytes: Buffer; bad: BadByte[] }): void => {
    if (r.bad.length) {
      const b = r.bad[0]!;
      throw new UserError("invalid_utf8", `invalid UTF-8 at byte ${b.byte} of line ${b.line}`, { hint: "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)", location: { file: path, line: b.line } });
    }
    let text = r.bytes.toString("utf8");
    if (first && text) {
      if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
      first = false;
    }
    feed(text);
  };

  for await (const chunk of createReadStream(path, { highWaterMark: 1 << 20 }) as AsyncIterable<Buffer>) {
    const problem = take(scanner.push(chunk));
    yield* out;
    out.length = 0;
    if (problem) throw problem;
  }
  const problem = take(scanner.end()) ?? take({ bytes: Buffer.from("\n"), bad: [] }); // the newline ends a trailing top-level number, if any
  yield* out;
  out.length = 0;
  if (problem) throw problem;
  if (top === null) return; // empty (or whitespace-only) file: no records
  if (depth !== 0) throw jsonError(path, line - 1, "the file ends before the JSON is complete (truncated?)");
  if (top === "object" && arrayKey === null) {
    throw new UserError("json_shape", "the top-level JSON object holds no array of records", {
      hint: 'e.g. {"data": [{"messages": …}, …]}, or make the file a top-level array',
      location: { file: path, line: 1 },
    });
  }
}

// ─── CSV / TSV ────────────────────────────────────────────────────────────────

/** Cells stay strings, except one that holds a JSON array or object (a `messages` column…); if it does not parse it stays a string. */
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

/** Passes bytes through unchanged, noting the lines where UTF-8 is broken. */
class Utf8Watch extends Transform {
  readonly bad = new Map<number, number>();
  private readonly scanner = new Utf8Scanner();
  override _transform(chunk: Buffer, _enc: BufferEncoding, cb: TransformCallback): void {
    const r = this.scanner.push(chunk);
    for (const b of r.bad) if (!this.bad.has(b.line)) this.bad.set(b.line, b.byte);
    cb(null, r.bytes);
  }
  override _flush(cb: TransformCallback): void {
    const r = this.scanner.end();
    for (const b of r.bad) if (!this.bad.has(b.line)) this.bad.set(b.line, b.byte);
    cb(null, r.bytes.length ? r.bytes : undefined);
  }
}

interface CsvInfo {
  empty_lines: number;
}

/**
 * CSV (TSV for .tsv) with a header row, through csv-parse's stream. `line` is the physical
 * line where the record starts. Rows with another column count than the header, and rows
 * with invalid UTF-8, are error rows; a whitespace-only line is skipped like a blank one.
 */
async function* readCsvRows(path: string): AsyncGenerator<RawRow> {
  const delimiter = extname(path).toLowerCase() === ".tsv" ? "\t" : ",";
  const watch = new Utf8Watch();
  const source = createReadStream(path, { highWaterMark: 1 << 20 });
  // pipeline (not pipe) so a read error reaches the loop below; closing early is not an error
  const parser = pipeline(source, watch, parseCsv({ bom: true, delimiter, info: true, relax_column_count: true, relax_quotes: true, skip_empty_lines: true }), () => {});
  let header: string[] | null = null;
  let prevEnd = 0;
  let prevEmpty = 0;
  try {
    for await (const rec of parser as AsyncIterable<{ record: string[]; info: CsvInfo }>) {
      const { record, info } = rec;
      // Physical lines are counted here: csv-parse's info.lines counts a CRLF inside a quoted cell twice.
      const start = prevEnd + 1 + (info.empty_lines - prevEmpty);
      let end = start;
      for (const cell of record) for (let i = cell.indexOf("\n"); i !== -1; i = cell.indexOf("\n", i + 1)) end += 1;
      prevEnd = end;
      prevEmpty = info.empty_lines;
      if (record.length === 1 && !record[0]!.trim()) continue;
      if (!header) {
        header = record.map((h, i) => h.trim() || `column_${i + 1}`);
        const dup = header.find((h, i) => header!.indexOf(h) !== i);
        if (dup !== undefined) {
          throw new UserError("csv_header", `column '${dup}' appears twice in the header`, { hint: "give every column its own name", location: { file: path, line: start } });
        }
        continue;
      }
      const raw = cut(record.join(delimiter));
      let badLine: number | undefined;
      for (let l = start; l <= end && badLine === undefined; l++) if (watch.bad.has(l)) badLine = l;
      if (badLine !== undefined) {
        yield { file: path, line: start, raw, error: { field: "(row)", reason: `invalid UTF-8 at byte ${watch.bad.get(badLine)} of line ${badLine}`, hint: "save the file as UTF-8 (Excel: 'CSV UTF-8')" } };
        continue;
      }
      if (record.length !== header.length) {
        yield {
          file: path,
          line: start,
          raw,
          error: { field: "(row)", reason: `row has ${record.length} column${record.length === 1 ? "" : "s"}, the header has ${header.length}`, hint: "quote cells that contain the delimiter or line breaks" },
        };
        continue;
      }
      const value: Record<string, unknown> = {};
      for (let i = 0; i < header.length; i++) value[header[i]!] = csvCell(record[i]!);
      yield { file: path, line: start, value, raw };
    }
  } catch (e) {
    if (e instanceof UserError) throw e;
    const err = e as Error & { code?: string; lines?: number };
    if (typeof err.code === "string" && (err.code.startsWith("CSV_") || err.code.startsWith("INVALID_"))) {
      throw new UserError("csv_syntax", `cannot read the CSV after line ${prevEnd}: ${err.message}`, {
        hint: "a quoted cell that is never closed swallows the rest of the file: check the quotes of the record after that line",
        location: { file: path, line: prevEnd + 1 },
      });
    }
    throw e;
  } finally {
    source.destroy();
  }
}

// ─── Parquet ──────────────────────────────────────────────────────────────────

/** Parquet rows, one row group at a time (snappy, gzip, zstd, brotli, lz4 through hyparquet-compressors). */
async function* readParquetRows(path: string): AsyncGenerator<RawRow> {
  const { parquetMetadataAsync, parquetReadObjects } = await import("hyparquet");
  const { compressors } = await import("hyparquet-compressors");
  const handle = await open(path, "r");
  try {
    const { size } = await handle.stat();
    const file = {
      byteLength: size,
      async slice(start: number, end?: number): Promise<ArrayBuffer> {
        const length = Math.max(0, (end ?? size) - start);
        const buf = new Uint8Array(new ArrayBuffer(length));
        let done = 0;
        while (done < length) {
          const { bytesRead } = await handle.read(buf, done, length - done, start + done);
          if (bytesRead === 0) break;
          done += bytesRead;
        }
        return buf.buffer;
      },
    };
    let metadata;
    try {
      metadata = await parquetMetadataAsync(file);
    } catch (e) {
      throw new UserError("parquet_invalid", `not a readable Parquet file: ${(e as Error).message}`, { hint: "check the file is complete (a Parquet file ends with its footer)", location: { file: path } });
    }
    let row = 0;
    for (const group of metadata.row_groups) {
      const n = Number(group.num_rows);
      const rows = (await parquetReadObjects({ file, metadata, compressors, rowStart: row, rowEnd: row + n })) as Record<string, unknown>[];
      for (const v of rows) {
        row += 1;
        const value = plain(v) as Record<string, unknown>;
        yield { file: path, line: row, value, raw: cut(JSON.stringify(value)) };
      }
    }
  } finally {
    await handle.close();
  }
}

/** Parquet values → plain JSON: INT64 bigint → number (string if unsafe), Date → ISO string, bytes → UTF-8 string (base64 if not text), undefined → null. */
function plain(v: unknown): unknown {
  if (v === undefined) return null;
  if (typeof v === "bigint") return Number.isSafeInteger(Number(v)) ? Number(v) : v.toString();
  if (v instanceof Date) return Number.isNaN(v.getTime()) ? null : v.toISOString();
  if (v instanceof Uint8Array) return isUtf8(v) ? Buffer.from(v).toString("utf8") : Buffer.from(v).toString("base64");
  if (Array.isArray(v)) return v.map(plain);
  if (v && typeof v === "object") {
    const out: Record<string, unknown> = {};
    for (const [k, x] of Object.entries(v)) out[k] = plain(x);
    return out;
  }
  return v;
}

// ─── TXT / MD ─────────────────────────────────────────────────────────────────

/** A text file is one row {text, path}; path is relative to the folder read (a single file: the path given). */
function readTextFile(path: string, name: string): RawRow {
  const { size } = statSync(path);
  if (size > MAX_TEXT_FILE_BYTES) {
    return { file: path, line: 1, raw: "", error: { field: "(file)", reason: `text file larger than ${sizeText(MAX_TEXT_FILE_BYTES)}`, hint: "split it into several files" } };
  }
  const bytes = readFileSync(path);
  let text: string;
  try {
    text = utf8.decode(bytes);
  } catch {
    const at = invalidUtf8At(bytes);
    const line = bytes.subarray(0, at).filter((b) => b === 10).length + 1;
    return {
      file: path,
      line,
      raw: cut(new TextDecoder("utf-8").decode(bytes.subarray(0, RAW_LIMIT * 4))),
      error: { field: "(file)", reason: `invalid UTF-8 at byte ${at + 1} of the file (line ${line})`, hint: "save the file as UTF-8 (e.g. iconv -f latin1 -t utf-8)" },
    };
  }
  if (text.charCodeAt(0) === 0xfeff) text = text.slice(1);
  if (!text.trim()) return { file: path, line: 1, raw: "", error: { field: "(file)", reason: "empty file", hint: "remove it, or give it text" } };
  return { file: path, line: 1, value: { text, path: name }, raw: cut(text) };
}
