import { z } from "zod";

/**
 * The world bible of La Biblioteca Eterna (`world/canon/*.yaml`). Scorers, rules and
 * generators read these facts; nothing a canon file can state is hard-coded elsewhere.
 * Chapters gate knowledge: a thing with `first_chapter: N` must not be mentioned,
 * revealed or targeted before chapter N (the Director's spoiler rule, NPC leak checks).
 */
const text = z.string().trim().min(1);
const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, "use lowercase letters, digits and dashes");
export const HexagonId = z.string().regex(/^H-\d{4}$/, "hexagon ids look like H-0412");
const chapter = z.number().int().min(1);

export const BOOK_STYLES = ["chronicle", "heretical_treatise", "catalogue_entry", "cartographers_log", "poem", "babel"] as const;
export const BookStyle = z.enum(BOOK_STYLES);
export type BookStyle = z.infer<typeof BookStyle>;

export const Place = z.strictObject({
  id: slug,
  name: text,
  name_es: text.optional(),
  kind: z.enum(["hexagon", "staircase", "well", "room", "gallery", "landmark"]),
  hexagon: HexagonId,
  description: text,
  /** The same in Spanish, so Spanish-speaking NPCs can state it without switching language. */
  description_es: text.optional(),
  first_chapter: chapter,
});
export type Place = z.infer<typeof Place>;

export const Faction = z.strictObject({
  id: slug,
  name: text,
  name_es: text.optional(),
  belief: text,
  description: text,
  description_es: text.optional(),
  first_chapter: chapter,
});
export type Faction = z.infer<typeof Faction>;

export const Item = z.strictObject({
  id: slug,
  name: text,
  name_es: text.optional(),
  description: text,
  description_es: text.optional(),
  location: HexagonId.optional(),
  first_chapter: chapter,
});
export type Item = z.infer<typeof Item>;

export const KnownBook = z.strictObject({
  id: slug,
  title: text,
  style: BookStyle,
  hexagon: HexagonId,
  summary: text,
  summary_es: text.optional(),
  /** The chapter in which the book may be found / revealed; revealing it earlier is a spoiler. */
  first_chapter: chapter,
});
export type KnownBook = z.infer<typeof KnownBook>;

export const Quest = z.strictObject({ id: slug, name: text, description: text });
export type Quest = z.infer<typeof Quest>;

export const Chapter = z.strictObject({
  n: chapter,
  title: text,
  summary: text,
  /** Facts that become known in this chapter (and stay known after). */
  reveals: z.array(text).min(1),
  quests: z.array(Quest),
});
export type Chapter = z.infer<typeof Chapter>;

export const GlossaryTerm = z.strictObject({
  term: text,
  language: z.enum(["es", "en"]),
  definition: text,
  definition_es: text.optional(),
  /** A term that names a later chapter's secret is a spoiler before it; absent means chapter 1. */
  first_chapter: chapter.optional(),
});
export type GlossaryTerm = z.infer<typeof GlossaryTerm>;

/** One file per list: world/canon/{places,factions,items,books,timeline,glossary}.yaml, each `{ <key>: [...] }`. */
export const CANON_FILES = {
  places: z.strictObject({ places: z.array(Place).min(1) }),
  factions: z.strictObject({ factions: z.array(Faction).min(1) }),
  items: z.strictObject({ items: z.array(Item).min(1) }),
  books: z.strictObject({ books: z.array(KnownBook).min(1) }),
  timeline: z.strictObject({ chapters: z.array(Chapter).min(1) }),
  glossary: z.strictObject({ terms: z.array(GlossaryTerm).min(1) }),
} as const;

export interface Canon {
  places: Place[];
  factions: Faction[];
  items: Item[];
  books: KnownBook[];
  chapters: Chapter[];
  glossary: GlossaryTerm[];
}
