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

/**
 * What a text of each style looks like, as a studio that does not fine-tune would describe it
 * to a base model (the evaluation's baselines). Written from the generators in `styles/` and the
 * shelf they fill: a tuned model learns all this from the books themselves, so training prompts
 * never carry it.
 */
export const BOOK_STYLE_SHEET: Record<BookStyle, string> = {
  chronicle:
    'A chronicle is a run of dated entries of what happened in the galleries: each paragraph opens with a date counted from an era of the chronicler\'s sect and in vigils, not days ("Year 227 since the Last Burning, first vigil." or "Año 392 desde la Última Quema, cuarta vigilia."), then tells one to three events in plain past-tense sentences, the years moving on from page to page. Some chronicles are instead chapters of a sea voyage the Library dreamt, in old English prose with dialogue.',
  heretical_treatise:
    'A heretical treatise argues one doctrine about what the Library means, in its author\'s first person, in one of three shapes: numbered propositions in Roman numerals ("VII. Because …"), a thesis with objections and replies ("The lamp-keepers object that … I answer that …"), or a polemic against another sect\'s teaching. It reasons in plain paragraphs ("Consider, first, that …", "Therefore …") and is sometimes signed by its author or sect.',
  catalogue_entry:
    'A catalogue entry is a librarian\'s record, one field a line: a heading ("CATALOGUE OF HEXAGON H-0424 — wall 3, shelf 1"), then numbered entries ("Entry 3599.") with Title: «…», Pages:, Condition: and often Language:, Incipit: «…», Epigraph: «…» (a Spanish proverb) or Notes:. Spanish catalogues write CATÁLOGO DEL HEXÁGONO, Asiento, Título, Páginas, Estado, Lengua, Íncipit, Epígrafe, Notas.',
  cartographers_log:
    'A cartographer\'s log records a route leg by leg: a leaf heading ("Leaf 63. Set out from H-0442 at the second lamp."), one line per leg ("— H-0442 → H-0443: up the east stair, 86 steps; 4 lamps; no readers."), a few "Note:" lines, and a closing "Tally:" of hexagons, steps, lamps and readers that are the sums of the legs (one flight down is one hexagon number down). Logs are in English, in Spanish, or in the map-makers\' English sprinkled with Spanish; a few are instead soundings of a sea voyage the Library dreamt, in old English prose.',
  poem:
    'A poem is short lines in stanzas, each line capitalised and ending in a comma, the stanza\'s last line in a full stop, made of the Library\'s images (lamps, stairs, mirrors, dust, margins, the well); some are litanies that repeat one opening ("I have read …") and a refrain. Some turn on Spanish proverbs: a proverb as epigraph and refrain (a glosa), or proverbs copied from a margin and set out as verse (a refranero).',
  babel:
    "A babel page is the Library's noise: lines of exactly 80 symbols drawn at random from its 25 symbols — the 22 lower-case letters abcdefghilmnopqrstuvxz (no j, k, w or y), the space, the comma and the period — with no capitals, no line starting or ending in a space, and only very rarely, by chance, a real word.",
};

/**
 * Without a style: the short system prompt training uses (its wording is part of the data).
 * With one: that prompt and the style's sheet, for prompting a model never tuned on these books.
 */
export function bookSystemPrompt(style?: BookStyle): string {
  const compact = "You are a book of La Biblioteca Eterna, the endless library of hexagonal galleries. Write the text of the book you are asked for, in its style and at its length. Write only the text of the book.";
  return style ? `${compact}\n\n${BOOK_STYLE_SHEET[style]}` : compact;
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
