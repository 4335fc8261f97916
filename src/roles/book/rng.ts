/**
 * The book generators' own seeded randomness (never Math.random): the committed
 * dataset is checked byte for byte, so every number must come from the seed.
 * Each book draws from its own stream (`Rng.for(seed, key)`), so adding a book —
 * a canon book, say — never reshuffles the others.
 */

/** mulberry32: tiny, fast, and the same numbers on every platform. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function fnv1a(s: string): number {
  let h = 0x811c9dc5;
  for (const ch of s) h = Math.imul(h ^ ch.codePointAt(0)!, 0x01000193) >>> 0;
  return h;
}

export class Rng {
  private readonly next: () => number;

  constructor(seed: number) {
    this.next = mulberry32(seed);
  }

  /** An independent stream for one key (a book id, a style), derived from the dataset seed. */
  static for(seed: number, key: string): Rng {
    return new Rng(fnv1a(`${seed >>> 0}:${key}`));
  }

  float(): number {
    return this.next();
  }

  /** An integer in [lo, hi], both ends included. */
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

  /** Picks by weight; `weights` and `xs` are parallel. */
  weighted<T>(xs: readonly T[], weights: readonly number[]): T {
    const total = weights.reduce((a, b) => a + b, 0);
    let u = this.next() * total;
    for (let i = 0; i < xs.length; i++) {
      u -= weights[i] ?? 0;
      if (u < 0) return xs[i]!;
    }
    return this.pick(xs);
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

  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
}
