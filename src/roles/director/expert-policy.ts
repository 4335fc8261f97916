import { BEAT_SPEC, BEATS, type Beat } from "./beats.js";
import type { Decision } from "./decision.js";
import { quietRequired, type GameState } from "./game-state.js";
import { tensionBand } from "./held-out.js";
import { narrationHint, placeRef, rationale, type PhraseContext } from "./phrasing.js";
import type { Rng } from "../rng.js";
import { checkDecision } from "./rules/check.js";
import { displayName, indexWorld, type DirectorWorld } from "./world.js";

/**
 * The expert Director whose choices become the gold data. It lists every target set a
 * beat could take here, keeps the ones the rules engine accepts, weighs beats by pacing
 * (raise tension when the scene is slack, release it when taut, meet new people and
 * books first) and samples among them, so the data is good without being one-note.
 */
export interface Candidate {
  beat: Beat;
  targets: string[];
  /** Preference among the candidates of one beat. */
  weight: number;
}

export function expertDecision(state: GameState, world: DirectorWorld, rng: Rng): Decision {
  const candidates = legalCandidates(state, world);
  const beats = BEATS.filter((b) => candidates.some((c) => c.beat === b));
  if (beats.length === 0) throw new Error(`bug: no legal beat in state ${JSON.stringify(state)}`);
  const beat = rng.weightedItems(beats.map((b) => ({ item: b, weight: beatWeight(b, state) })));
  const mine = candidates.filter((c) => c.beat === beat);
  const targets = rng.weightedItems(mine.map((c) => ({ item: c.targets, weight: c.weight })));
  const decision: Decision = {
    beat,
    targets,
    intensity: chooseIntensity(beat, state.tension, rng),
    narration_hint: "",
    rationale: "",
  };
  const phrase = phraseContext(state, world, decision);
  decision.narration_hint = narrationHint(phrase, rng);
  decision.rationale = rationale(phrase, rng);
  const check = checkDecision(state, decision, world);
  if (!check.legal) throw new Error(`bug: the expert chose an illegal decision: ${check.violations.map((v) => v.message).join("; ")}`);
  return decision;
}

/** Every (beat, targets) the rules engine accepts in this state, at a mid-range intensity. */
export function legalCandidates(state: GameState, world: DirectorWorld): Candidate[] {
  const introduced = new Set(state.npcs_introduced);
  const present = state.npcs_present;
  const known = present.filter((n) => introduced.has(n));
  const quests = Object.entries(state.quest_flags);
  const active = quests.filter(([, s]) => s === "active").map(([q]) => q);
  const open = quests.filter(([, s]) => s === "open").map(([q]) => q);
  const overdue = (q: string): boolean => {
    const e = indexWorld(world).byId.get(q);
    return e !== undefined && e.first_chapter < state.chapter;
  };
  const questWeight = (q: string): number => (overdue(q) ? 2 : 1);
  const withNpc = (beat: Beat, q: string, w: number): Candidate[] => [
    { beat, targets: [q], weight: w },
    ...known.map((n) => ({ beat, targets: [q, n], weight: w / Math.max(1, known.length) })),
  ];

  const all: Candidate[] = [
    ...present.filter((n) => !introduced.has(n)).map((n) => ({ beat: "introduce_npc" as const, targets: [n], weight: 1 })),
    ...state.books_on_shelf.filter((b) => !state.books_revealed.includes(b)).map((b) => ({ beat: "reveal_book" as const, targets: [b], weight: 1 })),
    { beat: "environmental_event", targets: [state.location.place], weight: 1 },
    ...active.flatMap((q) => withNpc("advance_quest", q, 2 * questWeight(q))),
    ...open.flatMap((q) => withNpc("advance_quest", q, 1)),
    ...active.map((q) => ({ beat: "complication" as const, targets: [q], weight: 1 })),
    ...known.map((n) => ({ beat: "complication" as const, targets: [n], weight: 1 })),
    ...active.flatMap((q) => known.map((n) => ({ beat: "complication" as const, targets: [n, q], weight: 0.5 }))),
    { beat: "quiet_moment", targets: [], weight: 1 },
    ...known.map((n) => ({ beat: "quiet_moment" as const, targets: [n], weight: 1 / known.length })),
    ...active.flatMap((q) => withNpc("resolve_quest", q, questWeight(q))),
    ...open.map((q) => ({ beat: "foreshadow" as const, targets: [q], weight: 1 })),
  ];
  return all.filter((c) => {
    const [lo, hi] = BEAT_SPEC[c.beat].intensity;
    const probe = { beat: c.beat, targets: c.targets, intensity: (lo + hi) / 2, narration_hint: "-", rationale: "-" };
    return checkDecision(state, probe, world).legal;
  });
}

/** How much the expert wants each beat now: the pacing judgement of the data. */
export function beatWeight(beat: Beat, state: GameState): number {
  const t = state.tension;
  const hasActive = Object.values(state.quest_flags).includes("active");
  const w: Record<Beat, number> = {
    quiet_moment: quietRequired(state) ? 1 : t >= 0.7 ? 6 : t >= 0.5 ? 2 : t < 0.3 ? 0.3 : 1,
    complication: t < 0.35 ? 6 : t < 0.6 ? 3.5 : 1.2,
    environmental_event: t < 0.35 ? 3 : t < 0.6 ? 2 : 0.5,
    introduce_npc: t < 0.7 ? 8 : 3,
    reveal_book: t < 0.7 ? 5 : 2,
    advance_quest: (hasActive ? 4 : 2.5) * (t >= 0.7 ? 0.5 : 1),
    resolve_quest: t >= 0.55 ? 5 : 1.2,
    foreshadow: t < 0.5 ? 2 : 0.4,
  };
  // Variety: the same beat twice running is allowed but rarely the best story.
  return w[beat] * (state.recent_beats[state.recent_beats.length - 1] === beat ? 0.25 : 1);
}

const round1 = (x: number): number => Math.round(x * 10) / 10;

/** Rising beats land harder in a slack scene; a resolution lands harder in a taut one. */
function chooseIntensity(beat: Beat, tension: number, rng: Rng): number {
  const [lo, hi] = BEAT_SPEC[beat].intensity;
  const f = beat === "resolve_quest" ? rng.range(0.3, 0.6) + 0.4 * tension : beat === "quiet_moment" ? rng.range(0, 1) : rng.range(0.15, 0.85) * (tension > 0.6 ? 0.7 : 1) + 0.1;
  return Math.min(hi, Math.max(lo, round1(lo + (hi - lo) * Math.min(1, f))));
}

function phraseContext(state: GameState, world: DirectorWorld, d: Decision): PhraseContext {
  const { byId } = indexWorld(world);
  const entities = d.targets.map((id) => byId.get(id)!);
  const npc = entities.find((e) => e.kind === "npc");
  const book = entities.find((e) => e.kind === "book");
  const quest = entities.find((e) => e.kind === "quest");
  const place = byId.get(state.location.place);
  const streak = quietRequired(state) ? state.recent_beats.slice(-3) : [];
  return {
    beat: d.beat,
    ...(npc ? { npc: displayName(npc) } : {}),
    ...(book ? { book: displayName(book) } : {}),
    ...(quest
      ? { quest: displayName(quest), questStatus: state.quest_flags[quest.id]!, questOverdue: quest.first_chapter < state.chapter }
      : {}),
    place: place ? placeRef(displayName(place)) : state.location.hexagon,
    tension: state.tension,
    band: tensionBand(state.tension),
    streak,
  };
}
