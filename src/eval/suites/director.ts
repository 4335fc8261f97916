import { loadCanon } from "../../roles/canon/load.js";
import { directorMetrics, type DirectorEvalItem } from "../../roles/director/scorers.js";
import { directorWorldFromCanon } from "../../roles/director/world.js";
import type { Decision } from "../../roles/director/decision.js";
import type { GameState } from "../../roles/director/game-state.js";
import { loadPersonaCards } from "../../roles/npc/persona.js";
import { buildCases, type Suite, type SuiteInput } from "./suite.js";

/** Director decisions for held-out game states, checked by the rules engine against the world built from canon. */
export function directorSuite(input: SuiteInput): Suite<DirectorEvalItem> {
  // Grouped by gold beat in the report; few-shot examples come from one pool (picking them by the
  // gold beat would tell the model the answer).
  const { cases, raws, notes, groupOfId } = buildCases(input, (r) => String((r.decision as Decision | undefined)?.beat ?? "?"), () => "all");
  const world = directorWorldFromCanon(loadCanon(input.config.data.canon), loadPersonaCards(input.config.data.personas));
  return {
    role: "director",
    maxNewTokens: 160,
    cases,
    notes,
    groupOf: groupOfId,
    metrics: directorMetrics(world),
    item(i, output) {
      const raw = raws[i]!;
      return { id: cases[i]!.id, state: raw.state as GameState, gold: raw.decision as Decision, output };
    },
  };
}
