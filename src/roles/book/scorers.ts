import type { Metric } from "../../eval/metric.js";
import { distinctN, repetitionRate } from "../../eval/metrics/diversity.js";
import type { BookStyle } from "../canon/schema.js";
import { wordCount, type BookLanguage, type BookRecord } from "./record.js";
import { babelAlphabetShare, buildStylometry, jensenShannon, rankStyles, styleDelta, symbolDistribution, type StylometryOptions } from "./stylometry.js";

/**
 * The Book LLM's scorers: one request (style, language, title), the held-out passage written
 * for it and the model's text. Style is judged against the training shelf, never against
 * lists written here: Burrows' Delta on the shelf's most frequent words for the prose
 * styles, the shelf's symbol distribution for babel. Perplexity per style comes from the
 * engine, not from here.
 */
export interface BookEvalItem {
  id: string;
  style: BookStyle;
  language: BookLanguage;
  title: string;
  reference: string;
  output: string;
}

export function bookMetrics(shelf: readonly BookRecord[], opts: StylometryOptions = {}): Metric<BookEvalItem>[] {
  const sm = buildStylometry(shelf, opts);
  const babelShelf = symbolDistribution(shelf.filter((r) => r.style === "babel").map((r) => r.text));
  const hasBabel = babelShelf.some((x) => x > 0);
  const isBabel = (item: BookEvalItem): boolean => item.style === "babel" && hasBabel;

  return [
    {
      name: "style_delta",
      description: "Burrows' Delta from the shelf's centroid of the asked style and language (too-short texts score the shelf's worst); not for babel.",
      direction: "lower",
      main: true,
      kind: "item",
      score: (item) => styleDelta(sm, item.output, item.style, item.language),
    },
    {
      name: "style_nearest_rate",
      description: "Share of texts whose nearest style centroid (by Delta, among the asked language's styles) is the asked style; a too-short text scores 0.",
      direction: "higher",
      kind: "item",
      score: (item) => {
        if (styleDelta(sm, item.output, item.style, item.language) === null) return null;
        const ranked = rankStyles(sm, item.output, item.language);
        return ranked[0]?.style === item.style ? 1 : 0;
      },
    },
    {
      name: "distinct_2",
      description: "Distinct word bigrams ÷ all bigrams over every text of the set: low when the model says the same things to every request.",
      direction: "higher",
      kind: "corpus",
      score: (items) => distinctN(items.map((i) => i.output), 2),
    },
    {
      name: "repetition_3",
      description: "Share of a text's word trigrams that repeat an earlier one of the same text: high when it loops.",
      direction: "lower",
      kind: "item",
      score: (item) => repetitionRate(item.output, 3),
    },
    {
      name: "babel_letter_fit",
      description: "Babel only: Jensen–Shannon divergence (bits) of the text's symbols from the babel shelf's (0 = the same noise, 1 = nothing alike or empty).",
      direction: "lower",
      kind: "item",
      score: (item) => {
        if (!isBabel(item)) return null;
        const d = symbolDistribution([item.output]);
        return d.some((x) => x > 0) ? jensenShannon(d, babelShelf) : 1;
      },
    },
    {
      name: "babel_alphabet_rate",
      description: "Babel only: share of the text's characters inside the twenty-five babel symbols (22 letters, space, comma, period).",
      direction: "higher",
      kind: "item",
      score: (item) => (isBabel(item) ? babelAlphabetShare(item.output) : null),
    },
    {
      name: "length_ratio",
      description: "|log2(output words ÷ reference words)|: 0 = as long as the held-out passage, 1 = twice or half as long.",
      direction: "lower",
      kind: "item",
      // +1 on both sides: an empty text is a finite, large miss rather than infinity.
      score: (item) => Math.abs(Math.log2((wordCount(item.output) + 1) / (wordCount(item.reference) + 1))),
    },
  ];
}
