/**
 * Shared machinery of the reference-parity metrics (BLEU, chrF): Python's notion of whitespace,
 * and n-grams as small integers so that counting needs no string keys and no Maps.
 */

// Python's str.split()/str.strip() whitespace (str.isspace): JS \s differs — it lacks
// U+001C–U+001F and U+0085 and adds U+FEFF — and parity with sacrebleu depends on the difference.
const PY_SPACE_ALL = /[\t\n\v\f\r\x1c-\x1f \x85\xa0\u1680\u2000-\u200a\u2028\u2029\u202f\u205f\u3000]+/g;

/** Whether a UTF-16 unit is Python whitespace (none of them is a surrogate). */
export function isPySpace(c: number): boolean {
  if (c <= 0x20) return c === 0x20 || (c >= 0x09 && c <= 0x0d) || (c >= 0x1c && c <= 0x1f);
  if (c < 0x85) return false;
  return (
    c === 0x85 ||
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000
  );
}

/** Python's `s.split()`: runs of whitespace separate, no empty pieces. */
export function pySplit(s: string): string[] {
  const out: string[] = [];
  let start = -1;
  for (let i = 0; i < s.length; i++) {
    if (isPySpace(s.charCodeAt(i))) {
      if (start >= 0) {
        out.push(s.slice(start, i));
        start = -1;
      }
    } else if (start < 0) start = i;
  }
  if (start >= 0) out.push(s.slice(start));
  return out;
}

/** Python's `s.rstrip()`. */
export function pyRstrip(s: string): string {
  let end = s.length;
  while (end > 0 && isPySpace(s.charCodeAt(end - 1))) end--;
  return end === s.length ? s : s.slice(0, end);
}

/** Python's `"".join(s.split())`: every whitespace character removed. */
export function pyRemoveSpace(s: string): string {
  return s.replace(PY_SPACE_ALL, "");
}

/** Dense ids for strings (word tokens), for one scoring call. */
export class Vocab {
  private readonly map = new Map<string, number>();

  ids(tokens: readonly string[]): Int32Array {
    const out = new Int32Array(tokens.length);
    for (let i = 0; i < tokens.length; i++) {
      const t = tokens[i]!;
      let id = this.map.get(t);
      if (id === undefined) {
        id = this.map.size;
        this.map.set(t, id);
      }
      out[i] = id;
    }
    return out;
  }

  get size(): number {
    return this.map.size;
  }
}

/**
 * N-grams of one segment (a hypothesis and its references) as dense ids: an n-gram is the pair
 * (id of its (n-1)-gram prefix, its last unit), unigrams have prefix -1, and one counter serves
 * all orders, so ids never collide across orders. Matching only ever happens inside a segment,
 * so the table is reset per segment — an open-addressing hash on Int32Arrays, cleared in O(1)
 * by bumping a generation — and ids stay small enough to index typed arrays.
 */
export class NgramTable {
  private cap = 1 << 12;
  private keyA = new Int32Array(this.cap);
  private keyB = new Int32Array(this.cap);
  private val = new Int32Array(this.cap);
  private gen = new Int32Array(this.cap);
  private current = 1;
  private next = 0;

  /** Ids issued since the last reset. */
  get size(): number {
    return this.next;
  }

  reset(): void {
    this.current++;
    this.next = 0;
  }

  id(prefix: number, unit: number): number {
    const mask = this.cap - 1;
    let h = (Math.imul(prefix, 0x9e3779b1) ^ Math.imul(unit + 0x7f4a7c15, 0x85ebca77)) >>> 0;
    h = (h ^ (h >>> 15)) & mask;
    while (this.gen[h] === this.current) {
      if (this.keyA[h] === prefix && this.keyB[h] === unit) return this.val[h]!;
      h = (h + 1) & mask;
    }
    this.gen[h] = this.current;
    this.keyA[h] = prefix;
    this.keyB[h] = unit;
    const id = this.next++;
    this.val[h] = id;
    if (this.next * 2 > this.cap) this.grow();
    return id;
  }

  private grow(): void {
    const { keyA, keyB, val, gen, current } = this;
    this.cap *= 2;
    this.keyA = new Int32Array(this.cap);
    this.keyB = new Int32Array(this.cap);
    this.val = new Int32Array(this.cap);
    this.gen = new Int32Array(this.cap);
    const mask = this.cap - 1;
    for (let i = 0; i < gen.length; i++) {
      if (gen[i] !== current) continue;
      const a = keyA[i]!;
      const b = keyB[i]!;
      let h = (Math.imul(a, 0x9e3779b1) ^ Math.imul(b + 0x7f4a7c15, 0x85ebca77)) >>> 0;
      h = (h ^ (h >>> 15)) & mask;
      while (this.gen[h] === current) h = (h + 1) & mask;
      this.gen[h] = current;
      this.keyA[h] = a;
      this.keyB[h] = b;
      this.val[h] = val[i]!;
    }
  }

  /** Ids of the n-grams of orders 1..maxOrder of a unit sequence, one array per order, in text order. */
  ngrams(units: ArrayLike<number>, maxOrder: number): Int32Array[] {
    const len = units.length;
    const out: Int32Array[] = [];
    let prev = new Int32Array(len);
    for (let i = 0; i < len; i++) prev[i] = this.id(-1, units[i]!);
    out.push(prev);
    for (let n = 2; n <= maxOrder; n++) {
      const cur = new Int32Array(Math.max(0, len - n + 1));
      for (let i = 0; i < cur.length; i++) cur[i] = this.id(prev[i]!, units[i + n - 1]!);
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
