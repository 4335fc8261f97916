import type { Canon, Place } from "../../canon/schema.js";
import type { PersonaCard } from "../persona.js";
import { personaNames } from "./leaks.js";
import { countsIn, numberTokens } from "./numbers.js";
import { clauses, contentStems, fold, hasPhrase, isStopword, stem } from "./text.js";

/**
 * What a reply says that its own persona card says otherwise. Only four checks, each narrow
 * enough that the gold data passes them (a false alarm would punish the reference):
 *
 * - **name** — "I am / I'm / my name is / soy / me llamo / mi nombre es" followed by another
 *   persona's name (its whole name or last word) and not by its own.
 * - **home** — a first-person place ("I live", "my hexagon", "vivo", "mi sala", or the name of
 *   the canon place at the card's `home`) followed closely by a hexagon id that is not `home`.
 * - **place** — a place the card's `knows` puts in a hexagon ("The Well is in H-0409"), named in
 *   the reply right before another hexagon id.
 * - **number** — a count in `knows` ("its spiral has eighty-seven steps") given another value in
 *   a reply clause with the same unit word and two more of the fact's content words, where the
 *   clause names no place the fact does not (a route from elsewhere is another fact).
 * - **relationship** — "X is my friend / enemy", "I trust / hate X", "X es mi amigo / enemigo",
 *   "odio a X" against a card relation that is plainly friendly or hostile ("her enemies",
 *   "old friends"). Mixed relations ("respects her, fears her silences") are not checked.
 */
export type ContradictionKind = "name" | "home" | "place" | "number" | "relationship";
export interface Contradiction {
  kind: ContradictionKind;
  what: string;
}

interface NumberFact {
  value: number;
  unit: string;
  anchors: Set<string>;
  places: Set<string>;
  text: string;
}

export interface PersonaFacts {
  card: PersonaCard;
  ownNames: string[];
  otherNames: string[];
  homePlaces: string[];
  placeHexes: { name: string; hex: string }[];
  numbers: NumberFact[];
  relations: { names: string[]; polarity: 1 | -1; text: string }[];
  /** Every canon place name and hexagon id, folded: a clause naming one the fact does not is about something else. */
  placeTerms: string[];
}

const HEX = String.raw`h-\d{4}`;
/** Which way a count goes is not what it counts ("up"/"down" are English function words already). */
const DIRECTIONS = new Set(["arriba", "abajo", "hacia", "straight", "upward", "downward"].map(stem));
const names = (p: Place): string[] => [p.name, p.name_es].filter((n): n is string => n !== undefined).map((n) => n.replace(/^(the|el|la|los|las)\s+/i, ""));

// Relation words: language, not world (a studio's cards use the same words).
const FRIENDLY = /\b(friends?|trusts?|kind|ally|allies|amig[oa]s?|confia|aprecia)\b/u;
const HOSTILE = /\b(enem(y|ies)|adversary|rival|despises?|hates?|avoids?|hides? from|burned|enemig[oa]s?|odia|desprecia|rival(es)?)\b/u;
const polarityOf = (relation: string): 1 | -1 | 0 => {
  const t = fold(relation);
  const f = FRIENDLY.test(t);
  const h = HOSTILE.test(t);
  return f && !h ? 1 : h && !f ? -1 : 0;
};

export function personaFacts(canon: Canon, personas: readonly PersonaCard[], card: PersonaCard): PersonaFacts {
  const ownNames = personaNames(card.name);
  const otherNames = personas.filter((p) => p.id !== card.id).flatMap((p) => personaNames(p.name)).filter((n) => !ownNames.some((o) => fold(o) === fold(n)));
  const homePlaces = canon.places.filter((p) => p.hexagon === card.home).flatMap(names);
  const placeTerms = [...new Set(canon.places.flatMap((p) => [...names(p), p.hexagon]).map(fold))];
  const placeHexes: PersonaFacts["placeHexes"] = [];
  const numbers: NumberFact[] = [];
  for (const k of card.knows) {
    const fk = fold(k);
    for (const p of canon.places) {
      for (const n of names(p)) {
        const m = new RegExp(`${escape(fold(n))}[^.;]{0,30}?\\b(${HEX})\\b`, "u").exec(fk);
        if (m && m[1] === fold(p.hexagon)) placeHexes.push({ name: n, hex: p.hexagon });
      }
    }
    const places = new Set(placeTerms.filter((t) => hasPhrase(fk, t)));
    const anchors = contentStems(k);
    for (const clause of clauses(k)) {
      const words = numberTokens(clause);
      for (const c of countsIn(words)) {
        const unit = words[c.end];
        if (c.value < 2 || unit === undefined || isStopword(unit)) continue;
        const u = stem(unit);
        numbers.push({ value: c.value, unit: u, anchors: new Set([...anchors].filter((a) => a !== u && !/^h-/.test(a) && !DIRECTIONS.has(a))), places, text: k });
      }
    }
  }
  const relations: PersonaFacts["relations"] = [];
  for (const r of card.relationships) {
    const polarity = polarityOf(r.relation);
    if (polarity === 0) continue;
    const who = r.who.replace(/^(the|el|la|los|las)\s+/i, "");
    const faction = canon.factions.find((f) => [f.name, f.name_es].some((n) => n !== undefined && fold(n.replace(/^(the|el|la|los|las)\s+/i, "")) === fold(who)));
    const aliases = faction ? [faction.name, faction.name_es ?? faction.name].map((n) => n.replace(/^(the|el|la|los|las)\s+/i, "")) : personaNames(who);
    relations.push({ names: [...new Set(aliases)], polarity, text: `${r.who}: ${r.relation}` });
  }
  return { card, ownNames, otherNames, homePlaces, placeHexes, numbers, relations, placeTerms };
}

const escape = (s: string): string => s.replace(/[.*+?^${}()|[\]\\]/g, "\\$&").replace(/\s+/g, "[\\s-]+");
const alt = (xs: readonly string[]): string => xs.map((x) => escape(fold(x))).join("|");

export function findContradictions(f: PersonaFacts, echoFree: string): Contradiction[] {
  const out: Contradiction[] = [];
  const t = fold(echoFree).replace(/\s+/g, " ");

  if (f.otherNames.length) {
    const claim = new RegExp(String.raw`\b(?:i'm|i’m|i am|my name is|they call me|soy|me llamo|mi nombre es)\s+(?:(?:the|a|el|la|brother|sister|hermano|hermana|inquisidor|inquisitor)\s+)*(${alt(f.otherNames)})\b(?!['’]s)`, "u");
    const m = claim.exec(t);
    if (m && !f.ownNames.some((o) => fold(o) === m[1])) out.push({ kind: "name", what: m[0] });
  }

  const home = fold(f.card.home);
  const mine = [String.raw`i live`, String.raw`i sit`, String.raw`i work`, String.raw`i sleep`, String.raw`my home`, String.raw`my hexagon`, String.raw`my room`, String.raw`vivo`, String.raw`trabajo`, String.raw`duermo`, String.raw`mi casa`, String.raw`mi hexagono`, String.raw`mi sala`, ...f.homePlaces.map((p) => escape(fold(p)))];
  for (const m of t.matchAll(new RegExp(String.raw`\b(?:${mine.join("|")})\b[^.;:!?]{0,25}?\b(${HEX})\b`, "gu"))) {
    if (/^h-/.test(home) && m[1] !== home) out.push({ kind: "home", what: m[0] });
  }

  for (const p of f.placeHexes) {
    for (const m of t.matchAll(new RegExp(String.raw`\b${escape(fold(p.name))}\b(?:\s+(?:is|lies|sits|at|in|es|esta|en|ocupa|el|the|hexagon|hexagono|number|numero)|[\s,(:])*\s*(${HEX})\b`, "gu"))) {
      if (m[1] !== fold(p.hex)) out.push({ kind: "place", what: m[0] });
    }
  }

  // A reply that names a place the fact does not is giving another route or count, whatever clause it is in.
  const placesHere = f.placeTerms.filter((p) => hasPhrase(t, p));
  for (const clause of clauses(echoFree)) {
    const words = numberTokens(clause);
    const stems = contentStems(clause);
    for (const c of countsIn(words)) {
      const unit = words[c.end];
      if (unit === undefined) continue;
      const u = stem(unit);
      for (const fact of f.numbers) {
        if (fact.unit !== u || fact.value === c.value) continue;
        if (placesHere.some((p) => !fact.places.has(p))) continue;
        const shared = [...fact.anchors].filter((a) => stems.has(a));
        if (shared.length >= 2) out.push({ kind: "number", what: `${clause} (card: ${fact.text})` });
      }
    }
  }

  for (const r of f.relations) {
    const who = alt(r.names);
    const friend = String.raw`(?:friends?|ally|allies|amig[oa]s?|aliad[oa]s?)`;
    const enemy = String.raw`(?:enem(?:y|ies)|adversary|enemig[oa]s?)`;
    const say = (what: string) =>
      new RegExp(String.raw`\b(?:${who})\b(?:,)?\s+(?:is|are|es|son)\s+(?:my|mis?|a|an|un|una)\s+(?:\w+\s+)?${what}\b|\bmy\s+(?:\w+\s+)?${what}\s+(?:the\s+)?(?:${who})\b|\bmis?\s+${what}\s+(?:(?:el|la|los|las)\s+)?(?:${who})\b`, "u");
    const loves = new RegExp(String.raw`\bi\s+(?:trust|love|like)\s+(?:the\s+)?(?:${who})\b|\b(?:confio en|quiero a|aprecio a)\s+(?:(?:el|la|los|las)\s+)?(?:${who})\b`, "u");
    const hates = new RegExp(String.raw`\bi\s+(?:hate|despise|loathe)\s+(?:the\s+)?(?:${who})\b|\b(?:odio a|desprecio a|detesto a)\s+(?:(?:el|la|los|las)\s+)?(?:${who})\b`, "u");
    const claims = (say(friend).test(t) || loves.test(t) ? 1 : 0) - (say(enemy).test(t) || hates.test(t) ? 1 : 0);
    if (claims !== 0 && claims !== r.polarity) out.push({ kind: "relationship", what: r.text });
  }
  return out;
}
