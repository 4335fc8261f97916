import type { BookStyle } from "../roles/canon/schema.js";
import { buildBookRequestMessages, type BookRequest } from "../roles/book/prompt.js";
import type { BookLength } from "../roles/book/record.js";
import type { GenerateOptions, GenerateResult } from "./generate.js";
import { BASE, type Runtime } from "./runtime.js";
import { streamText } from "./stream.js";

/** Books found on the shelves, written by the Book role's adapter for the style (or the general one). */
export interface BookWriteRequest {
  title: string;
  style: BookStyle;
  /** Where it was found (H-0412); default the Reading Room's hexagon. */
  hexagon?: string;
  length?: BookLength;
}

export interface BookText extends GenerateResult {
  adapter: string;
  request: BookRequest;
}

export class BookAgent {
  constructor(readonly runtime: Runtime) {}

  route(style: string): string {
    return this.runtime.adapterFor("book", { style })?.name ?? BASE;
  }

  async write(req: BookWriteRequest, opts: Omit<GenerateOptions, "grammar"> = {}): Promise<BookText> {
    const request: BookRequest = { title: req.title, style: req.style, hexagon: req.hexagon ?? "H-0412", length: req.length ?? "short" };
    const adapter = this.route(req.style);
    // Greedy decoding loops on long texts with small models: a little temperature by default.
    const result = await this.runtime.chat(adapter, buildBookRequestMessages(request), { maxTokens: 160, temperature: 0.7, topP: 0.9, seed: 0, ...opts });
    return { ...result, text: result.text.trim(), adapter, request };
  }

  stream(req: BookWriteRequest, opts: Omit<GenerateOptions, "grammar" | "onText"> = {}): { pieces: AsyncIterable<string>; done: Promise<BookText> } {
    return streamText((onText) => this.write(req, { ...opts, onText }));
  }
}
