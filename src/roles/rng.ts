/**
 * The roles' one seeded PRNG (never Math.random): the committed datasets under
 * `world/` are checked byte for byte against their generators, so every number
 * must come from the seed, the same on every platform. mulberry32 is tiny and good
 * enough for sampling text; it is not for anything that needs real randomness.
 *
 * Every role (book, director, NPC dataset, NPC starter) draws from this module, so
 * changing any arithmetic here changes committed bytes: don't.
 */

/** FNV-1a over code points: a stable 32-bit hash of a key, used to derive per-key seeds. */
export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

/** A key's fixed place in [0, 1): how held-out combos and phrasings are chosen. */
export function unit(key: string): number {
  // One more avalanche round: FNV's low bits alone cluster for keys that differ at the end.
  let h = fnv1a(key);
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  h = Math.imul(h ^ (h >>> 16), 0x45d9f3b) >>> 0;
  return ((h ^ (h >>> 16)) >>> 0) / 4294967296;
}

export class Rng {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** An independent stream for one key (a book id, a style), derived from a dataset seed. */
  static for(seed: number, key: string): Rng {
    return new Rng(fnv1a(`${seed >>> 0}:${key}`));
  }

  /** A child stream for one key, taken from this stream's current state, so adding a persona or an act leaves the others unchanged. */
  fork(key: string): Rng {
    return new Rng((this.state ^ fnv1a(key)) >>> 0);
  }

  /** mulberry32: a uniform float in [0, 1). */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** The same as `next()`: a uniform float in [0, 1). */
  float(): number {
    return this.next();
  }

  /** A uniform float in [lo, hi). */
  range(lo: number, hi: number): number {
    return lo + this.next() * (hi - lo);
  }

  /** A uniform integer in [lo, hi], both ends included. */
  int(lo: number, hi: number): number {
    return lo + Math.floor(this.next() * (hi - lo + 1));
  }

  chance(p: number): boolean {
    return this.next() < p;
  }

  pick<T>(xs: readonly T[]): T {
    if (xs.length === 0) throw new Error("bug: pick from an empty list");
    return xs[Math.floor(this.next() * xs.length)]!;
  }

  /**
   * Picks by weight, `xs` and `weights` parallel (the book generators' form). Weights
   * are summed as given; if rounding leaves nothing picked, falls back to a uniform pick.
   */
  weightedParallel<T>(xs: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < xs.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return xs[i]!;
    }
    return this.pick(xs);
  }

  /**
   * Picks by non-negative weight from `{item, weight}` pairs (the Director's form);
   * negative weights count as zero, and a zero-weight item is never picked unless all are zero.
   */
  weightedItems<T>(items: readonly { item: T; weight: number }[]): T {
    if (items.length === 0) throw new Error("bug: weighted pick from an empty list");
    const total = items.reduce((s, x) => s + Math.max(0, x.weight), 0);
    if (total <= 0) return this.pick(items).item;
    let r = this.next() * total;
    for (const x of items) {
      r -= Math.max(0, x.weight);
      if (r < 0) return x.item;
    }
    return items[items.length - 1]!.item;
  }

  /** Fisher–Yates in place; returns the same array. */
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }

  /** `n` distinct items (fewer if the list is shorter), in random order. */
  sample<T>(xs: readonly T[], n: number): T[] {
    return this.shuffle([...xs]).slice(0, Math.max(0, n));
  }

  /** Draws without replacement, reshuffling when the deck runs out: no repeats until all were used. */
  deck<T>(xs: readonly T[]): () => T {
    if (xs.length === 0) throw new Error("bug: deck of an empty list");
    let pile: T[] = [];
    return () => {
      if (pile.length === 0) pile = this.shuffle([...xs]);
      return pile.pop()!;
    };
  }
}
