import { languageScore, STOPWORDS } from "../../../data/augment/language.js";
import { guessEsEn } from "../../../data/report/scan.js";
import type { PersonaCard, PersonaLanguage } from "../persona.js";
import { fold, QUOTED_SPANS } from "./text.js";

/**
 * The persona's voice as the card states it: its verbal tics, and the forms of address its
 * register quotes ('calls the reader "amigo"', 'uses "tú" with everyone' — but not what it
 * "never" says). Markers are compared as folded words, so "Uno, dos, tres…" matches
 * "uno, dos, tres" and "… or so the maps say." matches "or so the maps say, amigo".
 */
export function voiceMarkers(card: PersonaCard): string[] {
  const quoted = [...card.voice.register.matchAll(/(\bnever\s+)?["“]([^"”]+)["”]/g)].filter((m) => m[1] === undefined).map((m) => m[2]!);
  return [...new Set([...card.voice.tics, ...quoted].map(markerWords).filter(Boolean))];
}

const markerWords = (s: string): string => (fold(s).match(/[\p{L}\p{N}]+/gu) ?? []).join(" ");

export function usesVoice(markers: readonly string[], reply: string): boolean {
  const said = ` ${markerWords(reply)} `;
  return markers.some((m) => said.includes(` ${m} `));
}

/**
 * The reply's language, by the data report's English/Spanish function-word test (`guessEsEn`,
 * src/data/report/scan.ts) on the reply without quoted words (a «Spanish title» or an echoed
 * 'phone' is not the language it is said in), nor the canon's names of things, nor the persona's
 * tics in the other language. Where that test abstains, the side with more
 * function words (src/data/augment/language.ts), with "no" left out since both languages have it:
 * "La respuesta sigue siendo no." is Spanish. null when there is no evidence either way, or fewer than
 * three words are left to judge.
 */
/** Fewer words than this (after quotes, names and tics are taken out) tell no language. */
const MIN_WORDS = 3;

export function replyLanguage(reply: string, card?: PersonaCard, names: readonly string[] = []): PersonaLanguage | null {
  let text = reply.replace(QUOTED_SPANS, " ");
  // Canon names are not evidence either: "el Hexágono de la Crónica" in English is a name.
  for (const n of names) text = text.split(n).join(" ");
  // A persona's tic in the other language is voice, not language: Casiana's "es decir" is part of her English.
  for (const tic of card?.voice.tics ?? []) {
    const core = tic.replace(/^[\s\p{P}]+|[\s\p{P}]+$/gu, "");
    const lang = guess(core);
    if (core && lang !== null && lang !== card!.voice.language) text = text.replace(new RegExp(core.replace(/[.*+?^${}()|[\]\\]/g, "\\$&"), "giu"), " ");
  }
  // Two words are no evidence of a language: "Nunca. No." from Casiana, who glosses her English with Spanish.
  if ((text.match(/\p{L}+/gu) ?? []).length < MIN_WORDS) return null;
  return guess(text);
}

function guess(text: string): PersonaLanguage | null {
  const sure = guessEsEn(text);
  if (sure) return sure;
  const { en, es } = languageScore(text);
  const no = (fold(text).match(/(?<!\p{L})no(?!\p{L})/gu) ?? []).length;
  const enWords = en - (STOPWORDS.en.has("no") && !STOPWORDS.es.has("no") ? no : 0);
  return enWords > es ? "en" : es > enWords ? "es" : null;
}
