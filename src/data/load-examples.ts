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
  format: "chat" | "npc-conversations";
  path: string;
  personasDir: string;
  groupBy: string;
  npcPrompt: NpcPromptStyle;
  maxExamples: number | null;
  /** Rejected records are written here as JSONL with their reasons. */
  quarantinePath: string;
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
    let example: ChatExample;
    if (opts.format === "chat") {
      const parsed = ChatExample.safeParse(row.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        reject(row.line, issue.path.join(".") || "(record)", issue.message, row.text);
        continue;
      }
      example = parsed.data;
    } else {
      const parsed = NpcConversation.safeParse(row.value);
      if (!parsed.success) {
        const issue = parsed.error.issues[0]!;
        reject(row.line, issue.path.join(".") || "(record)", issue.message, row.text);
        continue;
      }
      const card = cards!.get(parsed.data.persona);
      if (!card) {
        reject(row.line, "persona", `no persona card '${parsed.data.persona}' in ${opts.personasDir}`, row.text);
        continue;
      }
      example = { id: parsed.data.id, messages: buildNpcMessages(card, parsed.data.turns, opts.npcPrompt) };
    }
    const groupValue = (row.value as Record<string, unknown>)[opts.groupBy];
    if (groupValue === undefined || groupValue === null) {
      reject(row.line, opts.groupBy, `record has no '${opts.groupBy}' (data.group_by)`, row.text);
      continue;
    }
    result.examples.push({ example, group: String(groupValue), source: { file: opts.path, line: row.line } });
  }
  return result;
}
