// npx tsx scripts/build-starter-data.ts
// Rebuilds world/starter/npc-conversations.jsonl from the persona cards (seed 42).
// A test regenerates it and compares bytes, so run this after editing a card or a phrasing.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isUserError } from "../src/errors.js";
import { loadPersonaCards } from "../src/roles/npc/persona.js";
import { generateStarterConversations, isAdversarial, STARTER_SEED, starterCards, starterJsonl } from "../src/roles/npc/starter-data.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const out = join(root, "world/starter/npc-conversations.jsonl");

try {
  const cards = starterCards(loadPersonaCards(join(root, "world/personas")));
  const conversations = generateStarterConversations(cards, STARTER_SEED);
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, starterJsonl(conversations));
  for (const card of cards) {
    const mine = conversations.filter((c) => c.persona === card.id);
    const exchanges = mine.reduce((n, c) => n + c.turns.length / 2, 0);
    console.log(`${card.id}: ${mine.length} conversations (${mine.filter((c) => isAdversarial(c.act)).length} adversarial), ${exchanges} exchanges`);
  }
  console.log(`wrote ${conversations.length} conversations to ${out}`);
} catch (e) {
  if (!isUserError(e)) throw e;
  console.error(e.format());
  process.exit(1);
}
