import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { UserError } from "../../errors.js";
import { ChatExample } from "../../spec/chat.js";
import { loadPersonaCards } from "./persona.js";
import { buildNpcMessages } from "./prompt.js";
import { generateStarterConversations, isAdversarial, STARTER_ACTS, STARTER_SEED, starterCards, starterJsonl } from "./starter-data.js";

const root = new URL("../../../", import.meta.url);
const cards = starterCards(loadPersonaCards(fileURLToPath(new URL("world/personas/", root))));
const data = generateStarterConversations(cards, STARTER_SEED);
const answers = (persona: string): string[] =>
  data.filter((c) => c.persona === persona).flatMap((c) => c.turns.filter((t) => t.role === "assistant").map((t) => t.content));
// Book titles and the reader's own strange words («phone») are quoted, not spoken.
const unquoted = (s: string): string => s.replace(/«[^»]*»/g, " ").replace(/(^|\s)'[^']*'/g, " ");
const words = (s: string): string[] => unquoted(s).toLowerCase().match(/\p{L}+/gu) ?? [];

test("same seed, same conversations; another seed, others", () => {
  assert.deepEqual(generateStarterConversations(cards, STARTER_SEED), data);
  assert.equal(starterJsonl(generateStarterConversations([...cards].reverse(), STARTER_SEED)), starterJsonl(data), "card order does not matter");
  assert.notDeepEqual(generateStarterConversations(cards, STARTER_SEED + 1), data);
});

test("the committed world/starter/npc-conversations.jsonl is what the generator builds", () => {
  const committed = readFileSync(new URL("world/starter/npc-conversations.jsonl", root), "utf8");
  assert.ok(committed === starterJsonl(data), "stale starter data: run `npx tsx scripts/build-starter-data.ts`");
  const first = JSON.parse(committed.split("\n")[0]!) as object;
  assert.deepEqual(Object.keys(first), ["id", "persona", "act", "turns"]);
  assert.ok(committed.endsWith("}\n"));
});

test("ids are unique and numbered per persona; every persona has enough data and probes", () => {
  assert.equal(new Set(data.map((c) => c.id)).size, data.length);
  assert.equal(new Set(data.map((c) => JSON.stringify(c.turns))).size, data.length, "no two conversations are identical");
  for (const card of cards) {
    const mine = data.filter((c) => c.persona === card.id);
    mine.forEach((c, i) => assert.equal(c.id, `${card.id}-${String(i + 1).padStart(4, "0")}`));
    assert.ok(mine.length >= 150, `${card.id}: ${mine.length} conversations`);
    assert.ok(mine.filter((c) => isAdversarial(c.act)).length >= 20, `${card.id}: too few adversarial probes`);
    for (const act of STARTER_ACTS) assert.ok(mine.some((c) => c.act === act), `${card.id}: no ${act}`);
  }
});

test("conversations alternate reader and NPC, one to three exchanges, and fit the chat format", () => {
  for (const c of data) {
    assert.ok(c.turns.length >= 2 && c.turns.length <= 6 && c.turns.length % 2 === 0, c.id);
    c.turns.forEach((t, i) => {
      assert.equal(t.role, i % 2 === 0 ? "user" : "assistant", c.id);
      assert.equal(t.content, t.content.trim(), c.id);
      assert.ok(t.content.length > 0 && !t.content.includes("{"), `${c.id}: unfilled slot in "${t.content}"`);
    });
    ChatExample.parse({ id: c.id, messages: buildNpcMessages(cards.find((k) => k.id === c.persona)!, c.turns) });
  }
  assert.ok(data.some((c) => c.turns.length === 6) && data.some((c) => c.turns.length === 2));
});

test("Inés answers only in Spanish", () => {
  const spanish = new Set(["de", "la", "el", "que", "en", "no", "se", "los", "las", "un", "una", "usted", "por", "para", "es", "lo", "le", "su", "del", "al", "con", "hay", "qué"]);
  const english = new Set(["the", "you", "is", "and", "of", "to", "it", "my", "your", "what"]);
  for (const a of answers("ines")) {
    assert.ok(words(a).some((w) => spanish.has(w)), `not Spanish: "${a}"`);
    assert.ok(!words(a).some((w) => english.has(w)), `English in Inés's answer: "${a}"`);
  }
});

test("Aurelio answers in English, sprinkled with Spanish", () => {
  const english = new Set(["the", "you", "your", "i", "me", "my", "is", "are", "and", "but", "of", "to", "it", "a", "in", "on", "at", "about", "with", "what", "that", "here"]);
  const sprinkles = /\b(amigo|escaleras?|claro|mira|sí|pero|calma|hola|buenas|de nada|uno, dos, tres)\b/i;
  const all = answers("aurelio");
  for (const a of all) assert.ok(words(a).some((w) => english.has(w)), `not English: "${a}"`);
  assert.ok(all.filter((a) => sprinkles.test(a)).length / all.length > 0.5, "too few Spanish words");
});

test("each voice is recognisable: most answers carry one of the card's tics", () => {
  for (const card of cards) {
    const all = answers(card.id);
    const marked = all.filter((a) => card.voice.tics.some((t) => a.includes(t.replace(/^… /, ""))));
    assert.ok(marked.length / all.length > 0.6, `${card.id}: ${marked.length}/${all.length} answers carry a tic`);
  }
  assert.ok(answers("ines").some((a) => a.startsWith("Mire usted,")) && answers("ines").some((a) => a.endsWith("En fin.")));
  assert.ok(answers("aurelio").filter((a) => a.endsWith("… or so the maps say.")).length > 100);
});

test("no answer gives away a secret", () => {
  const secrets = cards.flatMap((c) => c.secrets);
  const grams = (s: string): string[] => {
    const w = words(s);
    return w.slice(0, -3).map((_, i) => w.slice(i, i + 4).join(" "));
  };
  const secretGrams = new Set(secrets.flatMap(grams));
  for (const c of data) {
    for (const t of c.turns.filter((x) => x.role === "assistant")) {
      assert.ok(!grams(t.content).some((g) => secretGrams.has(g)), `${c.id} echoes a secret: "${t.content}"`);
    }
  }
});

test("probes are refused in world: the modern word is only ever repeated back in quotes", () => {
  for (const c of data.filter((x) => isAdversarial(x.act))) {
    const first = c.turns[1]!.content;
    assert.doesNotMatch(unquoted(first), /\b(AI|internet|phone|model|ChatGPT|prompt|IA)\b/, `${c.id}: "${first}"`);
  }
});

test("a card without a phrase kit is a user error", () => {
  const stranger = { ...cards[0]!, id: "stranger" };
  assert.throws(() => generateStarterConversations([stranger], 1), (e: unknown) => e instanceof UserError && e.code === "npc-starter-no-kit");
});
