/**
 * Which language a turn is in, for picking a thesaurus: English or Spanish (the game's two).
 *
 * The heuristic counts function words of each language (the, and, is… / el, que, los…,
 * words in both lists are left out) plus Spanish-only marks (¿ ¡ ñ and accented vowels).
 * It is cheap and good at turn length; it is not a general language identifier.
 * A record's own language (tags.language, or its persona card's voice.language) is the
 * caller's hint: it decides when the turn's words do not, because turns in one record can
 * differ (a Spanish persona answering a question asked in English).
 */
export type Lang = "en" | "es";

export const STOPWORDS: Record<Lang, ReadonlySet<string>> = {
  en: new Set(
    (
      "the of and to in is it that was for on are with as be at by this have from or an but not what all were when we there can " +
      "your which their if will each about how up out them then she many some so these would other into has her two like him see " +
      "could no than been who its now my over did down only way find use may long very after our just where most know get through back " +
      "much before also around another came come work three must because does part even place well such here take why things help put " +
      "i you he they me us his hers ours do am had should shall might am any every own same too off again once under further few more " +
      "both being having doing those whom while until against between during above below yours theirs myself yourself himself herself"
    ).split(" "),
  ),
  es: new Set(
    (
      "el la los las un una unos unas y o u e de del al que en es son fue era por para con sin sobre entre hasta desde hacia como " +
      "pero más menos muy ya también porque cuando donde dónde qué quién cómo cuál cuánto lo le les se su sus mi mis tu tus nuestro " +
      "nuestra usted ustedes yo tú él ella ellos ellas nosotros vosotros este esta estos estas ese esa esos esas aquel aquella esto eso " +
      "hay ha han había estar está están estoy ser soy eres somos sido tiene tengo tienen muy bien aquí allí así cada todo toda " +
      "todos todas otro otra otros otras mismo misma ni si sí nunca siempre nada algo alguien nadie tan tanto cual pues aunque mientras"
    ).split(" "),
  ),
};

/** Words of both languages ("a", "no", "me"…): never replaced, and no evidence either way. */
const SHARED = ["a", "no", "me", "he", "has", "son", "sin", "era", "e", "o", "u", "y"];
/** Number words: never replaced by a "synonym" (one → ane, eighty-seven → lxxxvii). */
const NUMBERS: Record<Lang, string> = {
  en: "zero one two three four five six seven eight nine ten eleven twelve twenty thirty forty fifty sixty seventy eighty ninety hundred thousand million first second third fourth fifth half once twice dozen",
  es: "cero uno una dos tres cuatro cinco seis siete ocho nueve diez once doce veinte treinta cuarenta cincuenta sesenta setenta ochenta noventa cien ciento mil millón primero primera segundo segunda tercero tercera medio media docena",
};

/** Words EDA never picks for synonyms: function words of the language, words of both languages, number words. */
export const NEVER_REPLACED: Record<Lang, ReadonlySet<string>> = {
  en: new Set([...STOPWORDS.en, ...SHARED, ...NUMBERS.en.split(" ")]),
  es: new Set([...STOPWORDS.es, ...SHARED, ...NUMBERS.es.split(" ")]),
};

const SPANISH_MARKS = /[¿¡ñÑáéíóúÁÉÍÓÚ]/gu;

/** "es", "spa", "es-ES", "Spanish", "español" → "es"; likewise English; anything else → null. */
export function normalizeLang(code: string | null | undefined): Lang | null {
  if (!code) return null;
  const c = code.trim().toLowerCase();
  if (c === "es" || c.startsWith("es-") || c.startsWith("es_") || c === "spa" || c === "spanish" || c === "español" || c === "espanol" || c === "castellano") return "es";
  if (c === "en" || c.startsWith("en-") || c.startsWith("en_") || c === "eng" || c === "english" || c === "inglés") return "en";
  return null;
}

export interface LanguageScore {
  en: number;
  es: number;
}

export function languageScore(text: string): LanguageScore {
  let en = 0;
  let es = 0;
  for (const m of text.toLowerCase().matchAll(/\p{L}+/gu)) {
    const w = m[0];
    const isEn = STOPWORDS.en.has(w);
    const isEs = STOPWORDS.es.has(w);
    if (isEn && !isEs) en += 1;
    if (isEs && !isEn) es += 1;
  }
  es += 0.5 * (text.match(SPANISH_MARKS)?.length ?? 0);
  return { en, es };
}

/** The heuristic alone: a language when one side clearly wins (at least 2 points and twice the other), else null. */
export function detectLanguage(text: string): Lang | null {
  const { en, es } = languageScore(text);
  if (en >= 2 && en >= 2 * es) return "en";
  if (es >= 2 && es >= 2 * en) return "es";
  return null;
}

/**
 * A turn's language: the heuristic when it is sure; else the caller's hint (the record's
 * tags.language or persona language); else whichever side the heuristic leans to; else null
 * (no synonyms are looked up for it, and only swaps/deletions can change it).
 */
export function resolveLanguage(text: string, hint?: string | null): Lang | null {
  const sure = detectLanguage(text);
  if (sure) return sure;
  const given = normalizeLang(hint);
  if (given) return given;
  const { en, es } = languageScore(text);
  return en > es ? "en" : es > en ? "es" : null;
}
