import { test } from "node:test";
import assert from "node:assert/strict";
import type { NpcDataset, NpcRecord } from "./generate.js";
import { npcDatasetStats, trigrams } from "./stats.js";

const record = (id: string, persona: string, act: NpcRecord["act"], replies: string[], chapter = 1): NpcRecord => ({
  id,
  persona,
  act,
  chapter,
  adversarial: act.startsWith("probe_"),
  turns: replies.flatMap((r) => [
    { role: "user" as const, content: "?" },
    { role: "assistant" as const, content: r },
  ]),
});

test("trigrams are of lower-cased words and figures, punctuation aside", () => {
  assert.deepEqual(trigrams("Mire usted, H-0412."), ["mire usted h", "usted h 0412"]);
  assert.deepEqual(trigrams("Hola."), []);
});

test("counts per split, persona, act and chapter, and the two variety figures", () => {
  const ds: NpcDataset = {
    train: [
      record("a-1", "ines", "greeting", ["Buenas tardes, lector.", "En fin, así consta."]),
      record("a-2", "ines", "lore", ["En fin, así consta."]),
      record("b-1", "aurelio", "probe_ai", ["Uno, dos, tres amigos."], 2),
    ],
    validation: [record("b-2", "aurelio", "probe_modern", ["Buenas tardes, lector."])],
    test: [record("a-3", "ines", "directions", ["En fin, así consta."], 3)],
  };
  const s = npcDatasetStats(ds);
  assert.equal(s.splits.train.conversations, 3);
  assert.equal(s.splits.train.adversarial, 1);
  assert.equal(s.splits.train.exchanges, 4);
  assert.deepEqual(s.splits.train.per_persona, { aurelio: 1, ines: 2 });
  assert.deepEqual(s.splits.train.per_chapter, { "1": 2, "2": 1 });
  assert.deepEqual(s.held_out, { conversations: 2, adversarial: 1 });
  assert.deepEqual(s.per_persona.ines, { train: 2, validation: 0, test: 1, adversarial: 0 });
  // Replies: 3 greetings' trigrams counted; "en fin así consta" ×3 → 2 trigrams ×3; "buenas tardes lector" ×2; "uno dos tres amigos" 2.
  assert.equal(s.variety.reply_trigrams, 1 + 6 + 2 + 1);
  assert.equal(s.variety.distinct_reply_trigrams, 1 + 2 + 2);
  assert.equal(s.variety.distinct_trigram_ratio, Math.round((5 / 10) * 10000) / 10000);
  // The greeting's own answer does not count as a repeat; its second answer does.
  assert.equal(s.variety.max_reply_repeats, 3);
  assert.equal(s.variety.most_repeated_reply, "En fin, así consta.");
});
