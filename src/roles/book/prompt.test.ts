import { test } from "node:test";
import assert from "node:assert/strict";
import { ChatExample } from "../../spec/chat.js";
import { BOOK_STYLES } from "../canon/schema.js";
import { bookSystemPrompt, buildBookMessages, buildBookRequestMessages, STYLE_NAMES } from "./prompt.js";
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
