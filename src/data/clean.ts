import { decodeHTMLStrict } from "entities/decode";
import type { z } from "zod";
import type { CleanOptions } from "../config/recipe.js";
import type { ChatMessage } from "../spec/chat.js";
import type { DataRecord } from "./record.js";

/**
 * The clean stage: text repairs on every turn (or on a text record's text), then the
 * turn-level checks of a conversation. Never mutates its input; a record with nothing
 * to change comes back as the same object.
 *
 * Text steps, in this order (each one switchable in data.clean):
 *   mojibake   UTF-8 read as CP1252/Latin-1 ("Ã©" → "é", "â€™" → "’", "ðŸ˜€" → "😀"), fixed or rejected.
 *              Runs first: its evidence includes C1 controls and soft hyphens the later steps remove.
 *   html       tags stripped (known HTML element names only, so "a < b", "<3", "<persona>" stay), then
 *              entities decoded (strict: "&amp;" yes, "AT&T" and "&copy" without ";" untouched).
 *              Not inside Markdown code (``` fences and `spans`).
 *   control    \r\n and \r (and U+2028/U+2029) → \n; other C0/C1 controls and DEL removed (\t and \n kept).
 *   zero_width U+200B–U+200D, U+2060, U+FEFF, U+00AD removed — except a ZWJ joining two emoji
 *              (👩‍💻, 👨‍👩‍👧) and a ZWJ/ZWNJ between letters of scripts that need them (Arabic,
 *              Persian, Devanagari…: any letter that is not Latin, Greek or Cyrillic).
 *   nfc        Unicode NFC (after the removals, which can leave decomposable sequences behind).
 *   whitespace each turn trimmed; per line trailing spaces removed and runs of spaces/tabs after
 *              the indentation collapsed to one space (leading indentation kept: code, verse);
 *              at most one blank line in a row.
 *
 * A turn whose content parses as JSON (a Director answer) gets only the character repairs
 * (mojibake, control, zero_width, nfc), never html or whitespace: its layout is what the
 * model learns to emit.
 *
 * Then, for conversations: empty_turns (a turn empty after cleaning: drop it, or reject with
 * field messages.N.content), role_order (system only first; then user and assistant
 * alternate, starting with the user — chat templates require it; consecutive same-role
 * turns, consecutive system turns at the start included, are merged with a blank line, or
 * rejected with field messages.N.role), and every conversation must end with an assistant
 * turn (code "no_answer"). N is always the turn's index in the input record.
 */
export type CleanConfig = z.output<typeof CleanOptions>;

export interface CleanReject {
  code: string;
  field: string;
  reason: string;
  hint: string;
}

export type CleanResult = { record: DataRecord; changes: string[] } | { reject: CleanReject };

/** The change kinds `changes` can hold, in the order the steps run. */
export const CLEAN_CHANGES = ["mojibake", "html_tags", "html_entities", "control", "zero_width", "nfc", "whitespace", "empty_turn_dropped", "turns_merged"] as const;
export type CleanChange = (typeof CLEAN_CHANGES)[number];

export function cleanRecord(record: DataRecord, opts: CleanConfig): CleanResult {
  const changes = new Set<CleanChange>();
  if (record.kind === "text") {
    const text = cleanText(record.text, opts, changes);
    if (typeof text !== "string") return { reject: { ...text, field: "text" } };
    if (!text.trim()) {
      return { reject: { code: "empty_text", field: "text", reason: "the text is empty after cleaning", hint: "remove the record, or check what cleaning removed (data.clean)" } };
    }
    return changes.size ? { record: { ...record, text }, changes: ordered(changes) } : { record, changes: [] };
  }

  // 1. text of every turn
  let turns: { role: ChatMessage["role"]; content: string; index: number; changed: boolean }[] = [];
  for (let i = 0; i < record.messages.length; i++) {
    const m = record.messages[i]!;
    const content = cleanText(m.content, opts, changes, isJson(m.content));
    if (typeof content !== "string") return { reject: { ...content, field: `messages.${i}.content` } };
    turns.push({ role: m.role, content, index: i, changed: content !== m.content });
  }

  // 2. empty turns
  if (turns.some((t) => !t.content.trim())) {
    if (opts.empty_turns === "reject") {
      const t = turns.find((x) => !x.content.trim())!;
      return {
        reject: {
          code: "empty_turn",
          field: `messages.${t.index}.content`,
          reason: `the ${t.role} turn ${t.index} is empty${record.messages[t.index]!.content.trim() ? " after cleaning" : ""}`,
          hint: "fill or remove the turn, or set data.clean.empty_turns: drop",
        },
      };
    }
    turns = turns.filter((t) => t.content.trim());
    changes.add("empty_turn_dropped");
  }

  // 3. role order
  const merged: typeof turns = [];
  for (const t of turns) {
    const prev = merged[merged.length - 1];
    if (t.role === "system" && prev && prev.role !== "system") {
      return {
        reject: {
          code: "role_order",
          field: `messages.${t.index}.role`,
          reason: `a system turn can only come first; turn ${t.index} is a system turn after a ${prev.role} turn`,
          hint: "move the system prompt to the start of the conversation",
        },
      };
    }
    if (t.role === "assistant" && (!prev || prev.role === "system")) {
      return {
        reject: {
          code: "role_order",
          field: `messages.${t.index}.role`,
          reason: `turn ${t.index} is an assistant turn before any user turn; a conversation starts with the user`,
          hint: "start the conversation with the user's turn (an opening line of the assistant can go in the system prompt)",
        },
      };
    }
    if (prev && prev.role === t.role) {
      if (opts.role_order === "reject") {
        return {
          reject: {
            code: "role_order",
            field: `messages.${t.index}.role`,
            reason: t.role === "system" ? `turn ${t.index} is a second system turn; one system prompt opens a conversation` : `turn ${t.index} is a second ${t.role} turn in a row; user and assistant turns must alternate`,
            hint: "join the turns, or set data.clean.role_order: merge",
          },
        };
      }
      merged[merged.length - 1] = { ...prev, content: `${prev.content}\n\n${t.content}`, changed: true };
      changes.add("turns_merged");
      continue;
    }
    merged.push(t);
  }
  const last = merged[merged.length - 1];
  if (!last || last.role !== "assistant") {
    const any = merged.some((t) => t.role === "assistant");
    return {
      reject: {
        code: "no_answer",
        field: "messages",
        reason: any ? `the conversation ends with a ${last!.role} turn, not an assistant answer` : "the conversation has no assistant turn to learn from",
        hint: any ? "drop the trailing turns, or add the answer" : "a chat record needs at least one assistant turn, and must end with one",
      },
    };
  }

  if (!changes.size) return { record, changes: [] };
  const messages: ChatMessage[] = merged.map((t) => (t.changed ? { ...record.messages[t.index]!, content: t.content } : record.messages[t.index]!));
  return { record: { ...record, messages }, changes: ordered(changes) };
}

function ordered(changes: Set<CleanChange>): string[] {
  return CLEAN_CHANGES.filter((c) => changes.has(c));
}

/**
 * One string through the text steps; a CleanReject (without field) when mojibake is "reject".
 * `json`: the string is a JSON document (a Director answer): only character repairs apply
 * (mojibake, control, zero-width, NFC, which change string values and keep the JSON valid);
 * HTML and whitespace are left alone, so the layout the model learns to emit is unchanged.
 */
export function cleanText(input: string, opts: CleanConfig, changes: Set<CleanChange>, json = false): string | Omit<CleanReject, "field"> {
  let s = input;
  if (opts.mojibake !== "off") {
    const fixed = fixMojibake(s);
    if (fixed !== s) {
      if (opts.mojibake === "reject") {
        return {
          code: "mojibake",
          reason: `the text looks like UTF-8 read as Latin-1/CP1252 (${mojibakeSample(s)})`,
          hint: "re-export the data as UTF-8, or set data.clean.mojibake: fix to repair it",
        };
      }
      s = fixed;
      changes.add("mojibake");
    }
  }
  if (opts.html && !json) {
    const [tags, entities] = cleanHtml(s);
    if (tags !== s) changes.add("html_tags");
    if (entities !== tags) changes.add("html_entities");
    s = entities;
  }
  if (opts.control) {
    const t = removeControl(s);
    if (t !== s) changes.add("control");
    s = t;
  }
  if (opts.zero_width) {
    const t = removeZeroWidth(s);
    if (t !== s) changes.add("zero_width");
    s = t;
  }
  if (opts.nfc) {
    const t = s.normalize("NFC");
    if (t !== s) changes.add("nfc");
    s = t;
  }
  if (opts.whitespace && !json) {
    const t = normalizeWhitespace(s);
    if (t !== s) changes.add("whitespace");
    s = t;
  }
  return s;
}

// ─── mojibake ─────────────────────────────────────────────────────────────────

/** CP1252's characters for bytes 0x80–0x9F (0x81, 0x8D, 0x8F, 0x90, 0x9D are undefined there and read back as C1 controls). */
const CP1252_HIGH = "€\u0081‚ƒ„…†‡ˆ‰Š‹Œ\u008DŽ\u008F\u0090‘’“”•–—˜™š›œ\u009DžŸ";
const TO_BYTE = new Map<string, number>();
for (let b = 0x80; b <= 0xff; b++) TO_BYTE.set(String.fromCharCode(b), b); // Latin-1 (C1 controls included)
for (let i = 0; i < 32; i++) TO_BYTE.set(CP1252_HIGH[i]!, 0x80 + i);
const CONT = `[\\u0080-\\u00BF${CP1252_HIGH.replace(/[\u0080-\u009F]/g, "")}]`;
/** A UTF-8 lead byte, read as Latin-1, followed by as many continuation bytes as it announces. */
const SEQ = new RegExp(`[\\u00C2-\\u00DF]${CONT}|[\\u00E0-\\u00EF]${CONT}{2}|[\\u00F0-\\u00F4]${CONT}{3}`, "g");
const SEQ_TEST = new RegExp(`[\\u00C2-\\u00F4]${CONT}`);
const utf8 = new TextDecoder("utf-8", { fatal: true, ignoreBOM: true });

interface Candidate {
  start: number;
  end: number;
  cp: number;
  lead: number;
  text: string;
}

function candidates(s: string): Candidate[] {
  const out: Candidate[] = [];
  SEQ.lastIndex = 0;
  for (let m = SEQ.exec(s); m; m = SEQ.exec(s)) {
    const seq = m[0];
    const bytes = new Uint8Array(seq.length);
    for (let i = 0; i < seq.length; i++) bytes[i] = TO_BYTE.get(seq[i]!)!;
    let text: string;
    try {
      text = utf8.decode(bytes);
    } catch {
      continue; // not UTF-8 (e.g. an overlong form): ordinary text
    }
    out.push({ start: m.index, end: m.index + seq.length, cp: text.codePointAt(0)!, lead: bytes[0]!, text });
  }
  return out;
}

/**
 * Whether one decoded sequence is believable as mojibake. Sequences that decode to what
 * Latin-script text is made of (Latin-1 and Latin Extended-A letters, typographic
 * punctuation, currency, ™, emoji, a BOM) count on their own; anything else (Greek,
 * Cyrillic, CJK…) only as part of a run of at least two adjacent sequences, which keeps
 * correct text such as «ADIÓS» ("Ó»" would decode to Cyrillic ӻ) untouched.
 */
function plausible(c: Candidate, inRun: boolean): boolean {
  const { cp, lead } = c;
  if (lead === 0xc2 || lead === 0xc3) return cp >= 0xa0; // Latin-1 letters and signs (not C1 controls)
  if (lead === 0xc4 || lead === 0xc5) return true; // Latin Extended-A: č ł ő š ž…
  if (lead === 0xe2) return cp >= 0x2000 && cp <= 0x2bff; // punctuation ’ “ ” – — … •, € ™, arrows, symbols
  if (cp === 0xfeff) return true; // "ï»¿": a BOM read as CP1252
  if (cp >= 0x1f000 && cp <= 0x1faff) return true; // emoji
  return inRun;
}

/** One pass: every plausible sequence replaced by what it decodes to. */
function fixOnce(s: string): string {
  const cands = candidates(s);
  if (!cands.length) return s;
  let out = "";
  let pos = 0;
  for (let i = 0; i < cands.length; i++) {
    const c = cands[i]!;
    const inRun = cands[i - 1]?.end === c.start || cands[i + 1]?.start === c.end;
    if (!plausible(c, inRun)) continue;
    out += s.slice(pos, c.start) + c.text;
    pos = c.end;
  }
  return pos === 0 ? s : out + s.slice(pos);
}

const countSuspicious = (s: string): number => candidates(s).length;

/**
 * Repairs UTF-8 that was decoded as CP1252 or Latin-1, sequence by sequence (so text that
 * is only partly broken is repaired too), up to three times for text broken more than once
 * ("ÃƒÂ©"). A pass is kept only when it leaves fewer suspicious sequences than it found.
 */
export function fixMojibake(input: string): string {
  if (!SEQ_TEST.test(input)) return input;
  let s = input;
  for (let pass = 0; pass < 3; pass++) {
    const t = fixOnce(s);
    if (t === s || countSuspicious(t) >= countSuspicious(s)) break;
    s = t;
  }
  return s;
}

function mojibakeSample(s: string): string {
  const c = candidates(s)[0];
  if (!c) return "";
  return `"${s.slice(c.start, c.end)}" for "${c.text}"`;
}

// ─── HTML ─────────────────────────────────────────────────────────────────────

const BLOCK = "address|article|aside|blockquote|br|center|dd|div|dl|dt|figcaption|figure|footer|h[1-6]|header|hr|li|nav|ol|p|pre|section|table|tbody|td|tfoot|th|thead|tr|ul";
const INLINE = "a|abbr|b|big|body|caption|cite|code|del|dfn|em|font|head|html|i|img|ins|kbd|label|link|mark|meta|q|s|samp|small|span|strike|strong|sub|sup|title|tt|u|var|wbr";
/** Groups: 1 the element name, 2 its attributes. */
const ATTRS = `((?:\\s+[a-zA-Z_:][-\\w:.]*(?:\\s*=\\s*(?:"[^"]*"|'[^']*'|[^\\s"'=<>\`]+))?)*)\\s*\\/?>`;
/** A block tag becomes a line break and takes the spaces around it along ("uno <br> dos" → "uno\ndos"). */
const BLOCK_TAG = new RegExp(`[ \\t]*<\\/?(${BLOCK})${ATTRS}[ \\t]*`, "gi");
const INLINE_TAG = new RegExp(`<\\/?(${INLINE})${ATTRS}`, "gi");
const SCRIPT = /<(script|style)\b[^>]*>[\s\S]*?<\/\1\s*>/gi;
const COMMENT = /<!--[\s\S]*?-->/g;
const TAG_TEST = /<(?:\/?[a-zA-Z]|!--)/;
const ENTITY_TEST = /&(?:#\d+|#x[0-9a-fA-F]+|[a-zA-Z][a-zA-Z0-9]*);/;
/** Markdown code is left alone: ``` fences and `spans`. */
const CODE = /(```[\s\S]*?(?:```|$)|`[^`\n]+`)/;

/**
 * Whether a tag-shaped match is prose, not markup: it has attributes, none of them with a
 * value, and the element is never closed in the text — "x<b and y>c" is a comparison,
 * while "<b>", "<p class=x>" and "<td nowrap>…</td>" are tags.
 */
function looksLikeProse(s: string, name: string, attrs: string): boolean {
  return attrs.trim() !== "" && !attrs.includes("=") && !new RegExp(`</${name}\\s*>`, "i").test(s);
}

/** Tags removed; block-level ones (p, br, div, li…) become a line break, except at the very start or end. */
function stripTags(s: string): string {
  if (!TAG_TEST.test(s)) return s;
  const u = s.replace(SCRIPT, "").replace(COMMENT, "");
  const t = u
    .replace(BLOCK_TAG, (m: string, name: string, attrs: string) => (looksLikeProse(u, name, attrs) ? m : "\n"))
    .replace(INLINE_TAG, (m: string, name: string, attrs: string) => (looksLikeProse(u, name, attrs) ? m : ""));
  if (t === s) return s;
  const lead = /^\s*/.exec(s)![0].length;
  const trail = /\s*$/.exec(s)![0].length;
  const tl = /^\s*/.exec(t)![0].length;
  const tt = /\s*$/.exec(t)![0].length;
  return t.slice(tl > lead ? tl - lead : 0, tt > trail ? t.length - (tt - trail) : t.length);
}

function decodeEntities(s: string): string {
  return ENTITY_TEST.test(s) ? decodeHTMLStrict(s) : s;
}

/** [tags stripped, then entities decoded too] — two results so each change is counted on its own. */
function cleanHtml(s: string): [string, string] {
  if (!TAG_TEST.test(s) && !ENTITY_TEST.test(s)) return [s, s];
  if (!s.includes("`")) {
    const tags = stripTags(s);
    return [tags, decodeEntities(tags)];
  }
  const parts = s.split(CODE);
  const tags = parts.map((p, i) => (i % 2 ? p : stripTags(p)));
  const both = tags.map((p, i) => (i % 2 ? p : decodeEntities(p)));
  return [tags.join(""), both.join("")];
}

function isJson(s: string): boolean {
  const t = s.trim();
  const a = t[0];
  const z = t[t.length - 1];
  if (!((a === "{" && z === "}") || (a === "[" && z === "]"))) return false;
  try {
    JSON.parse(t);
    return true;
  } catch {
    return false;
  }
}

// ─── control, zero-width, whitespace ──────────────────────────────────────────

const NEWLINES = /\r\n?|[\u2028\u2029]/g;
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F-\u009F]/g;
const CONTROL_TEST = /[\u0000-\u0008\u000B-\u001F\u007F-\u009F\u2028\u2029]/;

function removeControl(s: string): string {
  if (!CONTROL_TEST.test(s)) return s;
  return s.replace(NEWLINES, "\n").replace(CONTROL, "");
}

const ZERO_WIDTH = /[\u200B-\u200D\u2060\uFEFF\u00AD]/g;
const ZERO_WIDTH_TEST = /[\u200B-\u200D\u2060\uFEFF\u00AD]/;
const PICTO = /^[\p{Extended_Pictographic}\p{Emoji_Modifier}\uFE0F]$/u;
const PICTO_NEXT = /^\p{Extended_Pictographic}$/u;
/** Letters of scripts where ZWJ/ZWNJ shape the text (everything but Latin, Greek, Cyrillic and the common signs). */
const JOINING_LETTER = /^(?![\p{sc=Latin}\p{sc=Greek}\p{sc=Cyrillic}\p{sc=Common}])[\p{L}\p{M}]$/u;

function charBefore(s: string, i: number): string {
  if (i <= 0) return "";
  const lo = s.charCodeAt(i - 1);
  return lo >= 0xdc00 && lo <= 0xdfff && i >= 2 ? s.slice(i - 2, i) : s.slice(i - 1, i);
}
function charAfter(s: string, i: number): string {
  const cp = s.codePointAt(i);
  return cp === undefined ? "" : String.fromCodePoint(cp);
}

function removeZeroWidth(s: string): string {
  if (!ZERO_WIDTH_TEST.test(s)) return s;
  return s.replace(ZERO_WIDTH, (ch, offset: number) => {
    if (ch === "\u200D" || ch === "\u200C") {
      const before = charBefore(s, offset);
      const after = charAfter(s, offset + 1);
      if (ch === "\u200D" && PICTO.test(before) && PICTO_NEXT.test(after)) return ch; // emoji ZWJ sequence
      if (JOINING_LETTER.test(before) && JOINING_LETTER.test(after)) return ch;
    }
    return "";
  });
}

const WS_TEST = /[ \t]{2}|\t|[ \t]\n|\n{3}|^\s|\s$/;

function normalizeWhitespace(s: string): string {
  if (!WS_TEST.test(s)) return s;
  const lines = s.split("\n");
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    const indent = /^[ \t]*/.exec(line)![0];
    const body = line.slice(indent.length).replace(/[ \t]+$/, "");
    lines[i] = body ? indent + body.replace(/[ \t]{2,}|\t/g, " ") : "";
  }
  return lines.join("\n").replace(/\n{3,}/g, "\n\n").trim();
}
