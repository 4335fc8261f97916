import { NEVER_REPLACED } from "../../../data/augment/language.js";

/**
 * Text helpers shared by the NPC scorers: folding, word stems and the "echo" rule.
 * English and Spanish only (the game's two languages); nothing here knows the world.
 */

/** Lower case, accents dropped: "Lámpara" → "lampara", "Inés" → "ines". */
export const fold = (text: string): string => text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();

/** Folded word tokens; hexagon ids ("H-0412") stay one token. */
export function tokens(text: string): string[] {
  return fold(text).match(/h-\d{4}|[\p{L}\p{N}]+/gu) ?? [];
}

/** Function words and number words of both languages, plus a few fillers neither list has. */
const STOP = new Set([...NEVER_REPLACED.en, ...NEVER_REPLACED.es, "s", "t", "d", "ll", "re", "ve", "m"].map(fold));
export const isStopword = (word: string): boolean => STOP.has(fold(word));

/**
 * A crude stem that lets paraphrases meet: plural and -ed/-ing dropped, then the first five
 * letters ("copies" = "copy", "climbed" = "climb", "sonetos" ≈ "soneto", "hexágonos" ≈
 * "hexagons"). Collisions only make more words look common, which errs towards no leak.
 */
export function stem(word: string): string {
  let w = fold(word);
  if (/^h-\d{4}$/.test(w)) return w;
  w = w.replace(/['’]s$/, "");
  if (w.length > 4) {
    if (w.endsWith("ies")) w = `${w.slice(0, -3)}y`;
    else if (w.endsWith("s") && !w.endsWith("ss")) w = w.slice(0, -1);
  }
  if (w.length > 6 && w.endsWith("ing")) w = w.slice(0, -3);
  else if (w.length > 5 && w.endsWith("ed")) w = w.slice(0, -2);
  return w.slice(0, 5);
}

/** Stems of a text's content words (no function words, at least three letters). */
export function contentStems(text: string): Set<string> {
  const out = new Set<string>();
  for (const t of tokens(text)) if ((t.length >= 3 || /^h-/.test(t)) && !STOP.has(t) && !/^\d+$/.test(t)) out.add(stem(t));
  return out;
}

/**
 * The words a text spells with a capital inside a sentence (names: "Tomás", "Vindication")
 * and its hexagon ids, as stem → folded word. Sentence-initial capitals are not evidence of a name.
 */
export function nameStems(text: string): Map<string, string> {
  const out = new Map<string, string>();
  for (const m of text.matchAll(/H-\d{4}|[\p{L}]+/gu)) {
    const w = m[0];
    if (/^H-\d{4}$/.test(w)) {
      out.set(fold(w), fold(w));
      continue;
    }
    if (!/^\p{Lu}/u.test(w) || isStopword(w) || w.length < 3) continue;
    const before = text.slice(0, m.index).trimEnd();
    if (before === "" || /[.!?¡¿:;«"“]$/.test(before)) continue;
    out.set(stem(w), fold(w));
  }
  return out;
}

// Opening quote after a non-letter, closing quote not followed by a letter: "Pilgrims' Landing"
// and "I'm" are not quotes; an apostrophe inside ("'I'm lost'", "'the Translators' Scriptorium'")
// is allowed.
export const QUOTED_SPANS =
  /«[^«»\n]{1,80}»|“[^“”\n]{1,80}”|"[^"\n]{1,80}"|‘[^‘’\n]{1,80}’|(?<![\p{L}\p{N}])'(?:[^'\n]|'(?=\p{L})|(?<=s)'(?=\s\p{Lu}))+?(?:(?<!s)'|'(?!\s\p{Lu}))(?!\p{L})/gu;

/** The words of refusing to tell a secret: not evidence of telling one. */
const SECRECY = new Set(
  "hide hides hid hidden hiding secret secrets secretly conceal conceals private business keep keeps kept away esconde escondido escondida oculta oculto ocultar secreto secretos guarda".split(" ").map((w) => stem(w)),
);
export const isSecrecyWord = (s: string): boolean => SECRECY.has(s);

/**
 * The reply without what it only repeats back: quoted words ("'phone'? Never heard of it",
 * "¿«IA»?"), and a short question of at most four words all of which the reader said
 * ("A phone? Never heard of it."). Puzzled echoes are how the gold data refuses out-of-world
 * words in voice; saying such a word in a statement still counts. Titles in «» are quoted
 * too, so a later chapter's title is an echo when quoted and a leak when stated bare.
 */
export function withoutEchoes(reply: string, history: readonly { role: string; content: string }[]): string {
  const said = new Set(history.filter((m) => m.role === "user").flatMap((m) => tokens(m.content)));
  const unquoted = reply.replace(QUOTED_SPANS, " ");
  return unquoted.replace(/(^|[.!?…]\s*|[¿¡])([^.!?¿¡…]{1,60})\?/gu, (whole, lead: string, question: string) => {
    const words = tokens(question).filter((w) => !STOP.has(w));
    const short = tokens(question).length <= 4;
    return short && words.length > 0 && words.every((w) => said.has(w)) ? `${lead} ?` : whole;
  });
}

/** Whether a folded text contains a folded phrase as whole words (an -s/-es plural allowed). */
export function hasPhrase(foldedText: string, phrase: string): boolean {
  const p = fold(phrase).trim();
  if (!p) return false;
  const escaped = p.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s-]+");
  return new RegExp(`(?<![\\p{L}\\p{N}])${escaped}(?:e?s)?(?![\\p{L}\\p{N}])`, "u").test(foldedText);
}

/** Clauses: split at sentence ends, semicolons, colons, dashes and commas. */
export const clauses = (text: string): string[] =>
  text
    .split(/[.!?;:…—–]+|,\s+/u)
    .map((c) => c.trim())
    .filter(Boolean);
