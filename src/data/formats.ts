import { basename } from "node:path";
import { z } from "zod";
import { closest } from "../config/closest.js";
import { DATA_FORMATS } from "../config/recipe.js";
import type { ChatMessage } from "../spec/chat.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import { buildNpcMessages, type NpcPromptStyle } from "../roles/npc/prompt.js";
import { DirectorRecord } from "../roles/director/dataset.js";
import { directorChatExample } from "../roles/director/prompt.js";
import { BookRecord } from "../roles/book/record.js";
import { buildBookMessages } from "../roles/book/prompt.js";
import type { DataRecord, RawRow } from "./record.js";

/**
 * Every input format → the one canonical record. A format is named in the recipe or
 * detected from the first records; `data.columns` maps canonical field names to the
 * user's (canonical → yours). Problems come back as {code, field, reason, hint} so the
 * caller can quarantine the record with its file and line.
 */
export type DataFormat = Exclude<(typeof DATA_FORMATS)[number], "auto">;
export const CONCRETE_FORMATS = DATA_FORMATS.filter((f): f is DataFormat => f !== "auto");

export interface Problem {
  code: string;
  field: string;
  reason: string;
  hint: string;
}

export interface FormatContext {
  columns: Record<string, string>;
  cards: Map<string, PersonaCard> | undefined;
  personasDir: string;
  npcPrompt: NpcPromptStyle;
  /** Field whose value keeps a group in one split; "id" falls back to the record's id. */
  groupBy: string;
  stratifyBy: string | null;
}

const ROLES = ["system", "user", "assistant"] as const;
/** What other tools call the roles (ShareGPT's human/gpt, Gemini's model…). */
const ROLE_ALIASES: Record<string, (typeof ROLES)[number]> = {
  system: "system",
  user: "user",
  human: "user",
  assistant: "assistant",
  gpt: "assistant",
  model: "assistant",
  bot: "assistant",
  chatgpt: "assistant",
};

/** The canonical field `name` read through the column mapping. */
function col(value: Record<string, unknown>, ctx: FormatContext, name: string): unknown {
  return value[ctx.columns[name] ?? name];
}
const colName = (ctx: FormatContext, name: string): string => ctx.columns[name] ?? name;

/** Which format a record looks like, or undefined. Column mappings are honoured. */
export function sniffFormat(value: Record<string, unknown>, ctx: FormatContext): DataFormat | undefined {
  const has = (name: string) => col(value, ctx, name) !== undefined;
  if (Array.isArray(col(value, ctx, "messages"))) return "chat";
  if (Array.isArray(col(value, ctx, "conversations"))) return "sharegpt";
  if (has("persona") && Array.isArray(col(value, ctx, "turns"))) return "npc-conversations";
  if (has("scenario") && has("state") && has("decision")) return "director-decisions";
  if (has("book_id") && has("style") && has("text")) return "book-records";
  if (has("instruction") && has("output")) return "alpaca";
  if (typeof col(value, ctx, "text") === "string") return "text";
  return undefined;
}

export interface Detection {
  format: DataFormat;
  /** Rows looked at, and how many of them matched the chosen format. */
  sampled: number;
  matched: number;
}

/**
 * Picks the format from the first rows: the one most of them match. Rows that match
 * nothing are left for validation to reject; a sample where two formats each hold a
 * large share is mixed input, and that is an error rather than a guess.
 */
export function detectFormat(rows: RawRow[], ctx: FormatContext, file: string): Detection {
  const votes = new Map<DataFormat, { n: number; line: number }>();
  let sampled = 0;
  for (const row of rows) {
    if (row.error || !isObject(row.value)) continue;
    sampled += 1;
    const f = sniffFormat(row.value, ctx);
    if (!f) continue;
    const v = votes.get(f) ?? { n: 0, line: row.line };
    v.n += 1;
    votes.set(f, v);
  }
  const ranked = [...votes.entries()].sort((a, b) => b[1].n - a[1].n);
  const first = ranked[0];
  if (!first) {
    const keys = rows.find((r) => isObject(r.value));
    throw new FormatError(
      `cannot tell the data format of ${file}: no record looks like chat {messages}, sharegpt {conversations}, alpaca {instruction, output}, text {text} or a role format`,
      keys ? `the first record has the fields ${Object.keys(keys.value as object).join(", ")}: set data.format, and data.columns to map your field names (e.g. columns: {instruction: prompt, output: completion})` : "the file has no readable record",
      file,
    );
  }
  const second = ranked[1];
  if (second && second[1].n >= Math.max(2, sampled * 0.2)) {
    throw new FormatError(
      `${file} mixes formats: ${first[1].n} of the first ${sampled} records look like '${first[0]}' (e.g. line ${first[1].line}) and ${second[1].n} like '${second[0]}' (e.g. line ${second[1].line})`,
      "put each format in its own file, or set data.format to validate against one of them (the others are quarantined)",
      file,
    );
  }
  return { format: first[0], sampled, matched: first[1].n };
}

export class FormatError extends Error {
  constructor(
    message: string,
    readonly hint: string,
    readonly file: string,
  ) {
    super(message);
  }
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

type Converted = { messages: ChatMessage[] } | { text: string } | Problem;

function problem(code: string, field: string, reason: string, hint: string): Problem {
  return { code, field, reason, hint };
}

function zodProblem(error: z.ZodError, format: string): Problem {
  const issue = error.issues[0]!;
  const field = issue.path.join(".") || "(record)";
  let hint = `see the '${format}' format in docs/guide/03-data-preparation.md`;
  if (issue.code === "invalid_value" && "values" in issue) hint = `use one of ${(issue.values as unknown[]).join("|")}`;
  if (issue.code === "unrecognized_keys") hint = "remove the field, or check its spelling";
  return problem("invalid_field", field, issue.message, hint);
}

/** One role value → a canonical role, or a problem that names the likely intended one. */
function role(raw: unknown, field: string): (typeof ROLES)[number] | Problem {
  if (typeof raw !== "string") return problem("bad_role", field, `role must be a string, got ${typeof raw}`, `use one of ${ROLES.join("|")}`);
  const known = ROLE_ALIASES[raw.toLowerCase()];
  if (known) return known;
  const guess = closest(raw, Object.keys(ROLE_ALIASES));
  const mapped = guess ? ROLE_ALIASES[guess] : undefined;
  return problem(
    "bad_role",
    field,
    `role '${raw}' is not one of ${ROLES.join("|")}`,
    mapped ? `did you mean '${mapped}'?` : raw === "tool" || raw === "function" ? "tool calls are not trained on: remove those turns" : `use one of ${ROLES.join("|")}`,
  );
}

/** OpenAI content may be a string or an array of parts; only text parts are usable. */
function content(raw: unknown, field: string): string | Problem {
  if (typeof raw === "string") return raw;
  if (Array.isArray(raw)) {
    const parts: string[] = [];
    for (const [i, part] of raw.entries()) {
      if (isObject(part) && part.type === "text" && typeof part.text === "string") parts.push(part.text);
      else return problem("bad_content", `${field}.${i}`, `content part of type '${isObject(part) ? String(part.type) : typeof part}' cannot be trained on`, "only text parts are supported: drop image/audio parts");
    }
    return parts.join("");
  }
  if (raw === undefined || raw === null) return problem("missing_field", field, "content is missing", "every turn needs a 'content' string");
  return problem("bad_content", field, `content must be a string, got ${Array.isArray(raw) ? "array" : typeof raw}`, "put the turn's text in a string");
}

function turns(list: unknown, listField: string, roleKey: string, contentKey: string): ChatMessage[] | Problem {
  if (!Array.isArray(list)) return problem(list === undefined || list === null ? "missing_field" : "wrong_type", listField, `'${listField}' must be a list of turns`, `e.g. ${listField}: [{${roleKey}: user, ${contentKey}: …}, {${roleKey}: assistant, ${contentKey}: …}]`);
  if (list.length === 0) return problem("empty", listField, `'${listField}' is empty`, "a conversation needs at least a user turn and an assistant answer");
  const out: ChatMessage[] = [];
  for (const [i, turn] of list.entries()) {
    if (!isObject(turn)) return problem("bad_turn", `${listField}.${i}`, `turn ${i} is not an object`, `each turn is {${roleKey}, ${contentKey}}`);
    const r = role(turn[roleKey], `${listField}.${i}.${roleKey}`);
    if (typeof r !== "string") return r;
    const c = content(turn[contentKey], `${listField}.${i}.${contentKey}`);
    if (typeof c !== "string") return c;
    out.push({ role: r, content: c });
  }
  return out;
}

const NpcConversation = z.object({
  id: z.string().min(1),
  persona: z.string().min(1),
  act: z.string().optional(),
  turns: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1) })).min(2),
});

/** The record's messages or text in the canonical shape, plus the tags its format knows. */
function convert(format: DataFormat, value: Record<string, unknown>, ctx: FormatContext, tags: Record<string, string>): Converted {
  switch (format) {
    case "chat": {
      const t = turns(col(value, ctx, "messages"), colName(ctx, "messages"), "role", "content");
      return Array.isArray(t) ? { messages: t } : t;
    }
    case "sharegpt": {
      const t = turns(col(value, ctx, "conversations"), colName(ctx, "conversations"), "from", "value");
      return Array.isArray(t) ? { messages: t } : t;
    }
    case "alpaca": {
      const instruction = col(value, ctx, "instruction");
      const input = col(value, ctx, "input");
      const output = col(value, ctx, "output");
      const system = col(value, ctx, "system");
      for (const [name, v, required] of [["instruction", instruction, true], ["output", output, true], ["input", input, false], ["system", system, false]] as const) {
        if (v === undefined || v === null) {
          if (required) return problem("missing_field", colName(ctx, name), `'${colName(ctx, name)}' is missing`, `alpaca records need instruction and output${ctx.columns[name] ? "" : "; map your column with data.columns"}`);
        } else if (typeof v !== "string") {
          return problem("wrong_type", colName(ctx, name), `'${colName(ctx, name)}' must be a string, got ${Array.isArray(v) ? "array" : typeof v}`, "alpaca fields are plain strings");
        }
      }
      const user = input ? `${instruction as string}\n\n${input as string}` : (instruction as string);
      const messages: ChatMessage[] = [];
      if (typeof system === "string" && system.trim()) messages.push({ role: "system", content: system });
      messages.push({ role: "user", content: user }, { role: "assistant", content: output as string });
      return { messages };
    }
    case "text": {
      const text = col(value, ctx, "text");
      if (text === undefined || text === null) return problem("missing_field", colName(ctx, "text"), `'${colName(ctx, "text")}' is missing`, "text records are {text: …}; map your column with data.columns.text");
      if (typeof text !== "string") return problem("wrong_type", colName(ctx, "text"), `'${colName(ctx, "text")}' must be a string, got ${typeof text}`, "put the document in a string");
      return { text };
    }
    case "npc-conversations": {
      const parsed = NpcConversation.safeParse(value);
      if (!parsed.success) return zodProblem(parsed.error, format);
      const card = ctx.cards?.get(parsed.data.persona);
      if (!card) return problem("unknown_persona", "persona", `no persona card '${parsed.data.persona}' in ${ctx.personasDir}`, closestHint(parsed.data.persona, [...(ctx.cards?.keys() ?? [])]));
      Object.assign(tags, { role: "npc", persona: card.id, language: card.voice.language, act: parsed.data.act ?? "" });
      if (typeof value.adversarial === "boolean") tags.adversarial = String(value.adversarial);
      if (typeof value.chapter === "number") tags.chapter = String(value.chapter);
      return { messages: buildNpcMessages(card, parsed.data.turns, ctx.npcPrompt) };
    }
    case "director-decisions": {
      const parsed = DirectorRecord.safeParse(value);
      if (!parsed.success) return zodProblem(parsed.error, format);
      Object.assign(tags, { role: "director", beat: parsed.data.decision.beat, scenario: parsed.data.scenario });
      return { messages: directorChatExample(parsed.data).messages };
    }
    case "book-records": {
      const parsed = BookRecord.safeParse(value);
      if (!parsed.success) return zodProblem(parsed.error, format);
      Object.assign(tags, { role: "book", style: parsed.data.style, language: parsed.data.language, length: parsed.data.length, book_id: parsed.data.book_id });
      return { messages: buildBookMessages(parsed.data) };
    }
  }
}

function closestHint(value: string, candidates: string[]): string {
  const guess = closest(value, candidates);
  return guess ? `did you mean '${guess}'?` : `known personas: ${candidates.join(", ") || "(none: check data.personas)"}`;
}

/** A field's value as a tag string (top-level field, or a tag the format set). */
function tagValue(value: Record<string, unknown>, tags: Record<string, string>, name: string): string | undefined {
  const v = value[name] ?? tags[name];
  if (v === undefined || v === null || v === "") return undefined;
  return typeof v === "string" ? v : JSON.stringify(v);
}

/** One readable row → a canonical record, or the problem that keeps it out. */
export function toRecord(row: RawRow, format: DataFormat, ctx: FormatContext): { record: DataRecord } | Problem {
  if (row.error) return { code: "unreadable", ...row.error, hint: row.error.hint ?? "fix the line or remove it" };
  const value = row.value;
  if (!isObject(value)) {
    return problem("not_an_object", "(record)", `a record must be an object, got ${Array.isArray(value) ? "an array" : typeof value}`, "one JSON object per line");
  }
  const tags: Record<string, string> = { role: "generic" };
  const converted = convert(format, value, ctx, tags);
  if ("code" in converted) return converted;
  const rawId = col(value, ctx, "id");
  const id = typeof rawId === "string" && rawId ? rawId : typeof rawId === "number" ? String(rawId) : `${basename(row.file)}:${row.line}`;
  let group: string;
  if (ctx.groupBy === "id") group = id;
  else {
    const g = tagValue(value, tags, ctx.groupBy);
    if (g === undefined) return problem("missing_group", ctx.groupBy, `record has no '${ctx.groupBy}' (data.group_by)`, "every record needs the group field, or set data.group_by: id");
    group = g;
  }
  if (ctx.stratifyBy) {
    const s = tagValue(value, tags, ctx.stratifyBy);
    if (s === undefined) return problem("missing_stratum", ctx.stratifyBy, `record has no '${ctx.stratifyBy}' (data.stratify_by)`, "every record needs the stratify field, or remove data.stratify_by");
    tags.stratum = s;
  }
  for (const key of Object.keys(tags)) if (tags[key] === "") delete tags[key];
  const base = { id, group, source: { file: row.file, line: row.line }, origin: "original", tags };
  return { record: "text" in converted ? { ...base, kind: "text", text: converted.text } : { ...base, kind: "chat", messages: converted.messages } };
}
