import type { ChatExample, ChatMessage } from "../../spec/chat.js";
import { BEAT_SPEC, BEATS, COMPLICATION_MAX_TENSION } from "./beats.js";
import { decisionJson, type Decision } from "./decision.js";
import { canonicalState, type GameState } from "./game-state.js";
import { displayName, indexWorld, type DirectorWorld } from "./world.js";

/**
 * The Director's prompt: training, eval and the game runtime all build it here, so the
 * model is always asked the way it was taught. The brief is short on purpose (CPU
 * training pays for every token of it on every example) and is generated from
 * BEAT_SPEC so the beats it describes are the beats the rules enforce. Its wording is
 * part of the data: changing it changes what tuned models expect.
 */
export function directorSystemPrompt(world?: DirectorWorld): string {
  const beats = BEATS.map((b) => `${b} [${BEAT_SPEC[b].brief}] ${BEAT_SPEC[b].intensity.join("-")}`);
  const tense = BEATS.filter((b) => BEAT_SPEC[b].tense).join(", ");
  const lines = [
    'You are the Director of La Biblioteca Eterna. Given the game state, reply with the next story beat as JSON {"beat","targets","intensity","narration_hint","rationale"}.',
    "beat [target ids] intensity:",
    ...beats,
    `Rules: NPCs present and met (except introduce_npc); nothing from later chapters; no complication above tension ${COMPLICATION_MAX_TENSION}; quiet_moment after 3 tense beats (${tense}); no beat 3 times in a row.`,
  ];
  // For prompting a model never tuned on this world: the names behind the ids, and the reply's
  // form said outright (a tuned model learned both from its data; a base model tends to add prose).
  if (world) {
    const { byId } = indexWorld(world);
    lines.push(`Names: ${[...byId.values()].map((e) => `${e.id}=${displayName(e)}`).join("; ")}.`);
    lines.push('Reply with a single JSON object and nothing else (no prose, no code fence): "targets" a list of ids from the state, "intensity" a number within its beat\'s range above.');
  }
  return lines.join("\n");
}

/** The user turn: the state as compact JSON with a fixed key order. */
export const directorUserMessage = (state: GameState): string => JSON.stringify(canonicalState(state));

/**
 * System, user (the state) and, when a decision is given or the input carries one, the
 * assistant turn (the decision, keys in DECISION_KEYS order). Pass `{ state }` for a prompt to complete.
 */
export function buildDirectorMessages(input: { state: GameState; decision?: Decision }, decision?: Decision): ChatMessage[] {
  const answer = decision ?? input.decision;
  return [
    { role: "system", content: directorSystemPrompt() },
    { role: "user", content: directorUserMessage(input.state) },
    ...(answer ? [{ role: "assistant" as const, content: decisionJson(answer) }] : []),
  ];
}

/** A Director record as a chat example, the form the engine trains on. */
export function directorChatExample(record: { id: string; state: GameState; decision: Decision }): ChatExample {
  return { id: record.id, messages: buildDirectorMessages(record) };
}
