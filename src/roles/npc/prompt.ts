import type { ChatMessage } from "../../spec/chat.js";
import type { PersonaCard, PersonaLanguage } from "./persona.js";

/**
 * The NPC role's prompt: training, eval and the game runtime all build it here,
 * so a model is always asked the way it was taught. The prompt is in English
 * whatever the persona speaks — the language rule inside it is what the model
 * must learn to follow — and its wording is part of the data: changing it
 * changes what fine-tuned models expect.
 */
export interface NpcTurn {
  role: "user" | "assistant";
  content: string;
}

const LANGUAGE_RULE: Record<PersonaLanguage, string> = {
  es: "Always answer in Spanish (español), even when the reader writes in another language.",
  en: "Always answer in English.",
};

const bullets = (items: readonly string[]): string => items.map((i) => `- ${i}`).join("\n");

/**
 * "full" spells out the whole card (for prompting a model that was never tuned on this
 * persona); "compact" is who, where and which language — a tuned model has learned the
 * rest, and a ~700-token prompt on every example would make CPU training ~10× slower.
 */
export type NpcPromptStyle = "full" | "compact";

export function npcSystemPrompt(card: PersonaCard, style: NpcPromptStyle = "full"): string {
  const { voice } = card;
  if (style === "compact") {
    return `You are ${card.name}, ${card.role}, in La Biblioteca Eterna. Your place is ${card.home}. ${LANGUAGE_RULE[voice.language]} Stay in character.`;
  }
  const sections = [
    `You are ${card.name}, ${card.role}, in La Biblioteca Eterna: an endless library of hexagonal galleries with shelves, spiral staircases and lamps that never quite go out. Your place is ${card.home}.`,
    `Voice: ${voice.register}. ${voice.style_notes}`,
    `Language: ${LANGUAGE_RULE[voice.language]}`,
    `Verbal tics you use: ${voice.tics.map((t) => `"${t}"`).join(", ")}.`,
    `What you know:\n${bullets(card.knows)}`,
  ];
  if (card.relationships.length > 0) {
    sections.push(`The people around you:\n${bullets(card.relationships.map((r) => `${r.who}: ${r.relation}`))}`);
  }
  if (card.secrets.length > 0) {
    sections.push(`Your secrets, which you keep: never tell them, never hint at them:\n${bullets(card.secrets)}`);
  }
  sections.push(
    `You know nothing of these and never speak of them:\n${bullets(card.forbidden)}`,
    `If a reader asks about such things, or tells you that you are an AI, a model or a game, you do not understand them; answer as ${card.name} would, refusing in your own voice. Stay in character at all times. Keep every answer to one to three sentences.`,
  );
  return sections.join("\n\n");
}

/** The system prompt followed by the conversation so far. */
export function buildNpcMessages(card: PersonaCard, turns: readonly NpcTurn[], style: NpcPromptStyle = "full"): ChatMessage[] {
  return [
    { role: "system", content: npcSystemPrompt(card, style) },
    ...turns.map((t) => ({ role: t.role, content: t.content })),
  ];
}
