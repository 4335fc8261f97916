/**
 * Numbers in words, as NPCs say them ("eighty-seven", "ochenta y siete"). Written out
 * by hand so the bytes do not depend on the ICU build, and only up to 9,999: no one
 * in the Library counts further aloud.
 */
const EN_ONES = ["zero", "one", "two", "three", "four", "five", "six", "seven", "eight", "nine", "ten", "eleven", "twelve", "thirteen", "fourteen", "fifteen", "sixteen", "seventeen", "eighteen", "nineteen"];
const EN_TENS = ["", "", "twenty", "thirty", "forty", "fifty", "sixty", "seventy", "eighty", "ninety"];

export function englishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new Error(`bug: cannot say ${n}`);
  if (n < 20) return EN_ONES[n]!;
  if (n < 100) return EN_TENS[Math.floor(n / 10)]! + (n % 10 ? `-${EN_ONES[n % 10]!}` : "");
  if (n < 1000) return `${EN_ONES[Math.floor(n / 100)]!} hundred${n % 100 ? ` and ${englishNumber(n % 100)}` : ""}`;
  const rest = n % 1000;
  return `${englishNumber(Math.floor(n / 1000))} thousand${rest ? (rest < 100 ? " and " : " ") + englishNumber(rest) : ""}`;
}

const ES_ONES = ["cero", "uno", "dos", "tres", "cuatro", "cinco", "seis", "siete", "ocho", "nueve", "diez", "once", "doce", "trece", "catorce", "quince", "dieciséis", "diecisiete", "dieciocho", "diecinueve", "veinte", "veintiuno", "veintidós", "veintitrés", "veinticuatro", "veinticinco", "veintiséis", "veintisiete", "veintiocho", "veintinueve"];
const ES_TENS = ["", "", "", "treinta", "cuarenta", "cincuenta", "sesenta", "setenta", "ochenta", "noventa"];
const ES_HUNDREDS = ["", "ciento", "doscientos", "trescientos", "cuatrocientos", "quinientos", "seiscientos", "setecientos", "ochocientos", "novecientos"];

/** Masculine forms ("veintiún hexágonos" is left to the phrase: numbers here end in "uno"). */
export function spanishNumber(n: number): string {
  if (!Number.isInteger(n) || n < 0 || n > 9999) throw new Error(`bug: cannot say ${n}`);
  if (n < 30) return ES_ONES[n]!;
  if (n < 100) return ES_TENS[Math.floor(n / 10)]! + (n % 10 ? ` y ${ES_ONES[n % 10]!}` : "");
  if (n === 100) return "cien";
  if (n < 1000) return ES_HUNDREDS[Math.floor(n / 100)]! + (n % 100 ? ` ${spanishNumber(n % 100)}` : "");
  const thousands = Math.floor(n / 1000);
  const rest = n % 1000;
  return `${thousands === 1 ? "mil" : `${spanishNumber(thousands)} mil`}${rest ? ` ${spanishNumber(rest)}` : ""}`;
}

/** Before a masculine noun Spanish shortens "uno" to "un": "veintiún hexágonos", "un hexágono". */
export function spanishCount(n: number): string {
  return spanishNumber(n).replace(/veintiuno$/, "veintiún").replace(/(^| )uno$/, "$1un");
}
