import { z } from "zod";
import { UserError } from "../../errors.js";
import { BEATS, type Beat } from "./beats.js";
import { canonicalDecision, Decision } from "./decision.js";
import { canonicalState, GameState, quietRequired } from "./game-state.js";
import { comboKey, planHeldOut, splitOfCombo, TENSION_BANDS, tensionBand, type DirectorSplit, type HeldOutPlan, type TensionBand } from "./held-out.js";
import { checkDecision } from "./rules/check.js";
import { simulateSession } from "./simulator.js";
import type { DirectorWorld } from "./world.js";

/**
 * The Director dataset: (state, gold decision) pairs from the expert policy walking
 * simulated sessions, split so that validation and test hold whole situations
 * (NPC cast × chapter × tension band, see held-out.ts) that training never saw.
 */
export const DirectorRecord = z.strictObject({
  id: z.string().min(1),
  /** The situation's combination key (`ch2/mid/aurelio+ines`): the unit of the split. */
  scenario: z.string().min(1),
  state: GameState,
  decision: Decision,
});
export type DirectorRecord = z.infer<typeof DirectorRecord>;

export interface DirectorDataset {
  train: DirectorRecord[];
  validation: DirectorRecord[];
  test: DirectorRecord[];
  /** The combinations held out of training. */
  held_out: HeldOutPlan;
}

/** The seed the committed `world/datasets/director/*.jsonl` are built with. */
export const DIRECTOR_SEED = 20240;

// ~1,800 states: ≥ 1,000 for training and ≥ 200 held out (WORLD.md) with room to spare.
const POOL_SIZE = 1800;
const MAX_SESSIONS = 2000;
export const DIRECTOR_MIN = { train: 1000, held_out: 200 } as const;

const pad = (n: number, w: number): string => String(n).padStart(w, "0");

export function generateDirectorDataset(world: DirectorWorld, seed: number = DIRECTOR_SEED): DirectorDataset {
  const pool: DirectorRecord[] = [];
  const seen = new Set<string>();
  for (let session = 1; pool.length < POOL_SIZE; session++) {
    if (session > MAX_SESSIONS) throw tooSmall(world, pool.length);
    for (const step of simulateSession(world, seed, session)) {
      const key = JSON.stringify(step.state);
      if (seen.has(key)) continue; // the same state twice would be one example weighted double
      seen.add(key);
      const check = checkDecision(step.state, step.decision, world);
      if (!check.legal) throw new Error(`bug: gold decision s${session}/${step.step} is illegal: ${check.violations.map((v) => v.rule).join(", ")}`);
      pool.push({
        id: `dir-${pad(session, 4)}-${pad(step.step, 2)}`,
        scenario: comboKey(step.state),
        state: canonicalState(step.state),
        decision: canonicalDecision(step.decision),
      });
    }
  }
  const counts = new Map<string, number>();
  for (const r of pool) counts.set(r.scenario, (counts.get(r.scenario) ?? 0) + 1);
  const held_out = planHeldOut(counts, {
    test: Math.max(120, Math.ceil(pool.length * 0.1)),
    validation: Math.max(100, Math.ceil(pool.length * 0.08)),
    maxComboSize: Math.ceil(pool.length * 0.02),
  });
  const ds: DirectorDataset = { train: [], validation: [], test: [], held_out };
  for (const r of pool) ds[splitOfCombo(held_out, r.scenario)].push(r);
  if (ds.train.length < DIRECTOR_MIN.train || ds.validation.length + ds.test.length < DIRECTOR_MIN.held_out) {
    throw tooSmall(world, pool.length, ds);
  }
  return ds;
}

function tooSmall(world: DirectorWorld, pool: number, ds?: DirectorDataset): UserError {
  const got = ds ? `${ds.train.length} train, ${ds.validation.length + ds.test.length} held out` : `${pool} distinct states`;
  return new UserError("director-data-too-small", `the world is too small for the Director dataset (${got})`, {
    hint: `the Director needs ≥ ${DIRECTOR_MIN.train} training and ≥ ${DIRECTOR_MIN.held_out} held-out states; add places, NPCs or chapters to the canon (world has ${world.places.length} places, ${world.npcs.length} NPCs, ${world.chapters.length} chapters)`,
    location: { file: "world/canon" },
  });
}

/** One record per line, keys in a fixed order, trailing newline: the committed bytes. */
export function directorJsonl(records: readonly DirectorRecord[]): string {
  return records
    .map((r) => JSON.stringify({ id: r.id, scenario: r.scenario, state: canonicalState(r.state), decision: canonicalDecision(r.decision) }))
    .map((line) => `${line}\n`)
    .join("");
}

export const DIRECTOR_SPLITS: readonly DirectorSplit[] = ["train", "validation", "test"];

export interface DirectorDatasetStats {
  records: Record<DirectorSplit, number>;
  beats: Record<DirectorSplit, Record<Beat, number>>;
  chapters: Record<DirectorSplit, Record<string, number>>;
  tension_bands: Record<DirectorSplit, Record<TensionBand, number>>;
  /** Distinct situations (combination keys) per split. */
  combos: Record<DirectorSplit, number>;
  /** States in which three tense beats oblige a quiet moment. */
  quiet_owed: Record<DirectorSplit, number>;
}

export function directorDatasetStats(ds: Pick<DirectorDataset, DirectorSplit>): DirectorDatasetStats {
  const per = <T>(f: (rs: DirectorRecord[]) => T): Record<DirectorSplit, T> =>
    ({ train: f(ds.train), validation: f(ds.validation), test: f(ds.test) });
  const tally = <K extends string>(keys: readonly K[], rs: DirectorRecord[], key: (r: DirectorRecord) => K): Record<K, number> => {
    const out = Object.fromEntries(keys.map((k) => [k, 0])) as Record<K, number>;
    for (const r of rs) out[key(r)] = (out[key(r)] ?? 0) + 1;
    return out;
  };
  return {
    records: per((rs) => rs.length),
    beats: per((rs) => tally(BEATS, rs, (r) => r.decision.beat)),
    chapters: per((rs) => {
      const chapters = [...new Set(rs.map((r) => String(r.state.chapter)))].sort((a, b) => Number(a) - Number(b));
      return tally(chapters, rs, (r) => String(r.state.chapter));
    }),
    tension_bands: per((rs) => tally(TENSION_BANDS, rs, (r) => tensionBand(r.state.tension))),
    combos: per((rs) => new Set(rs.map((r) => r.scenario)).size),
    quiet_owed: per((rs) => rs.filter((r) => quietRequired(r.state)).length),
  };
}
