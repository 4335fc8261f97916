import type { BookStyle } from "../../roles/canon/schema.js";
import type { BookLanguage, BookRecord } from "../../roles/book/record.js";
import { bookSystemPrompt } from "../../roles/book/prompt.js";
import { bookMetrics, type BookEvalItem } from "../../roles/book/scorers.js";
import type { ItemMetric, Metric } from "../metric.js";
import { gated, qualityMetrics } from "../quality.js";
import { referenceMetrics } from "./reference-metrics.js";
import { buildCases, withSystemPrompt, type Suite, type SuiteInput } from "./suite.js";

/**
 * The Book suite's main metric: the share of texts a reader would take for a book of the asked
 * kind — sound (not degenerate), and nearest to the asked style's shelf centroid (prose styles, by
 * Burrows' Delta) or within BABEL_FIT_MAX of the babel shelf's letter distribution. Not style_delta:
 * a mean distance lets a few good texts hide a loop or an empty page.
 */
export const BOOK_MAIN_METRIC = "good_book_rate";
/** Jensen–Shannon bits from the babel shelf's symbols: every held-out babel page is under 0.05; English prose is ~0.3. */
export const BABEL_FIT_MAX = 0.1;

function goodBook(metrics: Metric<BookEvalItem>[]): ItemMetric<BookEvalItem> {
  const byName = (n: string) => metrics.find((m): m is ItemMetric<BookEvalItem> => m.name === n && m.kind === "item")!;
  const nearest = byName("style_nearest_rate");
  const fit = byName("babel_letter_fit");
  return gated({
    name: BOOK_MAIN_METRIC,
    kind: "item",
    direction: "higher",
    description: `Share of texts that read as a book of the asked style: nearest to that style's shelf centroid (prose), or within ${BABEL_FIT_MAX} bits of the babel shelf's letters (babel).`,
    score: (item) => {
      const f = fit.score(item);
      if (f !== null) return f <= BABEL_FIT_MAX ? 1 : 0;
      return nearest.score(item) ?? 0;
    },
  });
}

/** Books written for held-out titles, scored against the training shelf of their style. */
export function bookSuite(input: SuiteInput): Suite<BookEvalItem> {
  // The base model is told what a book of the asked style looks like; the tuned one learned it from the shelf.
  const { cases, references, raws, notes, groupOfId } = buildCases(input, (r) => String(r.style), undefined, (r, prompt) =>
    withSystemPrompt(prompt, bookSystemPrompt(r.style as BookStyle)),
  );
  const shelf = input.train.flatMap((t) => {
    const r = input.raw.get(t.id);
    return r ? [r as unknown as BookRecord] : [];
  });
  const metrics = bookMetrics(shelf);
  return {
    role: "book",
    prompts: {
      tuned: "short book prompt (title, style name, hexagon, length) — what the adapter was trained on",
      baseline: "book prompt with a style sheet of the asked style — what a studio writes without fine-tuning",
    },
    maxNewTokens: 256,
    cases,
    notes,
    groupOf: groupOfId,
    metrics: [goodBook(metrics), ...metrics, ...qualityMetrics<BookEvalItem>({ responsiveness: false }), ...referenceMetrics<BookEvalItem>()].map((m) => ({ ...m, main: m.name === BOOK_MAIN_METRIC })),
    // The shortest real page is a babel fragment of 9 words; poems repeat their refrains by design.
    degeneration: (i) => ({ minWords: 5, refrains: raws[i]!.style === "poem" }),
    item(i, output) {
      const raw = raws[i]!;
      return {
        id: cases[i]!.id,
        style: raw.style as BookStyle,
        language: raw.language as BookLanguage,
        title: String(raw.title),
        reference: references[i]!,
        output,
      };
    },
  };
}
