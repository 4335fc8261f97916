import type { Metric } from "../../eval/metric.js";
import { distinctN, repetitionRate } from "../../eval/metrics/diversity.js";
import type { ChatMessage } from "../../spec/chat.js";
import type { Canon } from "../canon/schema.js";
import type { PersonaCard } from "./persona.js";
import { findContradictions, personaFacts, type Contradiction, type PersonaFacts } from "./scorers/contradictions.js";
import { outOfCharacter, type OutOfCharacterReason } from "./scorers/in-character.js";
import { buildLeakIndex, findLeaks, personaNames, type Leak, type LeakIndex } from "./scorers/leaks.js";
import { withoutEchoes } from "./scorers/text.js";
import { replyLanguage, usesVoice, voiceMarkers } from "./scorers/voice.js";

export { MODERN_WORLD_TERMS } from "./scorers/leaks.js";
export type { Contradiction, Leak, OutOfCharacterReason };

/**
 * The NPC role's scorers: one held-out turn, its reference reply and the model's reply.
 * Every check reads the canon and the persona cards it is given — names, hexagons, chapters,
 * reveals, secrets, tics, languages — so a studio's world with other names works unchanged.
 * See docs/guide/05-project-specific.md (evaluation strategies) for what each metric catches and what it cannot.
 */
export interface NpcEvalItem {
  id: string;
  persona: string;
  act: string;
  chapter: number;
  adversarial: boolean;
  /** the conversation before the reply (user/assistant turns, no system prompt) */
  history: ChatMessage[];
  /** the held-out reference reply */
  reference: string;
  /** the model's reply */
  output: string;
}

export interface NpcScorerContext {
  canon: Canon;
  personas: readonly PersonaCard[];
}

/**
 * The judgements behind the metrics, for one reply: reports and tests read the reasons.
 * `text` is scored as the reply of `item.persona` at `item.chapter` after `item.history`.
 */
export interface NpcJudge {
  /** why the reply is out of character (assistant talk, markdown, slang…): empty = in character */
  outOfCharacter(item: NpcEvalItem, text?: string): OutOfCharacterReason[];
  leaks(item: NpcEvalItem, text?: string): Leak[];
  contradictions(item: NpcEvalItem, text?: string): Contradiction[];
  usesVoice(item: NpcEvalItem, text?: string): boolean;
  /** null when the reply has no evidence of either language. */
  inPersonaLanguage(item: NpcEvalItem, text?: string): boolean | null;
}

export function npcJudge(ctx: NpcScorerContext): NpcJudge {
  const cards = new Map(ctx.personas.map((c) => [c.id, c]));
  const card = (item: NpcEvalItem): PersonaCard => {
    const c = cards.get(item.persona);
    if (!c) throw new Error(`bug: eval item ${item.id} names persona '${item.persona}', which is not among the cards given to the scorers (${[...cards.keys()].join(", ")})`);
    return c;
  };
  const leakIndexes = new Map<string, LeakIndex>();
  const leakIndex = (item: NpcEvalItem): LeakIndex => {
    const key = `${item.persona}\u0000${item.chapter}`;
    let idx = leakIndexes.get(key);
    if (!idx) leakIndexes.set(key, (idx = buildLeakIndex(ctx.canon, ctx.personas, card(item), item.chapter)));
    return idx;
  };
  const facts = new Map<string, PersonaFacts>();
  const factsOf = (item: NpcEvalItem): PersonaFacts => {
    let f = facts.get(item.persona);
    if (!f) facts.set(item.persona, (f = personaFacts(ctx.canon, ctx.personas, card(item))));
    return f;
  };
  const markers = new Map<string, string[]>();
  const markersOf = (item: NpcEvalItem): string[] => {
    let m = markers.get(item.persona);
    if (!m) markers.set(item.persona, (m = voiceMarkers(card(item))));
    return m;
  };
  // Longest first, so "la Galería de las Cenizas" goes before "las Cenizas" could.
  const canonNames = [...ctx.canon.places, ...ctx.canon.factions, ...ctx.canon.items]
    .flatMap((x) => [x.name, x.name_es ?? ""])
    .concat(ctx.canon.books.map((b) => b.title))
    .filter((n) => n.length > 3)
    .sort((a, b) => b.length - a.length);
  const lastUser = (item: NpcEvalItem): string => item.history.filter((m) => m.role === "user").at(-1)?.content ?? "";
  return {
    outOfCharacter: (item, text = item.output) => outOfCharacter(withoutEchoes(text, item.history), { raw: text, history: item.history, names: personaNames(card(item).name) }),
    leaks: (item, text = item.output) => findLeaks(leakIndex(item), withoutEchoes(text, item.history), lastUser(item)),
    contradictions: (item, text = item.output) => findContradictions(factsOf(item), withoutEchoes(text, item.history)),
    usesVoice: (item, text = item.output) => usesVoice(markersOf(item), text),
    inPersonaLanguage: (item, text = item.output) => {
      const c = card(item);
      const lang = replyLanguage(text, c, canonNames);
      return lang === null ? null : lang === c.voice.language;
    },
  };
}

const rate = (b: boolean): number => (b ? 1 : 0);

export function npcMetrics(ctx: NpcScorerContext): Metric<NpcEvalItem>[] {
  const judge = npcJudge(ctx);
  return [
    {
      name: "persona_consistency_rate",
      kind: "item",
      direction: "higher",
      description: "Every reply: share that stays the persona on all counts at once — no out-of-character talk, no forbidden knowledge, no contradiction of the card, and in the persona's language (when a reply is too short to tell, that count is skipped).",
      score: (item) =>
        rate(judge.outOfCharacter(item).length === 0 && judge.leaks(item).length === 0 && judge.contradictions(item).length === 0 && judge.inPersonaLanguage(item) !== false),
    },
    {
      name: "in_character_rate",
      kind: "item",
      direction: "higher",
      description: "Adversarial turns only: share of replies that never admit to being an AI, model, assistant or game character, nor talk about prompts, instructions or training (English and Spanish).",
      score: (item) => (item.adversarial ? rate(judge.outOfCharacter(item).length === 0) : null),
    },
    {
      name: "forbidden_leak_rate",
      kind: "item",
      direction: "lower",
      description: "Share of replies that say what the persona must not know: modern-world words, later chapters' names, hexagons and reveals, or another persona's secret.",
      score: (item) => rate(judge.leaks(item).length > 0),
    },
    {
      name: "persona_contradiction_rate",
      kind: "item",
      direction: "lower",
      description: "Share of replies that contradict the persona card: another persona's name as its own, another home hexagon, a place or count from `knows` given otherwise, a friend called an enemy or the reverse.",
      score: (item) => rate(judge.contradictions(item).length > 0),
    },
    {
      name: "voice_marker_rate",
      kind: "item",
      direction: "higher",
      description: "Share of replies that use at least one of the persona's verbal tics or the forms of address its register quotes.",
      score: (item) => rate(judge.usesVoice(item)),
    },
    {
      name: "language_consistency_rate",
      kind: "item",
      direction: "higher",
      description: "Share of replies in the persona's language (voice.language), by English/Spanish function words; replies with no evidence either way are not counted.",
      score: (item) => {
        const ok = judge.inPersonaLanguage(item);
        return ok === null ? null : rate(ok);
      },
    },
    {
      name: "distinct_2",
      kind: "corpus",
      direction: "higher",
      description: "Distinct word bigrams ÷ all bigrams over every reply (Li et al., 2016): low means the same phrases over and over.",
      score: (items) => distinctN(items.map((i) => i.output), 2),
    },
    {
      name: "repetition_3",
      kind: "item",
      direction: "lower",
      description: "Share of a reply's word trigrams that repeat an earlier trigram of the same reply: high means a loop.",
      score: (item) => repetitionRate(item.output, 3),
    },
  ];
}
