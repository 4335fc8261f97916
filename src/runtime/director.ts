import type { LlamaGrammar } from "node-llama-cpp";
import { BEAT_SPEC, type Beat } from "../roles/director/beats.js";
import { Decision, decisionJson } from "../roles/director/decision.js";
import { beatWeight, expertDecision, legalCandidates, type Candidate } from "../roles/director/expert-policy.js";
import type { GameState } from "../roles/director/game-state.js";
import { buildDirectorMessages } from "../roles/director/prompt.js";
import { checkDecision } from "../roles/director/rules/check.js";
import type { Violation } from "../roles/director/rules/rule-names.js";
import { displayName, indexWorld, type DirectorWorld } from "../roles/director/world.js";
import { fnv1a, Rng } from "../roles/rng.js";
import { directorGrammarSchema, type DirectorConstraint } from "./director-grammar.js";
import type { GenerateResult } from "./generate.js";
import { BASE, type Runtime } from "./runtime.js";

/**
 * The Director in the game: the training prompt, decoding under a JSON grammar, then the
 * rules engine as the judge. An illegal or unparseable reply is retried (new seed, some
 * temperature); after the last try the decision is repaired to the nearest legal one —
 * the model's beat and targets when they are legal together, else the legal candidate
 * closest to what it said — so the game always gets a decision it may play.
 */
export interface DirectorOptions {
  /** Tries before repairing (default 3). */
  maxAttempts?: number;
  /** First try's temperature (default 0: greedy); retries use retryTemperature. */
  temperature?: number;
  retryTemperature?: number;
  seed?: number;
  maxTokens?: number;
  constraint?: DirectorConstraint;
}

export interface DirectorAttempt {
  raw: string;
  violations: Violation[];
  tokens: number;
  ms: number;
}

export interface DirectorResult {
  decision: Decision;
  /** The last try's raw text. */
  raw: string;
  attempts: DirectorAttempt[];
  legal_first_try: boolean;
  repaired: boolean;
  adapter: string;
}

export class DirectorAgent {
  private readonly grammars = new Map<string, Promise<LlamaGrammar>>();

  constructor(
    readonly runtime: Runtime,
    readonly world: DirectorWorld,
    /** An adapter by name (or "base"), e.g. to compare two Directors; default the `director` role's. */
    private readonly adapter?: string,
  ) {}

  /** The adapter this agent speaks through: the one named, else the `director` role's, else the base model. */
  get adapterName(): string {
    return this.adapter ?? this.runtime.adapterFor("director")?.name ?? BASE;
  }

  private grammar(constraint: DirectorConstraint, state: GameState): Promise<LlamaGrammar> {
    const schema = directorGrammarSchema(constraint, state, this.world);
    const key = JSON.stringify(schema);
    let g = this.grammars.get(key);
    if (!g) {
      g = this.runtime.llama.createGrammarForJsonSchema(schema as never) as Promise<LlamaGrammar>;
      if (this.grammars.size > 256) this.grammars.clear();
      this.grammars.set(key, g);
    }
    return g;
  }

  async decide(state: GameState, opts: DirectorOptions = {}): Promise<DirectorResult> {
    const maxAttempts = Math.max(1, opts.maxAttempts ?? 3);
    const grammar = await this.grammar(opts.constraint ?? "state", state);
    const messages = buildDirectorMessages({ state });
    const attempts: DirectorAttempt[] = [];
    let last: { parsed: unknown; result: GenerateResult } | null = null;
    for (let i = 0; i < maxAttempts; i++) {
      const result = await this.runtime.chat(this.adapterName, messages, {
        maxTokens: opts.maxTokens ?? 160,
        temperature: i === 0 ? (opts.temperature ?? 0) : (opts.retryTemperature ?? 0.8),
        seed: (opts.seed ?? 0) + i,
        grammar,
        // the JSON grammar allows trailing whitespace for ever; the value is done when its object closes
        stopWhen: jsonObjectClosed,
      });
      let parsed: unknown = undefined;
      let violations: Violation[];
      try {
        parsed = JSON.parse(result.text);
        violations = checkDecision(state, parsed, this.world).violations;
      } catch (e) {
        violations = [{ rule: "schema", message: `not JSON: ${(e as Error).message}` }];
      }
      attempts.push({ raw: result.text, violations, tokens: result.tokens.length, ms: result.totalMs });
      last = { parsed, result };
      if (violations.length === 0) {
        return { decision: Decision.parse(parsed), raw: result.text, attempts, legal_first_try: i === 0, repaired: false, adapter: this.adapterName };
      }
    }
    return {
      decision: repairDecision(state, this.world, last?.parsed, opts.seed ?? 0),
      raw: last?.result.text ?? "",
      attempts,
      legal_first_try: false,
      repaired: true,
      adapter: this.adapterName,
    };
  }
}

/** True once the text holds one whole JSON object (braces balanced outside strings). */
export function jsonObjectClosed(text: string): boolean {
  let depth = 0;
  let inString = false;
  let started = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (inString) {
      if (c === "\\") i++;
      else if (c === '"') inString = false;
    } else if (c === '"') inString = true;
    else if (c === "{") {
      depth++;
      started = true;
    } else if (c === "}" && --depth === 0 && started) return true;
  }
  return false;
}

const str = (v: unknown, max: number): string | null => (typeof v === "string" && v.trim().length > 0 && v.trim().length <= max ? v.trim() : null);

/**
 * The nearest legal decision to what the model said: among the legal candidates, the same
 * beat first, then the most targets in common, then the expert's pacing weight; intensity
 * clamped into the beat's range; the model's texts kept when they are valid. If the model
 * said nothing usable, the expert policy decides.
 */
export function repairDecision(state: GameState, world: DirectorWorld, parsed: unknown, seed = 0): Decision {
  const rng = new Rng(fnv1a(`repair:${seed}:${state.turn}`));
  const o = (parsed && typeof parsed === "object" ? parsed : {}) as Record<string, unknown>;
  const candidates = legalCandidates(state, world);
  const wanted = new Set(Array.isArray(o.targets) ? o.targets.filter((t): t is string => typeof t === "string") : []);
  const said = typeof o.beat === "string" && o.beat in BEAT_SPEC ? (o.beat as Beat) : null;
  if (candidates.length === 0 || (said === null && wanted.size === 0)) return expertDecision(state, world, rng);
  const score = (c: Candidate): number => {
    const common = c.targets.filter((t) => wanted.has(t)).length;
    const extra = c.targets.length - common + (wanted.size - common);
    return (c.beat === said ? 1000 : 0) + 10 * common - extra + beatWeight(c.beat, state) / 100;
  };
  const best = candidates.reduce((a, b) => (score(b) > score(a) ? b : a));
  const [lo, hi] = BEAT_SPEC[best.beat].intensity;
  const intensity = typeof o.intensity === "number" && Number.isFinite(o.intensity) ? Math.min(hi, Math.max(lo, o.intensity)) : (lo + hi) / 2;
  const { byId } = indexWorld(world);
  const names = best.targets.map((t) => byId.get(t)).filter((e) => e !== undefined).map(displayName);
  const fallbackHint = `${best.beat.replace(/_/g, " ")}${names.length ? `: ${names.join(", ")}` : ""}.`;
  const decision: Decision = {
    beat: best.beat,
    targets: [...best.targets],
    intensity: Math.round(intensity * 100) / 100,
    narration_hint: best.beat === said ? (str(o.narration_hint, 200) ?? fallbackHint) : fallbackHint,
    rationale: best.beat === said ? (str(o.rationale, 300) ?? "Repaired to the nearest legal beat.") : `The model's choice was not legal here; the nearest legal beat is ${best.beat}.`,
  };
  if (checkDecision(state, decision, world).legal) return decision;
  return expertDecision(state, world, rng);
}

export { decisionJson };
