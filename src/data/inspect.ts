import { existsSync } from "node:fs";
import type { DataFormat as RecipeFormat, InputType } from "../config/recipe.js";
import { loadPersonaCards } from "../roles/npc/persona.js";
import { detectFormat, FormatError, toRecord, type DataFormat, type FormatContext } from "./formats.js";
import { detectInput, readRows } from "./read.js";
import type { DataRecord, RawRow } from "./record.js";
import { UserError } from "../errors.js";

export interface InspectResult {
  file: string;
  input: string;
  format: DataFormat;
  detected: boolean;
  scanned: number;
  valid: number;
  problems: { total: number; by_code: Record<string, number>; examples: { line: number; field: string; reason: string; hint: string }[] };
  records: DataRecord[];
}

/** A quick look at a file: what it is, what its first records become, and what is wrong in the first `scan` rows. */
export async function inspectData(
  file: string,
  opts: { format: RecipeFormat; input: InputType; columns: Record<string, string>; personasDir: string; limit: number; scan: number },
): Promise<InspectResult> {
  const ctx: FormatContext = {
    columns: opts.columns,
    cards: existsSync(opts.personasDir) ? new Map(loadPersonaCards(opts.personasDir).map((c) => [c.id, c])) : undefined,
    personasDir: opts.personasDir,
    npcPrompt: "compact",
    groupBy: "id",
    stratifyBy: null,
  };
  const rows: RawRow[] = [];
  for await (const row of readRows(file, opts.input)) {
    rows.push(row);
    if (rows.length >= opts.scan) break;
  }
  let format: DataFormat;
  try {
    format = opts.format === "auto" ? detectFormat(rows.slice(0, 50), ctx, file).format : opts.format;
  } catch (e) {
    if (e instanceof FormatError) throw new UserError("data_format", e.message, { hint: e.hint, location: { file: e.file } });
    throw e;
  }
  const result: InspectResult = {
    file,
    input: opts.input === "auto" ? detectInput(file) : opts.input,
    format,
    detected: opts.format === "auto",
    scanned: rows.length,
    valid: 0,
    problems: { total: 0, by_code: {}, examples: [] },
    records: [],
  };
  for (const row of rows) {
    const r = toRecord(row, format, ctx);
    if ("code" in r) {
      result.problems.total += 1;
      result.problems.by_code[r.code] = (result.problems.by_code[r.code] ?? 0) + 1;
      if (result.problems.examples.length < 10) result.problems.examples.push({ line: row.line, field: r.field, reason: r.reason, hint: r.hint });
      continue;
    }
    result.valid += 1;
    if (result.records.length < opts.limit) result.records.push(r.record);
  }
  return result;
}
