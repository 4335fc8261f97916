import { PHRASE_RULES, REGISTER_WORDS, type PhraseKind } from "./assistant-phrases.js";
import { fold } from "./text.js";

/**
 * How chat assistants talk when they play a character and slip: disclaimers, "as of my last
 * update", "I hope this helps!", "Great question!", safety lectures, talk of their prompt, of
 * role-play and of the game, markdown, internet slang and emojis. English and Spanish; these
 * are habits of a language and of assistants, never facts of a world, so no name or place of
 * any world appears here (the persona's own name comes from its card, see `selfReferences`).
 *
 * The phrases (./assistant-phrases.ts) read the folded reply with the reader's echoed words taken
 * out (`withoutEchoes`); formatting and emojis read the reply as written.
 */
export type HabitKind = PhraseKind | "markdown" | "register";

export interface Habit {
  kind: HabitKind;
  /** the text that matched */
  match: string;
}

interface Rule {
  kind: HabitKind;
  re: RegExp;
  unless?: RegExp;
}

/** Formatting no speaker of any world writes: it reads the reply as written, line by line. */
const FORMAT: readonly Rule[] = [
  { kind: "markdown", re: /^[ \t]*(?:[-*+•]|\d{1,2}[.)])[ \t]+\S/mu },
  { kind: "markdown", re: /\*\*[^*\n]+\*\*|__[^_\n]+__/u },
  { kind: "markdown", re: /(?<![*\p{L}\p{N}])\*(?![\s*])[^*\n]{1,200}(?<!\s)\*(?![*\p{L}\p{N}])/u },
  { kind: "markdown", re: /^[ \t]*#{1,6}[ \t]+\S/mu },
  { kind: "markdown", re: /```|`[^`\n]+`/u },
  { kind: "markdown", re: /^[ \t]*\|.*\|[ \t]*$|\|[ \t]*:?-{3,}/mu },
  { kind: "markdown", re: /[{[][ \t\n]*"[^"\n]{1,40}"[ \t]*:/u },
  { kind: "markdown", re: /\bhttps?:\/\/|\bwww\.[a-z0-9-]+\.[a-z]/iu },
  { kind: "markdown", re: /^[ \t]*(?:-{3,}|\*{3,}|_{3,})[ \t]*$/mu },
  { kind: "markdown", re: /^[ \t]*[[(][^\])\n]{0,20}\b(?:ooc|note|nota|narrator|narrador|author|autor|aside|aparte)\b/imu },
  { kind: "markdown", re: /^[ \t]*>[ \t]+\S/mu },
  { kind: "markdown", re: /<\/?(?:br|p|b|i|u|div|span|strong|em|ul|ol|li|h[1-6])\b[^>\n]*>/iu },
  { kind: "markdown", re: /(?<![\p{L}\p{N}_])_[^_\n]{1,80}_(?![\p{L}\p{N}_])/u },
  // Two "Key: value" lines in a row: a form, not speech.
  { kind: "markdown", re: /^[ \t]*\p{L}[\p{L} ]{1,20}:[ \t]*\S[^\n]*\n[ \t]*\p{L}[\p{L} ]{1,20}:[ \t]*\S/mu },
  // Hashtags, @mentions and :emoji_codes:.
  { kind: "modern_slang", re: /(?:^|\s)[#@][\p{L}_][\p{L}\p{N}_]{2,}|(?<![\p{L}\p{N}]):[a-z_]{2,}:(?![\p{L}\p{N}])/u },
  // Emojis (not the typographic ©, ®, ™ and friends) and emoticons.
  { kind: "modern_slang", re: /(?![©®™‼⁉〰〽])\p{Extended_Pictographic}|[\u{1F1E6}-\u{1F1FF}]/u },
  { kind: "modern_slang", re: /(?:^|[\s(])(?:[:;=][-']?[)(DPpO3\]/|]+|<3+|[xX]D+|\^\^|\^_\^|[uU]_[uU]|T_T|:v)(?=$|[\s.,!?)])/u },
];

const sentenceAround = (text: string, at: number, length: number): string => {
  const start = Math.max(text.lastIndexOf(". ", at), text.lastIndexOf("? ", at), text.lastIndexOf("! ", at), 0);
  const ends = [". ", "? ", "! "].map((p) => text.indexOf(p, at + length)).filter((i) => i >= 0);
  return text.slice(start, ends.length ? Math.min(...ends) : undefined);
};

/** The first match of each rule whose sentence its `unless` does not excuse. */
function matches(rules: readonly Rule[], text: string): Habit[] {
  const out: Habit[] = [];
  for (const r of rules) {
    const all = new RegExp(r.re.source, r.re.flags.includes("g") ? r.re.flags : `${r.re.flags}g`);
    for (const m of text.matchAll(all)) {
      if (r.unless && r.unless.test(sentenceAround(text, m.index, m[0].length))) continue;
      out.push({ kind: r.kind, match: m[0].trim() });
      break;
    }
  }
  return out;
}

/** The folded, one-line form the speech patterns read. */
export const habitText = (text: string): string =>
  fold(text)
    .replace(/[’‘`´]/g, "'")
    .replace(/\s+/g, " ");

/**
 * The assistant habits a reply shows: `echoFree` is the reply without the reader's echoed words
 * (`withoutEchoes`), `raw` the reply as written (for formatting and emojis).
 */
export function assistantHabits(echoFree: string, raw: string = echoFree): Habit[] {
  const text = habitText(echoFree);
  return [...matches(PHRASE_RULES, text), ...matches(FORMAT, raw), ...registerWords(text)];
}

/** Two or more different words of the assistant's register (`REGISTER_WORDS`). */
function registerWords(text: string): Habit[] {
  const words = [...new Set(text.replace(/\bpor favor\b/g, "please").match(/[\p{L}]+(?:-[\p{L}]+)?/gu) ?? [])].filter((w) => REGISTER_WORDS.has(w));
  return words.length >= 2 ? [{ kind: "register", match: words.join(", ") }] : [];
}

/**
 * The persona spoken of from outside: "I'm voicing Casiana", "Aurelio's lines", "interpreto a la
 * hermana Inés", "no soy Velasco". `names` are the persona's own names (from its card).
 */
export function selfReferences(echoFree: string, names: readonly string[]): Habit[] {
  const text = habitText(echoFree);
  const out: Habit[] = [];
  for (const name of names) {
    const n = fold(name).replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
    const re = new RegExp(
      String.raw`(?<![\p{L}])(?:` +
        String.raw`${n}'s (?:lines|voice|style|character|perspective|point of view|personality|role|part|dialogue|accent|tics|persona|mind|shoes|thread)` +
        String.raw`|(?:playing|voicing|voice|portray|portraying|writing|speak as|act as|respond as|answer as|stay true to|setting|imagine what|along with|interpreting|improvising|you are|eres|usted es|going as|continue as|keep going as|stay as) ${n}` +
        String.raw`|what ${n} (?:might|would|could)` +
        String.raw`|(?:interpreta|interpreto|interpretar|interpretando|improvisando|hacer de|papel de|personaje de|voz de|vida de|como seria|seguir como|sigo como) (?:a |al )?(?:la |el )?${n}` +
        String.raw`|no soy (?:el |la )?${n}|${n} (?:si |no )?(?:lo |la )?(?:buscaria|diria|haria|pensaria|contestaria|responderia)` +
        String.raw`)(?![\p{L}])`,
      "u",
    );
    const m = re.exec(text);
    if (m) out.push({ kind: "persona_break", match: m[0] });
  }
  return out;
}
