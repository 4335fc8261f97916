import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { ChatMessage } from "../../spec/chat.js";
import { loadPersonaCards } from "./persona.js";
import { buildNpcMessages, npcSystemPrompt, type NpcTurn } from "./prompt.js";

const cards = loadPersonaCards(fileURLToPath(new URL("../../../world/personas/", import.meta.url)));
const card = (id: string) => cards.find((c) => c.id === id)!;

test("the system prompt carries the whole card", () => {
  for (const c of cards) {
    const prompt = npcSystemPrompt(c);
    assert.ok(prompt.startsWith(`You are ${c.name}, ${c.role}`));
    for (const item of [c.home, c.voice.register, c.voice.style_notes, ...c.voice.tics, ...c.knows, ...c.forbidden, ...c.secrets]) {
      assert.ok(prompt.includes(item), `${c.id}: prompt lacks "${item}"`);
    }
    for (const r of c.relationships) assert.ok(prompt.includes(`${r.who}: ${r.relation}`));
    assert.match(prompt, /Stay in character/);
    assert.match(prompt, /never speak of them/);
  }
});

test("the language rule follows the card", () => {
  assert.match(npcSystemPrompt(card("ines")), /Always answer in Spanish \(español\), even when the reader writes in another language\./);
  assert.match(npcSystemPrompt(card("aurelio")), /Always answer in English\./);
});

test("the prompt is a pure function of the card", () => {
  assert.equal(npcSystemPrompt(card("ines")), npcSystemPrompt(structuredClone(card("ines"))));
  const noSecrets = { ...card("aurelio"), secrets: [], relationships: [] };
  assert.doesNotMatch(npcSystemPrompt(noSecrets), /Your secrets|The people around you/);
});

test("messages: the system prompt, then the turns in order", () => {
  const turns: NpcTurn[] = [
    { role: "user", content: "¿Dónde está el Pozo?" },
    { role: "assistant", content: "Mire usted, en H-0409. En fin." },
    { role: "user", content: "Gracias." },
  ];
  const messages = buildNpcMessages(card("ines"), turns);
  assert.deepEqual(messages[0], { role: "system", content: npcSystemPrompt(card("ines")) });
  assert.deepEqual(messages.slice(1), turns);
  for (const m of messages) ChatMessage.parse(m);
  assert.notEqual(messages[1], turns[0], "turns are copied, not shared");
});

test("the compact prompt (what tuned models see) names who, where and which language, and keeps the secrets out", () => {
  for (const c of cards) {
    const prompt = npcSystemPrompt(c, "compact");
    assert.ok(prompt.startsWith(`You are ${c.name}, ${c.role}`) && prompt.includes(c.home), c.id);
    assert.match(prompt, /Stay in character\.$/);
    const words = (s: string) => s.toLowerCase().match(/\p{L}+/gu) ?? [];
    const said = words(prompt).join(" ");
    for (const secret of c.secrets) {
      const w = words(secret);
      for (let i = 0; i + 4 <= w.length; i++) assert.ok(!said.includes(w.slice(i, i + 4).join(" ")), `${c.id}: the compact prompt echoes "${secret}"`);
    }
  }
});
