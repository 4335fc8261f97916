import type { Command } from "commander";
import { buildWorld, staleFiles, worldStats, writeWorld } from "../pipeline/world.js";
import { UserError } from "../errors.js";
import { handle, printJson, table } from "./main.js";

export function registerWorld(program: Command): void {
  const world = program.command("world").description("the sample world of La Biblioteca Eterna: canon, personas and the three role datasets");
  world
    .command("build")
    .description("regenerate world/datasets/{npc,director,book}/*.jsonl from world/canon and world/personas (seeded: same bytes every time)")
    .option("--check", "write nothing; exit 1 if the committed files differ from the generators' output")
    .action((o: { check?: boolean }) =>
      handle(async () => {
        const build = await buildWorld();
        if (o.check) {
          const stale = staleFiles(build);
          if (stale.length) {
            throw new UserError("world_stale", `${stale.length} dataset file(s) differ from the generators: ${stale.join(", ")}`, {
              hint: "run `scriptorium world build` and commit the result",
            });
          }
          process.stdout.write(`world datasets are up to date (${Object.keys(build.files).length} files)\n`);
          return;
        }
        const changed = writeWorld(build);
        process.stdout.write(changed.length ? `wrote ${changed.join(", ")}\n` : `unchanged: all ${Object.keys(build.files).length} files already match\n`);
      }),
    );
  world
    .command("stats")
    .description("counts per role, persona, style and split; variety of NPC replies; token counts with the default tokenizer")
    .option("--json", "machine-readable")
    .option("--no-tokens", "skip the token counts (they run the engine's tokenizer)")
    .action((o: { json?: boolean; tokens: boolean }) =>
      handle(async () => {
        const stats = await worldStats(await buildWorld(), { tokens: o.tokens });
        if (o.json) return printJson(stats);
        const rows: (string | number)[][] = [["role", "train", "validation", "test", "train tokens"]];
        const n = stats.npc.splits;
        rows.push(["npc", n.train.conversations, n.validation.conversations, n.test.conversations, stats.tokens?.npc?.train.tokens ?? "-"]);
        const d = stats.director.records;
        rows.push(["director", d.train, d.validation, d.test, stats.tokens?.director?.train.tokens ?? "-"]);
        const b = stats.book.by_split;
        rows.push(["book", b.train.records, b.validation.records, b.test.records, stats.tokens?.book?.train.tokens ?? "-"]);
        process.stdout.write(table(rows) + "\n\n");
        const v = stats.npc.variety;
        process.stdout.write(`NPC held-out: ${stats.npc.held_out.conversations} conversations, ${stats.npc.held_out.adversarial} adversarial\n`);
        process.stdout.write(`NPC reply variety: distinct 3-grams / total = ${v.distinct_trigram_ratio.toFixed(3)}; most repeated reply (outside greetings) ×${v.max_reply_repeats}\n`);
        process.stdout.write("per persona (train/validation/test): " + Object.entries(stats.npc.per_persona).map(([p, c]) => `${p} ${c.train}/${c.validation}/${c.test}`).join(", ") + "\n");
        process.stdout.write("book per style (train/validation/test): " + Object.entries(stats.book.by_style).map(([s, c]) => `${s} ${c.train.records}/${c.validation.records}/${c.test.records}`).join(", ") + "\n");
        process.stdout.write("--json for everything (per act, chapter, beat, tokens per split)\n");
      }),
    );
}
