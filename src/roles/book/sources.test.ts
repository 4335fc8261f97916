import { test } from "node:test";
import assert from "node:assert/strict";
import { parseFortunes } from "./fortunes.js";
import { mobyPassage, parseMobyDick } from "./moby-dick.js";
import { LENGTH_TOKENS, seqTokens } from "./record.js";
import { loadMobyDick } from "./sources.js";

test("Moby-Dick comes from its npm package: 135 chapters, from Loomings to the Chase", () => {
  const chapters = parseMobyDick(loadMobyDick());
  assert.equal(chapters.length, 135);
  assert.equal(chapters[0]!.title, "Loomings");
  assert.match(chapters[0]!.paragraphs[0]!, /^Call me Ishmael\./);
});

test("a text without chapter headings is one chapter; passages keep under their budget", () => {
  const para = "The sea was calm. The sea was grey and very wide indeed. ".repeat(10).trim();
  const [chapter] = parseMobyDick(`${para}\n\n${para}\n\n${para}`);
  assert.equal(chapter!.paragraphs.length, 3);
  const cut = mobyPassage(chapter!, 0, "medium", "Of the dreamt sea.")!;
  const n = seqTokens("prose", "en", cut.text);
  assert.ok(cut.text.startsWith("Of the dreamt sea.\n\n") && n >= LENGTH_TOKENS.short.max && n <= LENGTH_TOKENS.medium.max, `~${n} tokens`);
  assert.equal(parseMobyDick("").length, 0);
});

test("the fortunes extract is read one proverb a line, its header skipped", () => {
  assert.deepEqual(parseFortunes("# fortunes-es 1.36\n# licence\nA barco nuevo, capitán viejo.\n\nQuien busca, halla.\n"), [
    "A barco nuevo, capitán viejo.",
    "Quien busca, halla.",
  ]);
});
