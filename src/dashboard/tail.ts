import { closeSync, existsSync, openSync, readSync, statSync, watch, type FSWatcher } from "node:fs";
import { basename, dirname } from "node:path";

/**
 * events.jsonl is appended to while the engine trains, so a reader can meet a half-written
 * last line. Both the one-shot read and the tail treat a line as an event only once its
 * newline is there, and number events by their index among the file's complete JSON lines.
 */
export type RunEvent = Record<string, unknown>;

/** Complete lines of a chunk: the trailing piece without its newline is handed back as `rest`. */
export function splitComplete(buf: Buffer): { lines: string[]; rest: Buffer } {
  const end = buf.lastIndexOf(0x0a);
  if (end < 0) return { lines: [], rest: buf };
  return { lines: buf.subarray(0, end).toString("utf8").split("\n"), rest: buf.subarray(end + 1) };
}

/** A line as an event, or null for blanks and lines that are not JSON objects (skipped, not counted). */
export function parseEventLine(line: string): RunEvent | null {
  if (!line.trim()) return null;
  try {
    const v = JSON.parse(line) as unknown;
    return v && typeof v === "object" && !Array.isArray(v) ? (v as RunEvent) : null;
  } catch {
    return null;
  }
}

const CHUNK = 1 << 22;

/** Reads from `offset` to the end in chunks; calls `onLine` per complete line; returns the new offset. */
function readFrom(path: string, offset: number, onLine: (line: string) => void): number {
  const fd = openSync(path, "r");
  try {
    let rest: Buffer = Buffer.alloc(0);
    let pos = offset;
    for (;;) {
      const chunk = Buffer.alloc(CHUNK);
      const n = readSync(fd, chunk, 0, CHUNK, pos);
      if (n === 0) break;
      pos += n;
      const split = splitComplete(Buffer.concat([rest, chunk.subarray(0, n)]));
      for (const l of split.lines) onLine(l);
      rest = split.rest;
    }
    return pos - rest.length; // the partial line is read again next time, once complete
  } finally {
    closeSync(fd);
  }
}

/** Events with index >= `from` (complete lines only) and the index the next read starts at. */
export function readEventsFrom(path: string, from = 0): { events: RunEvent[]; next: number } {
  const events: RunEvent[] = [];
  let index = 0;
  if (existsSync(path)) {
    readFrom(path, 0, (line) => {
      const e = parseEventLine(line);
      if (!e) return;
      if (index >= from) events.push(e);
      index++;
    });
  }
  return { events, next: Math.max(index, from) };
}

export interface Tail {
  close(): void;
}

export interface TailOptions {
  /** First event index to deliver (earlier ones are read and skipped). */
  from?: number;
  pollMs?: number;
  /** The file shrank (rewritten): indices start again at 0. */
  onReset?: () => void;
}

/**
 * Follows an events file as it grows: fs.watch on its folder (the file may not exist yet)
 * wakes it at once; a poll catches what watch misses (network filesystems, some containers).
 */
export function tailEvents(path: string, onEvent: (e: RunEvent, index: number) => void, opts: TailOptions = {}): Tail {
  const from = opts.from ?? 0;
  let offset = 0;
  let index = 0;
  let closed = false;
  const check = () => {
    if (closed || !existsSync(path)) return;
    let size: number;
    try {
      size = statSync(path).size;
    } catch {
      return;
    }
    if (size < offset) {
      offset = 0;
      index = 0;
      opts.onReset?.();
    }
    if (size === offset) return;
    offset = readFrom(path, offset, (line) => {
      const e = parseEventLine(line);
      if (!e) return;
      if (index >= from && !closed) onEvent(e, index);
      index++;
    });
  };
  let watcher: FSWatcher | undefined;
  try {
    watcher = watch(dirname(path), (_type, name) => {
      if (!name || name.toString() === basename(path)) check();
    });
    watcher.on("error", () => watcher?.close());
  } catch {
    watcher = undefined; // the poll alone keeps it going
  }
  const timer = setInterval(check, opts.pollMs ?? 1000);
  timer.unref();
  check();
  return {
    close() {
      closed = true;
      clearInterval(timer);
      watcher?.close();
    },
  };
}
