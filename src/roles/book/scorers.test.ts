import { test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { metricValue, type ItemMetric } from "../../eval/metric.js";
import { BookRecord } from "./record.js";
import { bookMetrics, type BookEvalItem } from "./scorers.js";
import { BABEL_LETTERS, BABEL_SYMBOLS } from "./styles/babel.js";
import { buildStylometry, jensenShannon, rankStyles, styleDelta } from "./stylometry.js";

const read = (split: string): BookRecord[] =>
  readFileSync(`world/datasets/book/${split}.jsonl`, "utf8")
    .trim()
    .split("\n")
    .map((l) => BookRecord.parse(JSON.parse(l)));
const shelf = read("train");
const held = read("test");
const metrics = bookMetrics(shelf);
const item = (name: string): ItemMetric<BookEvalItem> => {
  const m = metrics.find((x) => x.name === name);
  assert.ok(m && m.kind === "item", name);
  return m;
};
const asked = (r: BookRecord, output = r.text, over: Partial<BookEvalItem> = {}): BookEvalItem => ({
  id: r.id,
  style: r.style,
  language: r.language,
  title: r.title,
  reference: r.text,
  output,
  ...over,
});
const longest = (pred: (r: BookRecord) => boolean): BookRecord =>
  held.filter(pred).sort((a, b) => b.text.length - a.text.length)[0]!;

const delta = item("style_delta");
const nearest = item("style_nearest_rate");

test("the suite: unique names, style_delta is the one main metric", () => {
  const names = metrics.map((m) => m.name);
  assert.equal(new Set(names).size, names.length);
  assert.deepEqual(metrics.filter((m) => m.main).map((m) => m.name), ["style_delta"]);
});

test("a held-out text lies nearer its own style's centroid than other styles', for every style and language", () => {
  const sm = buildStylometry(shelf);
  const combos = new Set(held.filter((r) => r.language !== "none").map((r) => `${r.style}/${r.language}`));
  assert.ok(combos.size >= 10);
  for (const combo of combos) {
    const rs = held.filter((r) => `${r.style}/${r.language}` === combo);
    const own = rs.map((r) => styleDelta(sm, r.text, r.style, r.language)!);
    const other = rs.flatMap((r) => rankStyles(sm, r.text, r.language).filter((x) => x.style !== r.style).map((x) => x.delta));
    const mean = (xs: number[]): number => xs.reduce((s, x) => s + x, 0) / xs.length;
    assert.ok(mean(own) < mean(other), `${combo}: own ${mean(own)} vs other ${mean(other)}`);
  }
  const prose = held.filter((r) => r.language !== "none").map((r) => asked(r));
  assert.ok(metricValue(nearest, prose) > 0.85, `nearest-style rate ${metricValue(nearest, prose)}`);
});

test("style_delta tells a chronicle from a poem, and English prose from a Spanish style", () => {
  // Generated: the Moby-Dick passages shelved as chronicles sit between chronicle and treatise.
  const chronicle = longest((r) => r.style === "chronicle" && r.language === "en" && r.source === "generated");
  const poem = longest((r) => r.style === "poem" && r.language === "en");
  const asChronicle = (output: string): BookEvalItem => asked(chronicle, output);
  assert.ok(delta.score(asChronicle(chronicle.text))! < delta.score(asChronicle(poem.text))!);
  assert.equal(nearest.score(asChronicle(chronicle.text)), 1);
  assert.equal(nearest.score(asChronicle(poem.text)), 0);

  const es = longest((r) => r.style === "chronicle" && r.language === "es");
  const asSpanish = (output: string): BookEvalItem => asked(es, output);
  assert.ok(delta.score(asSpanish(es.text))! < delta.score(asSpanish(chronicle.text))!, "English prose is far from the Spanish chronicle");
});

test("too-short and empty texts score the shelf's worst Delta, not a free pass", () => {
  const r = longest((x) => x.style === "heretical_treatise" && x.language === "en");
  const worstReal = Math.max(...held.filter((x) => x.language !== "none").map((x) => delta.score(asked(x))!));
  for (const out of ["", "The lamps.", r.text.split(/\s+/).slice(0, 10).join(" ")]) {
    const s = delta.score(asked(r, out))!;
    assert.ok(s >= worstReal, `${JSON.stringify(out)} scores ${s} < ${worstReal}`);
    assert.equal(nearest.score(asked(r, out)), 0);
  }
  // A style the shelf never wrote in that language has no centroid: not applicable.
  assert.equal(delta.score(asked(r, r.text, { language: "mixed" })), null);
  assert.equal(delta.score(asked(longest((x) => x.style === "babel"))), null);
});

/** Seeded noise over an alphabet (a tiny LCG: the test must not depend on the generator it checks). */
function noise(alphabet: string, n: number, seed = 7): string {
  let x = seed;
  let out = "";
  for (let i = 0; i < n; i++) {
    x = (x * 1103515245 + 12345) % 2 ** 31;
    out += i % 7 === 6 ? " " : alphabet[(x >>> 16) % alphabet.length];
  }
  return out;
}

test("babel fit: random babel letters fit the babel shelf; English prose and the wrong alphabet do not", () => {
  const fit = item("babel_letter_fit");
  const alphabet = item("babel_alphabet_rate");
  const b = longest((r) => r.style === "babel");
  const english = longest((r) => r.style === "chronicle" && r.language === "en").text;
  const babelish = noise(BABEL_LETTERS, 600);
  const latin = noise("abcdefghijklmnopqrstuvwxyz", 600);
  const s = (out: string): [number, number] => [fit.score(asked(b, out))!, alphabet.score(asked(b, out))!];
  const [fReal, aReal] = s(b.text);
  const [fNoise, aNoise] = s(babelish);
  const [fLatin, aLatin] = s(latin);
  const [fEnglish, aEnglish] = s(english);
  assert.ok(fReal < 0.05 && fNoise < 0.05, `babel fits: ${fReal}, ${fNoise}`);
  assert.ok(fEnglish > 0.1 && fEnglish > 3 * fNoise, `English prose ${fEnglish}`);
  assert.ok(fLatin > fNoise, "j, k, w, y are not in the babel alphabet");
  assert.deepEqual([aReal, aNoise], [1, 1]);
  assert.ok(aLatin < 0.9 && aEnglish < 0.95, `${aLatin} ${aEnglish}`);
  assert.deepEqual(s(""), [1, 0]);
  assert.equal([...BABEL_SYMBOLS].length, 25);
  // Not applicable to the other styles.
  const prose = asked(held.find((r) => r.style === "poem")!);
  assert.equal(fit.score(prose), null);
  assert.equal(alphabet.score(prose), null);
  assert.equal(jensenShannon([0.5, 0.5], [0.5, 0.5]), 0);
  assert.equal(jensenShannon([1, 0], [0, 1]), 1);
});

test("repetition_3 flags a loop; distinct_2 drops when every text is the same", () => {
  const rep = item("repetition_3");
  const r = longest((x) => x.style === "chronicle" && x.language === "en");
  const loop = Array.from({ length: 12 }, () => "the lamp on the stair went out again.").join(" ");
  assert.ok(rep.score(asked(r))! < 0.1);
  assert.ok(rep.score(asked(r, loop))! > 0.8);
  const distinct = metrics.find((m) => m.name === "distinct_2")!;
  const varied = held.slice(0, 30).map((x) => asked(x));
  const same = held.slice(0, 30).map((x) => asked(x, r.text));
  assert.ok(metricValue(distinct, varied) > 2 * metricValue(distinct, same));
});

test("length_ratio: 0 at the reference's length, about 1 at twice or half", () => {
  const len = item("length_ratio");
  const r = longest((x) => x.style === "poem");
  const words = r.text.split(/\s+/);
  assert.equal(len.score(asked(r)), 0);
  assert.ok(Math.abs(len.score(asked(r, `${r.text} ${r.text}`))! - 1) < 0.05);
  assert.ok(Math.abs(len.score(asked(r, words.slice(0, Math.floor(words.length / 2)).join(" ")))! - 1) < 0.1);
  assert.ok(len.score(asked(r, ""))! > 4);
});
