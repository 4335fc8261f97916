import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { degeneration } from "./degenerate.js";

const rows = (file: string): Record<string, unknown>[] =>
  readFileSync(new URL(`../../../world/datasets/${file}`, import.meta.url), "utf8")
    .split("\n")
    .filter((l) => l.trim())
    .map((l) => JSON.parse(l) as Record<string, unknown>);
const kinds = (text: string, opts = { minWords: 1 }) => degeneration(text, opts).map((d) => d.kind);

test("broken replies are degenerate: empty, a looped greeting, a looped sentence, a stuck word, a char loop, another script", () => {
  assert.deepEqual(kinds(""), ["empty"]);
  assert.deepEqual(kinds("  …  "), ["empty"]);
  const greeting = Array(15).fill("¡Hola, lector!").join(" ");
  assert.ok(kinds(greeting).includes("repeated_ngrams"), greeting);
  const sentence = "Claro, amigo, the stairs go down. Claro, amigo, the stairs go down. Claro, amigo, the stairs go down.";
  assert.ok(kinds(sentence).includes("repeated_sentence"));
  assert.ok(kinds("I I I I I I I I I I am Aurelio").includes("repeated_word"));
  assert.ok(kinds(`Mira, amigo ${"!".repeat(70)}`).includes("char_loop"));
  assert.deepEqual(kinds("我是图书馆员，我不知道那本书在哪里。"), ["wrong_script"]);
  assert.deepEqual(kinds("Two words", { minWords: 5 }), ["too_short"]);
  // A short reply that says one stretch twice (seen in the tuned 135M's replies).
  assert.deepEqual(kinds("I have 128 questions, reader. I have 128 questions."), ["repeated_phrase"]);
  assert.deepEqual(kinds("The map says so, friend. I have walked the stairs to the Library of the Book-Man, and I have walked the stairs to the Library of the Book-Man."), ["repeated_phrase"]);
});

test("a loop that starts late and runs to the token limit is caught on its tail", () => {
  const text = `The Reading Room is eight hexagons down from my Map Room, by the north stair, and the lamps there flicker when a reader passes; count them with me, amigo, and mind the broken landing in H-0433 on the way: ${"the lamp the stair ".repeat(4)}`;
  assert.deepEqual(kinds(text), []);
  assert.ok(degeneration(text, { minWords: 1, ranToLimit: true }).some((d) => d.kind === "repeated_ngrams"));
  // Seen in SmolLM2's replies: one sentence said again until the limit cut it off.
  const again = "El cuerdón de la Sala de Lectura está en el hexágono H-0412, y se entra por la escalera del norte.\n\nEl cuerdón de la Sala de Lectura está en el hexágono H-0";
  assert.deepEqual(kinds(again), []);
  assert.ok(degeneration(again, { minWords: 1, ranToLimit: true }).some((d) => d.kind === "repeated_ngrams"));
  assert.ok(kinds("¿«GPS»? ¿¡No ¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡¡").includes("char_loop"));
});

test("no held-out or training reference of the sample world's three roles is degenerate", () => {
  let n = 0;
  const flagged: string[] = [];
  for (const split of ["train", "validation", "test"]) {
    for (const r of rows(`npc/${split}.jsonl`)) {
      for (const t of r.turns as { role: string; content: string }[]) {
        if (t.role !== "assistant") continue;
        n++;
        if (degeneration(t.content, { minWords: 1 }).length) flagged.push(t.content);
      }
    }
    for (const r of rows(`book/${split}.jsonl`)) {
      n++;
      if (degeneration(String(r.text), { minWords: 5, refrains: r.style === "poem" }).length) flagged.push(String(r.text).slice(0, 80));
    }
    for (const r of rows(`director/${split}.jsonl`)) {
      n++;
      if (degeneration(JSON.stringify(r.decision), { minWords: 1 }).length) flagged.push(JSON.stringify(r.decision));
    }
  }
  assert.ok(n > 7000, `${n} references`);
  assert.deepEqual(flagged, []);
});
