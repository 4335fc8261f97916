import { LENGTH_TOKENS, type BookLength } from "../record.js";
import type { Rng } from "../../rng.js";
import type { BookWorld } from "../world.js";

/** What a style generator is handed to write one passage of one book. */
export interface StyleContext {
  rng: Rng;
  world: BookWorld;
  lang: "en" | "es";
  title: string;
  hexagon: string;
  /** 0-based passage number within the book: chronicles and logs move on from page to page. */
  page: number;
  /** Tokens the passage should reach and must not pass, as `measure` counts them. */
  target: { min: number; max: number };
  /** The passage's size in (conservatively estimated) model tokens: `seqTokens` for its kind and language. */
  measure: (text: string) => number;
}

export const targetTokens = (length: BookLength): { min: number; max: number } => LENGTH_TOKENS[length];

/**
 * Adds units (entries, paragraphs, stanzas) until the text reaches `min`, never passing
 * `max`: a unit that would overflow is skipped and another is tried, a few times. `room`
 * tells `make` how many tokens are left, so a unit can make itself smaller to fit.
 */
export function fillUnits(
  make: (i: number, room: number) => string,
  target: { min: number; max: number },
  measure: (text: string) => number,
  joiner = "\n\n",
): string {
  const units: string[] = [];
  let text = "";
  for (let tries = 0; measure(text) < target.min && tries < 60; tries++) {
    const room = target.max - (units.length === 0 ? 0 : measure(text + joiner));
    const unit = make(units.length, room);
    const next = units.length === 0 ? unit : text + joiner + unit;
    if (measure(next) > target.max) continue;
    units.push(unit);
    text = next;
  }
  if (units.length === 0) throw new Error("bug: no unit fits the token budget");
  return text;
}
