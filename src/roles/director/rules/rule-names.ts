/**
 * Every rule the Director's decisions are checked against. A union, not free strings:
 * a test enumerates RULES and demands an illegal decision that breaks each one, and
 * eval reports count violations per rule.
 */
export const RULES = [
  // shape
  "schema",
  // targets: how many, which exist, of what kind, not from later chapters
  "target_count",
  "target_duplicate",
  "target_unknown",
  "target_wrong_kind",
  "spoiler",
  // presence and story state of each target
  "npc_absent",
  "npc_already_introduced",
  "npc_not_introduced",
  "book_not_on_shelf",
  "book_already_revealed",
  "place_elsewhere",
  "quest_status",
  // pacing
  "complication_too_tense",
  "quiet_moment_required",
  "beat_repeated",
  "intensity_range",
] as const;
export type RuleName = (typeof RULES)[number];

export interface Violation {
  rule: RuleName;
  message: string;
}

export interface CheckResult {
  legal: boolean;
  violations: Violation[];
}

/** What each rule demands, in a line (docs, reports). */
export const RULE_DESCRIPTIONS: Record<RuleName, string> = {
  schema: "the decision is a JSON object {beat, targets, intensity, narration_hint, rationale} with a known beat",
  target_count: "the number of targets (and of each kind) fits the beat",
  target_duplicate: "no target is named twice",
  target_unknown: "every target is an id the world knows",
  target_wrong_kind: "every target is of a kind the beat takes (npc, book, place, quest)",
  spoiler: "no target belongs to a chapter after the current one",
  npc_absent: "an NPC target is present in the scene",
  npc_already_introduced: "introduce_npc names an NPC the reader has not met",
  npc_not_introduced: "beats other than introduce_npc name only NPCs already introduced",
  book_not_on_shelf: "reveal_book names a book on this shelf",
  book_already_revealed: "reveal_book names a book not yet revealed",
  place_elsewhere: "environmental_event happens in the reader's hexagon",
  quest_status: "the quest is in play with a status the beat allows (advance: open/active; complication, resolve: active; foreshadow: open)",
  complication_too_tense: "no complication when tension is above 0.8",
  quiet_moment_required: "after three tense beats in a row the next beat is a quiet_moment",
  beat_repeated: "the same beat does not happen three times in a row",
  intensity_range: "intensity lies in the beat's range",
};
