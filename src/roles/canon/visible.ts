import type { Canon, Faction, GlossaryTerm, Item, KnownBook, Place } from "./schema.js";

/**
 * What may be spoken of at chapter N: everything whose first chapter is N or
 * earlier. The Director's spoiler rule and the NPC data both gate on this.
 */
export interface VisibleCanon {
  chapter: number;
  places: Place[];
  factions: Faction[];
  items: Item[];
  books: KnownBook[];
  glossary: GlossaryTerm[];
  /** Reveals of chapters 1..N, in order. */
  reveals: string[];
}

export const termChapter = (t: GlossaryTerm): number => t.first_chapter ?? 1;

export function visibleAt(canon: Canon, chapter: number): VisibleCanon {
  const seen = <T extends { first_chapter: number }>(xs: T[]): T[] => xs.filter((x) => x.first_chapter <= chapter);
  return {
    chapter,
    places: seen(canon.places),
    factions: seen(canon.factions),
    items: seen(canon.items),
    books: seen(canon.books),
    glossary: canon.glossary.filter((t) => termChapter(t) <= chapter),
    reveals: canon.chapters.filter((c) => c.n <= chapter).flatMap((c) => c.reveals),
  };
}
