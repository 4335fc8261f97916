import assert from "node:assert/strict";
import { test } from "node:test";
import { renderEvalHtml } from "./report-html.js";
import { SYSTEMS, type EvalReport } from "./run-eval.js";

// The smallest report the page renders: no metrics, no samples; only what the prompt table reads.
const report = (prompts: EvalReport["prompts"] | undefined): EvalReport =>
  ({
    version: 1, run: "r", recipe: "npc", role: "npc", created: "now", base_model: "m", method: "lora", split: "test",
    settings: { max_examples: 6, few_shot: 2, max_new_tokens: 64, sampling: { kind: "greedy" }, bootstrap: { resamples: 100, confidence: 0.95, seed: 1 } },
    systems: SYSTEMS, prompts, generation: {}, metrics: [], main_metric: "x",
    answer: { fine_tuning_vs_prompting: "tie", text: "" }, samples: [], notes: [],
  }) as unknown as EvalReport;

test("the page names the prompt each system got, escaped", () => {
  const html = renderEvalHtml(report({ base: "full card <all>", few_shot: "full card <all> + 2 training exchanges", tuned: "compact prompt" }));
  assert.match(html, /<table id="prompts">/);
  assert.ok(html.includes("full card &lt;all&gt; + 2 training exchanges"));
  assert.ok(html.includes("compact prompt"));
});

test("a report written before systems had prompts of their own renders without the table", () => {
  assert.doesNotMatch(renderEvalHtml(report(undefined)), /id="prompts"/);
});

test("the page shows each system's worst replies first, with the metrics they failed and why they are not sound", () => {
  const r = report(undefined);
  r.worst = {
    tuned: [{ id: "ines-test-0008#1", group: "ines", ask: "¿Quién eres?", output: "¡Hola! ¡Hola! <¡Hola!>", main: 0, failed: ["persona_consistency_rate", "degenerate_rate"], flags: ['repeated_word: "hola" 8+ times in a row'], scores: {} }],
  };
  const html = renderEvalHtml(r);
  assert.match(html, /Worst replies first/);
  assert.ok(html.includes("¡Hola! ¡Hola! &lt;¡Hola!&gt;"));
  assert.ok(html.includes("failed: persona_consistency_rate, degenerate_rate"));
  assert.ok(html.includes("repeated_word: &quot;hola&quot; 8+ times in a row") || html.includes('repeated_word: "hola" 8+ times in a row'));
});
