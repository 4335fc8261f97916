import type { BookStyle, Canon, Faction, GlossaryTerm, Item, KnownBook, Place } from "../../canon/schema.js";
import { termChapter } from "../../canon/visible.js";
import { fnv1a } from "../../rng.js";

/**
 * Canon, as an NPC of one language says it: names, facts split into sentences,
 * and routes counted from hexagon numbers (a hexagon's number is its height).
 * Nothing here is invented: a fact is a sentence of the canon, a route is arithmetic.
 */
export type Lang = "en" | "es";

/** Something the reader can ask about: a place, a book, a faction, an item or a glossary term. */
export interface Topic {
  key: string;
  kind: "place" | "book" | "faction" | "item" | "term";
  first_chapter: number;
  /** How each language names it. */
  name: Record<Lang, string>;
  /** Sentences that state it, per language (empty where the canon has no text in that language). */
  facts: Record<Lang, string[]>;
  hexagon?: string;
  /** For glossary terms: the language the word belongs to. */
  language?: Lang;
}

/**
 * A canon text in the units an NPC quotes: its sentences, split again where two
 * independent clauses are joined (";", ", and", ", y", ", but", ", pero"). An NPC
 * answers in one to three sentences, so it states one clause at a time, and the
 * same fact does not come back word for word in every answer about the same thing.
 */
export const sentences = (text: string | undefined): string[] =>
  text === undefined
    ? []
    : text
        .split(/(?<=[.!?])\s+(?=[\p{Lu}¿¡«])/u)
        .flatMap(clauses)
        .map((s) => s.trim())
        .filter(Boolean);

const JOINS = /;\s+|,\s+(?:and|but|y|pero)\s+/;

function clauses(sentence: string): string[] {
  const parts = sentence.split(JOINS);
  // Only where every part can stand alone: a short tail ("…, and so on") stays attached.
  if (parts.length === 1 || parts.some((p) => p.trim().split(/\s+/).length < 5)) return [sentence];
  return parts.map((p) => upperFirstLetter(p.trim().replace(/[.]?$/, ".")));
}

const upperFirstLetter = (s: string): string => s.replace(/^(\p{Ll})/u, (c) => c.toUpperCase());

const both = (en: string, es: string | undefined): Record<Lang, string> => ({ en, es: es ?? en });

export function placeTopic(p: Place): Topic {
  return { key: `place:${p.id}`, kind: "place", first_chapter: p.first_chapter, name: both(p.name, p.name_es), facts: { en: sentences(p.description), es: sentences(p.description_es) }, hexagon: p.hexagon };
}
export function bookTopic(b: KnownBook): Topic {
  return { key: `book:${b.id}`, kind: "book", first_chapter: b.first_chapter, name: both(b.title, b.title), facts: { en: sentences(b.summary), es: sentences(b.summary_es) }, hexagon: b.hexagon };
}
export function factionTopic(f: Faction): Topic {
  return { key: `faction:${f.id}`, kind: "faction", first_chapter: f.first_chapter, name: both(f.name, f.name_es), facts: { en: [...sentences(f.description), f.belief], es: sentences(f.description_es) } };
}
export function itemTopic(x: Item): Topic {
  const t: Topic = { key: `item:${x.id}`, kind: "item", first_chapter: x.first_chapter, name: both(x.name, x.name_es), facts: { en: sentences(x.description), es: sentences(x.description_es) } };
  if (x.location !== undefined) t.hexagon = x.location;
  return t;
}
export function termTopic(t: GlossaryTerm): Topic {
  return { key: `term:${t.term}`, kind: "term", first_chapter: termChapter(t), name: both(t.term, t.term), facts: { en: sentences(t.definition), es: sentences(t.definition_es) }, language: t.language };
}

export function allTopics(canon: Canon): Topic[] {
  return [
    ...canon.places.map(placeTopic),
    ...canon.books.map(bookTopic),
    ...canon.factions.map(factionTopic),
    ...canon.items.map(itemTopic),
    ...canon.glossary.map(termTopic),
  ];
}

const STYLE_NAMES: Record<BookStyle, Record<Lang, string>> = {
  chronicle: { en: "a chronicle", es: "una crónica" },
  heretical_treatise: { en: "a heretical treatise", es: "un tratado herético" },
  catalogue_entry: { en: "a catalogue", es: "un catálogo" },
  cartographers_log: { en: "a cartographer's log", es: "un cuaderno de cartógrafo" },
  poem: { en: "a poem", es: "un poema" },
  babel: { en: "a babel book, all random letters", es: "un libro de babel, todo letras al azar" },
};
export const styleName = (style: BookStyle, lang: Lang): string => STYLE_NAMES[style][lang];

/** Which of a hexagon's twenty shelves a book stands on: not in the canon, so fixed by its id. */
export const shelfOf = (bookId: string): number => 1 + (fnv1a(bookId) % 5);

export interface Route {
  /** Hexagons to climb (positive) or descend (negative). */
  delta: number;
  /** Places strictly between, nearest first. */
  via: Place[];
}

const height = (hex: string): number => Number(hex.slice(2));

export function route(places: readonly Place[], from: string, to: string): Route {
  const a = height(from);
  const b = height(to);
  const lo = Math.min(a, b);
  const hi = Math.max(a, b);
  const via = places.filter((p) => height(p.hexagon) > lo && height(p.hexagon) < hi).sort((x, y) => Math.abs(height(x.hexagon) - a) - Math.abs(height(y.hexagon) - a));
  return { delta: b - a, via };
}
