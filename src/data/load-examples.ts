import { appendFileSync, existsSync, mkdirSync, rmSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { ChatExample } from "../spec/index.js";
import { UserError } from "../errors.js";
import { loadPersonaCards } from "../roles/npc/persona.js";
import { buildNpcMessages } from "../roles/npc/prompt.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import type { NpcPromptStyle } from "../roles/npc/prompt.js";
import { readJsonl } from "./jsonl.js";
import { DirectorRecord } from "../roles/director/dataset.js";
import { directorChatExample } from "../roles/director/prompt.js";
import { BookRecord } from "../roles/book/record.js";
import { buildBookMessages } from "../roles/book/prompt.js";

/** The raw NPC conversation record: the system prompt is built from the persona card at load time. */
const NpcConversation = z.object({
  id: z.string().min(1),
  persona: z.string().min(1),
  act: z.string().optional(),
  turns: z.array(z.object({ role: z.enum(["user", "assistant"]), content: z.string().min(1) })).min(2),
});

export interface LoadedExample {
  example: ChatExample;
  group: string;
  source: { file: string; line: number };
}

export interface Rejection {
  file: string;
  line: number;
  field: string;
  reason: string;
}

export interface LoadResult {
  examples: LoadedExample[];
  rejected: Rejection[];
  read: number;
}

export interface LoadOptions {
  format: DataFormat;
  path: string;
  personasDir: string;
  groupBy: string;
  npcPrompt: NpcPromptStyle;
  maxExamples: number | null;
  /** Rejected records are written here as JSONL with their reasons. */
  quarantinePath: string;
}

export type DataFormat = "chat" | "npc-conversations" | "director-decisions" | "book-records";

type Converted = { example: ChatExample } | { field: string; reason: string };

function invalid(error: z.ZodError): Converted {
  const issue = error.issues[0]!;
  return { field: issue.path.join(".") || "(record)", reason: issue.message };
}

/** One record of a dataset format → a chat example, through that role's prompt builder. */
function toExample(format: DataFormat, value: unknown, cards: Map<string, PersonaCard> | undefined, opts: LoadOptions): Converted {
  switch (format) {
    case "chat": {
      const parsed = ChatExample.safeParse(value);
      return parsed.success ? { example: parsed.data } : invalid(parsed.error);
    }
    case "npc-conversations": {
      const parsed = NpcConversation.safeParse(value);
      if (!parsed.success) return invalid(parsed.error);
      const card = cards!.get(parsed.data.persona);
      if (!card) return { field: "persona", reason: `no persona card '${parsed.data.persona}' in ${opts.personasDir}` };
      return { example: { id: parsed.data.id, messages: buildNpcMessages(card, parsed.data.turns, opts.npcPrompt) } };
    }
    case "director-decisions": {
      const parsed = DirectorRecord.safeParse(value);
      return parsed.success ? { example: directorChatExample(parsed.data) } : invalid(parsed.error);
    }
    case "book-records": {
      const parsed = BookRecord.safeParse(value);
      return parsed.success ? { example: { id: parsed.data.id, messages: buildBookMessages(parsed.data) } } : invalid(parsed.error);
    }
  }
}

/** Loads a dataset into chat examples; invalid records are counted and quarantined, never dropped silently. */
export async function loadExamples(opts: LoadOptions): Promise<LoadResult> {
  if (!existsSync(opts.path)) {
    throw new UserError("data_not_found", `data file ${opts.path} does not exist`, {
      hint: "data.path is relative to the recipe's folder",
      location: { field: "data.path" },
    });
  }
  let cards: Map<string, PersonaCard> | undefined;
  if (opts.format === "npc-conversations") cards = new Map(loadPersonaCards(opts.personasDir).map((c) => [c.id, c]));
  rmSync(opts.quarantinePath, { force: true });

  const result: LoadResult = { examples: [], rejected: [], read: 0 };
  const reject = (line: number, field: string, reason: string, text: string) => {
    const r = { file: opts.path, line, field, reason };
    result.rejected.push(r);
    mkdirSync(dirname(opts.quarantinePath), { recursive: true });
    appendFileSync(opts.quarantinePath, JSON.stringify({ ...r, record: text }) + "\n");
  };

  for await (const row of readJsonl(opts.path)) {
    if (opts.maxExamples !== null && result.examples.length >= opts.maxExamples) break;
    result.read += 1;
    if (row.error) {
      reject(row.line, "(line)", row.error, row.text);
      continue;
    }
    const converted = toExample(opts.format, row.value, cards, opts);
    if ("reason" in converted) {
      reject(row.line, converted.field, converted.reason, row.text);
      continue;
    }
    const example = converted.example;
    const groupValue = (row.value as Record<string, unknown>)[opts.groupBy];
    if (groupValue === undefined || groupValue === null) {
      reject(row.line, opts.groupBy, `record has no '${opts.groupBy}' (data.group_by)`, row.text);
      continue;
    }
    result.examples.push({ example, group: String(groupValue), source: { file: opts.path, line: row.line } });
  }
  return result;
}
