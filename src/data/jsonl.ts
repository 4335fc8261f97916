import { createReadStream } from "node:fs";
import { createInterface } from "node:readline";

export interface JsonlLine {
  line: number;
  text: string;
  value?: unknown;
  error?: string;
}

/** Streams a JSONL file line by line (never the whole file in memory); blank lines are skipped. */
export async function* readJsonl(path: string): AsyncGenerator<JsonlLine> {
  const rl = createInterface({ input: createReadStream(path, "utf8"), crlfDelay: Infinity });
  let line = 0;
  for await (const text of rl) {
    line += 1;
    if (!text.trim()) continue;
    try {
      yield { line, text, value: JSON.parse(text) as unknown };
    } catch (e) {
      yield { line, text, error: `not valid JSON: ${(e as Error).message}` };
    }
  }
}
