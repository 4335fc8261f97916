import type { Rng } from "../../rng.js";
import type { StyleContext } from "./context.js";

/**
 * Babel: the Library's noise. In Borges's library every book is made of twenty-five
 * orthographic symbols — twenty-two letters, the space, the comma and the period — on
 * pages of forty lines of some eighty symbols. A passage is a handful of such lines,
 * with, very rarely, a word that happens to mean something.
 */
export const BABEL_LETTERS = "abcdefghilmnopqrstuvxz"; // twenty-two: no j, k, w, y
export const BABEL_SYMBOLS = `${BABEL_LETTERS} ,.`;
export const BABEL_LINE = 80;

// Accidents: words that can be spelled with the twenty-two letters, found by chance.
const ACCIDENTS = [
  "luz", "libro", "dios", "mar", "sombra", "nada", "pozo", "tiempo", "nombre", "escalera", "ceniza", "polvo",
  "the", "door", "sea", "stair", "lamp", "name", "mirror", "dust", "read", "alone", "home", "sand", "time",
  "lux", "liber", "ubi", "nihil", "finis",
];

/** One symbol, weighted so that spaces break the letters into word-like runs, as printed pages look. */
function symbol(rng: Rng): string {
  const u = rng.float();
  if (u < 0.13) return " ";
  if (u < 0.14) return ",";
  if (u < 0.15) return ".";
  return BABEL_LETTERS[Math.floor(rng.float() * BABEL_LETTERS.length)]!;
}

/** One line of exactly `BABEL_LINE` symbols; rarely, an accidental word sits inside it. */
export function babelLine(rng: Rng): string {
  let line = "";
  while (line.length < BABEL_LINE) line += symbol(rng);
  line = line.slice(0, BABEL_LINE);
  if (rng.chance(0.08)) {
    const word = ` ${rng.pick(ACCIDENTS)} `;
    const at = rng.int(0, BABEL_LINE - word.length);
    line = line.slice(0, at) + word + line.slice(at + word.length);
  }
  // A printed line does not begin or end on a blank: the compositor would have moved it.
  return line.replace(/^ /, rng.pick([...BABEL_LETTERS])).replace(/ $/, rng.pick([...BABEL_LETTERS]));
}

/** A run of letters for titles and catalogue incipits: "dhcmrlchtdj" and its kin. */
export function babelWord(rng: Rng, lo = 4, hi = 12): string {
  let w = "";
  const n = rng.int(lo, hi);
  for (let i = 0; i < n; i++) w += BABEL_LETTERS[Math.floor(rng.float() * BABEL_LETTERS.length)]!;
  return w;
}

export function babelTitle(rng: Rng): string {
  const words = rng.weightedParallel([1, 2, 3], [5, 3, 1]);
  const title = Array.from({ length: words }, () => babelWord(rng, 3, 11)).join(" ");
  return title.charAt(0).toUpperCase() + title.slice(1);
}

/** `target` counts lines here, not words. */
export function writeBabel(ctx: StyleContext): string {
  const lines = ctx.rng.int(ctx.target.min, ctx.target.max);
  return Array.from({ length: lines }, () => babelLine(ctx.rng)).join("\n");
}

/** Lines per length: a line of noise costs ~50 tokens (see `seqTokens`), so seven is the most that fits. */
export const BABEL_LINES: Record<"short" | "medium" | "long", { min: number; max: number }> = {
  short: { min: 1, max: 2 },
  medium: { min: 3, max: 5 },
  long: { min: 6, max: 7 },
};
