import type { ChatMessage } from "../../spec/chat.js";
import type { BookStyle } from "../canon/schema.js";
import type { BookLength, BookRecord } from "./record.js";

/**
 * The Book role's prompt: training, evaluation and the game runtime all build it here,
 * so a model is always asked the way it was taught. The request is compact on purpose —
 * title, style, hexagon, length — and its wording is part of the data: changing it
 * changes what fine-tuned models expect.
 */
export interface BookRequest {
  title: string;
  style: BookStyle;
  hexagon: string;
  length: BookLength;
}

/** How a style is named to the model: the words a reader would use for such a book. */
export const STYLE_NAMES: Record<BookStyle, string> = {
  chronicle: "chronicle",
  heretical_treatise: "heretical treatise",
  catalogue_entry: "catalogue entry",
  cartographers_log: "cartographer's log",
  poem: "poem",
  babel: "babel page",
};

export function bookSystemPrompt(): string {
  return "You are a book of La Biblioteca Eterna, the endless library of hexagonal galleries. Write the text of the book you are asked for, in its style and at its length. Write only the text of the book.";
}

export function bookUserPrompt(req: BookRequest): string {
  return `Write the ${STYLE_NAMES[req.style]} «${req.title}», found in hexagon ${req.hexagon}, ${req.length}.`;
}

/** System and request only: what the runtime and evaluation send to a model. */
export function buildBookRequestMessages(req: BookRequest): ChatMessage[] {
  return [
    { role: "system", content: bookSystemPrompt() },
    { role: "user", content: bookUserPrompt(req) },
  ];
}

/** A training example: the request, then the book's text as the answer. */
export function buildBookMessages(record: BookRecord): ChatMessage[] {
  return [...buildBookRequestMessages(record), { role: "assistant", content: record.text }];
}
