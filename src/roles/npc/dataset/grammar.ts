import type { Rng } from "../../rng.js";

/**
 * The phrase grammar every kit is written in: `{a|b|c}` picks one alternative
 * (nestable; `{a|}` makes a part optional) and `<slot>` is filled from canon.
 * Many small choice points, rather than many whole sentences, are what keep the
 * NPC replies from repeating: two replies that share a template rarely share
 * a run of three words.
 */
export type Slots = Readonly<Record<string, string>>;

/** Slots whose value is a whole sentence: inside another sentence it starts lower-case. */
const SENTENCE_SLOTS = new Set(["fact", "fact2"]);

export function expand(template: string, slots: Slots, rng: Rng, keepCase: ReadonlySet<string> = new Set()): string {
  const picked = choose(template, rng);
  const filled = picked.replace(/<(\w+)>/g, (_, key: string, at: number) => {
    const value = slots[key];
    if (value === undefined) throw new Error(`bug: no value for <${key}> in "${template}"`);
    if (!SENTENCE_SLOTS.has(key)) return value;
    const before = picked.slice(0, at).trimEnd();
    return before === "" || /[.!?»]$/.test(before) ? value : lowerFirst(value, keepCase);
  });
  return tidy(filled);
}

/** Resolves the `{…|…}` choices of a template, leaving slots in place. */
export function choose(template: string, rng: Rng): string {
  let pos = 0;
  const seq = (): string => {
    let out = "";
    while (pos < template.length) {
      const c = template[pos]!;
      if (c === "{") {
        pos++;
        const options = [seq()];
        while (template[pos] === "|") {
          pos++;
          options.push(seq());
        }
        if (template[pos] !== "}") throw new Error(`bug: unclosed '{' in "${template}"`);
        pos++;
        out += rng.pick(options);
      } else if (c === "|" || c === "}") {
        return out;
      } else {
        out += c;
        pos++;
      }
    }
    return out;
  };
  const result = seq();
  if (pos < template.length) throw new Error(`bug: stray '${template[pos]}' in "${template}"`);
  return result;
}

/** Spaces and punctuation after optional parts vanish, Spanish contractions, a capital to start. */
export function tidy(s: string): string {
  const t = s
    .replace(/\s+/g, " ")
    .replace(/ ([,.;:!?…»)])/g, "$1")
    .replace(/([«¿¡(]) /g, "$1")
    .replace(/,([.;:!?])/g, "$1")
    .replace(/(?<!\.)\.\.(?!\.)/g, ".")
    .replace(/(?<!\p{L})([Dd])e el(?!\p{L})/gu, "$1el")
    .replace(/(?<!\p{L})([Aa]) el(?!\p{L})/gu, "$1l")
    // Every sentence starts with a capital, also one a choice or a slot began.
    .replace(/([.!?]["»']?\s+[¿¡«]?)(\p{Ll})/gu, (_, p: string, c: string) => p + c.toUpperCase())
    .trim();
  return upperFirst(t);
}

export const upperFirst = (s: string): string => s.replace(/^([¿¡«"']?)(\p{Ll})/u, (_, p: string, c: string) => p + c.toUpperCase());

/** "The Well is…" → "the Well is…" inside a sentence, but "Aurelio's maps…" keeps its capital. */
export function lowerFirst(s: string, keepCase: ReadonlySet<string>): string {
  const m = /^([¿¡]?)(\p{Lu})(\p{L}*)/u.exec(s);
  if (!m) return s;
  const word = m[2]! + m[3]!;
  // "I", an acronym or a hexagon id (H-0412) keeps its capital.
  if (keepCase.has(word) || word === "I" || /^\p{Lu}{2,}$/u.test(word) || (word === "H" && s[m[0].length] === "-")) return s;
  return m[1]! + m[2]!.toLowerCase() + s.slice(m[1]!.length + 1);
}
