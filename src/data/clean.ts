import { decodeHTML } from "entities";
import type { z } from "zod";
import type { CleanOptions } from "../config/recipe.js";
import type { ChatMessage } from "../spec/chat.js";
import type { DataRecord } from "./record.js";

/**
 * Text cleaning, configurable per option, reported as the kinds of change made.
 * Never mutates its input. Turns whose content is JSON (the Director's decisions) are
 * left exactly as they are: cleaning must not change what the model learns to emit.
 */
export type CleanConfig = z.output<typeof CleanOptions>;

export type CleanResult = { record: DataRecord; changes: string[] } | { reject: { code: string; field: string; reason: string; hint: string } };

// C0/C1 controls except \t and \n (\r is normalized first).
const CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]/g;
// Zero-width space/non-joiner, word joiner, BOM, soft hyphen. ZWJ (U+200D) is removed only when not between two emoji.
const ZERO_WIDTH = /[\u200b\u200c\u2060\ufeff\u00ad]/g;
const ZWJ_OUTSIDE_EMOJI = /(?<!\p{Extended_Pictographic}\uFE0F?)\u200d|\u200d(?!\p{Extended_Pictographic})/gu;
const TAG = /<\/?[A-Za-z][A-Za-z0-9-]*(?:\s+[^<>]*?)?\s*\/?>/g;
const ENTITY = /&(?:#\d{1,7}|#x[0-9a-fA-F]{1,6}|[A-Za-z][A-Za-z0-9]{1,31});/;
// UTF-8 bytes of accented letters and punctuation read as CP1252/Latin-1: "Ã©", "Ã±", "â€™", "Â¿"…
const MOJIBAKE = /Ã[\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]|â€[\u0080-\u00bf\u0153\u0161\u017e\u02dc\u2018-\u201d\u2022\u2013\u2014\u2122\u0178\u0152]|Â[\u00a0-\u00bf]/g;

// CP1252's 0x80–0x9F, for turning mis-decoded text back into its bytes.
const CP1252: Record<number, number> = {
  0x20ac: 0x80, 0x201a: 0x82, 0x0192: 0x83, 0x201e: 0x84, 0x2026: 0x85, 0x2020: 0x86, 0x2021: 0x87, 0x02c6: 0x88, 0x2030: 0x89,
  0x0160: 0x8a, 0x2039: 0x8b, 0x0152: 0x8c, 0x017d: 0x8e, 0x2018: 0x91, 0x2019: 0x92, 0x201c: 0x93, 0x201d: 0x94, 0x2022: 0x95,
  0x2013: 0x96, 0x2014: 0x97, 0x02dc: 0x98, 0x2122: 0x99, 0x0161: 0x9a, 0x203a: 0x9b, 0x0153: 0x9c, 0x017e: 0x9e, 0x0178: 0x9f,
};
const strictUtf8 = new TextDecoder("utf-8", { fatal: true });

function mojibakeCount(text: string): number {
  return text.match(MOJIBAKE)?.length ?? 0;
}

/** Re-encode as CP1252 bytes and decode as UTF-8; undefined when that is not possible or not better. */
export function fixMojibake(text: string): string | undefined {
  const bytes: number[] = [];
  for (const ch of text) {
    const c = ch.codePointAt(0)!;
    if (c < 0x100) bytes.push(c);
    else if (CP1252[c] !== undefined) bytes.push(CP1252[c]);
    else return fixRuns(text);
  }
  try {
    const fixed = strictUtf8.decode(new Uint8Array(bytes));
    return mojibakeCount(fixed) < mojibakeCount(text) ? fixed : undefined;
  } catch {
    return fixRuns(text);
  }
}

/** When the whole text cannot be re-decoded (it also holds real non-Latin characters), fix each suspicious run alone. */
function fixRuns(text: string): string | undefined {
  const fixed = text.replace(/(?:[\u00c2-\u00f4][\u0080-\u00bf\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192\u02c6\u02dc\u2013\u2014\u2018-\u201e\u2020-\u2022\u2026\u2030\u2039\u203a\u20ac\u2122]{1,3})+/g, (run) => {
    const bytes: number[] = [];
    for (const ch of run) {
      const c = ch.codePointAt(0)!;
      bytes.push(c < 0x100 ? c : CP1252[c] ?? 0);
    }
    try {
      return strictUtf8.decode(new Uint8Array(bytes));
    } catch {
      return run;
    }
  });
  return fixed !== text && mojibakeCount(fixed) < mojibakeCount(text) ? fixed : undefined;
}

function isJson(text: string): boolean {
  const t = text.trim();
  if (!(t.startsWith("{") || t.startsWith("["))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

/** Cleans one string; adds the kinds of change to `changes`. Returns null for mojibake when the policy rejects it. */
function cleanText(input: string, opts: CleanConfig, changes: Set<string>): string | null {
  let t = input;
  const step = (kind: string, next: string) => {
    if (next !== t) {
      changes.add(kind);
      t = next;
    }
  };
  // Mojibake first: its C1 bytes (e.g. the U+009D in "â€\u009d") are evidence the control filter would erase.
  if (opts.mojibake !== "off" && MOJIBAKE.test(t)) {
    MOJIBAKE.lastIndex = 0;
    if (opts.mojibake === "reject") return null;
    const fixed = fixMojibake(t);
    if (fixed !== undefined) step("mojibake", fixed);
  }
  MOJIBAKE.lastIndex = 0;
  if (opts.control) step("control", t.replace(/\r\n?/g, "\n").replace(CONTROL, ""));
  if (opts.zero_width) step("zero_width", t.replace(ZERO_WIDTH, "").replace(ZWJ_OUTSIDE_EMOJI, ""));
  if (opts.html) {
    step("html_tags", t.replace(TAG, ""));
    if (ENTITY.test(t)) step("html_entities", decodeHTML(t));
  }
  if (opts.nfc) step("nfc", t.normalize("NFC"));
  if (opts.whitespace) {
    step(
      "whitespace",
      t
        .split("\n")
        .map((l) => l.replace(/[ \t\u00a0]{2,}/g, " ").trim())
        .join("\n")
        .replace(/\n{3,}/g, "\n\n")
        .trim(),
    );
  }
  return t;
}

const reject = (code: string, field: string, reason: string, hint: string): CleanResult => ({ reject: { code, field, reason, hint } });

export function cleanRecord(record: DataRecord, opts: CleanConfig): CleanResult {
  const changes = new Set<string>();
  if (record.kind === "text") {
    const text = cleanText(record.text, opts, changes);
    if (text === null) return reject("mojibake", "text", "text looks like UTF-8 read as Latin-1 (e.g. 'Ã©' for 'é')", "re-export the file as UTF-8, or set data.clean.mojibake: fix");
    if (!text.trim()) return reject("empty_text", "text", "no text left after cleaning", "remove the record");
    return { record: { ...record, text }, changes: [...changes] };
  }
  let messages: ChatMessage[] = [];
  for (const [i, m] of record.messages.entries()) {
    if (isJson(m.content)) {
      messages.push(m);
      continue;
    }
    const content = cleanText(m.content, opts, changes);
    if (content === null) return reject("mojibake", `messages.${i}.content`, "text looks like UTF-8 read as Latin-1 (e.g. 'Ã©' for 'é')", "re-export the file as UTF-8, or set data.clean.mojibake: fix");
    if (!content.trim()) {
      if (opts.empty_turns === "reject") return reject("empty_turn", `messages.${i}.content`, `turn ${i} (${m.role}) has no text${m.content.trim() ? " after cleaning" : ""}`, "remove the turn, or set data.clean.empty_turns: drop");
      changes.add("empty_turn_dropped");
      continue;
    }
    messages.push({ role: m.role, content });
  }
  // Role order: system first only, then user/assistant alternating from user.
  const ordered: ChatMessage[] = [];
  for (const [i, m] of messages.entries()) {
    if (m.role === "system") {
      if (ordered.length > 0) return reject("role_order", `messages.${i}.role`, `a system turn at position ${i}: only the first turn may be system`, "move the system prompt to the start, or drop it");
      ordered.push(m);
      continue;
    }
    const prev = ordered[ordered.length - 1];
    const expected = !prev || prev.role === "system" ? "user" : prev.role === "user" ? "assistant" : "user";
    if (m.role !== expected) {
      if (prev && prev.role === m.role && opts.role_order === "merge") {
        ordered[ordered.length - 1] = { role: m.role, content: `${prev.content}\n\n${m.content}` };
        changes.add("turns_merged");
        continue;
      }
      return reject("role_order", `messages.${i}.role`, `turn ${i} is '${m.role}' but '${expected}' was expected (roles alternate user/assistant after an optional system prompt)`, prev && prev.role === m.role ? "merge the two turns, or set data.clean.role_order: merge" : "a conversation starts with the user");
    }
    ordered.push(m);
  }
  messages = ordered;
  const last = messages[messages.length - 1];
  if (!last || last.role !== "assistant") {
    return reject("no_answer", "messages", "the conversation does not end with an assistant turn: there is nothing to learn", "add the assistant's answer, or drop the trailing user turn");
  }
  return { record: { ...record, messages }, changes: [...changes] };
}
