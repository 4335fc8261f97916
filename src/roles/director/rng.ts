/**
 * The Director data's own PRNG: seeded, portable, and independent of Math.random so the
 * committed JSONL can be rebuilt byte for byte on any machine. mulberry32 is tiny and
 * good enough for sampling stories; it is not for anything that needs real randomness.
 */
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

/** FNV-1a over code points: derives per-session seeds from (seed, session) without coupling sessions. */
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

  /** A uniform float in [0, 1). */
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

  /** Picks by non-negative weight; a zero-weight item is never picked unless all are zero. */
  weighted<T>(items: readonly { item: T; weight: number }[]): T {
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
}
