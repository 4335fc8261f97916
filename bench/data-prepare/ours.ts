// One run of our data stage for bench/data-prepare: normalize + exact/near dedup + split (no tokenizer,
// no augmentation — the same work as baseline.py). Prints one JSON line.
import { DataOptions } from "../../src/config/recipe.js";
import { prepareDataset } from "../../src/data/pipeline.js";

const [input, out] = process.argv.slice(2);
if (!input || !out) throw new Error("usage: ours.ts INPUT.jsonl OUT_DIR");
const t0 = performance.now();
const prepared = await prepareDataset({
  data: DataOptions.parse({ path: input, format: "chat", dedup: { exact: true, near: true, threshold: 0.9, num_perm: 128 } }),
  path: input,
  personasDir: "world/personas",
  canonDir: "world/canon",
  outDir: out,
  tokenizer: null,
  maxTokens: 1 << 30,
  title: "bench",
});
const dedup = prepared.stages.find((s) => s.stage === "dedup")!;
const leakage = prepared.stages.find((s) => s.stage === "leakage")!;
process.stdout.write(
  JSON.stringify({
    read: prepared.counts.read,
    exact_duplicates: dedup.reasons.exact_duplicate ?? 0,
    near_duplicates: dedup.reasons.near_duplicate ?? 0,
    // Held-out records that duplicate training ones are removed by the leakage stage.
    removed: dedup.merged + leakage.merged,
    train: prepared.counts.train,
    validation: prepared.counts.validation,
    test: prepared.counts.test,
    seconds: (performance.now() - t0) / 1000,
  }) + "\n",
);
