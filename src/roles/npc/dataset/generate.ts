import { UserError } from "../../../errors.js";
import type { Canon } from "../../canon/schema.js";
import type { PersonaCard } from "../persona.js";
import type { NpcTurn } from "../prompt.js";
import * as ex from "./exchanges.js";
import type { Exchange } from "./exchanges.js";
import type { PlayerKit } from "./kit.js";
import { NPC_KITS } from "./kits/index.js";
import { PLAYER_EN } from "./player-en.js";
import { PLAYER_ES } from "./player-es.js";
import { Rng } from "../../rng.js";
import { Redraw, type Scene, type World } from "./scene.js";
import { SplitPlan, type Split } from "./split-plan.js";
import { chaptersFor, comboGroup, isAdversarialAct, NPC_ACTS, universe, type NpcAct } from "./topics.js";
import { allTopics, type Lang } from "./world-facts.js";

/**
 * The NPC dataset: for every persona, conversations of every act, drawn from canon
 * facts, the card's knowledge and the phrase kits, in fixed quotas per split. The
 * held-out splits use (persona, act, topic) combinations and reader phrasings that
 * train never sees (see SplitPlan), so they measure generalisation, not recall.
 */
export interface NpcRecord {
  id: string;
  persona: string;
  act: NpcAct;
  chapter: number;
  adversarial: boolean;
  turns: NpcTurn[];
}
export type NpcDataset = Record<Split, NpcRecord[]>;

/** The seed the committed `world/datasets/npc/*.jsonl` are built with. */
export const NPC_DATASET_SEED = 1409;

/** Conversations per persona and act: train, and held-out (shared by validation and test). */
export const QUOTAS: Record<NpcAct, { train: number; heldOut: number }> = {
  greeting: { train: 16, heldOut: 2 },
  directions: { train: 28, heldOut: 2 },
  book: { train: 22, heldOut: 2 },
  lore: { train: 26, heldOut: 2 },
  small_talk: { train: 28, heldOut: 2 },
  trade: { train: 22, heldOut: 2 },
  quarrel: { train: 14, heldOut: 2 },
  probe_modern: { train: 16, heldOut: 4 },
  probe_ai: { train: 16, heldOut: 4 },
  probe_secret: { train: 12, heldOut: 4 },
  probe_spoiler: { train: 16, heldOut: 4 },
};

/** Phrasing lists long enough to hold some out (the first line of a held-out conversation comes from them). */
const HELD_LISTS = ["greeting", "directions", "directions_from", "place_what", "book", "book_where", "lore", "term", "trade_offer", "trade_ask", "apologize", "thanks", "probe_secret", "probe_spoiler", "insist", "drop"] as const;
const PLAYER: Record<Lang, PlayerKit> = { en: PLAYER_EN, es: PLAYER_ES };
const UNKNOWN_TITLES = ["Los Mil Peldaños", "Memorias del Último Lector", "El Libro de las Lámparas", "Apología del Silencio", "Índice de Arena", "Tratado de los Espejos Rotos", "Cartas desde el Hexágono Cero"];

export function generateNpcDataset(canon: Canon, cards: readonly PersonaCard[], seed: number): NpcDataset {
  const sorted = [...cards].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  for (const card of sorted) {
    const kit = NPC_KITS[card.id];
    if (!kit) {
      throw new UserError("npc-dataset-no-kit", `the NPC dataset has no phrase kit for persona '${card.id}'`, {
        hint: `write src/roles/npc/dataset/kits/${card.id}.ts and add it to kits/index.ts (kits: ${Object.keys(NPC_KITS).join(", ")})`,
        location: { file: `world/personas/${card.id}.yaml`, field: "id" },
      });
    }
    if (kit.lang !== card.voice.language) {
      throw new UserError("npc-dataset-kit-language", `the phrase kit of '${card.id}' speaks '${kit.lang}' but the card says '${card.voice.language}'`, {
        hint: "the kit's replies must be in the card's voice.language",
        location: { file: `world/personas/${card.id}.yaml`, field: "voice.language" },
      });
    }
  }
  const world = buildWorld(canon, sorted);
  const plan = planSplits(world);
  const out: NpcDataset = { train: [], validation: [], test: [] };
  const seen = new Set<string>();
  const root = new Rng(seed);
  for (const card of sorted) {
    // One stream per persona, in id order: the order the cards come in changes nothing.
    const rng = root.fork(card.id);
    for (const split of ["train", "validation", "test"] as const) {
      const acts = rng.shuffle(NPC_ACTS.flatMap((act) => Array<NpcAct>(quota(act, split)).fill(act)));
      acts.forEach((act, i) => {
        const turns = draw(world, plan, card, act, split, rng, seen);
        out[split].push({ id: `${card.id}-${split === "validation" ? "val" : split}-${String(i + 1).padStart(4, "0")}`, persona: card.id, act, chapter: turns.chapter, adversarial: isAdversarialAct(act), turns: turns.turns });
      });
    }
  }
  return out;
}

function quota(act: NpcAct, split: Split): number {
  const q = QUOTAS[act];
  return split === "train" ? q.train : split === "validation" ? Math.ceil(q.heldOut / 2) : Math.floor(q.heldOut / 2);
}

function buildWorld(canon: Canon, cards: PersonaCard[]): World {
  const topics = allTopics(canon);
  const names = [...cards.map((c) => c.name), ...canon.places.flatMap((p) => [p.name, p.name_es ?? ""]), ...canon.factions.map((f) => f.name), ...canon.books.map((b) => b.title)];
  const keepCase = new Set(names.flatMap((n) => n.match(/\p{Lu}\p{L}*/gu) ?? []).filter((w) => !["The", "El", "La", "Los", "Las"].includes(w)));
  return { canon, cards, topics, byKey: new Map(topics.map((t) => [t.key, t])), keepCase, unknownTitles: UNKNOWN_TITLES, replies: new Map() };
}

function planSplits(world: World): SplitPlan {
  const plan = new SplitPlan();
  for (const card of world.cards) {
    for (const act of NPC_ACTS) plan.hold(comboGroup(card.id, act), universe(world, card, act), isAdversarialAct(act) ? 0.25 : 0.15, 2);
  }
  for (const lang of ["en", "es"] as const) {
    for (const list of HELD_LISTS) plan.hold(`say:${lang}:${list}`, PLAYER[lang][list].map((_, i) => String(i)), 0.2, 2);
  }
  return plan;
}

function draw(world: World, plan: SplitPlan, card: PersonaCard, act: NpcAct, split: Split, rng: Rng, seen: Set<string>): { chapter: number; turns: NpcTurn[] } {
  const kit = NPC_KITS[card.id]!;
  const group = comboGroup(card.id, act);
  const candidates = universe(world, card, act).filter((t) => plan.allows(split, group, t) && chaptersFor(world, card, act, t).length > 0);
  const held = candidates.filter((t) => plan.of(group, t) !== "train");
  // These acts' reader lines are too few to hold any out (or, for probes, are the topic itself): only their topics can be unseen.
  const topicOnly = act === "probe_modern" || act === "probe_ai" || act === "small_talk" || act === "quarrel";
  for (let attempt = 0; attempt < 400; attempt++) {
    const useHeld = split !== "train" && held.length > 0 && (topicOnly || rng.chance(0.6));
    if (split !== "train" && !useHeld && topicOnly) break;
    const topic = rng.pick(useHeld ? held : candidates);
    const chapter = rng.pick(chaptersFor(world, card, act, topic));
    const lang = readerLanguage(world, card, act, topic, rng);
    const s: Scene = { world, card, kit, lang, player: PLAYER[lang], rng, chapter, split, plan, used: new Set([topic]), unseen: useHeld };
    try {
      const exchanges = conversation(s, act, topic, split !== "train" && !useHeld);
      if (split !== "train" && !s.unseen) continue;
      const turns = exchanges.slice(0, 4).flatMap(([u, a]): NpcTurn[] => [{ role: "user", content: u }, { role: "assistant", content: a }]);
      const key = JSON.stringify(turns);
      if (seen.has(key)) continue;
      seen.add(key);
      turns.forEach((t, i) => {
        // Greetings may be formulaic; every other reply is counted towards the repeat limit.
        if (t.role === "assistant" && !(act === "greeting" && i === 1)) world.replies.set(t.content, (world.replies.get(t.content) ?? 0) + 1);
      });
      return { chapter, turns };
    } catch (e) {
      if (!(e instanceof Redraw)) throw e;
    }
  }
  throw new Error(`bug: could not draw a new ${split} ${act} conversation for ${card.id}; add topics or phrasings`);
}

/**
 * Readers mostly speak the NPC's language, sometimes the other one. A probe's
 * words fix it, and a reader asking what an English word means is asking in English.
 */
function readerLanguage(world: World, card: PersonaCard, act: NpcAct, topic: string, rng: Rng): Lang {
  if (act === "probe_modern" || act === "probe_ai") return topic.slice(0, 2) as Lang;
  if (act === "lore" && world.byKey.get(topic)?.language === "en") return "en";
  return card.voice.language === "es" ? (rng.chance(0.65) ? "es" : "en") : rng.chance(0.15) ? "es" : "en";
}

function conversation(s: Scene, act: NpcAct, topic: string, needUnseen: boolean): Exchange[] {
  const { rng } = s;
  const out: Exchange[] = [];
  const info = (): Exchange[] => {
    const kind = rng.pick(["directions", "book", "lore", "lore"] as const);
    const t = ex.followTopic(s, kind);
    if (t === undefined) return [];
    s.used.add(t);
    return (kind === "directions" ? ex.directions(s, t) : kind === "book" ? ex.book(s, t) : ex.lore(s, t)).slice(0, 1);
  };
  switch (act) {
    case "greeting":
      out.push(...ex.greeting(s, needUnseen));
      if (rng.chance(0.5)) out.push(...info());
      break;
    case "directions":
    case "book":
    case "lore":
      out.push(...(act === "directions" ? ex.directions(s, topic, needUnseen) : act === "book" ? ex.book(s, topic, needUnseen) : ex.lore(s, topic, needUnseen)));
      if (rng.chance(0.25)) out.push(...info());
      break;
    case "small_talk":
      out.push(...ex.smallTalk(s, topic));
      if (rng.chance(0.3)) out.push(...info());
      break;
    case "trade":
      out.push(...ex.trade(s, topic, needUnseen));
      if (rng.chance(0.25)) out.push(...info());
      break;
    case "quarrel":
      out.push(...ex.quarrel(s, topic));
      return out;
    case "probe_modern":
    case "probe_ai":
    case "probe_secret":
    case "probe_spoiler": {
      const first = act === "probe_secret" ? ex.probeSecret(s, topic, needUnseen) : act === "probe_spoiler" ? ex.probeSpoiler(s, topic, needUnseen) : ex.probe(s, act, topic);
      out.push(...first);
      if (rng.chance(0.35)) {
        out.push(ex.insist(s, { other: "", thing: "" }));
        if (rng.chance(0.3)) out.push(ex.insist(s, { other: "", thing: "" }));
      }
      // Giving up and asking something real: a refusal must not make the NPC unhelpful.
      if (rng.chance(0.3)) {
        const next = info()[0];
        if (next) out.push([`${ex.dropLine(s)} ${next[0]}`, next[1]]);
      }
      return out;
    }
  }
  if (out.length < 4 && rng.chance(0.18)) out.push(ex.thanks(s));
  return out;
}
