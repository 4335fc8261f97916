import type { RuleContext, RuleFamily } from "./context.js";
import { fittingTargets } from "./context.js";
import type { Violation } from "./rule-names.js";

/**
 * Is each target where, and in the story state, the beat needs it? Only targets that
 * exist and fit the beat are judged: the target rules already report the others.
 */
export const presenceRules: RuleFamily = (ctx) =>
  fittingTargets(ctx).flatMap((e): Violation[] => {
    const { state, decision, spec } = ctx;
    const out: Violation[] = [];
    switch (e.kind) {
      case "npc":
        if (!state.npcs_present.includes(e.id)) out.push({ rule: "npc_absent", message: `${e.name} ('${e.id}') is not in the scene` });
        if (decision.beat === "introduce_npc") {
          if (state.npcs_introduced.includes(e.id)) out.push({ rule: "npc_already_introduced", message: `${e.name} has already been introduced` });
        } else if (!state.npcs_introduced.includes(e.id)) {
          out.push({ rule: "npc_not_introduced", message: `${e.name} has not been introduced yet; introduce_npc first` });
        }
        break;
      case "book":
        // Only reveal_book takes books today; the checks are keyed on the beat so a future book beat must opt in.
        if (decision.beat === "reveal_book") {
          if (!state.books_on_shelf.includes(e.id)) out.push({ rule: "book_not_on_shelf", message: `«${e.title}» is not on the shelves of ${state.location.hexagon}` });
          if (state.books_revealed.includes(e.id)) out.push({ rule: "book_already_revealed", message: `«${e.title}» has already been revealed` });
        }
        break;
      case "place":
        if (e.hexagon !== state.location.hexagon) {
          out.push({ rule: "place_elsewhere", message: `${e.name} is in ${e.hexagon}; the reader is in ${state.location.hexagon}` });
        }
        break;
      case "quest": {
        const status = state.quest_flags[e.id];
        const allowed = spec.questStatus ?? [];
        if (status === undefined) {
          out.push({ rule: "quest_status", message: `quest '${e.id}' is not in play (not in quest_flags)` });
        } else if (!allowed.includes(status)) {
          out.push({ rule: "quest_status", message: `quest '${e.id}' is ${status}; ${decision.beat} needs it ${allowed.join(" or ")}` });
        }
        break;
      }
    }
    return out;
  });
