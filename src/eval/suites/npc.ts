import { loadCanon } from "../../roles/canon/load.js";
import { loadPersonaCards } from "../../roles/npc/persona.js";
import { npcSystemPrompt } from "../../roles/npc/prompt.js";
import { UserError } from "../../errors.js";
import { npcMetrics, type NpcEvalItem } from "../../roles/npc/scorers.js";
import type { ChatMessage } from "../../spec/index.js";
import { referenceMetrics } from "./reference-metrics.js";
import { gated, qualityMetrics } from "../quality.js";
import { buildCases, responsivenessContext, withSystemPrompt, type Suite, type SuiteInput } from "./suite.js";

/**
 * The NPC suite's main metric: every reply stays the persona on all counts at once (no break, no
 * leak, no contradiction, its own language). Not in_character_rate alone: the base model given the
 * persona card already resists the probes ~96% of the time, so that metric cannot tell a tuned voice
 * from the prompt; a persona that answers Spanish players in English or knows tomorrow's chapter is
 * out of character too.
 */
export const NPC_MAIN_METRIC = "persona_consistency_rate";
const GATED = new Set([NPC_MAIN_METRIC, "in_character_rate"]);

/** NPC replies to held-out conversations (adversarial probes included), scored against the persona cards and canon. */
export function npcSuite(input: SuiteInput): Suite<NpcEvalItem> {
  const personas = loadPersonaCards(input.config.data.personas);
  const cards = new Map(personas.map((c) => [c.id, c]));
  // The base model gets the whole card, as a studio that does not fine-tune would prompt it; the
  // conversation turns stay the same, so only the system message differs from the trained prompt.
  const fullCard = (r: Record<string, unknown>, prompt: ChatMessage[]) => {
    const card = cards.get(String(r.persona));
    if (!card) {
      throw new UserError("eval_no_persona", `held-out NPC record ${String(r.id)} speaks as '${String(r.persona)}', which has no card in ${input.config.data.personas}`, {
        hint: "data.personas must be the persona folder the data was built from",
      });
    }
    return withSystemPrompt(prompt, npcSystemPrompt(card, "full"));
  };
  const { cases, references, raws, notes, groupOfId } = buildCases(input, (r) => String(r.persona), undefined, fullCard, { everyReply: true });
  const canon = loadCanon(input.config.data.canon);
  const trainedOn = input.config.data.npc_prompt === "full" ? "full persona card" : "compact persona prompt (who, where, which language)";
  return {
    role: "npc",
    prompts: {
      tuned: `${trainedOn} — what the adapter was trained on`,
      baseline: "full persona card (voice, tics, knows, secrets, forbidden, rules) — what a studio writes without fine-tuning",
    },
    maxNewTokens: 64,
    cases,
    notes,
    groupOf: groupOfId,
    // The rates of good replies are conjunctions with soundness: a looped greeting is not "consistent".
    metrics: [...npcMetrics({ canon, personas }).map((m) => (m.kind === "item" && GATED.has(m.name) ? gated(m) : m)), ...qualityMetrics<NpcEvalItem>({ responsiveness: true }), ...referenceMetrics<NpcEvalItem>()].map((m) => ({
      ...m,
      main: m.name === NPC_MAIN_METRIC,
    })),
    // "No." and "Denegado." are real replies of the held-out set: one word is not degenerate by itself.
    degeneration: () => ({ minWords: 1 }),
    responsivenessContext: (i) => responsivenessContext(cases[i]!.prompt.filter((m) => m.role !== "system")),
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
