import type { Canon } from "../../canon/schema.js";
import { termChapter, visibleAt } from "../../canon/visible.js";
import type { PersonaCard } from "../persona.js";
import { IN_WORLD_SENSES, MODERN_WORLD_TERMS } from "./modern-world.js";
import { contentStems, fold, hasPhrase, isSecrecyWord, nameStems, tokens } from "./text.js";

// The scorer keeps its own lexicon (./modern-world.ts): importing the data generator's probe words
// would let the data and the scorer agree on a narrow list and measure nothing beyond it.
export { MODERN_WORLD_TERMS };

/** The modern things a card's `forbidden` entries list in brackets, "anything outside…" left out. */
export function cardModernTerms(card: PersonaCard): string[] {
  return card.forbidden.flatMap((f) =>
    [...f.matchAll(/\(([^)]*)\)/g)].flatMap((m) =>
      m[1]!
        .split(/,\s*|\s+or\s+|\s+o\s+/)
        .map((x) => x.trim().replace(/^(the|el|la|los|las)\s+/i, ""))
        .filter((x) => x.length > 1 && !/^(anything|cualquier)/i.test(x) && !IN_WORLD_SENSES.has(fold(x))),
    ),
  );
}

export type LeakKind = "modern_world" | "later_name" | "later_hexagon" | "later_reveal" | "other_secret";
export interface Leak {
  kind: LeakKind;
  /** The term, or the passage whose content was said. */
  what: string;
}

/** A canon passage the persona must not state: a later chapter's reveal, or another persona's secret. */
interface Passage {
  kind: "later_reveal" | "other_secret";
  text: string;
  /** Content stems nothing the persona may know at this chapter contains. */
  distinctive: Set<string>;
  /** Names and hexagon ids in the passage (distinctive or not), stem → the word as spelt. */
  names: Map<string, string>;
  content: Set<string>;
  /** For a secret: how its owner is named (a reply or question naming them makes one rare word enough). */
  owner: string[];
}

export interface LeakIndex {
  modern: string[];
  laterNames: string[];
  laterHexagons: Set<string>;
  passages: Passage[];
  /** Content stems of each sentence the persona may say at this chapter. */
  knownSentences: Set<string>[];
}

const article = /^(the|a|an|el|la|los|las|un|una)\s+/i;
/** "the Dry Galleries" → "Dry Galleries"; a glossary term keeps its article unless a name follows ("la quema", "el Pozo" → "Pozo"). */
const bareName = (name: string): string => name.replace(article, "");
const bareTerm = (term: string): string => (/^(the|el|la|los|las)\s+\p{Lu}/u.test(term) ? term.replace(article, "") : term);
/** How people are called: the whole name and its last word ("Hermano Cirilo", "Cirilo"). */
export const personaNames = (name: string): string[] => [...new Set([name, name.split(/\s+/).at(-1)!])];

const cardText = (c: PersonaCard): string[] => [c.name, c.role, c.home, c.voice.register, c.voice.style_notes, ...c.voice.tics, ...c.knows, ...c.relationships.flatMap((r) => [r.who, r.relation])];

const sentencesOf = (text: string): string[] => text.split(/(?<=[.!?])\s+/).filter((s) => s.trim());

/** What may be said at `chapter`: visible canon and the cards of personas already in the story. */
function knownTexts(canon: Canon, personas: readonly PersonaCard[], chapter: number): string[] {
  const v = visibleAt(canon, chapter);
  return [
    ...v.places.flatMap((p) => [p.name, p.name_es ?? "", p.hexagon, p.description, p.description_es ?? ""]),
    ...v.factions.flatMap((f) => [f.name, f.name_es ?? "", f.belief, f.description, f.description_es ?? ""]),
    ...v.items.flatMap((x) => [x.name, x.name_es ?? "", x.location ?? "", x.description, x.description_es ?? ""]),
    ...v.books.flatMap((b) => [b.title, b.hexagon, b.summary, b.summary_es ?? ""]),
    ...v.glossary.flatMap((t) => [t.term, t.definition, t.definition_es ?? ""]),
    ...canon.chapters.filter((c) => c.n <= chapter).flatMap((c) => [c.title, c.summary, ...c.reveals, ...c.quests.flatMap((q) => [q.name, q.description])]),
    ...personas.filter((p) => p.first_chapter <= chapter).flatMap(cardText),
  ];
}

export function buildLeakIndex(canon: Canon, personas: readonly PersonaCard[], card: PersonaCard, chapter: number): LeakIndex {
  const known = knownTexts(canon, personas, chapter);
  const background = new Set(known.flatMap((t) => [...contentStems(t)]));
  // Names are checked against canon only: a card may know a later persona ("Hermano Cirilo" in a
  // chapter-1 card's relationships), but the story has not introduced them yet.
  const canonFolded = fold(knownTexts(canon, [], chapter).join(" \n "));
  const v = visibleAt(canon, chapter);
  const about = (head: string, ...texts: (string | undefined)[]): string[] => texts.flatMap((t) => sentencesOf(t ?? "")).map((t) => `${head} ${t}`);
  const knownSentences = [
    ...known.flatMap(sentencesOf),
    // A description sentence goes with its subject's name and hexagon: "the East Staircase (H-0436): a stair the Purifiers use…".
    ...v.places.flatMap((p) => about(`${p.name} ${p.name_es ?? ""} ${p.hexagon}`, p.description, p.description_es)),
    ...v.items.flatMap((x) => about(`${x.name} ${x.name_es ?? ""} ${x.location ?? ""}`, x.description, x.description_es)),
    ...v.books.flatMap((b) => about(`${b.title} ${b.hexagon}`, b.summary, b.summary_es)),
    ...v.factions.flatMap((f) => about(`${f.name} ${f.name_es ?? ""}`, f.description, f.description_es, f.belief)),
  ].map(contentStems);
  const later = <T extends { first_chapter: number }>(xs: T[]): T[] => xs.filter((x) => x.first_chapter > chapter);

  const names = [
    ...later(canon.places).flatMap((p) => [p.name, p.name_es]),
    ...later(canon.factions).flatMap((f) => [f.name, f.name_es]),
    ...later(canon.items).flatMap((x) => [x.name, x.name_es]),
    ...later(canon.books).map((b) => b.title),
  ]
    .filter((n): n is string => n !== undefined)
    .map(bareName);
  const terms = canon.glossary.filter((t) => termChapter(t) > chapter).map((t) => bareTerm(t.term));
  const people = later(personas as PersonaCard[]).flatMap((p) => personaNames(p.name));
  // A later name that visible canon also spells ("Vindicación de Nadie" inside a later book's title) is not a later name.
  const laterNames = [...new Set([...names, ...terms, ...people])].filter((n) => !hasPhrase(canonFolded, n));

  const laterTexts = [
    ...later(canon.places).flatMap((p) => [p.hexagon, p.description]),
    ...later(canon.items).flatMap((x) => [x.location ?? "", x.description]),
    ...later(canon.books).flatMap((b) => [b.hexagon, b.summary]),
    ...canon.chapters.filter((c) => c.n > chapter).flatMap((c) => [c.summary, ...c.reveals]),
  ];
  const laterHexagons = new Set(laterTexts.flatMap((t) => tokens(t).filter((w) => /^h-\d{4}$/.test(w) && !background.has(w))));

  const passage = (kind: Passage["kind"], text: string, owner: string[] = []): Passage => {
    const content = contentStems(text);
    const names = nameStems(text);
    const distinctive = new Set([...content].filter((s) => !background.has(s) && !isSecrecyWord(s)));
    return { kind, text, content, names, distinctive, owner };
  };
  const passages = [
    ...canon.chapters.filter((c) => c.n > chapter).flatMap((c) => [...c.reveals, ...sentencesOf(c.summary)].map((r) => passage("later_reveal", r))),
    ...personas.filter((p) => p.id !== card.id).flatMap((p) => p.secrets.map((s) => passage("other_secret", s, personaNames(p.name)))),
  ];

  // One entry per word however it is spelt ("GPS" on a card, "gps" in the lexicon): a word is one leak.
  const modern = [...new Map([...cardModernTerms(card), ...MODERN_WORLD_TERMS].reverse().map((t) => [fold(t), t])).values()];
  return { modern, laterNames, laterHexagons, passages, knownSentences };
}

/**
 * What a reply says that this persona must not know at this chapter. `echoFree` is the reply
 * without the reader's words repeated back (`withoutEchoes`); `lastUser` is the reader's line.
 *
 * A passage (a later reveal, another persona's secret) is leaked when the reply has one of its
 * distinctive names ("Tomás", "H-0457"), or two of its distinctive words, or one distinctive word
 * while naming its owner (or being asked about them), or — for a reveal made of known words only
 * ("Baltasar took the copies of the Vindication") — two of its names and 60% of its content words.
 */
export function findLeaks(index: LeakIndex, echoFree: string, lastUser: string): Leak[] {
  const text = fold(echoFree);
  const out: Leak[] = [];
  for (const term of index.modern) if (hasPhrase(text, term)) out.push({ kind: "modern_world", what: term });
  for (const name of index.laterNames) if (hasPhrase(text, name)) out.push({ kind: "later_name", what: name });
  const said = contentStems(echoFree);
  const words = new Set(tokens(echoFree));
  for (const hex of index.laterHexagons) if (said.has(hex)) out.push({ kind: "later_hexagon", what: hex.toUpperCase() });
  const asked = fold(lastUser);
  for (const p of index.passages) {
    // A name must be said as spelt (or as a plural): "Tomás" is not "toma".
    const rareName = [...p.names].some(([s, w]) => p.distinctive.has(s) && (words.has(w) || words.has(`${w}s`) || words.has(`${w}es`)));
    const rare = [...p.distinctive].filter((s) => !p.names.has(s) && said.has(s));
    const owned = p.owner.some((o) => hasPhrase(text, o) || hasPhrase(asked, o));
    const named = [...p.names.keys()].filter((s) => said.has(s)).length;
    const hits = [...p.content].filter((s) => said.has(s));
    // Known words in a new combination, unless one sentence the persona may say already combines them.
    const relational = named >= 2 && hits.length >= 0.6 * p.content.size && !index.knownSentences.some((k) => hits.every((s) => k.has(s)));
    if (rareName || rare.length >= 2 || (rare.length === 1 && owned) || relational) out.push({ kind: p.kind, what: p.text });
  }
  return out;
}

