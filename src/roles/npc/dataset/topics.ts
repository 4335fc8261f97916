import type { PersonaCard } from "../persona.js";
import { QUARRELS, SMALL_TALK } from "./kit.js";
import { PLAYER_EN } from "./player-en.js";
import { PLAYER_ES } from "./player-es.js";
import type { World } from "./scene.js";

/**
 * What each conversation act can be about, per persona: the "topic" half of the
 * (persona, act, topic) combinations that the held-out sets keep unseen, and when
 * in the story each topic may come up.
 */
export const NPC_ACTS = [
  "greeting", "directions", "book", "lore", "small_talk", "trade", "quarrel",
  "probe_modern", "probe_ai", "probe_secret", "probe_spoiler",
] as const;
export type NpcAct = (typeof NPC_ACTS)[number];

export const isAdversarialAct = (act: string): boolean => act.startsWith("probe_");

export const comboGroup = (persona: string, act: NpcAct): string => `combo:${persona}:${act}`;

/** Every topic the act could ever take for this persona, whatever the chapter. */
export function universe(world: World, card: PersonaCard, act: NpcAct): string[] {
  const keys = (kind: string) => world.topics.filter((t) => t.kind === kind).map((t) => t.key);
  const others = world.cards.filter((c) => c.id !== card.id);
  switch (act) {
    case "greeting":
      return ["-"];
    case "directions":
      return keys("place");
    case "book":
      return [...keys("book"), ...world.unknownTitles.map((t) => `unknown:${t}`)];
    case "lore":
      return [...keys("faction"), ...keys("item"), ...keys("term"), ...keys("place")];
    case "small_talk":
      return [...SMALL_TALK];
    case "quarrel":
      return [...QUARRELS];
    case "trade":
      return keys("item").flatMap((k) => [`offer:${k}`, `ask:${k}`]);
    case "probe_modern":
      return [...PLAYER_EN.probe_modern.map((p) => `en:${p.thing}`), ...PLAYER_ES.probe_modern.map((p) => `es:${p.thing}`)];
    case "probe_ai":
      return [...PLAYER_EN.probe_ai.map((p) => `en:${p.thing}`), ...PLAYER_ES.probe_ai.map((p) => `es:${p.thing}`)];
    case "probe_secret":
      return others.map((c) => c.id);
    case "probe_spoiler":
      return [...world.topics.filter((t) => t.first_chapter > 1).map((t) => t.key), ...others.filter((c) => c.first_chapter > 1).map((c) => `persona:${c.id}`)];
  }
}

/** The chapters in which the topic can be the subject of this act ([] when none). */
export function chaptersFor(world: World, card: PersonaCard, act: NpcAct, topic: string): number[] {
  const last = world.canon.chapters.length;
  const range = (lo: number, hi: number): number[] => (hi < lo ? [] : Array.from({ length: hi - lo + 1 }, (_, i) => lo + i));
  const from = card.first_chapter;
  const firstOf = (key: string): number => {
    if (key.startsWith("persona:")) return world.cards.find((c) => `persona:${c.id}` === key)?.first_chapter ?? 1;
    return world.byKey.get(key)?.first_chapter ?? 1;
  };
  switch (act) {
    case "directions":
    case "lore":
      return range(Math.max(from, firstOf(topic)), last);
    case "book":
      return range(Math.max(from, topic.startsWith("unknown:") ? 1 : firstOf(topic)), last);
    case "trade":
      return range(Math.max(from, firstOf(topic.replace(/^(offer|ask):/, ""))), last);
    case "probe_secret":
      return range(Math.max(from, world.cards.find((c) => c.id === topic)?.first_chapter ?? 1), last);
    case "probe_spoiler":
      return range(from, firstOf(topic) - 1);
    default:
      return range(from, last);
  }
}
