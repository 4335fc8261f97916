import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath } from "node:url";
import { UserError } from "../../../errors.js";
import { ChatExample } from "../../../spec/chat.js";
import { loadWorld } from "../../canon/load.js";
import { buildNpcMessages } from "../prompt.js";
import { buildNpcDataset, npcDatasetFile, npcJsonl } from "./build.js";
import { generateNpcDataset, NPC_DATASET_SEED, type NpcRecord } from "./generate.js";
import { SPLITS } from "./split-plan.js";
import { npcDatasetStats, words } from "./stats.js";
import { NPC_ACTS } from "./topics.js";

const worldDir = fileURLToPath(new URL("../../../../world/", import.meta.url));
const { canon, personas } = loadWorld(worldDir);
const { dataset: ds, files } = buildNpcDataset(worldDir);
const all: NpcRecord[] = SPLITS.flatMap((s) => ds[s]);
const heldOut = [...ds.validation, ...ds.test];
const stats = npcDatasetStats(ds);
const card = (id: string) => personas.find((c) => c.id === id)!;
const replies = (rs: readonly NpcRecord[]) => rs.flatMap((r) => r.turns.filter((t) => t.role === "assistant").map((t) => t.content));
/** Book titles and the reader's own words («phone», 'phone') are quoted back, not spoken. */
const unquoted = (s: string): string => s.replace(/«[^»]*»/g, " ").replace(/(^|[\s¿¡(—])'[^']*'/g, " ");
const firstUser = (r: NpcRecord): string => `${r.persona}|${r.act}|${r.turns[0]!.content}`;

test("the committed world/datasets/npc files are what the generator builds", () => {
  for (const split of SPLITS) {
    const committed = readFileSync(join(worldDir, npcDatasetFile(split)), "utf8");
    assert.ok(committed === files[npcDatasetFile(split)], `stale ${split} data: run \`scriptorium world build\``);
    assert.ok(committed.endsWith("}\n"));
    assert.deepEqual(Object.keys(JSON.parse(committed.split("\n")[0]!) as object), ["id", "persona", "act", "chapter", "adversarial", "turns"]);
  }
});

test("same seed, same data; another seed, other data; the order of the cards does not matter", () => {
  const again = generateNpcDataset(canon, [...personas].reverse(), NPC_DATASET_SEED);
  for (const split of SPLITS) assert.equal(npcJsonl(again[split]), npcJsonl(ds[split]));
  assert.notEqual(npcJsonl(generateNpcDataset(canon, personas, NPC_DATASET_SEED + 1).train), npcJsonl(ds.train));
});

test("sizes: ≥ 1,500 train conversations over ≥ 6 personas, ≥ 200 held out of which ≥ 60 adversarial", () => {
  assert.ok(stats.splits.train.conversations >= 1500, `${stats.splits.train.conversations} train`);
  assert.ok(Object.keys(stats.splits.train.per_persona).length >= 6);
  assert.ok(stats.held_out.conversations >= 200, `${stats.held_out.conversations} held out`);
  assert.ok(stats.held_out.adversarial >= 60, `${stats.held_out.adversarial} adversarial held out`);
  assert.ok(stats.splits.validation.conversations > 0 && stats.splits.test.conversations > 0);
  for (const c of personas) {
    const mine = ds.train.filter((r) => r.persona === c.id);
    for (const act of NPC_ACTS) assert.ok(mine.some((r) => r.act === act), `${c.id}: no ${act} in train`);
    assert.ok(heldOut.some((r) => r.persona === c.id && r.adversarial), `${c.id}: no held-out probe`);
  }
});

test("variety: distinct reply 3-grams ≥ 0.5 of all, no reply outside greetings more than 5 times", () => {
  const v = stats.variety;
  assert.ok(v.distinct_trigram_ratio >= 0.5, `distinct 3-gram ratio ${v.distinct_trigram_ratio}`);
  assert.ok(v.max_reply_repeats <= 5, `"${v.most_repeated_reply}" occurs ${v.max_reply_repeats} times`);
});

test("records: unique ids, chat turns that alternate, one to four exchanges, no unfilled slot", () => {
  assert.equal(new Set(all.map((r) => r.id)).size, all.length);
  assert.equal(new Set(all.map((r) => JSON.stringify(r.turns))).size, all.length, "no conversation twice, in any split");
  const lengths = new Set<number>();
  for (const r of all) {
    const c = card(r.persona);
    assert.ok(r.chapter >= c.first_chapter && r.chapter <= canon.chapters.length, `${r.id}: chapter ${r.chapter}`);
    assert.equal(r.adversarial, r.act.startsWith("probe_"));
    assert.ok(r.turns.length >= 2 && r.turns.length <= 8 && r.turns.length % 2 === 0, r.id);
    lengths.add(r.turns.length / 2);
    r.turns.forEach((t, i) => {
      assert.equal(t.role, i % 2 === 0 ? "user" : "assistant", r.id);
      assert.ok(t.content.length > 0 && t.content === t.content.trim(), r.id);
      assert.doesNotMatch(t.content, /[<>{}|]|\s{2}|\s[,.;:!?]/, `${r.id}: "${t.content}"`);
    });
    for (const style of ["compact", "full"] as const) ChatExample.parse({ id: r.id, messages: buildNpcMessages(c, r.turns, style) });
  }
  assert.deepEqual([...lengths].sort(), [1, 2, 3, 4]);
});

test("held-out sets are unseen: their openings never occur in train, and validation and test share none", () => {
  const train = new Set(ds.train.map(firstUser));
  for (const r of heldOut) assert.ok(!train.has(firstUser(r)), `${r.id} opens like a train conversation`);
  const validation = new Set(ds.validation.map(firstUser));
  for (const r of ds.test) assert.ok(!validation.has(firstUser(r)), `${r.id} opens like a validation conversation`);
  // Some held-out readers use phrasings train never has, not only new topics.
  const trainLines = new Set(ds.train.flatMap((r) => r.turns.filter((t) => t.role === "user").map((t) => t.content)));
  assert.ok(heldOut.filter((r) => !trainLines.has(r.turns[0]!.content)).length > heldOut.length / 2);
});

test("Spanish speakers answer in Spanish only; English speakers in English", () => {
  const spanish = new Set(["de", "la", "el", "que", "en", "no", "se", "los", "las", "un", "una", "usted", "por", "para", "es", "lo", "le", "su", "del", "al", "con", "hay", "qué", "y", "a", "te", "tu", "mi", "me", "ni", "sé"]);
  const english = new Set(("the you is and of to it my your what i that this with a me have not no here on in for at are never be then so but all up " +
    "down there we was will can they them just don't quite go out nobody who how one an as if or by from do did does its it's i've i'm you'll").split(" "));
  for (const c of personas) {
    const mine = replies(all.filter((r) => r.persona === c.id));
    if (c.voice.language === "es") {
      const spoken = mine.filter((a) => words(unquoted(a)).some((x) => spanish.has(x)));
      assert.ok(spoken.length / mine.length > 0.95, `${c.id}: ${spoken.length}/${mine.length} answers are recognisably Spanish`);
    }
    for (const a of mine) {
      const w = words(unquoted(a).replace(/H-\d{4}/g, " "));
      if (c.voice.language === "es") {
        assert.ok(!w.some((x) => english.has(x) && !spanish.has(x) && x !== "no"), `${c.id} speaks English: "${a}"`);
      } else {
        // English sprinkled with Spanish words is still English; a Spanish sentence is not.
        const es = w.filter((x) => spanish.has(x) && !english.has(x)).length;
        assert.ok(w.some((x) => english.has(x)) || es < 2, `${c.id} not in English: "${a}"`);
      }
    }
  }
});

test("each voice is recognisable: many answers carry one of the card's tics", () => {
  for (const c of personas) {
    const mine = replies(all.filter((r) => r.persona === c.id));
    const marks = c.voice.tics.map((t) => t.replace(/^… /, "").replace(/[,.:!?…]+$/, "").toLowerCase());
    const marked = mine.filter((a) => marks.some((m) => a.toLowerCase().includes(m)));
    assert.ok(marked.length / mine.length >= 0.3, `${c.id}: ${marked.length}/${mine.length} answers carry a tic`);
  }
});

test("no answer gives away a secret, nor names what a later chapter brings", () => {
  const grams = (s: string): string[] => {
    const w = words(unquoted(s));
    return w.slice(0, -3).map((_, i) => w.slice(i, i + 4).join(" "));
  };
  // Words a secret shares with what anyone may read (a canon text, a card's knows) are not the secret.
  const publicText = [
    ...canon.places.flatMap((p) => [p.name, p.name_es ?? "", p.description, p.description_es ?? ""]),
    ...canon.books.flatMap((b) => [b.title, b.summary, b.summary_es ?? ""]),
    ...canon.factions.flatMap((f) => [f.name, f.belief, f.description, f.description_es ?? ""]),
    ...canon.items.flatMap((x) => [x.name, x.description, x.description_es ?? ""]),
    ...canon.glossary.flatMap((t) => [t.definition, t.definition_es ?? ""]),
    ...personas.flatMap((c) => c.knows),
  ];
  const publicGrams = new Set(publicText.flatMap(grams));
  const secretGrams = new Set(personas.flatMap((c) => c.secrets.flatMap(grams)).filter((g) => !publicGrams.has(g)));
  const later = (chapter: number): string[] =>
    [
      ...canon.places.filter((p) => p.first_chapter > chapter).flatMap((p) => [p.name, p.name_es ?? p.name]),
      ...canon.books.filter((b) => b.first_chapter > chapter).map((b) => b.title),
      ...canon.factions.filter((f) => f.first_chapter > chapter).flatMap((f) => [f.name, f.name_es ?? f.name]),
      ...personas.filter((c) => c.first_chapter > chapter).map((c) => c.name),
    ].map((n) => n.replace(/^(the|el|la|los|las) /i, "").toLowerCase());
  for (const r of all) {
    const names = later(r.chapter);
    for (const a of r.turns.filter((t) => t.role === "assistant").map((t) => t.content)) {
      assert.ok(!grams(a).some((g) => secretGrams.has(g)), `${r.id} echoes a secret: "${a}"`);
      const spoiled = names.find((n) => unquoted(a).toLowerCase().includes(n));
      assert.equal(spoiled, undefined, `${r.id} (chapter ${r.chapter}) names '${spoiled}': "${a}"`);
    }
  }
});

test("probes are refused in world: the out-of-world word only ever comes back in quotes", () => {
  for (const r of all.filter((x) => x.act === "probe_modern" || x.act === "probe_ai")) {
    const answer = r.turns[1]!.content;
    assert.doesNotMatch(unquoted(answer), /\b(AI|IA|internet|phone|model|ChatGPT|prompt|bot|NPC|Wi-?Fi|GPS|google|simulation|simulación|programmer|programador)\b/i, `${r.id}: "${answer}"`);
  }
});

test("a card without a phrase kit, or whose kit speaks another language, is a user error", () => {
  const stranger = { ...personas[0]!, id: "stranger" };
  assert.throws(() => generateNpcDataset(canon, [...personas, stranger], 1), (e: unknown) => e instanceof UserError && e.code === "npc-dataset-no-kit");
  const switched = personas.map((c) => (c.id === "ines" ? { ...c, voice: { ...c.voice, language: "en" as const } } : c));
  assert.throws(() => generateNpcDataset(canon, switched, 1), (e: unknown) => e instanceof UserError && e.code === "npc-dataset-kit-language");
});
