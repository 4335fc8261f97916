import type { Decision } from "./decision.js";
import type { GameState } from "./game-state.js";

/**
 * A hand-made chapter-2 scene in the fixture world (`fixture-world.ts`), shared by the
 * Director's tests: Inés (met), Tomás (not met) and Dolores (met) in the Reading Room;
 * one book there revealed and one not; quests of chapter 1 done/active, chapter 2 open/active.
 */
export function sceneState(over: Partial<GameState> = {}): GameState {
  return {
    turn: 20,
    chapter: 2,
    location: { place: "reading-room", hexagon: "H-0412" },
    tension: 0.5,
    recent_beats: ["reveal_book", "complication"],
    npcs_present: ["dolores", "ines", "tomas"],
    npcs_introduced: ["aurelio", "dolores", "ines"],
    books_on_shelf: ["catalogue-of-lamps", "tratado-hexagono-vacio"],
    books_revealed: ["tratado-hexagono-vacio"],
    quest_flags: {
      "count-the-stairs": "active",
      "descent-to-the-well": "open",
      "misfiled-book": "done",
      "save-the-chronicle": "active",
    },
    ...over,
  };
}

/** A decision with placeholder words: the rules judge beat, targets and intensity. */
export function decision(beat: Decision["beat"], targets: string[], intensity: number): Decision {
  return { beat, targets, intensity, narration_hint: "A lamp flickers.", rationale: "Test." };
}
