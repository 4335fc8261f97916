import type { Canon } from "../../canon/schema.js";
import type { PersonaCard } from "../persona.js";
import { expand, lowerFirst, type Slots } from "./grammar.js";
import type { Lines, NpcKit, PlayerKit } from "./kit.js";
import { englishNumber, spanishCount } from "./numbers.js";
import type { Rng } from "../../rng.js";
import type { Split, SplitPlan } from "./split-plan.js";
import type { Lang, Topic } from "./world-facts.js";

/**
 * One conversation being written: who speaks, in which chapter and languages, and
 * which split it is for (which decides the combos and phrasings it may use). The
 * helpers here turn kit lines into finished turns.
 */
export interface World {
  canon: Canon;
  cards: PersonaCard[];
  topics: Topic[];
  byKey: Map<string, Topic>;
  /** Words that keep their capital inside a sentence: names of people and places. */
  keepCase: Set<string>;
  /** Titles that no catalogue has, so the data also teaches "that book is not here". */
  unknownTitles: readonly string[];
  /** How often each NPC reply has been written so far: a line said four times is not said again. */
  replies: Map<string, number>;
}

/** The most times one reply may appear in the dataset (outside greetings WORLD.md allows five). */
export const MAX_REPLY_REPEATS = 4;

/**
 * Names of things and people that first appear after `chapter`, lower-cased: a fact
 * that mentions one is not said in this chapter, whatever it is about.
 */
export function laterNames(world: World, chapter: number): string[] {
  const topics = world.topics.filter((t) => t.first_chapter > chapter && t.kind !== "term").flatMap((t) => [t.name.en, t.name.es]);
  const people = world.cards.filter((c) => c.first_chapter > chapter).flatMap((c) => [c.name, ...c.name.split(/\s+/).filter((w) => /^\p{Lu}/u.test(w) && !["Hermano", "Hermana", "Inquisidor"].includes(w))]);
  return [...new Set([...topics, ...people].map((n) => n.replace(/^(the|el|la|los|las) /i, "").toLowerCase()))];
}

export const mentionsAny = (text: string, names: readonly string[]): boolean => {
  const t = text.toLowerCase();
  return names.some((n) => t.includes(n));
};

export interface Scene {
  world: World;
  card: PersonaCard;
  kit: NpcKit;
  /** The reader's language and phrase kit (the NPC always answers in its own). */
  lang: Lang;
  player: PlayerKit;
  rng: Rng;
  chapter: number;
  split: Split;
  plan: SplitPlan;
  /** Topics already talked about: a reader does not ask twice. */
  used: Set<string>;
  /** Whether something only this held-out split may use has been used. */
  unseen: boolean;
}

/** Thrown when a draw cannot satisfy the split's constraints; the caller draws again. */
export class Redraw extends Error {}

export const npcLang = (s: Scene): Lang => s.kit.lang;

export const countWords = (s: Scene, n: number): string => (npcLang(s) === "es" ? spanishCount(n) : englishNumber(n));

// "one hexagons" → "one hexagon": counts are slotted into plural phrases.
// Not "twenty-one hexagons" or "treinta y un hexágonos": only a count that is one.
const SINGULAR = /(?<![-\p{L}])(?<!\by )(one|un|una) (hexagon|landing|escalera|staircase|step|hexágono|rellano|peldaño|anaquel|nudo|día|day)(?:e?s)(?!\p{L})/gu;
const ES_SINGULAR_VERB: Record<string, string> = { "se cuentan": "se cuenta", median: "media", quedan: "queda", "le quedan": "le queda", Son: "Es", son: "es" };
const singular = (s: string): string =>
  s.replace(SINGULAR, "$1 $2").replace(/(?<!\p{L})(se cuentan|le quedan|median|quedan|[Ss]on) (un|one) (?=\p{L})/gu, (_, verb: string, one: string) => `${ES_SINGULAR_VERB[verb] ?? verb} ${one} `);

/** Slots every NPC template may use: home, counts, and canon things visible in this chapter. */
export interface CommonSlots {
  [slot: string]: string;
  name: string;
  home: string;
}

export function commonSlots(s: Scene): CommonSlots {
  const lang = npcLang(s);
  const visible = s.world.topics.filter((t) => t.first_chapter <= s.chapter);
  const places = visible.filter((t) => t.kind === "place");
  const home = places.find((p) => p.hexagon === s.card.home);
  const n = s.rng.int(3, 999);
  const place = s.rng.pick(places);
  return {
    name: s.card.name,
    home: home ? home.name[lang] : s.card.home,
    homehex: s.card.home,
    // Passing counts are said in figures, route counts in words: "412 lamps", "eleven hexagons up".
    n: String(n),
    n2: String(s.rng.int(2, Math.max(2, Math.floor(n / 3)))),
    anyplace: place.name[lang],
    anyhex: place.hexagon ?? s.card.home,
    anybook: s.rng.pick(visible.filter((t) => t.kind === "book")).name[lang],
    faction: s.rng.pick(visible.filter((t) => t.kind === "faction")).name[lang],
  };
}

/**
 * A reader's line from `list` of the reader's kit. The first line of a held-out
 * conversation that is not already about a held-out topic must be a held-out phrasing.
 */
export function ask(s: Scene, list: string, lines: Lines, slots: Slots = {}, needUnseen = false): string {
  const group = `say:${s.lang}:${list}`;
  let options = lines.map((_, i) => i).filter((i) => s.plan.allows(s.split, group, String(i)));
  if (needUnseen) options = options.filter((i) => s.plan.of(group, String(i)) === s.split);
  if (options.length === 0) throw new Redraw(`no ${s.split} phrasing in ${group}`);
  const i = s.rng.pick(options);
  if (s.plan.of(group, String(i)) !== "train") s.unseen = true;
  const text = expand(lines[i]!, { name: s.card.name, home: commonSlots(s).home, ...slots }, s.rng, s.world.keepCase);
  return singular(text);
}

export interface Manner {
  /** Chances of an opening tic, a flourish after the answer, and a closing tic. */
  open?: number;
  color?: number;
  close?: number;
  /** A sentence that belongs to the answer (a landmark on the way), before any closing tic. */
  then?: string;
}

/** The NPC's line: a kit template, framed now and then by the persona's tics and flourishes. */
export function say(s: Scene, lines: Lines, slots: Slots = {}, manner: Manner = {}): string {
  let line = compose(s, lines, slots, manner);
  for (let tries = 0; tries < 8 && (s.world.replies.get(line) ?? 0) >= MAX_REPLY_REPEATS; tries++) line = compose(s, lines, slots, manner);
  return line;
}

function compose(s: Scene, lines: Lines, slots: Slots, manner: Manner): string {
  const { rng, kit, world } = s;
  // Each part draws its own counts: "my last number was 686… all 686 of them" reads like a stuck record.
  const fresh = (): Slots => ({ ...commonSlots(s), ...slots });
  let body = singular(expand(rng.pick(lines), fresh(), rng, world.keepCase));
  if (manner.then !== undefined) body = `${body} ${manner.then}`;
  if (manner.color !== undefined && rng.chance(manner.color)) body = `${body} ${singular(expand(rng.pick(kit.color), fresh(), rng, world.keepCase))}`;
  // An opener in front of a question reads like a stammer; keep openers for statements.
  // Nor in front of the template's own interjection ("Claro, amigo, ah, the Well…").
  if (manner.open !== undefined && rng.chance(manner.open) && !/^[^.!]*\?/.test(body) && !/^[¡¿]?\p{L}+[,!]/u.test(body)) {
    let opener = expand(rng.pick(kit.open), fresh(), rng, world.keepCase);
    // "Hear me, reader: the honest answer: …" — one colon to a sentence.
    if (opener.endsWith(":") && /^[^.!?]*:/.test(body)) opener = `${opener.slice(0, -1)}.`;
    if (!repeats(body, opener)) body = /[,:…]$/.test(opener) ? `${opener} ${lowerFirst(body, world.keepCase)}` : `${opener} ${body}`;
  }
  // After a question a closing tic would answer it for the reader; leave it open.
  if (manner.close !== undefined && rng.chance(manner.close) && /[.!]$/.test(body)) {
    const closer = expand(rng.pick(kit.close), fresh(), rng, world.keepCase);
    if (!repeats(body, closer)) body = closer.startsWith("…") && body.endsWith(".") ? body.slice(0, -1) + closer : `${body} ${closer}`;
  }
  return body;
}

/**
 * Whether a frame would say again what the body already says: "En fin. En fin.",
 * or "Ah, friend, … is a treatise, friend."
 */
function repeats(body: string, frame: string): boolean {
  const said = body.toLowerCase();
  const head = frame.replace(/^[…\s¡¿]+/, "").split(/[,.:;!?…]/)[0]!.trim().toLowerCase();
  const words = frame.toLowerCase().match(/\p{L}{5,}/gu) ?? [];
  return (head.length > 0 && said.includes(head)) || words.some((w) => new RegExp(`(?<!\\p{L})${w}(?!\\p{L})`, "u").test(said));
}
