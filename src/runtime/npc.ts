import { buildNpcMessages, type NpcPromptStyle, type NpcTurn } from "../roles/npc/prompt.js";
import type { PersonaCard } from "../roles/npc/persona.js";
import type { GenerateOptions, GenerateResult } from "./generate.js";
import { personaOf, type GameWorld } from "./game-world.js";
import { BASE, type Runtime } from "./runtime.js";
import { streamText } from "./stream.js";

/**
 * NPCs in the game: the persona card and the conversation so far, through the NPC role's
 * own prompt builder — the style the adapter was trained with (compact by default), or the
 * full card for the untuned base model, which has never met the persona.
 */
export interface NpcReplyOptions extends Omit<GenerateOptions, "grammar"> {
  style?: NpcPromptStyle;
}

export interface NpcReply extends GenerateResult {
  character: string;
  adapter: string;
  style: NpcPromptStyle;
}

export class NpcAgent {
  constructor(
    readonly runtime: Runtime,
    readonly world: GameWorld,
  ) {}

  /** Which adapter and prompt style a character speaks through. */
  route(character: string): { adapter: string; style: NpcPromptStyle } {
    const a = this.runtime.adapterFor("npc", { character });
    return a ? { adapter: a.name, style: a.npcPrompt ?? "compact" } : { adapter: BASE, style: "full" };
  }

  messages(card: PersonaCard, history: readonly NpcTurn[], playerText: string, style: NpcPromptStyle) {
    return buildNpcMessages(card, [...history, { role: "user", content: playerText }], style);
  }

  async reply(character: string | PersonaCard, history: readonly NpcTurn[], playerText: string, opts: NpcReplyOptions = {}): Promise<NpcReply> {
    const card = typeof character === "string" ? personaOf(this.world, character) : character;
    const route = this.route(card.id);
    const style = opts.style ?? route.style;
    let turns = [...history];
    // Oldest turns go first when the conversation outgrows the context.
    let prompt = this.runtime.tokenizeChat(this.messages(card, turns, playerText, style));
    const room = this.runtime.contextSize - (opts.maxTokens ?? 128);
    while (prompt.length > room && turns.length >= 2) {
      turns = turns.slice(2);
      prompt = this.runtime.tokenizeChat(this.messages(card, turns, playerText, style));
    }
    const result = await this.runtime.complete(route.adapter, prompt, { maxTokens: 96, ...opts });
    return { ...result, text: result.text.trim(), character: card.id, adapter: route.adapter, style };
  }

  /** The reply as an async iterator of text pieces; `done` resolves to the whole reply. */
  stream(character: string | PersonaCard, history: readonly NpcTurn[], playerText: string, opts: NpcReplyOptions = {}): { pieces: AsyncIterable<string>; done: Promise<NpcReply> } {
    return streamText((onText) => this.reply(character, history, playerText, { ...opts, onText }));
  }
}
