import { TARGET_KINDS } from "../beats.js";
import { displayName } from "../world.js";
import type { RuleContext, RuleFamily } from "./context.js";
import type { Violation } from "./rule-names.js";

/** Counts, existence, kinds and chapter gates of a decision's targets. */
export const targetRules: RuleFamily = (ctx) => [...count(ctx), ...duplicates(ctx), ...existence(ctx), ...spoilers(ctx)];

const plural = (n: number, word: string): string => `${n} ${word}${n === 1 ? "" : "s"}`;
const range = ([lo, hi]: readonly [number, number]): string => (lo === hi ? String(lo) : `${lo}–${hi}`);

function count({ decision, spec, targets }: RuleContext): Violation[] {
  const out: Violation[] = [];
  const n = decision.targets.length;
  if (n < spec.total[0] || n > spec.total[1]) {
    out.push({ rule: "target_count", message: `${decision.beat} takes ${range(spec.total)} targets, got ${n}` });
  }
  for (const kind of TARGET_KINDS) {
    const allowed = spec.targets[kind];
    if (!allowed) continue;
    const k = targets.filter((t) => t.entity?.kind === kind).length;
    // Only short counts among known targets are reported here; unknown ids have their own rule.
    const unknown = targets.filter((t) => !t.entity).length;
    if (k > allowed[1] || k + unknown < allowed[0]) {
      out.push({ rule: "target_count", message: `${decision.beat} takes ${range(allowed)} ${kind} target(s), got ${plural(k, kind)}` });
    }
  }
  return out;
}

function duplicates({ decision }: RuleContext): Violation[] {
  const seen = new Set<string>();
  const out: Violation[] = [];
  for (const id of decision.targets) {
    if (seen.has(id)) out.push({ rule: "target_duplicate", message: `target '${id}' is named more than once` });
    seen.add(id);
  }
  return out;
}

function existence({ decision, spec, targets }: RuleContext): Violation[] {
  const kinds = Object.keys(spec.targets).join(" or ") || "nothing";
  return targets.flatMap(({ id, entity }): Violation[] => {
    if (!entity) return [{ rule: "target_unknown", message: `no NPC, place, book or quest has the id '${id}'` }];
    if (!spec.targets[entity.kind]) {
      return [{ rule: "target_wrong_kind", message: `'${id}' is a ${entity.kind}; ${decision.beat} targets ${kinds}` }];
    }
    return [];
  });
}

function spoilers({ state, targets }: RuleContext): Violation[] {
  return targets.flatMap(({ id, entity }): Violation[] =>
    entity && entity.first_chapter > state.chapter
      ? [{ rule: "spoiler", message: `${entity.kind} '${id}' (${displayName(entity)}) belongs to chapter ${entity.first_chapter}; this is chapter ${state.chapter}` }]
      : [],
  );
}
