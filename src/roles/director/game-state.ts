import { z } from "zod";
import { HexagonId } from "../canon/schema.js";
import { BEATS, isTense, TENSE_STREAK_LIMIT } from "./beats.js";

/**
 * What the game tells the Director each turn. Strict, so a misspelt field from the game
 * is an error rather than a silently missing fact. The state lists only what the reader
 * could meet now (the game hides later chapters); the world view knows the rest.
 */
export const QUEST_STATUSES = ["open", "active", "done"] as const;
export type QuestStatus = (typeof QUEST_STATUSES)[number];

/** How many past beats the state carries: enough for the three-tense-beats rule and the repetition rule. */
export const RECENT_BEATS = 4;

const id = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "ids are lowercase letters, digits and dashes");

export const GameState = z.strictObject({
  turn: z.number().int().min(1),
  chapter: z.number().int().min(1),
  location: z.strictObject({ place: id, hexagon: HexagonId }),
  tension: z.number().min(0).max(1),
  /** Oldest first; the last item is the previous turn's beat. */
  recent_beats: z.array(z.enum(BEATS)).max(RECENT_BEATS),
  npcs_present: z.array(id),
  npcs_introduced: z.array(id),
  books_on_shelf: z.array(id),
  books_revealed: z.array(id),
  /** Every quest in play (current or earlier chapter) and its status. */
  quest_flags: z.record(id, z.enum(QUEST_STATUSES)),
});
export type GameState = z.infer<typeof GameState>;

const sorted = (xs: readonly string[]): string[] => [...xs].sort();

/**
 * The state with fields in schema order and id lists sorted: the bytes the model sees
 * depend only on the facts, never on the order a simulator or game collected them in.
 */
export function canonicalState(s: GameState): GameState {
  return {
    turn: s.turn,
    chapter: s.chapter,
    location: { place: s.location.place, hexagon: s.location.hexagon },
    tension: s.tension,
    recent_beats: [...s.recent_beats],
    npcs_present: sorted(s.npcs_present),
    npcs_introduced: sorted(s.npcs_introduced),
    books_on_shelf: sorted(s.books_on_shelf),
    books_revealed: sorted(s.books_revealed),
    quest_flags: Object.fromEntries(Object.keys(s.quest_flags).sort().map((k) => [k, s.quest_flags[k]!])),
  };
}

/** Number of tense beats at the end of `recent_beats`. */
export function tenseStreak(s: Pick<GameState, "recent_beats">): number {
  let n = 0;
  for (let i = s.recent_beats.length - 1; i >= 0 && isTense(s.recent_beats[i]!); i--) n++;
  return n;
}

export const quietRequired = (s: Pick<GameState, "recent_beats">): boolean => tenseStreak(s) >= TENSE_STREAK_LIMIT;
