// npx tsx scripts/build-director-data.ts
// Rebuilds world/datasets/director/{train,validation,test}.jsonl: the expert Director's
// decisions over simulated sessions (seed DIRECTOR_SEED), from world/canon + world/personas
// when the canon loader exists, else from the fixture world (it says which). A test
// regenerates them and compares bytes, so run this after editing the canon, a card or the policy.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { isUserError } from "../src/errors.js";
import { DIRECTOR_SEED, DIRECTOR_SPLITS, directorDatasetStats, directorJsonl, generateDirectorDataset } from "../src/roles/director/dataset.js";
import { loadDefaultDirectorWorld } from "../src/roles/director/default-world.js";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const outDir = join(root, "world/datasets/director");

try {
  const started = Date.now();
  const { world, source, note } = await loadDefaultDirectorWorld(root);
  console.log(`world: ${source} (${note})`);
  const ds = generateDirectorDataset(world, DIRECTOR_SEED);
  mkdirSync(outDir, { recursive: true });
  for (const split of DIRECTOR_SPLITS) writeFileSync(join(outDir, `${split}.jsonl`), directorJsonl(ds[split]));
  const stats = directorDatasetStats(ds);
  for (const split of DIRECTOR_SPLITS) {
    const beats = Object.entries(stats.beats[split]).map(([b, n]) => `${b} ${n}`).join(", ");
    console.log(`${split}: ${stats.records[split]} records, ${stats.combos[split]} situations — ${beats}`);
  }
  console.log(`held out: ${ds.held_out.validation.length} validation and ${ds.held_out.test.length} test situations`);
  console.log(`wrote ${outDir} in ${Date.now() - started} ms`);
} catch (e) {
  if (!isUserError(e)) throw e;
  console.error(e.format());
  process.exit(1);
}
