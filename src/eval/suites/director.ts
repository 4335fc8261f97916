import { loadCanon } from "../../roles/canon/load.js";
import { directorMetrics, type DirectorEvalItem } from "../../roles/director/scorers.js";
import { directorWorldFromCanon } from "../../roles/director/world.js";
import type { Decision } from "../../roles/director/decision.js";
import type { GameState } from "../../roles/director/game-state.js";
import { loadPersonaCards } from "../../roles/npc/persona.js";
import { directorSystemPrompt } from "../../roles/director/prompt.js";
import { gated, qualityMetrics } from "../quality.js";
import { buildCases, withSystemPrompt, type Suite, type SuiteInput } from "./suite.js";

/** Director decisions for held-out game states, checked by the rules engine against the world built from canon. */
export function directorSuite(input: SuiteInput): Suite<DirectorEvalItem> {
  // Grouped by gold beat in the report; few-shot examples come from one pool (picking them by the
  // gold beat would tell the model the answer).
  const world = directorWorldFromCanon(loadCanon(input.config.data.canon), loadPersonaCards(input.config.data.personas));
  // The base model gets the rules with the names behind the ids and the reply's form spelled out.
  const full = directorSystemPrompt(world);
  const { cases, raws, notes, groupOfId } = buildCases(
    input,
    (r) => String((r.decision as Decision | undefined)?.beat ?? "?"),
    () => "all",
    (_, prompt) => withSystemPrompt(prompt, full),
  );
  return {
    role: "director",
    prompts: {
      tuned: "Director rules by id (beats, targets, intensity ranges, pacing) — what the adapter was trained on",
      baseline: "Director rules with the world's names and a JSON-only reply line — what a studio writes without fine-tuning",
    },
    maxNewTokens: 160,
    cases,
    notes,
    groupOf: groupOfId,
    // A legal decision is a sound one: the conjunction only bites on a reply that loops or is empty.
    metrics: [...directorMetrics(world).map((m) => (m.main && m.kind === "item" ? gated(m) : m)), ...qualityMetrics<DirectorEvalItem>({ responsiveness: false })],
    degeneration: () => ({ minWords: 1 }),
    item(i, output) {
      const raw = raws[i]!;
      return { id: cases[i]!.id, state: raw.state as GameState, gold: raw.decision as Decision, output };
    },
  };
}
