/**
 * The scorer contract every evaluation suite uses (after mattpocock/evalite): a metric is a
 * named pure function that returns a number, computed from model outputs and canon — never
 * from hard-coded answers.
 *
 * - `item` metrics score one output; the suite's value is their mean over the items where the
 *   score is not `null` (null = the metric does not apply to this item, e.g. an in-character
 *   check on a non-adversarial turn). Rates are in [0, 1].
 * - `corpus` metrics need the whole set at once (corpus BLEU, distinct-n, stylometric distance).
 *
 * Bootstrap confidence intervals resample items for both kinds (src/eval/bootstrap.ts).
 */
export type Direction = "higher" | "lower";

interface MetricBase {
  /** snake_case, stable: reports, gates and trackers key on it. */
  name: string;
  /** One sentence a studio can read in the report. */
  description: string;
  /** Which way is better. */
  direction: Direction;
  /** The role's main metric: the one "did fine-tuning help" is judged on. One per suite. */
  main?: boolean;
}

export interface ItemMetric<I> extends MetricBase {
  kind: "item";
  score(item: I): number | null;
}

export interface CorpusMetric<I> extends MetricBase {
  kind: "corpus";
  score(items: readonly I[]): number;
}

export type Metric<I> = ItemMetric<I> | CorpusMetric<I>;

/** The value of a metric over a set of items (NaN when no item applies). */
export function metricValue<I>(metric: Metric<I>, items: readonly I[]): number {
  if (metric.kind === "corpus") return items.length ? metric.score(items) : Number.NaN;
  let sum = 0;
  let n = 0;
  for (const item of items) {
    const s = metric.score(item);
    if (s === null) continue;
    sum += s;
    n++;
  }
  return n ? sum / n : Number.NaN;
}
