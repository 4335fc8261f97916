import { z } from "zod";
import { BEATS } from "./beats.js";

/**
 * The Director's output: one story beat per turn. The schema only checks shape;
 * whether a decision is allowed in a given state is the rules engine's job
 * (`rules/check.ts`), because legality depends on the state and the world.
 */
export const Decision = z.strictObject({
  beat: z.enum(BEATS),
  /** Ids of NPCs, books, places or quests, as the beat requires (see BEAT_SPEC). */
  targets: z.array(z.string().min(1)),
  intensity: z.number().min(0).max(1),
  /** One sentence for the narrator. */
  narration_hint: z.string().trim().min(1).max(200),
  /** Why this beat now, in a sentence or two. */
  rationale: z.string().trim().min(1).max(300),
});
export type Decision = z.infer<typeof Decision>;

/** The key order of every serialised decision: the model learns one layout. */
export const DECISION_KEYS = ["beat", "targets", "intensity", "narration_hint", "rationale"] as const;

export function canonicalDecision(d: Decision): Decision {
  return { beat: d.beat, targets: [...d.targets], intensity: d.intensity, narration_hint: d.narration_hint, rationale: d.rationale };
}

/** Compact JSON with keys in DECISION_KEYS order: the assistant turn of every Director example. */
export const decisionJson = (d: Decision): string => JSON.stringify(canonicalDecision(d));
