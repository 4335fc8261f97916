import { test } from "node:test";
import assert from "node:assert/strict";
import { loadWorld } from "../../roles/canon/load.js";
import { isJsonText, Protector, protectedTerms, unmask } from "./protect.js";

const world = loadWorld("world");
const protector = Protector.fromWorld({ ...world, extra: ["Borges"] });

const covered = (text: string, part: string): boolean => {
  const start = text.indexOf(part);
  assert.ok(start >= 0, `${part} is not in ${text}`);
  return protector.spans(text).some((s) => s.start <= start && s.end >= start + part.length);
};

test("the world's names are protected terms: personas (and their name parts), canon names in both languages, titles, glossary, the recipe's list", () => {
  const terms = new Set(protectedTerms({ ...world, extra: ["Borges"] }));
  for (const t of ["Hermana Inés", "Inés", "Aurelio", "the Purifiers", "Purifiers", "los Purificadores", "Purificadores", "Vindicación de Nadie", "hexágono", "el Pozo", "Pozo", "H-0412", "Borges"]) {
    assert.ok(terms.has(t), t);
  }
});

test("spans: terms (any case, accents or not, plural), «…», title quotes, numbers, ids, URLs, e-mails, markup", () => {
  const t = "Books are Inés's business; ask Hermana Ines about «Vindicación de Nadie» in H-0418 at 12:30, or the purifiers.";
  for (const part of ["Inés", "Hermana Ines", "«Vindicación de Nadie»", "H-0418", "12:30", "purifiers"]) assert.ok(covered(t, part), part);
  assert.ok(!covered(t, "business"));
  const u = 'See https://example.com/a?b=1. Write to ana@example.org, or read "The Total Book" and {player_name} <|im_end|>; 3.5 hexagons, los Hexágonos.';
  for (const part of ["https://example.com/a?b=1", "ana@example.org", '"The Total Book"', "{player_name}", "<|im_end|>", "3.5", "Hexágonos"]) assert.ok(covered(u, part), part);
  assert.ok(!u.slice(protector.spans(u)[0]!.start, protector.spans(u)[0]!.end).endsWith("."), "a URL's full stop is not part of it");
  const speech = 'He said "the stairs go down forever and nobody has ever counted them all, not even the cartographers" and left.';
  assert.ok(!covered(speech, "forever"), "long quoted speech is ordinary text");
  assert.ok(covered(speech, "cartographers"), "but a glossary term in it is still protected");
});

test("JSON turns are recognised whole", () => {
  assert.ok(isJsonText('{"beat": "reveal_book", "targets": ["indice-de-los-indices"]}'));
  assert.ok(isJsonText(" [1, 2] "));
  assert.ok(!isJsonText("{not json}"));
  assert.ok(!isJsonText("Hola, ¿qué tal?"));
  assert.ok(!isJsonText(""));
});

test("mask / unmask: placeholders round-trip; a lost, duplicated or invented one voids the text", () => {
  const text = "Aurelio dice que el Pozo está en H-0409, a 87 peldaños.";
  const m = protector.mask(text);
  assert.equal(m.text, "[0] dice que [1] está en [2], a [3] peldaños.");
  assert.deepEqual(m.values, ["Aurelio", "el Pozo", "H-0409", "87"]);
  assert.equal(unmask(m.text, m.values), text);
  assert.equal(unmask("[1] is in [2], says [0], [3] steps away.", m.values), "el Pozo is in H-0409, says Aurelio, 87 steps away.");
  assert.equal(unmask("[ 1 ] is in [2], says [0], [3] steps.", m.values), "el Pozo is in H-0409, says Aurelio, 87 steps.");
  assert.equal(unmask("[1] is in [2], says [0].", m.values), null);
  assert.equal(unmask("[1] [1] [2] [0] [3]", m.values), null);
  assert.equal(unmask("[1] [2] [0] [3] [4]", m.values), null);
});
