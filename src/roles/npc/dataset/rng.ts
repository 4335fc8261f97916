/**
 * Seeded randomness for the NPC dataset: the same seed gives the same bytes on
 * every platform (no Math.random, no locale), so the committed files can be
 * checked against the generator.
 */

/** FNV-1a over code points: a stable 32-bit hash of a key. */
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
  /** mulberry32: tiny, fast, and the same numbers everywhere. */
  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }
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
  shuffle<T>(xs: T[]): T[] {
    for (let i = xs.length - 1; i > 0; i--) {
      const j = this.int(0, i);
      [xs[i], xs[j]] = [xs[j]!, xs[i]!];
    }
    return xs;
  }
  /** A child stream for one key, so adding a persona or an act leaves the others unchanged. */
  fork(key: string): Rng {
    return new Rng((this.state ^ fnv1a(key)) >>> 0);
  }
}
