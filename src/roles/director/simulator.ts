import { BEATS, isTense, TENSE_STREAK_LIMIT, type Beat } from "./beats.js";
import type { Decision } from "./decision.js";
import { expertDecision } from "./expert-policy.js";
import { canonicalState, RECENT_BEATS, type GameState, type QuestStatus } from "./game-state.js";
import { fnv1a, Rng } from "../rng.js";
import { homePlaces, lastChapter, type DirectorPlace, type DirectorWorld } from "./world.js";

/**
 * A seeded walk through play sessions: the reader moves between hexagons, people come
 * and go, tension rises with complications and falls with quiet moments and endings,
 * chapters turn and open new quests. At each turn a policy chooses a beat, the state
 * records it, and the walk goes on. Sessions start at any chapter (a save loaded
 * mid-game), so later chapters are as well covered as the first.
 */
export type DirectorPolicy = (state: GameState, world: DirectorWorld, rng: Rng) => Decision;

export interface SimStep {
  session: number;
  /** 1-based step within the session. */
  step: number;
  state: GameState;
  decision: Decision;
}

interface Sim {
  turn: number;
  chapter: number;
  place: DirectorPlace;
  tension: number;
  recent: Beat[];
  present: Set<string>;
  introduced: Set<string>;
  revealed: Set<string>;
  quests: Map<string, QuestStatus>;
}

const MAX_CAST = 3;
const round2 = (x: number): number => Math.round(Math.min(1, Math.max(0, x)) * 100) / 100;

export function simulateSession(world: DirectorWorld, seed: number, session: number, policy: DirectorPolicy = expertDecision): SimStep[] {
  const rng = new Rng(fnv1a(`director:${seed}:${session}`));
  const sim = startSession(world, rng);
  const finalChapter = Math.min(lastChapter(world), sim.chapter + rng.int(0, 2));
  const steps: SimStep[] = [];
  for (;;) {
    const turns = rng.int(6, 12);
    for (let i = 0; i < turns; i++) {
      const state = snapshot(sim, world);
      const decision = policy(state, world, rng);
      steps.push({ session, step: steps.length + 1, state, decision });
      apply(sim, decision, rng);
      drift(sim, world, rng);
    }
    if (sim.chapter >= finalChapter) return steps;
    nextChapter(sim, world, rng);
  }
}

const available = <T extends { first_chapter: number }>(xs: readonly T[], chapter: number): T[] => xs.filter((x) => x.first_chapter <= chapter);

function startSession(world: DirectorWorld, rng: Rng): Sim {
  const chapter = rng.weightedItems(world.chapters.map((c) => ({ item: c.n, weight: c.n === 1 ? 1.5 : 1 })));
  const fresh = chapter === 1 && rng.chance(0.3);
  const sim: Sim = {
    turn: fresh ? 1 : rng.int(3, 12) + (chapter - 1) * rng.int(8, 12),
    chapter,
    place: rng.pick(available(world.places, chapter)),
    tension: round2(fresh ? rng.range(0.05, 0.3) : rng.range(0.05, 0.95)),
    recent: [],
    present: new Set(),
    introduced: new Set(),
    revealed: new Set(),
    quests: new Map(),
  };
  if (!fresh) {
    for (const npc of available(world.npcs, chapter)) {
      if (rng.chance(npc.first_chapter < chapter ? 0.75 : 0.3)) sim.introduced.add(npc.id);
    }
    for (const book of available(world.books, chapter)) {
      if (rng.chance(book.first_chapter < chapter ? 0.6 : 0.15)) sim.revealed.add(book.id);
    }
  }
  for (const c of world.chapters.filter((x) => x.n <= chapter)) {
    for (const q of c.quests) {
      const r = rng.float();
      const status: QuestStatus = fresh ? "open" : c.n < chapter ? (r < 0.6 ? "done" : r < 0.9 ? "active" : "open") : r < 0.7 ? "open" : "active";
      sim.quests.set(q.id, status);
    }
  }
  if (!fresh) sim.recent = history(sim, rng);
  arrive(sim, world, rng);
  return sim;
}

/** A plausible past: one to four beats that kept the pacing rules and fit what has happened. */
function history(sim: Sim, rng: Rng): Beat[] {
  const out: Beat[] = [];
  const n = rng.int(1, RECENT_BEATS);
  const statuses = [...sim.quests.values()];
  const happened: Record<Beat, boolean> = {
    introduce_npc: sim.introduced.size > 0,
    reveal_book: sim.revealed.size > 0,
    environmental_event: true,
    advance_quest: statuses.some((s) => s !== "open"),
    complication: true,
    quiet_moment: true,
    resolve_quest: statuses.includes("done"),
    foreshadow: statuses.includes("open"),
  };
  const tense = BEATS.filter((b) => isTense(b) && happened[b]);
  const calm = BEATS.filter((b) => !isTense(b) && happened[b]);
  while (out.length < n) {
    const streak = out.length >= TENSE_STREAK_LIMIT && out.slice(-TENSE_STREAK_LIMIT).every(isTense);
    const b: Beat = streak ? "quiet_moment" : rng.pick(rng.chance(0.55) ? tense : calm);
    if (out.length >= 2 && out.slice(-2).every((x) => x === b)) continue;
    out.push(b);
  }
  return out;
}

function snapshot(sim: Sim, world: DirectorWorld): GameState {
  return canonicalState({
    turn: sim.turn,
    chapter: sim.chapter,
    location: { place: sim.place.id, hexagon: sim.place.hexagon },
    tension: sim.tension,
    recent_beats: [...sim.recent],
    npcs_present: [...sim.present],
    npcs_introduced: [...sim.introduced],
    // The game shows only what the current chapter unlocks; later books are not yet on the shelves.
    books_on_shelf: available(world.books, sim.chapter).filter((b) => b.hexagon === sim.place.hexagon).map((b) => b.id),
    books_revealed: [...sim.revealed],
    quest_flags: Object.fromEntries(sim.quests),
  });
}

function apply(sim: Sim, d: Decision, rng: Rng): void {
  sim.recent = [...sim.recent, d.beat].slice(-RECENT_BEATS);
  const [first] = d.targets;
  if (d.beat === "introduce_npc") sim.introduced.add(first!);
  else if (d.beat === "reveal_book") sim.revealed.add(first!);
  else if (d.beat === "advance_quest") sim.quests.set(first!, "active");
  else if (d.beat === "resolve_quest") sim.quests.set(first!, "done");
  sim.tension = round2(sim.tension + tensionDelta(d.beat, d.intensity) + rng.range(-0.04, 0.04));
  sim.turn += 1;
}

/** How a beat at an intensity moves the tension (the simulator adds a little noise; the game scene does not). */
export function tensionDelta(beat: Beat, i: number): number {
  switch (beat) {
    case "introduce_npc":
      return 0.04 * i;
    case "reveal_book":
      return 0.08 * i;
    case "environmental_event":
      return 0.15 * i;
    case "advance_quest":
      return 0.06 * i;
    case "complication":
      return 0.05 + 0.2 * i;
    case "quiet_moment":
      return -(0.12 + 0.4 * (0.3 - i));
    case "resolve_quest":
      return -0.3 * i;
    case "foreshadow":
      return 0.03;
  }
}

/** Between turns the reader may walk on, and people come and go. */
function drift(sim: Sim, world: DirectorWorld, rng: Rng): void {
  if (rng.chance(0.22)) {
    const elsewhere = available(world.places, sim.chapter).filter((p) => p.id !== sim.place.id);
    if (elsewhere.length > 0) {
      sim.place = rng.pick(elsewhere);
      arrive(sim, world, rng);
      return;
    }
  }
  for (const npc of available(world.npcs, sim.chapter)) {
    const home = isHome(world, npc.id, sim.place);
    if (sim.present.has(npc.id)) {
      if (rng.chance(home ? 0.05 : 0.18)) sim.present.delete(npc.id);
    } else if (sim.present.size < MAX_CAST && rng.chance(home ? 0.25 : 0.04)) {
      sim.present.add(npc.id);
    }
  }
}

/** Who is in a place when the reader walks in: mostly those who live there. */
function arrive(sim: Sim, world: DirectorWorld, rng: Rng): void {
  sim.present.clear();
  for (const npc of available(world.npcs, sim.chapter)) {
    if (sim.present.size < MAX_CAST && rng.chance(isHome(world, npc.id, sim.place) ? 0.75 : 0.12)) sim.present.add(npc.id);
  }
}

function isHome(world: DirectorWorld, npcId: string, place: DirectorPlace): boolean {
  const npc = world.npcs.find((n) => n.id === npcId);
  return npc !== undefined && homePlaces(world, npc).some((p) => p.hexagon === place.hexagon);
}

function nextChapter(sim: Sim, world: DirectorWorld, rng: Rng): void {
  sim.chapter += 1;
  for (const q of world.chapters.find((c) => c.n === sim.chapter)?.quests ?? []) sim.quests.set(q.id, "open");
  // A chapter break lets the air out and usually moves the reader somewhere new.
  sim.tension = round2(sim.tension * 0.5 + 0.1);
  sim.place = rng.pick(available(world.places, sim.chapter));
  arrive(sim, world, rng);
}
