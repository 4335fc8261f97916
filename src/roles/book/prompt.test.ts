import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatExample } from "../../spec/chat.js";
import { BOOK_STYLES } from "../canon/schema.js";
import { BOOK_STYLE_SHEET, bookSystemPrompt, buildBookMessages, buildBookRequestMessages, STYLE_NAMES } from "./prompt.js";
import { BABEL_LETTERS, BABEL_LINE } from "./styles/babel.js";
import type { BookRecord } from "./record.js";

const record: BookRecord = {
  id: "log-0001-p1", book_id: "log-0001", title: "Cuaderno de rutas, hoja IV", style: "cartographers_log", hexagon: "H-0420",
  language: "es", length: "short", source: "generated", text: "Hoja 4. Salida de H-0420 a la primera lámpara.",
};

test("a record becomes system, request and the book's text", () => {
  const messages = buildBookMessages(record);
  assert.deepEqual(messages.map((m) => m.role), ["system", "user", "assistant"]);
  assert.equal(messages[1]!.content, "Write the cartographer's log «Cuaderno de rutas, hoja IV», found in hexagon H-0420, short.");
  assert.equal(messages[2]!.content, record.text);
  ChatExample.parse({ id: record.id, messages });
});

test("the runtime's request is the training prompt without the answer", () => {
  assert.deepEqual(buildBookRequestMessages(record), buildBookMessages(record).slice(0, 2));
});

test("the system prompt is short and every style has a name", () => {
  assert.ok(bookSystemPrompt().length < 300);
  assert.match(bookSystemPrompt(), /La Biblioteca Eterna/);
  for (const style of BOOK_STYLES) assert.ok(STYLE_NAMES[style].length > 0);
});

test("without a style, the system prompt is the one the datasets were built with, word for word", () => {
  // Training data depends on these bytes: changing them changes what tuned models expect.
  assert.equal(
    bookSystemPrompt(),
    "You are a book of La Biblioteca Eterna, the endless library of hexagonal galleries. Write the text of the book you are asked for, in its style and at its length. Write only the text of the book.",
  );
  assert.equal(buildBookMessages(record)[0]!.content, bookSystemPrompt());
});

test("with a style, the system prompt adds that style's sheet and no other", () => {
  for (const style of BOOK_STYLES) {
    const sheet = BOOK_STYLE_SHEET[style];
    const sentences = sheet.split(/(?<=[.)])\s+(?=[A-Z])/).length;
    assert.ok(sheet.length > 80 && sentences <= 3, `${style}: one or two sentences (${sentences})`);
    const full = bookSystemPrompt(style);
    assert.equal(full, `${bookSystemPrompt()}\n\n${sheet}`);
    for (const other of BOOK_STYLES) if (other !== style) assert.ok(!full.includes(BOOK_STYLE_SHEET[other]));
  }
  // The babel sheet names the generator's alphabet exactly.
  assert.ok(BOOK_STYLE_SHEET.babel.includes(BABEL_LETTERS));
  assert.match(BOOK_STYLE_SHEET.babel, new RegExp(`exactly ${BABEL_LINE} symbols`));
});
