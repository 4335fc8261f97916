import { Rng } from "../roles/rng.js";
import { metricValue, type Metric } from "./metric.js";

/**
 * Percentile bootstrap over items (Efron): resample the evaluated items with replacement, recompute
 * the metric, take the central `confidence` interval. Paired comparisons resample the same item
 * indices for both systems, so the interval is of the difference on the same prompts.
 */
export interface BootstrapOptions {
  resamples: number;
  confidence: number;
  seed: number;
}

export interface Estimate {
  value: number;
  lo: number;
  hi: number;
  /** Items the metric applied to (item metrics with null scores are left out). */
  n: number;
}

function percentile(sorted: readonly number[], q: number): number {
  if (!sorted.length) return Number.NaN;
  const pos = (sorted.length - 1) * q;
  const i = Math.floor(pos);
  const f = pos - i;
  return i + 1 < sorted.length ? sorted[i]! * (1 - f) + sorted[i + 1]! * f : sorted[i]!;
}

/**
 * The central interval of the resampled values. With `center`, it is shifted so its median sits on
 * the full-sample value: corpus metrics such as distinct-n are biased under resampling with
 * replacement (duplicated texts repeat their n-grams), and an uncentred interval could miss the value.
 */
function interval(samples: number[], confidence: number, center?: number): { lo: number; hi: number } {
  const finite = samples.filter(Number.isFinite).sort((a, b) => a - b);
  const tail = (1 - confidence) / 2;
  const shift = center !== undefined && Number.isFinite(center) ? center - percentile(finite, 0.5) : 0;
  return { lo: percentile(finite, tail) + shift, hi: percentile(finite, 1 - tail) + shift };
}

/**
 * A metric as a function of a resample: item metrics score each item once (the scores are then
 * resampled), corpus metrics recompute on the resampled items.
 */
function resampler<I>(metric: Metric<I>, items: readonly I[]): { value: (idx: readonly number[] | null) => number; n: number } {
  if (metric.kind === "corpus") {
    return { value: (idx) => metricValue(metric, idx ? idx.map((i) => items[i]!) : items), n: items.length };
  }
  const scores = items.map((it) => metric.score(it));
  const mean = (idx: readonly number[] | null) => {
    let sum = 0;
    let n = 0;
    const take = (s: number | null) => {
      if (s !== null) (sum += s), n++;
    };
    if (idx) for (const i of idx) take(scores[i]!);
    else for (const s of scores) take(s);
    return n ? sum / n : Number.NaN;
  };
  return { value: mean, n: scores.filter((s) => s !== null).length };
}

/** Resampled index lists, the same for every metric and system of one evaluation (seeded). */
export function resampleIndices(n: number, opts: BootstrapOptions): number[][] {
  const rng = new Rng(opts.seed);
  const out: number[][] = [];
  for (let r = 0; r < opts.resamples; r++) {
    const idx = new Array<number>(n);
    for (let i = 0; i < n; i++) idx[i] = Math.floor(rng.next() * n);
    out.push(idx);
  }
  return out;
}

/** A metric's value on `items` and its bootstrap interval. */
export function estimate<I>(metric: Metric<I>, items: readonly I[], resamples: readonly number[][], confidence: number): Estimate {
  const m = resampler(metric, items);
  const value = m.value(null);
  return { value, ...interval(resamples.map((idx) => m.value(idx)), confidence, metric.kind === "corpus" ? value : undefined), n: m.n };
}

/**
 * `a − b` on the same prompts (item i of `a` and item i of `b` answer the same prompt), with a
 * paired bootstrap interval.
 */
export function pairedDifference<I>(
  metric: Metric<I>,
  a: readonly I[],
  b: readonly I[],
  resamples: readonly number[][],
  confidence: number,
): Estimate {
  if (a.length !== b.length) throw new Error(`paired difference needs aligned items (${a.length} vs ${b.length})`);
  const ma = resampler(metric, a);
  const mb = resampler(metric, b);
  const samples = resamples.map((idx) => ma.value(idx) - mb.value(idx));
  const value = ma.value(null) - mb.value(null);
  return { value, ...interval(samples, confidence, metric.kind === "corpus" ? value : undefined), n: Math.min(ma.n, mb.n) };
}

/** Better / worse / no clear difference, from a paired interval and the metric's direction. */
export type Verdict = "better" | "worse" | "tie";

export function verdict(diff: Estimate, direction: Metric<unknown>["direction"]): Verdict {
  if (!Number.isFinite(diff.lo) || !Number.isFinite(diff.hi)) return "tie";
  const sign = direction === "higher" ? 1 : -1;
  if (sign * diff.lo > 0 && sign * diff.hi > 0) return "better";
  if (sign * diff.lo < 0 && sign * diff.hi < 0) return "worse";
  return "tie";
}
