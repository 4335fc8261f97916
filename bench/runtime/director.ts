// node --import tsx bench/runtime/director.ts [--run <director run>] [--states 200] [--base-states 20] [--threads 2]   (make bench-director)
//
// The Director as the game drives it: the runtime (llama.cpp, the builtin Q4_1 base the adapter was
// trained on + the run's GGUF LoRA) decides over held-out states (world/datasets/director test, then
// validation, up to --states). For the first try (greedy, state-narrowed JSON grammar) it counts
// what parses as JSON, what the Decision schema accepts and what the rules engine accepts; then
// what the game receives after retries (up to 3 tries) and repair — which must be 100% legal.
// The base model without the adapter answers the first --base-states of them under the same grammar, for contrast.
// Writes bench/results/director-runtime-<date>.json and the director-runtime section of BENCHMARKS.md.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { cpus, loadavg } from "node:os";
import { join } from "node:path";
import { Decision } from "../../src/roles/director/decision.js";
import type { GameState } from "../../src/roles/director/game-state.js";
import { checkDecision } from "../../src/roles/director/rules/check.js";
import { DirectorAgent, loadGameWorld, Runtime } from "../../src/runtime/index.js";
import { arg, ensureExport, median, pickRun } from "./exported.js";

const START = "<!-- director-runtime:start -->";
const END = "<!-- director-runtime:end -->";
const nStates = Number(arg("states", "200"));
// the untuned base rarely writes the format, so nearly every token takes the grammar's slow path: a smaller sample
const nBaseStates = Number(arg("base-states", "20"));
const threads = Number(arg("threads", "2"));

const run = pickRun("director", arg("run", ""));
const exp = await ensureExport(run);
const lora = join(run.path("export"), "gguf/adapter-f16.gguf");
const world = loadGameWorld("world");
const rows = ["test", "validation"]
  .flatMap((split) => readFileSync(`world/datasets/director/${split}.jsonl`, "utf8").split("\n").filter(Boolean))
  .slice(0, nStates)
  .map((l) => JSON.parse(l) as { id: string; state: GameState });
const load0 = loadavg()[0]!;
const partFile = `bench/results/director-runtime-${new Date().toISOString().slice(0, 10)}.states.jsonl`;
writeFileSync(partFile, "");

const rt = await Runtime.load({ adapters: [{ name: "director", role: "director", path: lora }], threads, contextSize: 2048 });
const systems: Record<string, unknown>[] = [];
for (const adapter of ["director", "base"] as const) {
  const agent = new DirectorAgent(rt, world.director, adapter);
  let parsed = 0, schema = 0, legal = 0, finalLegal = 0, finalSchema = 0, repaired = 0, tries = 0;
  const ms: number[] = [];
  const t0 = performance.now();
  const states = adapter === "base" ? rows.slice(0, nBaseStates) : rows;
  for (const [i, row] of states.entries()) {
    const d = await agent.decide(row.state, { maxAttempts: 3, maxTokens: 160 });
    const first = d.attempts[0]!;
    let obj: unknown;
    try {
      obj = JSON.parse(first.raw);
      parsed++;
      if (Decision.safeParse(obj).success) schema++;
      if (checkDecision(row.state, obj, world.director).legal) legal++;
    } catch {
      /* counted as unparseable */
    }
    if (Decision.safeParse(d.decision).success) finalSchema++;
    if (checkDecision(row.state, d.decision, world.director).legal) finalLegal++;
    if (d.repaired) repaired++;
    tries += d.attempts.length;
    ms.push(d.attempts.reduce((s, a) => s + a.ms, 0));
    // one line per state as it is decided, so a stopped run still leaves its figures
    appendFileSync(partFile, JSON.stringify({ system: adapter, id: row.id, first_try_legal: d.legal_first_try, tries: d.attempts.length, repaired: d.repaired, delivered_legal: checkDecision(row.state, d.decision, world.director).legal, delivered_schema_valid: Decision.safeParse(d.decision).success, ms: d.attempts.reduce((s, a) => s + a.ms, 0) }) + "\n");
    if ((i + 1) % 25 === 0) console.error(`${adapter}: ${i + 1}/${states.length} states, first-try legal ${legal}, ${((performance.now() - t0) / 1000).toFixed(0)} s`);
  }
  const n = states.length;
  const r = {
    system: adapter === "director" ? `adapter (run ${run.id})` : "base model, no adapter",
    states: n,
    first_try: { json_parse_rate: parsed / n, schema_valid_rate: schema / n, rules_legal_rate: legal / n },
    delivered: { json_parse_rate: 1, schema_valid_rate: finalSchema / n, rules_legal_rate: finalLegal / n, repaired_rate: repaired / n },
    mean_tries: tries / n,
    ms_per_decision_median: median(ms),
    seconds_total: (performance.now() - t0) / 1000,
  };
  systems.push(r);
  console.error(JSON.stringify(r));
}
await rt.dispose();

const date = new Date().toISOString().slice(0, 10);
const machine = `${cpus()[0]?.model.trim() ?? "CPU"}, ${cpus().length} cores, Node ${process.version}`;
const resultFile = `bench/results/director-runtime-${date}.json`;
writeFileSync(resultFile, JSON.stringify({ date, machine, load_average_start: load0, run: run.id, base: rt.basePath, llama_cpp: exp.llama_cpp, threads, systems }, null, 2) + "\n");
const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
type Row = { system: string; states: number; first_try: Record<string, number>; delivered: Record<string, number>; mean_tries: number; ms_per_decision_median: number };
const table = (systems as Row[])
  .map((s) => `| ${s.system} | ${s.states} | ${pct(s.first_try.json_parse_rate!)} / ${pct(s.first_try.schema_valid_rate!)} / ${pct(s.first_try.rules_legal_rate!)} | ${pct(s.delivered.schema_valid_rate!)} / ${pct(s.delivered.rules_legal_rate!)} | ${pct(s.delivered.repaired_rate!)} | ${s.mean_tries.toFixed(2)} | ${Math.round(s.ms_per_decision_median)} |`)
  .join("\n");
const section = `${START}
## The Director in the runtime (\`make bench-director\`)

${date}, ${machine}, ${threads} threads, load average ${load0.toFixed(1)} at the start; node-llama-cpp (llama.cpp ${exp.llama_cpp}), the builtin
SmolLM2-135M-Instruct Q4_1 GGUF + run ${run.id}'s f16 GGUF LoRA. ${rows.length} held-out states (the Director test split, then
validation); the base model without the adapter answers the first ${Math.min(nBaseStates, rows.length)} of them. First try: greedy under the state-narrowed JSON grammar; delivered: what the game receives after up to 3 tries and
repair to the nearest legal candidate. Raw: \`${resultFile}\`.

| system | states | first try: JSON / schema / rules-legal | delivered: schema / rules-legal | repaired | tries | ms per decision (median) |
|---|---:|---|---|---:|---:|---:|
${table}
${END}`;
const bm = "BENCHMARKS.md";
const text = readFileSync(bm, "utf8");
writeFileSync(bm, text.includes(START) ? text.slice(0, text.indexOf(START)) + section + text.slice(text.indexOf(END) + END.length) : `${text.trimEnd()}\n\n${section}\n`);
console.log(table);
