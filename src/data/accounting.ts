import { closeSync, mkdirSync, openSync, writeSync } from "node:fs";
import { dirname } from "node:path";
import type { DataRecord, RecordSource } from "./record.js";

/**
 * Every stage accounts for every record: in = kept + rejected + merged, and out = kept + added.
 * Rejected records go to the quarantine file with their reason; merged ones (duplicates)
 * name the record they were merged into. Nothing is dropped silently.
 */
export interface StageCounts {
  stage: string;
  in: number;
  kept: number;
  rejected: number;
  merged: number;
  added: number;
  out: number;
  /** Why records were rejected or merged: reason code → count. */
  reasons: Record<string, number>;
  /** What the stage changed in records it kept: change kind → count (e.g. "nfc": 12, "zero_width": 3). */
  changes: Record<string, number>;
}

export class Stage {
  readonly counts: StageCounts;

  constructor(name: string) {
    this.counts = { stage: name, in: 0, kept: 0, rejected: 0, merged: 0, added: 0, out: 0, reasons: {}, changes: {} };
  }

  /** A record entered the stage. */
  seen(n = 1): void {
    this.counts.in += n;
  }
  kept(n = 1): void {
    this.counts.kept += n;
    this.counts.out += n;
  }
  rejected(reason: string): void {
    this.counts.rejected += 1;
    this.counts.reasons[reason] = (this.counts.reasons[reason] ?? 0) + 1;
  }
  merged(reason: string): void {
    this.counts.merged += 1;
    this.counts.reasons[reason] = (this.counts.reasons[reason] ?? 0) + 1;
  }
  added(n = 1): void {
    this.counts.added += n;
    this.counts.out += n;
  }
  changed(kind: string, n = 1): void {
    this.counts.changes[kind] = (this.counts.changes[kind] ?? 0) + n;
  }

  get balanced(): boolean {
    const c = this.counts;
    return c.in === c.kept + c.rejected + c.merged && c.out === c.kept + c.added;
  }
}

export interface QuarantineEntry {
  stage: string;
  source: RecordSource;
  field: string;
  reason: string;
  /** A stable code for counting ("invalid_json", "bad_role", "too_long", "duplicate", …). */
  code: string;
  hint?: string;
  /** For merged records: the id of the record kept instead. */
  merged_into?: string;
  /** The raw row text or the record itself. */
  record: unknown;
}

/** Appends quarantined records to one JSONL file as they happen (streaming; the file is created on first use). */
export class Quarantine {
  private fd: number | null = null;
  count = 0;

  constructor(readonly path: string) {}

  add(entry: QuarantineEntry): void {
    if (this.fd === null) {
      mkdirSync(dirname(this.path), { recursive: true });
      this.fd = openSync(this.path, "w");
    }
    writeSync(this.fd, JSON.stringify(entry) + "\n");
    this.count += 1;
  }

  /** A record that made it into the pipeline but was rejected or merged by a later stage. */
  addRecord(stage: string, record: DataRecord, code: string, reason: string, extra: { field?: string; hint?: string; merged_into?: string } = {}): void {
    this.add({ stage, source: record.source, field: extra.field ?? "(record)", reason, code, hint: extra.hint, merged_into: extra.merged_into, record });
  }

  close(): void {
    if (this.fd !== null) closeSync(this.fd);
    this.fd = null;
  }
}
