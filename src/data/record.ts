import type { ChatMessage } from "../spec/chat.js";

/**
 * The one canonical record every input format becomes, and every pipeline stage
 * (clean → length → dedup → split → augment → report) reads and writes.
 */

/** Where a record came from: the file and its 1-based line (JSONL/TXT line, CSV row incl. header, JSON array index + 1, Parquet row + 1). */
export interface RecordSource {
  file: string;
  line: number;
}

interface RecordBase {
  id: string;
  /** Split key: every record of a group lands in the same split (persona, conversation, book…). */
  group: string;
  source: RecordSource;
  /** "original", or how the record was made: "augment:synonym", "augment:swap", "backtranslate:es-en-es", "chunk:3"… */
  origin: string;
  /** Facts the stages and the report use: persona, role, beat, style, act, language… (all strings). */
  tags: Record<string, string>;
}

/** A conversation: trained on its assistant turns. */
export interface ChatRecord extends RecordBase {
  kind: "chat";
  messages: ChatMessage[];
}

/** A raw text corpus record: trained on all of its tokens. */
export interface TextRecord extends RecordBase {
  kind: "text";
  text: string;
}

export type DataRecord = ChatRecord | TextRecord;

/** A row as a reader yields it, before it is mapped to a record. */
export interface RawRow {
  file: string;
  line: number;
  /** The parsed value (an object for JSONL/JSON/CSV/Parquet rows, { text } for .txt/.md). */
  value?: unknown;
  /** Set when the row could not be read at all (broken JSON, invalid UTF-8, over-long line…). */
  error?: { field: string; reason: string; hint?: string };
  /** The raw text of the row, cut to a few KB, for the quarantine file. */
  raw: string;
}

/** The text that dedup, leakage checks and most report metrics look at: no system prompt (it is shared by design). */
export function contentText(record: DataRecord): string {
  if (record.kind === "text") return record.text;
  return record.messages
    .filter((m) => m.role !== "system")
    .map((m) => m.content)
    .join("\n");
}

/** All the natural-language strings of a record (for scanning: PII, lexicons, language). */
export function allTexts(record: DataRecord): string[] {
  return record.kind === "text" ? [record.text] : record.messages.map((m) => m.content);
}

/** The record as the engine reads it in the prepared split files. */
export function toEngineExample(record: DataRecord): { id: string; messages: ChatMessage[] } | { id: string; text: string } {
  return record.kind === "text" ? { id: record.id, text: record.text } : { id: record.id, messages: record.messages };
}
