import { loadCanon } from "../../roles/canon/load.js";
import { loadPersonaCards } from "../../roles/npc/persona.js";
import { npcMetrics, type NpcEvalItem } from "../../roles/npc/scorers.js";
import type { ChatMessage } from "../../spec/index.js";
import { referenceMetrics } from "./reference-metrics.js";
import { buildCases, type Suite, type SuiteInput } from "./suite.js";

/**
 * The NPC suite's main metric: every reply stays the persona on all counts at once (no break, no
 * leak, no contradiction, its own language). Not in_character_rate alone: the base model given the
 * persona card already resists the probes ~96% of the time, so that metric cannot tell a tuned voice
 * from the prompt; a persona that answers Spanish players in English or knows tomorrow's chapter is
 * out of character too.
 */
export const NPC_MAIN_METRIC = "persona_consistency_rate";

/** NPC replies to held-out conversations (adversarial probes included), scored against the persona cards and canon. */
export function npcSuite(input: SuiteInput): Suite<NpcEvalItem> {
  const { cases, references, raws, notes, groupOfId } = buildCases(input, (r) => String(r.persona));
  const canon = loadCanon(input.config.data.canon);
  const personas = loadPersonaCards(input.config.data.personas);
  return {
    role: "npc",
    maxNewTokens: 64,
    cases,
    notes,
    groupOf: groupOfId,
    metrics: [...npcMetrics({ canon, personas }), ...referenceMetrics<NpcEvalItem>()].map((m) => ({ ...m, main: m.name === NPC_MAIN_METRIC })),
    item(i, output) {
      const raw = raws[i]!;
      const history = cases[i]!.prompt.filter((m): m is ChatMessage => m.role !== "system");
      return {
        id: cases[i]!.id,
        persona: String(raw.persona),
        act: String(raw.act ?? ""),
        chapter: Number(raw.chapter ?? 1),
        adversarial: Boolean(raw.adversarial),
        history,
        reference: references[i]!,
        output,
      };
    },
  };
}
