import { assistantHabits, selfReferences, type Habit } from "./assistant-habits.js";
import { fold, QUOTED_SPANS, tokens, withoutEchoes } from "./text.js";

export type { Habit as OutOfCharacterReason } from "./assistant-habits.js";

/**
 * Out-of-character talk, in English and Spanish: admitting to be an AI, a model, an
 * assistant or a game character, and talking about one's prompt, instructions or training.
 * These are not facts of any world, so they live here rather than in canon; what a persona
 * says *instead* is its own business.
 *
 * Matching is on the folded reply with the reader's echoed words taken out (see
 * `withoutEchoes`), so "'AI'? I'm Aurelio" and "«modelo de lenguaje»… no lo anotaré" stay in
 * character. Denials ("I am not an AI", "no soy una IA") are not admissions and are not counted:
 * they are clumsy but not a break.
 */
const WHAT_EN = String.raw`(?:an?\s+)?(?:(?:large\s+)?language\s+model|llm|a\.?i\.?(?:\s+(?:language\s+model|model|assistant|chatbot|system))?|artificial\s+intelligence|chat\s?bot|bot|(?:virtual\s+|digital\s+|helpful\s+)?assistant|computer\s+program|program|machine|npc|non-player\s+character|(?:video\s+)?game\s+character|character\s+in\s+an?\s+(?:video\s+)?game|chatgpt|gpt-?\d*)`;
const WHAT_ES = String.raw`(?:una?\s+)?(?:modelo\s+de\s+lenguaje|ia|inteligencia\s+artificial|chatbot|bot|asistente(?:\s+virtual)?|programa(?:\s+informatico)?|maquina|npc|personaje\s+(?:de|en)\s+(?:un\s+)?videojuego|personaje\s+ficticio|chatgpt)`;

export const OUT_OF_CHARACTER: readonly RegExp[] = [
  // "I'm an AI", "I am just a language model", "I'm an assistant"
  new RegExp(String.raw`\bi(?:'m|’m| am)\s+(?:just\s+|only\s+|merely\s+|simply\s+|actually\s+|really\s+)?${WHAT_EN}\b`, "u"),
  // "As an AI language model, I…"
  new RegExp(String.raw`\bas\s+${WHAT_EN}\b`, "u"),
  // "I was trained / created / programmed by", "I've been instructed to"
  /\bi(?:'ve| have)?\s*(?:was|been|am)\s+(?:trained|programmed|instructed|designed|developed|fine-?tuned|created\s+by|built\s+by|made\s+by)\b/u,
  /\bmy\s+(?:system\s+prompt|prompt|instructions|training(?:\s+data)?|programming|developers?|programmers?|guidelines)\b/u,
  /\bsystem\s+prompt\b|\btraining\s+data\b|\bopenai\b|\banthropic\b/u,
  /\b(?:break|breaking|step(?:ping)?\s+out\s+of|out\s+of|stay(?:ing)?\s+in)\s+character\b|\brole-?play(?:ing)?\b/u,
  /\bi\s+(?:don't|do\s+not|cannot|can't)\s+have\s+(?:a\s+(?:physical\s+)?body|feelings|emotions|personal\s+(?:experiences|opinions)|access\s+to)\b/u,
  // "soy una IA", "no soy más que un modelo de lenguaje", "como modelo de lenguaje"
  new RegExp(String.raw`(?<!\bno\s)\bsoy\s+(?:solo\s+|solamente\s+|simplemente\s+|realmente\s+|en\s+realidad\s+)?${WHAT_ES}\b`, "u"),
  new RegExp(String.raw`\bno\s+soy\s+(?:mas\s+que|sino)\s+${WHAT_ES}\b`, "u"),
  new RegExp(String.raw`\bcomo\s+${WHAT_ES}\b`, "u"),
  /\b(?:fui|he\s+sido|estoy)\s+(?:entrenad[oa]|programad[oa]|disenad[oa]|cread[oa]\s+por)\b|\bme\s+(?:entrenaron|programaron|disenaron)\b/u,
  /\b(?:mis|las)\s+instrucciones\s+(?:del\s+sistema|de\s+sistema|me\s+impiden|no\s+me\s+permiten)\b|\b(?:mi|el)\s+prompt\b|\bprompt\s+(?:de|del)\s+sistema\b|\bdatos\s+de\s+entrenamiento\b|\bmi\s+entrenamiento\b/u,
  /\b(?:salir|salgo|romper|rompo)\s+(?:del|el)\s+personaje\b|\bjuego\s+de\s+rol\b/u,
];

export interface OutOfCharacterOptions {
  /** the reply as written, for formatting and emojis (echoes cannot carry those); the echo-free text when absent */
  raw?: string;
  /** the conversation before the reply: with `raw`, long quotations the reader did not say are read too */
  history?: readonly { role: string; content: string }[];
  /** the persona's own names, so that talk of it from outside ("I'm voicing Casiana") counts */
  names?: readonly string[];
}

/**
 * The reply as the assistant-habit phrases read it: the reader's echoes out, as `withoutEchoes`
 * does, except that a long quotation the reader did not say stays in. A reply quoting its own
 * prompt ("'You are Casiana… end each line with…'") is not echoing anyone; a word or a title in
 * quotes is left to `withoutEchoes`.
 */
function spokenText(raw: string, history: readonly { role: string; content: string }[]): string {
  const said = new Set(history.filter((m) => m.role === "user").flatMap((m) => tokens(m.content)));
  const unquoted = raw.replace(QUOTED_SPANS, (span) => {
    const words = tokens(span);
    const echoed = words.filter((w) => said.has(w)).length;
    return words.length >= 5 && echoed < words.length / 2 ? ` ${span.slice(1, -1)} ` : span;
  });
  return withoutEchoes(unquoted, history);
}

/**
 * Why an echo-free reply is out of character: empty = in character. The admissions above come
 * first (kind `ai_admission`), then the assistant habits (./assistant-habits.ts).
 */
export function outOfCharacter(echoFreeReply: string, options: OutOfCharacterOptions = {}): Habit[] {
  const t = fold(echoFreeReply).replace(/\s+/g, " ");
  const spoken = options.raw !== undefined && options.history ? spokenText(options.raw, options.history) : echoFreeReply;
  return [
    ...OUT_OF_CHARACTER.flatMap((re): Habit[] => {
      const m = re.exec(t);
      return m ? [{ kind: "ai_admission", match: m[0] }] : [];
    }),
    ...assistantHabits(spoken, options.raw ?? echoFreeReply),
    ...selfReferences(spoken, options.names ?? []),
  ];
}
