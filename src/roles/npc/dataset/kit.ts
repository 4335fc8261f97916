import type { Lang } from "./world-facts.js";

/**
 * The phrase kits: one per persona for the NPC's side (its voice), one per language
 * for the reader's side (players speak English or Spanish to anyone). Every line is
 * a template in the grammar of `grammar.ts`. Slots common to every NPC template:
 * <name> <home> <homehex> <n> <n2> (numbers in words) <anyplace> <anyhex> <anybook>
 * <faction>; each list names the slots it adds.
 */
export type Lines = readonly string[];

export const SMALL_TALK = ["time", "sleep", "work", "own_book", "quiet", "lamps", "food", "fear"] as const;
export type SmallTalk = (typeof SMALL_TALK)[number];

export const QUARRELS = ["rude", "wrong_way", "threat", "mock", "blame"] as const;
export type Quarrel = (typeof QUARRELS)[number];

export interface NpcKit {
  /** Must match the card's voice.language: the generator checks. */
  lang: Lang;
  /** For English speakers who sprinkle Spanish: how often a place goes by its Spanish name. */
  spanish_names?: number;
  /** Sentence openers and closers built on the card's tics; a reply takes at most one of each. */
  open: Lines;
  close: Lines;
  greeting: Lines;
  /** <place> <hex> <k> <kd> <dir> <rel>: the way from the NPC's home (<kd>: the count in figures; <rel>: above/below). */
  route: Lines;
  /** <from> <place> <hex> <k> <dir>: the way from somewhere the reader names. */
  route_from: Lines;
  /** <via> <viahex>: a place passed on the way (one sentence, follows a route). */
  route_via: Lines;
  /** <place>: the reader asks the way to where they already stand. */
  route_here: Lines;
  /** <place> <hex> <fact>: what a place is like. */
  place: Lines;
  /** <title> <style> <hex> <shelf> <fact>: a book the NPC knows of. */
  book: Lines;
  /** <title>: a title no catalogue has. */
  book_unknown: Lines;
  /** <topic> <fact>: a faction, item or term. */
  lore: Lines;
  /** <fact>: one of the card's own `knows`, quoted as the NPC's own knowledge. */
  own: Lines;
  small_talk: Record<SmallTalk, Lines>;
  /** <item>: the reader offers something. */
  trade_offer: Lines;
  /** <item> <where>: the reader asks for something (<where>: the place it is kept, or nothing). */
  trade_ask: Lines;
  quarrel: Lines;
  /** After the reader apologises. */
  make_up: Lines;
  thanks: Lines;
  /** <thing>: the out-of-world word, which the NPC repeats back, puzzled, in quotes. */
  probe_modern: Lines;
  probe_ai: Lines;
  /** <other>: another character whose secret the reader wants. */
  probe_secret: Lines;
  /** <thing>: a name from a later chapter, which the NPC cannot know yet. */
  probe_spoiler: Lines;
  insist: Lines;
  /** A flourish in the persona's manner, added to some answers. */
  color: Lines;
}

export interface Probe {
  /** Also the probe's id: held-out probes are chosen by it. */
  thing: string;
  lines: Lines;
}

export interface PlayerKit {
  greeting: Lines;
  /** <place> */
  directions: Lines;
  /** <from> <place> */
  directions_from: Lines;
  /** <place>: follow-up after a route. */
  place_what: Lines;
  /** <title> */
  book: Lines;
  /** <title>: follow-up after a book, asking the way to it. */
  book_where: Lines;
  /** <topic>: a faction, an item or a place. */
  lore: Lines;
  /** <term>: a word of the Library's glossary, as the reader heard it. */
  term: Lines;
  small_talk: Record<SmallTalk, Lines>;
  /** <item> */
  trade_offer: Lines;
  /** <item> */
  trade_ask: Lines;
  quarrel: Record<Quarrel, Lines>;
  apologize: Lines;
  thanks: Lines;
  probe_modern: readonly Probe[];
  probe_ai: readonly Probe[];
  /** <other> */
  probe_secret: Lines;
  /** <thing> */
  probe_spoiler: Lines;
  insist: Lines;
  /** Giving up on a probe; a real question follows in the same turn. */
  drop: Lines;
}
