import { z } from "zod";
import type { GbnfJsonSchema } from "node-llama-cpp";
import { BEAT_SPEC } from "../roles/director/beats.js";
import { Decision } from "../roles/director/decision.js";
import { legalCandidates } from "../roles/director/expert-policy.js";
import type { GameState } from "../roles/director/game-state.js";
import type { DirectorWorld } from "../roles/director/world.js";

/**
 * The JSON-schema grammar the Director decodes under, made from the Decision zod schema
 * (z.toJSONSchema) and cut down to what node-llama-cpp's GBNF converter takes: enums
 * without `type`, no numeric bounds (it cannot express them — a number may still come out
 * as 1e5 or 1.7, which is why every decision is checked by the rules engine afterwards).
 * Properties keep the schema's order, the key order the model was trained on.
 *
 *   schema  the Decision schema alone (any beat, any target string);
 *   state   also narrowed to this state: beats that have a legal target set here, target ids
 *           that exist in this state, at most as many targets as a beat takes, intensity
 *           one of 0, 0.1, … 1. Legality still
 *           depends on the pairing of beat and targets, which a grammar does not see.
 */
export type DirectorConstraint = "schema" | "state";

type Json = Record<string, unknown>;

/** Strips what the GBNF converter does not take; keeps enums, string lengths, array sizes. */
function toGbnf(node: Json): Json {
  const out: Json = {};
  if (Array.isArray(node.enum)) return { enum: node.enum };
  for (const [k, v] of Object.entries(node)) {
    if (k === "$schema" || k === "minimum" || k === "maximum" || k === "exclusiveMinimum" || k === "exclusiveMaximum") continue;
    if (k === "properties") out[k] = Object.fromEntries(Object.entries(v as Record<string, Json>).map(([p, s]) => [p, toGbnf(s)]));
    else if (k === "items") out[k] = toGbnf(v as Json);
    else out[k] = v;
  }
  return out;
}

export function decisionJsonSchema(): Json {
  return toGbnf(z.toJSONSchema(Decision) as Json);
}

export function directorGrammarSchema(constraint: DirectorConstraint, state?: GameState, world?: DirectorWorld): GbnfJsonSchema {
  const schema = decisionJsonSchema();
  if (constraint === "schema" || !state || !world) return schema as GbnfJsonSchema;
  const props = { ...(schema.properties as Record<string, Json>) };
  const legal = legalCandidates(state, world);
  const beats = [...new Set(legal.map((c) => c.beat))];
  const ids = [
    ...new Set([state.location.place, ...state.npcs_present, ...state.books_on_shelf, ...Object.keys(state.quest_flags)]),
  ].sort();
  const maxTargets = Math.max(...beats.map((b) => BEAT_SPEC[b].total[1]), 0);
  // The data's intensities have one decimal (expert-policy round1): eleven values, not any number.
  props.intensity = { enum: Array.from({ length: 11 }, (_, i) => i / 10) };
  props.beat = { enum: beats.length > 0 ? beats : (props.beat as Json).enum };
  props.targets = ids.length > 0 && maxTargets > 0 ? { type: "array", items: { enum: ids }, maxItems: maxTargets } : { type: "array", maxItems: 0 };
  return { ...schema, properties: props } as GbnfJsonSchema;
}
