import type { QuestStatus } from "./game-state.js";

/**
 * The Director's closed set of story beats and what each one may touch. This table is
 * the single source the rules engine, the expert policy and the system prompt read, so
 * a beat's target kinds, intensity range and "tense" flag cannot drift between them.
 */
export const BEATS = [
  "introduce_npc",
  "reveal_book",
  "environmental_event",
  "advance_quest",
  "complication",
  "quiet_moment",
  "resolve_quest",
  "foreshadow",
] as const;
export type Beat = (typeof BEATS)[number];

export const TARGET_KINDS = ["npc", "book", "place", "quest"] as const;
export type TargetKind = (typeof TARGET_KINDS)[number];

export interface BeatSpec {
  /** The targets in a few words, for the system prompt (`?` = optional). */
  brief: string;
  /** Allowed target kinds with [min, max] counts; a kind that is absent is not allowed. */
  targets: Partial<Record<TargetKind, readonly [number, number]>>;
  /** [min, max] number of targets in all. */
  total: readonly [number, number];
  /** Inclusive intensity range. */
  intensity: readonly [number, number];
  /**
   * Tense beats raise the stakes; three in a row oblige a quiet_moment. resolve_quest
   * counts because a climax is tense even though it releases tension afterwards.
   */
  tense: boolean;
  /** Quest statuses a quest target may have (for beats that take quests). */
  questStatus?: readonly QuestStatus[];
}

export const BEAT_SPEC: Record<Beat, BeatSpec> = {
  introduce_npc: {
    brief: "unmet npc",
    targets: { npc: [1, 1] },
    total: [1, 1],
    intensity: [0.2, 0.6],
    tense: false,
  },
  reveal_book: {
    brief: "unrevealed book on shelf",
    targets: { book: [1, 1] },
    total: [1, 1],
    intensity: [0.3, 0.8],
    tense: false,
  },
  environmental_event: {
    brief: "this place",
    targets: { place: [1, 1] },
    total: [1, 1],
    intensity: [0.4, 0.9],
    tense: true,
  },
  advance_quest: {
    brief: "open/active quest, npc?",
    targets: { quest: [1, 1], npc: [0, 1] },
    total: [1, 2],
    intensity: [0.3, 0.7],
    tense: false,
    questStatus: ["open", "active"],
  },
  complication: {
    brief: "npc?, active quest?",
    targets: { npc: [0, 1], quest: [0, 1] },
    total: [1, 2],
    intensity: [0.5, 1],
    tense: true,
    questStatus: ["active"],
  },
  quiet_moment: {
    brief: "npc?",
    targets: { npc: [0, 1] },
    total: [0, 1],
    intensity: [0, 0.3],
    tense: false,
  },
  resolve_quest: {
    brief: "active quest, npc?",
    targets: { quest: [1, 1], npc: [0, 1] },
    total: [1, 2],
    intensity: [0.5, 1],
    tense: true,
    questStatus: ["active"],
  },
  foreshadow: {
    brief: "open quest",
    targets: { quest: [1, 1] },
    total: [1, 1],
    intensity: [0.1, 0.4],
    tense: false,
    questStatus: ["open"],
  },
};

export const isTense = (beat: Beat): boolean => BEAT_SPEC[beat].tense;

/** How many tense beats in a row oblige a quiet_moment (WORLD.md: "a quiet moment after three tense beats"). */
export const TENSE_STREAK_LIMIT = 3;

/** Above this tension a complication is not allowed (WORLD.md). */
export const COMPLICATION_MAX_TENSION = 0.8;
