// npx tsx scripts/build-npc-data.ts
// Rebuilds world/datasets/npc/{train,validation,test}.jsonl from world/canon and world/personas.
// A test regenerates them and compares bytes, so run this after editing canon, a card or a kit.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isUserError } from "../src/errors.js";
import { buildNpcDataset } from "../src/roles/npc/dataset/build.js";
import { npcDatasetStats } from "../src/roles/npc/dataset/stats.js";

const world = join(dirname(fileURLToPath(import.meta.url)), "..", "world");

try {
  const started = performance.now();
  const { dataset, files } = buildNpcDataset(world);
  const seconds = ((performance.now() - started) / 1000).toFixed(2);
  for (const [path, text] of Object.entries(files)) {
    const file = join(world, path);
    mkdirSync(dirname(file), { recursive: true });
    writeFileSync(file, text);
  }
  const stats = npcDatasetStats(dataset);
  for (const [persona, n] of Object.entries(stats.per_persona)) {
    console.log(`${persona}: train ${n.train}, validation ${n.validation}, test ${n.test} (${n.adversarial} adversarial)`);
  }
  const { splits, held_out, variety } = stats;
  console.log(`train ${splits.train.conversations}, validation ${splits.validation.conversations}, test ${splits.test.conversations}; held-out adversarial ${held_out.adversarial}`);
  console.log(`distinct reply 3-grams ${variety.distinct_reply_trigrams}/${variety.reply_trigrams} = ${variety.distinct_trigram_ratio}; most repeated reply outside greetings: ${variety.max_reply_repeats}×`);
  console.log(`generated in ${seconds}s; wrote ${Object.keys(files).map((f) => join("world", f)).join(", ")}`);
} catch (e) {
  if (!isUserError(e)) throw e;
  console.error(e.format());
  process.exit(1);
}
