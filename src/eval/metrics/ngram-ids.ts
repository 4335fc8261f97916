/**
 * Shared machinery of the reference-parity metrics (BLEU, chrF): Python's notion of whitespace,
 * and n-grams as small integers so counting needs no string keys and no per-sentence Maps.
 */

// Python's str.split()/str.strip() whitespace (str.isspace): JS \s differs — it lacks
// U+001C–U+001F and U+0085 and adds U+FEFF — and parity with sacrebleu depends on the difference.
const PY_SPACE = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/;
const PY_SPACE_END = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+$/;
const PY_SPACE_ALL = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Python's `s.split()`: runs of whitespace separate, no empty pieces. */
export function pySplit(s: string): string[] {
  const parts = s.split(PY_SPACE);
  if (parts.length && parts[0] === "") parts.shift();
  if (parts.length && parts[parts.length - 1] === "") parts.pop();
  return parts;
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  return s.replace(PY_SPACE_END, "");
}

/** Python's `"".join(s.split())`: every whitespace character removed. */
export function pyRemoveSpace(s: string): string {
  return s.replace(PY_SPACE_ALL, "");
}

// An n-gram's key is (id of its (n-1)-gram prefix) * 2^26 + (id of its last unit): exact in a
// double while ids stay under 2^26 (67M distinct n-grams per call — far beyond any eval set).
const SHIFT = 2 ** 26;

/**
 * Interns units (tokens or characters) and n-grams of them as dense ids. One counter for all
 * orders, so ids of different orders never collide and one table serves every order.
 */
export class NgramIds {
  private readonly units = new Map<string | number, number>();
  private readonly grams = new Map<number, number>();
  private next = 0;

  get size(): number {
    return this.next;
  }

  unit(u: string | number): number {
    let id = this.units.get(u);
    if (id === undefined) {
      id = this.next++;
      if (id >= SHIFT) throw new RangeError("NgramIds: more than 2^26 distinct n-grams in one call");
      this.units.set(u, id);
    }
    return id;
  }

  extend(prefix: number, unitId: number): number {
    const key = prefix * SHIFT + unitId;
    let id = this.grams.get(key);
    if (id === undefined) {
      id = this.next++;
      if (id >= SHIFT) throw new RangeError("NgramIds: more than 2^26 distinct n-grams in one call");
      this.grams.set(key, id);
    }
    return id;
  }

  /**
   * Ids of all n-grams of orders 1..maxOrder of a unit-id sequence, one array per order
   * (out[n-1] holds the n-grams starting at 0, 1, …, in order).
   */
  ngrams(unitIds: ArrayLike<number>, maxOrder: number): Int32Array[] {
    const len = unitIds.length;
    const out: Int32Array[] = [];
    let prev = Int32Array.from(unitIds);
    out.push(prev);
    for (let n = 2; n <= maxOrder; n++) {
      const cur = new Int32Array(Math.max(0, len - n + 1));
      for (let i = 0; i < cur.length; i++) cur[i] = this.extend(prev[i]!, unitIds[i + n - 1]!);
      out.push(cur);
      prev = cur;
    }
    return out;
  }
}

/**
 * Counts over ids without clearing between uses: a slot belongs to the current round only if
 * its stamp says so. `begin()` starts a round (all counts read 0); `ensure()` grows the tables.
 */
export class IdCounts {
  private count = new Int32Array(1 << 12);
  private stamp = new Int32Array(1 << 12);
  private round = 0;

  ensure(size: number): void {
    if (size <= this.count.length) return;
    let cap = this.count.length;
    while (cap < size) cap *= 2;
    const c = new Int32Array(cap);
    c.set(this.count);
    const s = new Int32Array(cap);
    s.set(this.stamp);
    this.count = c;
    this.stamp = s;
  }

  begin(): void {
    this.round++;
  }

  get(id: number): number {
    return this.stamp[id] === this.round ? this.count[id]! : 0;
  }

  /** Adds one; returns the new count (1 = first time this round). */
  add(id: number): number {
    if (this.stamp[id] !== this.round) {
      this.stamp[id] = this.round;
      this.count[id] = 1;
      return 1;
    }
    const v = this.count[id]! + 1;
    this.count[id] = v;
    return v;
  }

  set(id: number, value: number): void {
    this.stamp[id] = this.round;
    this.count[id] = value;
  }
}
