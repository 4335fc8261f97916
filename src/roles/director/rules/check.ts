import { Decision } from "../decision.js";
import type { GameState } from "../game-state.js";
import type { DirectorWorld } from "../world.js";
import { ruleContext } from "./context.js";
import { pacingRules } from "./pacing.js";
import { presenceRules } from "./presence.js";
import type { CheckResult, Violation } from "./rule-names.js";
import { targetRules } from "./targets.js";

/**
 * Is this decision allowed in this state of this world? Takes `unknown` so a model's
 * parsed output can be judged as is: a malformed decision is a `schema` violation,
 * not an exception. The state is trusted (it comes from the game or the simulator).
 */
export function checkDecision(state: GameState, decision: unknown, world: DirectorWorld): CheckResult {
  const parsed = Decision.safeParse(decision);
  if (!parsed.success) {
    const violations: Violation[] = parsed.error.issues.map((i) => ({
      rule: "schema",
      message: `${i.path.map(String).join(".") || "decision"}: ${i.message}`,
    }));
    return { legal: false, violations };
  }
  const ctx = ruleContext(state, parsed.data, world);
  const violations = [...targetRules(ctx), ...presenceRules(ctx), ...pacingRules(ctx)];
  return { legal: violations.length === 0, violations };
}

/** The same check on a model's raw reply: text that is not one JSON object is a schema violation. */
export function checkDecisionText(state: GameState, text: string, world: DirectorWorld): CheckResult {
  let value: unknown;
  try {
    value = JSON.parse(text.trim());
  } catch (e) {
    return { legal: false, violations: [{ rule: "schema", message: `not JSON: ${(e as Error).message}` }] };
  }
  return checkDecision(state, value, world);
}
