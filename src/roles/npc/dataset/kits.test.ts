import { test } from "node:test";
import assert from "node:assert/strict";
import { fileURLToPath } from "node:url";
import { loadPersonaCards } from "../persona.js";
import { choose } from "./grammar.js";
import { QUARRELS, SMALL_TALK, type Lines, type NpcKit, type PlayerKit } from "./kit.js";
import { NPC_KITS } from "./kits/index.js";
import { PLAYER_EN } from "./player-en.js";
import { PLAYER_ES } from "./player-es.js";
import { Rng } from "../../rng.js";

/**
 * The kits are data written by hand in a small grammar: every line must parse and
 * use only the slots its list is given, or the generator fails (or, worse, a
 * "<place}" typo reaches the dataset).
 */
const COMMON = ["name", "home", "homehex", "n", "n2", "anyplace", "anyhex", "anybook", "faction"];
const NPC_SLOTS: Record<string, string[]> = {
  route: ["place", "hex", "k", "kd", "dir", "rel"],
  route_from: ["from", "place", "hex", "k", "kd", "dir", "rel"],
  route_via: ["via", "viahex"],
  route_here: ["place"],
  place: ["place", "hex", "fact"],
  book: ["title", "style", "hex", "shelf", "shelfth", "fact"],
  book_unknown: ["title"],
  lore: ["topic", "fact"],
  own: ["fact"],
  trade_offer: ["item"],
  trade_ask: ["item", "where"],
  probe_modern: ["thing"],
  probe_ai: ["thing"],
  probe_secret: ["other"],
  probe_spoiler: ["thing"],
};
const PLAYER_SLOTS: Record<string, string[]> = {
  directions: ["place"],
  directions_from: ["from", "place"],
  place_what: ["place"],
  book: ["title"],
  book_where: ["title"],
  lore: ["topic"],
  term: ["term"],
  trade_offer: ["item"],
  trade_ask: ["item"],
  probe_secret: ["other"],
  probe_spoiler: ["thing"],
};

function lint(where: string, lines: Lines, allowed: readonly string[]): void {
  assert.ok(lines.length > 0, `${where} is empty`);
  for (const line of lines) {
    assert.doesNotMatch(line, /<\w+(?!>)\W|[^\w\s]>|<[^\w]/u, `${where}: a broken slot in "${line}"`);
    for (const [, slot] of line.matchAll(/<(\w+)>/g)) assert.ok(allowed.includes(slot!), `${where}: <${slot}> is not given to this list in "${line}"`);
    for (let seed = 0; seed < 8; seed++) choose(line, new Rng(seed));
  }
}

function lintNpc(id: string, kit: NpcKit): void {
  for (const [list, value] of Object.entries(kit)) {
    if (list === "lang" || list === "spanish_names") continue;
    if (list === "small_talk") {
      for (const topic of SMALL_TALK) lint(`${id}.small_talk.${topic}`, (value as NpcKit["small_talk"])[topic], COMMON);
      continue;
    }
    lint(`${id}.${list}`, value as Lines, [...COMMON, ...(NPC_SLOTS[list] ?? [])]);
  }
}

function lintPlayer(lang: string, kit: PlayerKit): void {
  for (const [list, value] of Object.entries(kit)) {
    if (list === "probe_modern" || list === "probe_ai") {
      for (const p of value as PlayerKit["probe_modern"]) lint(`${lang}.${list}.${p.thing}`, p.lines, []);
    } else if (list === "small_talk") {
      for (const topic of SMALL_TALK) lint(`${lang}.small_talk.${topic}`, (value as PlayerKit["small_talk"])[topic], ["name", "home"]);
    } else if (list === "quarrel") {
      for (const q of QUARRELS) lint(`${lang}.quarrel.${q}`, (value as PlayerKit["quarrel"])[q], ["name", "home"]);
    } else {
      lint(`${lang}.${list}`, value as Lines, ["name", "home", ...(PLAYER_SLOTS[list] ?? [])]);
    }
  }
}

test("every persona card has a kit in its own language, and every kit a card", () => {
  const cards = loadPersonaCards(fileURLToPath(new URL("../../../../world/personas/", import.meta.url)));
  assert.deepEqual(Object.keys(NPC_KITS).sort(), cards.map((c) => c.id));
  for (const c of cards) assert.equal(NPC_KITS[c.id]!.lang, c.voice.language, c.id);
});

test("every NPC line parses and uses only its list's slots", () => {
  for (const [id, kit] of Object.entries(NPC_KITS)) lintNpc(id, kit!);
});

test("every reader line parses and uses only its list's slots; both languages ask the same things", () => {
  lintPlayer("en", PLAYER_EN);
  lintPlayer("es", PLAYER_ES);
  assert.deepEqual(Object.keys(PLAYER_EN), Object.keys(PLAYER_ES));
});

test("the linter itself catches a typo'd slot and a slot a list is not given", () => {
  assert.throws(() => lint("x", ["Go to <place}."], ["place"]), /broken slot/);
  assert.throws(() => lint("x", ["Go to <hex>."], ["place"]), /not given/);
  assert.throws(() => lint("x", ["{a|b"], []), /unclosed/);
});
