import { BEAT_SPEC, type BeatSpec } from "../beats.js";
import type { Decision } from "../decision.js";
import type { GameState } from "../game-state.js";
import { indexWorld, type DirectorWorld, type WorldEntity } from "../world.js";
import type { Violation } from "./rule-names.js";

/** What every rule family sees: the decision's targets already looked up in the world. */
export interface RuleContext {
  state: GameState;
  decision: Decision;
  spec: BeatSpec;
  /** Each target with its entity, or undefined when the world does not know the id. */
  targets: { id: string; entity: WorldEntity | undefined }[];
}

/** A rule family: returns the violations it finds, none when the decision is fine by it. */
export type RuleFamily = (ctx: RuleContext) => Violation[];

export function ruleContext(state: GameState, decision: Decision, world: DirectorWorld): RuleContext {
  const { byId } = indexWorld(world);
  return {
    state,
    decision,
    spec: BEAT_SPEC[decision.beat],
    targets: decision.targets.map((id) => ({ id, entity: byId.get(id) })),
  };
}

/** Targets that exist and are of a kind the beat takes: the ones presence rules judge. */
export function fittingTargets(ctx: RuleContext): WorldEntity[] {
  return ctx.targets.flatMap((t) => (t.entity && ctx.spec.targets[t.entity.kind] ? [t.entity] : []));
}
