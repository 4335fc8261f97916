/**
 * How well the NPC scorers tell in-character replies from out-of-character ones on the
 * hand-labelled judge set (world/judge-sets/npc): recall on `out`, false positives on `in`,
 * per language and per category, for the three development sets (dev, dev-2, dev-3) and the test half.
 *
 *   node --import tsx bench/judges/npc-ooc.ts [--write] [--dev]
 *
 * `--dev` scores the development sets only (for iterating on the scorers without seeing test figures).
 *
 * Only development items (dev, dev-2, dev-3) are printed in full; of the test half only counts are
 * shown (no ids, no text), so nobody tunes on it by reading it.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { loadCanon } from "../../src/roles/canon/load.js";
import { loadPersonaCards } from "../../src/roles/npc/persona.js";
import { npcJudge } from "../../src/roles/npc/scorers.js";
import { loadJudgeSet, misclassified, scoreJudgeSet, summary, type Rates, type ScoredItem } from "../../src/roles/npc/scorers/judge-set.js";

const write = process.argv.includes("--write");
const devOnly = process.argv.includes("--dev");
if (write && devOnly) throw new Error("--write saves dev, dev-2, dev-3 and test; drop --dev");
const judge = npcJudge({ canon: loadCanon("world/canon"), personas: loadPersonaCards("world/personas") });

const pct = (x: number | null): string => (x === null ? "   -  " : `${(100 * x).toFixed(1).padStart(5)}%`);
const line = (name: string, r: Rates): string =>
  `  ${name.padEnd(16)} recall ${pct(r.recall)} (${r.caught}/${r.out})   FP ${pct(r.fp)} (${r.flagged}/${r.in})`;

type Half = "dev" | "dev-2" | "dev-3" | "test";

function report(half: Half, scored: ScoredItem[]): ReturnType<typeof summary> {
  const s = summary(scored);
  console.log(`\n== ${half} (${scored.length} items)`);
  console.log(line("all", s.all));
  for (const [k, r] of Object.entries(s.lang)) console.log(line(k, r));
  console.log("  per category:");
  for (const [k, r] of Object.entries(s.category)) console.log(line(k, r));
  const wrong = misclassified(scored);
  if (half !== "test") {
    for (const w of wrong) {
      console.log(`\n  ✗ ${w.item.id} [${w.item.label}→${w.predicted}] ${w.item.persona} ch${w.item.chapter}`);
      console.log(`    user:  ${w.item.user}`);
      console.log(`    reply: ${w.item.reply.replace(/\n/g, "\n           ")}`);
      if (w.reasons.length) console.log(`    why:   ${w.reasons.join(" | ")}`);
    }
  } else {
    console.log(`  misclassified: ${wrong.length} (${wrong.filter((w) => w.item.label === "out").length} out missed, ${wrong.filter((w) => w.item.label === "in").length} in flagged)`);
  }
  return s;
}

const t0 = performance.now();
const halves = {
  dev: scoreJudgeSet(judge, loadJudgeSet("world/judge-sets/npc/dev.jsonl")),
  "dev-2": scoreJudgeSet(judge, loadJudgeSet("world/judge-sets/npc/dev-2.jsonl")),
  "dev-3": scoreJudgeSet(judge, loadJudgeSet("world/judge-sets/npc/dev-3.jsonl")),
  test: devOnly ? [] : scoreJudgeSet(judge, loadJudgeSet("world/judge-sets/npc/test.jsonl")),
};
const seconds = (performance.now() - t0) / 1000;
const result = {
  dev: report("dev", halves.dev),
  "dev-2": report("dev-2", halves["dev-2"]),
  "dev-3": report("dev-3", halves["dev-3"]),
  test: devOnly ? null : report("test", halves.test),
};
console.log(`\nscored ${halves.dev.length + halves["dev-2"].length + halves["dev-3"].length + halves.test.length} items in ${seconds.toFixed(2)} s`);

if (write) {
  const date = new Date().toISOString().slice(0, 10);
  const path = `bench/results/judge-npc-ooc-${date}.json`;
  mkdirSync("bench/results", { recursive: true });
  const out = {
    date,
    command: "node --import tsx bench/judges/npc-ooc.ts --write",
    machine: `Node ${process.version}`,
    rule: "out = judge.outOfCharacter(item).length > 0 || judge.leaks(item) has a modern_world leak",
    seconds,
    ...result,
    misclassified: {
      dev: misclassified(halves.dev).map((w) => ({ id: w.item.id, label: w.item.label, reasons: w.reasons })),
      "dev-2": misclassified(halves["dev-2"]).map((w) => ({ id: w.item.id, label: w.item.label, reasons: w.reasons })),
      "dev-3": misclassified(halves["dev-3"]).map((w) => ({ id: w.item.id, label: w.item.label, reasons: w.reasons })),
      test: misclassified(halves.test).length,
    },
  };
  writeFileSync(path, `${JSON.stringify(out, null, 2)}\n`);
  console.log(`wrote ${path}`);
}
