import { COMPLICATION_MAX_TENSION, TENSE_STREAK_LIMIT } from "../beats.js";
import { quietRequired } from "../game-state.js";
import type { RuleContext, RuleFamily } from "./context.js";
import type { Violation } from "./rule-names.js";

// Intensities are written with one or two decimals; a tiny tolerance keeps 0.3 inside [0, 0.3].
const EPS = 1e-9;

/** The rhythm of the story: how tense, how often, how strong. */
export const pacingRules: RuleFamily = (ctx) => [...tooTense(ctx), ...quiet(ctx), ...repeated(ctx), ...intensity(ctx)];

function tooTense({ state, decision }: RuleContext): Violation[] {
  return decision.beat === "complication" && state.tension > COMPLICATION_MAX_TENSION
    ? [{ rule: "complication_too_tense", message: `tension is ${state.tension}; no complication above ${COMPLICATION_MAX_TENSION}` }]
    : [];
}

function quiet({ state, decision }: RuleContext): Violation[] {
  return quietRequired(state) && decision.beat !== "quiet_moment"
    ? [{ rule: "quiet_moment_required", message: `the last ${TENSE_STREAK_LIMIT} beats were tense (${state.recent_beats.slice(-TENSE_STREAK_LIMIT).join(", ")}); the next must be a quiet_moment` }]
    : [];
}

function repeated({ state, decision }: RuleContext): Violation[] {
  const last = state.recent_beats.slice(-2);
  return last.length === 2 && last.every((b) => b === decision.beat)
    ? [{ rule: "beat_repeated", message: `${decision.beat} would be the third in a row` }]
    : [];
}

function intensity({ decision, spec }: RuleContext): Violation[] {
  const [lo, hi] = spec.intensity;
  return decision.intensity < lo - EPS || decision.intensity > hi + EPS
    ? [{ rule: "intensity_range", message: `${decision.beat} intensity must be ${lo}–${hi}, got ${decision.intensity}` }]
    : [];
}
