import { fold } from "./text.js";

/**
 * Cardinal numbers in a text, in figures or in English/Spanish words ("eighty-seven",
 * "four thousand and ninety-six", "trescientos doce", "cuatrocientas diez"): the inverse of
 * src/roles/npc/dataset/numbers.ts, so a count a card spells out can be compared with a
 * count a reply gives in figures. Ordinals ("sixth", "tercer") are not counts and are skipped.
 */
const UNITS: Record<string, number> = {
  zero: 0, one: 1, two: 2, three: 3, four: 4, five: 5, six: 6, seven: 7, eight: 8, nine: 9, ten: 10,
  eleven: 11, twelve: 12, thirteen: 13, fourteen: 14, fifteen: 15, sixteen: 16, seventeen: 17, eighteen: 18, nineteen: 19,
  twenty: 20, thirty: 30, forty: 40, fifty: 50, sixty: 60, seventy: 70, eighty: 80, ninety: 90,
  cero: 0, un: 1, uno: 1, una: 1, dos: 2, tres: 3, cuatro: 4, cinco: 5, seis: 6, siete: 7, ocho: 8, nueve: 9, diez: 10,
  once: 11, doce: 12, trece: 13, catorce: 14, quince: 15, dieciseis: 16, diecisiete: 17, dieciocho: 18, diecinueve: 19,
  veinte: 20, veintiun: 21, veintiuno: 21, veintiuna: 21, veintidos: 22, veintitres: 23, veinticuatro: 24, veinticinco: 25,
  veintiseis: 26, veintisiete: 27, veintiocho: 28, veintinueve: 29,
  treinta: 30, cuarenta: 40, cincuenta: 50, sesenta: 60, setenta: 70, ochenta: 80, noventa: 90,
  cien: 100, ciento: 100, doscientos: 200, trescientos: 300, cuatrocientos: 400, quinientos: 500, seiscientos: 600,
  setecientos: 700, ochocientos: 800, novecientos: 900,
};
for (const w of Object.keys(UNITS)) if (w.endsWith("ientos")) UNITS[w.replace(/os$/, "as")] = UNITS[w]!;
UNITS.quinientas = 500;

/** "once" is also English: only a number when another number word is next to it. */
const AMBIGUOUS = new Set(["once", "un", "una", "uno", "one"]);

export interface Count {
  value: number;
  /** Token index just after the number. */
  end: number;
  /** Whether it was written in words (a lone "one"/"un" is an article more often than a count). */
  words: boolean;
}

/** The counts among folded word tokens (hyphens split: "eighty-seven" is two tokens). */
export function countsIn(words: readonly string[]): Count[] {
  const out: Count[] = [];
  let i = 0;
  while (i < words.length) {
    const w = words[i]!;
    if (/^\d+$/.test(w)) {
      out.push({ value: Number(w), end: i + 1, words: false });
      i++;
      continue;
    }
    if (UNITS[w] === undefined && w !== "hundred" && w !== "thousand" && w !== "mil") {
      i++;
      continue;
    }
    let total = 0;
    let current = 0;
    let j = i;
    let used = 0;
    for (; j < words.length; j++) {
      const x = words[j]!;
      if ((x === "and" || x === "y") && used > 0 && j + 1 < words.length && UNITS[words[j + 1]!] !== undefined) continue;
      if (x === "hundred") current = (current || 1) * 100;
      else if (x === "thousand" || x === "mil") {
        total += (current || 1) * 1000;
        current = 0;
      } else if (UNITS[x] !== undefined) current += UNITS[x]!;
      else break;
      used++;
    }
    const single = used === 1 && AMBIGUOUS.has(w);
    if (!single) out.push({ value: total + current, end: j, words: true });
    i = Math.max(j, i + 1);
  }
  return out;
}

/** Folded tokens for number reading: hyphenated numbers split, digits kept. */
export const numberTokens = (text: string): string[] => fold(text).match(/h-\d{4}|[\p{L}]+|\d+/gu) ?? [];
