import type { Lines } from "./kit.js";
import { ask, countWords, laterNames, mentionsAny, npcLang, Redraw, say, type Scene } from "./scene.js";
import { chaptersFor, comboGroup, universe, type NpcAct } from "./topics.js";
import { route, shelfOf, styleName, type Topic } from "./world-facts.js";

/**
 * The exchanges of each conversation act: the reader's line and the NPC's answer,
 * with the canon facts the answer states. `needUnseen` asks the reader's line to
 * be a held-out phrasing (see `ask`).
 */
export type Exchange = [user: string, assistant: string];

const ORDINAL: Record<"en" | "es", readonly string[]> = {
  en: ["first", "second", "third", "fourth", "fifth"],
  es: ["primer", "segundo", "tercer", "cuarto", "quinto"],
};
const WHERE_NOWHERE = { en: "the landings, where pilgrims trade", es: "los rellanos, donde cambian los peregrinos" };
const DIR = { en: { up: "up", down: "down" }, es: { up: "arriba", down: "abajo" } };
const REL = { en: { up: "above", down: "below" }, es: { up: "más arriba", down: "más abajo" } };

const topic = (s: Scene, key: string): Topic => {
  const t = s.world.byKey.get(key);
  if (!t) throw new Error(`bug: no topic ${key}`);
  return t;
};
const fact = (s: Scene, t: Topic): string => {
  const later = laterNames(s.world, s.chapter);
  const facts = t.facts[npcLang(s)].filter((f) => !mentionsAny(f, later));
  if (facts.length === 0) throw new Redraw(`${t.key} has no ${npcLang(s)} text`);
  return s.rng.pick(facts);
};
const visiblePlaces = (s: Scene): Topic[] => s.world.topics.filter((t) => t.kind === "place" && t.first_chapter <= s.chapter);
const placeAt = (s: Scene, hex: string): Topic | undefined => visiblePlaces(s).find((p) => p.hexagon === hex);
/** A place as this NPC names it: in its own language, or now and then in Spanish for those who sprinkle it. */
const placeName = (s: Scene, p: Topic): string => (npcLang(s) === "en" && s.kit.spanish_names !== undefined && s.rng.chance(s.kit.spanish_names) ? p.name.es : p.name[npcLang(s)]);
const quoted = (s: Scene, name: string): string => (name.startsWith("«") ? name : npcLang(s) === "es" ? `«${name}»` : `'${name}'`);

/** A topic for a follow-up question: allowed in this split, possible in this chapter, not yet asked. */
export function followTopic(s: Scene, act: NpcAct): string | undefined {
  const group = comboGroup(s.card.id, act);
  const options = universe(s.world, s.card, act).filter(
    (t) => !s.used.has(t) && s.plan.allows(s.split, group, t) && chaptersFor(s.world, s.card, act, t).includes(s.chapter) && !t.startsWith("unknown:"),
  );
  if (options.length === 0) return undefined;
  const t = s.rng.pick(options);
  if (s.plan.of(group, t) !== "train") s.unseen = true;
  return t;
}

/** The way from `fromHex` to a place or hexagon, in the NPC's words. */
function routeLine(s: Scene, lines: Lines, fromHex: string, to: Topic | string, extra: Record<string, string> = {}): string {
  const hex = typeof to === "string" ? to : to.hexagon!;
  const r = route(s.world.canon.places, fromHex, hex);
  const lang = npcLang(s);
  const at = typeof to === "string" ? placeAt(s, hex) : to;
  const place = at ? placeName(s, at) : hex;
  const way = r.delta > 0 ? "up" : "down";
  // <k> says the count in words, <kd> in figures; <dir> is up/down, <rel> above/below.
  const slots = { place, hex, k: countWords(s, Math.abs(r.delta)), kd: String(Math.abs(r.delta)), dir: DIR[lang][way], rel: REL[lang][way], ...extra };
  const via = r.via.filter((p) => p.first_chapter <= s.chapter);
  let then: string | undefined;
  if (via.length > 0 && s.rng.chance(0.3)) {
    const v = s.rng.pick(via.slice(0, 3));
    const viaTopic = placeAt(s, v.hexagon);
    then = say(s, s.kit.route_via, { via: viaTopic ? placeName(s, viaTopic) : v.hexagon, viahex: v.hexagon });
  }
  return say(s, lines, slots, { open: 0.3, close: 0.35, ...(then === undefined ? {} : { then }) });
}

export function directions(s: Scene, key: string, needUnseen = false): Exchange[] {
  const dest = topic(s, key);
  const mine = s.player;
  const q = { place: dest.name[s.lang] };
  if (dest.hexagon === s.card.home) return [[ask(s, "directions", mine.directions, q, needUnseen), say(s, s.kit.route_here, { place: placeName(s, dest) }, { close: 0.4 })]];
  const origins = visiblePlaces(s).filter((p) => p.hexagon !== dest.hexagon && p.hexagon !== s.card.home);
  if (origins.length > 0 && s.rng.chance(0.25)) {
    const from = s.rng.pick(origins);
    const user = ask(s, "directions_from", mine.directions_from, { ...q, from: from.name[s.lang] }, needUnseen);
    return [[user, routeLine(s, s.kit.route_from, from.hexagon!, dest, { from: placeName(s, from) })]];
  }
  const out: Exchange[] = [[ask(s, "directions", mine.directions, q, needUnseen), routeLine(s, s.kit.route, s.card.home, dest)]];
  if (s.rng.chance(0.35)) out.push([ask(s, "place_what", mine.place_what, q), describePlace(s, dest)]);
  return out;
}

function describePlace(s: Scene, p: Topic): string {
  return say(s, s.kit.place, { place: placeName(s, p), hex: p.hexagon!, fact: fact(s, p) }, { open: 0.3, color: 0.2, close: 0.35 });
}

export function book(s: Scene, key: string, needUnseen = false): Exchange[] {
  if (key.startsWith("unknown:")) {
    const title = key.slice("unknown:".length);
    return [[ask(s, "book", s.player.book, { title }, needUnseen), say(s, s.kit.book_unknown, { title }, { open: 0.3, close: 0.35 })]];
  }
  const b = topic(s, key);
  const lang = npcLang(s);
  const book = s.world.canon.books.find((x) => `book:${x.id}` === key)!;
  const shelf = shelfOf(book.id);
  const slots = { title: book.title, style: styleName(book.style, lang), hex: book.hexagon, shelf: countWords(s, shelf), shelfth: ORDINAL[lang][shelf - 1]!, fact: fact(s, b) };
  const out: Exchange[] = [[ask(s, "book", s.player.book, { title: book.title }, needUnseen), say(s, s.kit.book, slots, { open: 0.3, color: 0.2, close: 0.35 })]];
  if (s.rng.chance(0.2)) {
    const here = book.hexagon === s.card.home;
    const user = ask(s, "book_where", s.player.book_where, { title: book.title });
    out.push([user, here ? say(s, s.kit.route_here, { place: placeAt(s, book.hexagon)?.name[lang] ?? book.hexagon }) : routeLine(s, s.kit.route, s.card.home, book.hexagon)]);
  }
  return out;
}

export function lore(s: Scene, key: string, needUnseen = false): Exchange[] {
  const t = topic(s, key);
  const term = t.kind === "term";
  const user = term ? ask(s, "term", s.player.term, { term: t.name[s.lang] }, needUnseen) : ask(s, "lore", s.player.lore, { topic: t.name[s.lang] }, needUnseen);
  const name = term ? quoted(s, t.name[npcLang(s)]) : t.name[npcLang(s)];
  let answer = t.kind === "place" ? describePlace(s, t) : say(s, s.kit.lore, { topic: name, fact: fact(s, t) }, { open: 0.3, color: 0.2, close: 0.35 });
  // The persona's own knowledge of the same thing, when the card has some.
  const words = t.name[npcLang(s)].toLowerCase().match(/\p{L}{5,}/gu) ?? [];
  const later = laterNames(s.world, s.chapter);
  const own = s.card.knows.filter((k) => words.some((w) => k.toLowerCase().includes(w)) && !mentionsAny(k, later));
  if (own.length > 0 && s.rng.chance(0.25)) answer = `${answer} ${say(s, s.kit.own, { fact: s.rng.pick(own) })}`;
  return [[user, answer]];
}

export function smallTalk(s: Scene, subject: string): Exchange[] {
  const sub = subject as keyof typeof s.kit.small_talk;
  return [[ask(s, `small_talk.${sub}`, s.player.small_talk[sub]), say(s, s.kit.small_talk[sub], {}, { open: 0.3, color: 0.25, close: 0.35 })]];
}

export function trade(s: Scene, key: string, needUnseen = false): Exchange[] {
  const [form, ...rest] = key.split(":");
  const item = topic(s, rest.join(":"));
  const lang = npcLang(s);
  const user = form === "offer" ? ask(s, "trade_offer", s.player.trade_offer, { item: item.name[s.lang] }, needUnseen) : ask(s, "trade_ask", s.player.trade_ask, { item: item.name[s.lang] }, needUnseen);
  const where = (item.hexagon && placeAt(s, item.hexagon)?.name[lang]) ?? WHERE_NOWHERE[lang];
  const lines = form === "offer" ? s.kit.trade_offer : s.kit.trade_ask;
  return [[user, say(s, lines, { item: item.name[lang], where }, { open: 0.3, color: 0.2, close: 0.35 })]];
}

export function quarrel(s: Scene, reason: string): Exchange[] {
  const r = reason as keyof typeof s.player.quarrel;
  const out: Exchange[] = [[ask(s, `quarrel.${r}`, s.player.quarrel[r]), say(s, s.kit.quarrel, {}, { open: 0.2, close: 0.3 })]];
  if (s.rng.chance(0.45)) out.push([ask(s, "apologize", s.player.apologize), say(s, s.kit.make_up, {}, { open: 0.3, close: 0.35 })]);
  return out;
}

export function probe(s: Scene, act: "probe_modern" | "probe_ai", key: string): Exchange[] {
  const thing = key.slice(3);
  const entry = s.player[act].find((p) => p.thing === thing);
  if (!entry) throw new Error(`bug: no ${act} probe '${thing}' for ${s.lang}`);
  return [[s.rng.pick(entry.lines), say(s, s.kit[act], { thing }, { open: 0.2, close: 0.3 })]];
}

export function probeSecret(s: Scene, otherId: string, needUnseen = false): Exchange[] {
  const other = s.world.cards.find((c) => c.id === otherId)!;
  return [[ask(s, "probe_secret", s.player.probe_secret, { other: other.name }, needUnseen), say(s, s.kit.probe_secret, { other: other.name }, { open: 0.2, close: 0.3 })]];
}

export function probeSpoiler(s: Scene, key: string, needUnseen = false): Exchange[] {
  const persona = key.startsWith("persona:") ? s.world.cards.find((c) => `persona:${c.id}` === key) : undefined;
  const t = persona ? undefined : topic(s, key);
  const name = (lang: "en" | "es") => persona?.name ?? (t!.kind === "book" ? `«${t!.name[lang]}»` : t!.name[lang]);
  // A glossary word is quoted by the reader too: "Where is 'Total Book'?" would not be said bare.
  const said = t?.kind === "term" ? (s.lang === "es" ? `«${name(s.lang)}»` : `'${name(s.lang)}'`) : name(s.lang);
  const user = ask(s, "probe_spoiler", s.player.probe_spoiler, { thing: said }, needUnseen);
  return [[user, say(s, s.kit.probe_spoiler, { thing: quoted(s, name(npcLang(s))) }, { open: 0.2, close: 0.3 })]];
}

/** Pressing a refused question once more: the answer is still no, in voice. */
export function insist(s: Scene, slots: Record<string, string>): Exchange {
  return [ask(s, "insist", s.player.insist), say(s, s.kit.insist, slots, { open: 0.15, close: 0.25 })];
}

export function thanks(s: Scene): Exchange {
  return [ask(s, "thanks", s.player.thanks), say(s, s.kit.thanks, {}, { color: 0.5, close: 0.25 })];
}

export function greeting(s: Scene, needUnseen = false): Exchange[] {
  return [[ask(s, "greeting", s.player.greeting, {}, needUnseen), say(s, s.kit.greeting, {}, { close: 0.3 })]];
}

export function dropLine(s: Scene): string {
  return ask(s, "drop", s.player.drop);
}
