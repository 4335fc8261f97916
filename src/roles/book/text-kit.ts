import type { Rng } from "../rng.js";

/**
 * The small template language the style generators write in:
 *   `[a|b|c]`  one alternative, picked at random (no nesting);
 *   `{slot}`   a value from the slot table, drawn afresh each time it appears.
 * Alternatives are expanded first, so an alternative may hold slots.
 */
export type Slots = Record<string, () => string>;

export function expand(template: string, rng: Rng, slots: Slots): string {
  const chosen = template.replace(/\[([^\[\]]*)\]/g, (_, body: string) => rng.pick(body.split("|")));
  return chosen.replace(/\{(\w+)\}/g, (_, key: string) => {
    const slot = slots[key];
    if (!slot) throw new Error(`bug: no slot {${key}} for "${template}"`);
    return slot();
  });
}

export const upperFirst = (s: string): string => s.replace(/^([«"¿¡(]?)(\p{Ll})/u, (_, p: string, c: string) => p + c.toUpperCase());

/** Sentences as written: first letter up, one space after each, spaces tidied. */
export function prose(sentences: readonly string[]): string {
  return sentences.map((s) => upperFirst(tidy(s))).join(" ");
}

/** Collapses doubled spaces and the spaces a dropped optional word leaves before punctuation. */
export const tidy = (s: string): string => s.replace(/\s+/g, " ").replace(/\s+([,.;:!?»)])/g, "$1").replace(/([«(¿¡])\s+/g, "$1").trim();

const EN_NUMBERS = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve",
  "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen", "twenty"];
const ES_NUMBERS = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce",
  "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte"];

/** A count in words up to twenty, digits after (as a chronicler would write it). */
export function countWord(n: number, lang: "en" | "es"): string {
  return (lang === "en" ? EN_NUMBERS : ES_NUMBERS)[n] ?? groupDigits(n, lang);
}

// Grouped by hand: toLocaleString would tie the bytes to the ICU build.
export function groupDigits(n: number, lang: "en" | "es"): string {
  return String(n).replace(/\B(?=(\d{3})+$)/g, lang === "en" ? "," : ".");
}

const EN_ORDINALS = ["zeroth", "first", "second", "third", "fourth", "fifth", "sixth", "seventh", "eighth", "ninth", "tenth",
  "eleventh", "twelfth"];
const ES_ORDINALS = ["cero", "primer", "segundo", "tercer", "cuarto", "quinto", "sexto", "séptimo", "octavo", "noveno", "décimo",
  "undécimo", "duodécimo"];

export function ordinalWord(n: number, lang: "en" | "es"): string {
  const word = (lang === "en" ? EN_ORDINALS : ES_ORDINALS)[n];
  if (word) return word;
  if (lang === "es") return `${n}.º`;
  const suffix = n % 100 >= 11 && n % 100 <= 13 ? "th" : ["th", "st", "nd", "rd"][n % 10] ?? "th";
  return `${n}${suffix}`;
}

export function roman(n: number): string {
  const table: [number, string][] = [[1000, "M"], [900, "CM"], [500, "D"], [400, "CD"], [100, "C"], [90, "XC"], [50, "L"],
    [40, "XL"], [10, "X"], [9, "IX"], [5, "V"], [4, "IV"], [1, "I"]];
  let out = "";
  for (const [value, letters] of table) {
    while (n >= value) {
      out += letters;
      n -= value;
    }
  }
  return out;
}
