import { test } from "node:test";
import assert from "node:assert/strict";
import { choose, expand, lowerFirst, tidy } from "./grammar.js";
import { Rng } from "../../rng.js";

test("choices are nested and seeded; slots are filled", () => {
  const t = "{Hola|Buenas{, amigo|}}: <place> está en <hex>.";
  const seen = new Set<string>();
  for (let i = 0; i < 200; i++) seen.add(expand(t, { place: "el Pozo", hex: "H-0409" }, new Rng(i)));
  assert.deepEqual([...seen].sort(), ["Buenas, amigo: el Pozo está en H-0409.", "Buenas: el Pozo está en H-0409.", "Hola: el Pozo está en H-0409."]);
  assert.equal(expand(t, { place: "x", hex: "y" }, new Rng(7)), expand(t, { place: "x", hex: "y" }, new Rng(7)));
  assert.throws(() => expand("<missing>", {}, new Rng(1)), /no value for <missing>/);
  assert.throws(() => choose("{a|b", new Rng(1)), /unclosed/);
});

test("a sentence slot starts lower-case inside a sentence, unless it opens on a name", () => {
  const keep = new Set(["Aurelio"]);
  assert.equal(expand("Mira, <fact>", { fact: "The Well is deep." }, new Rng(1)), "Mira, the Well is deep.");
  assert.equal(expand("Sí. <fact>", { fact: "The Well is deep." }, new Rng(1)), "Sí. The Well is deep.");
  assert.equal(expand("Mira, <fact>", { fact: "Aurelio's maps are old." }, new Rng(1), keep), "Mira, Aurelio's maps are old.");
  assert.equal(lowerFirst("H-0412 is here.", new Set()), "H-0412 is here.");
  assert.equal(lowerFirst("I know.", new Set()), "I know.");
});

test("tidy: spaces left by empty choices, Spanish contractions, a capital", () => {
  assert.equal(tidy("  vaya a  el Pozo , y   luego de el Pozo .  "), "Vaya al Pozo, y luego del Pozo.");
  assert.equal(tidy("¿ dónde ?"), "¿Dónde?");
  assert.equal(tidy("ends here,."), "Ends here.");
});
