/**
 * MinHash signatures and LSH banding, in typed arrays so that a million records cost
 * a compact index rather than a heap of JS objects.
 *
 * Shingles are word 3-grams (character 5-grams for texts under three words), hashed to
 * 32 bits. Permutation k is the multiply-xorshift hash h_k(x) = mix(x ^ b_k) · a_k with
 * odd seeded a_k: cheap (Math.imul) and close enough to min-wise independent for dedup;
 * the tests check the Jaccard estimates against exact values.
 */

/** FNV-1a over a string's UTF-16 code units, then a murmur3 finalizer: a fast 32-bit string hash. */
export function hash32(s: string, seed = 0x811c9dc5): number {
  let h = seed >>> 0;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193);
  }
  return fmix(h);
}

export function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  h ^= h >>> 16;
  return h >>> 0;
}

/** The 32-bit hashes of a text's shingle set (duplicates removed). */
export function shingleHashes(text: string): Uint32Array {
  const words = text.toLowerCase().split(/\s+/).filter(Boolean);
  const out = new Set<number>();
  if (words.length >= 3) {
    for (let i = 0; i + 2 < words.length; i++) out.add(hash32(`${words[i]} ${words[i + 1]} ${words[i + 2]}`));
  } else {
    const t = words.join(" ");
    if (t.length <= 5) out.add(hash32(t));
    else for (let i = 0; i + 5 <= t.length; i++) out.add(hash32(t.slice(i, i + 5)));
  }
  return Uint32Array.from(out);
}

export class MinHasher {
  private readonly a: Uint32Array;
  private readonly b: Uint32Array;

  constructor(
    readonly numPerm: number,
    seed = 1,
  ) {
    this.a = new Uint32Array(numPerm);
    this.b = new Uint32Array(numPerm);
    let s = seed >>> 0 || 1;
    const next = () => {
      s ^= s << 13;
      s ^= s >>> 17;
      s ^= s << 5;
      return s >>> 0;
    };
    for (let k = 0; k < numPerm; k++) {
      this.a[k] = (next() | 1) >>> 0;
      this.b[k] = next();
    }
  }

  signature(shingles: ArrayLike<number>, out: Uint32Array<ArrayBufferLike> = new Uint32Array(this.numPerm)): Uint32Array<ArrayBufferLike> {
    out.fill(0xffffffff);
    const { a, b, numPerm } = this;
    for (let i = 0; i < shingles.length; i++) {
      const x = shingles[i]!;
      for (let k = 0; k < numPerm; k++) {
        let h = x ^ b[k]!;
        h ^= h >>> 16;
        h = Math.imul(h, a[k]!);
        h ^= h >>> 15;
        h >>>= 0;
        if (h < out[k]!) out[k] = h;
      }
    }
    return out;
  }
}

/** Fraction of equal positions: the MinHash estimate of Jaccard similarity. */
export function estimateJaccard(x: Uint32Array, y: Uint32Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  return same / x.length;
}

function integrate(f: (s: number) => number, a: number, b: number, n = 200): number {
  if (b <= a) return 0;
  const h = (b - a) / n;
  let sum = f(a) + f(b);
  for (let i = 1; i < n; i++) sum += f(a + i * h) * (i % 2 ? 4 : 2);
  return (sum * h) / 3;
}

/**
 * Bands × rows for a Jaccard threshold: the pair minimising the (equally weighted)
 * false-positive area below the threshold plus the false-negative area above it —
 * the rule datasketch's MinHashLSH uses.
 */
export function optimalBands(threshold: number, numPerm: number): { bands: number; rows: number } {
  let best = { bands: 1, rows: numPerm, error: Infinity };
  for (let b = 1; b <= numPerm; b++) {
    for (let r = 1; r <= Math.floor(numPerm / b); r++) {
      const fp = integrate((s) => 1 - (1 - s ** r) ** b, 0, threshold);
      const fn = integrate((s) => 1 - (1 - (1 - s ** r) ** b), threshold, 1);
      const error = 0.5 * fp + 0.5 * fn;
      if (error < best.error) best = { bands: b, rows: r, error };
    }
  }
  return { bands: best.bands, rows: best.rows };
}

/**
 * Open-addressing hash map from 32-bit keys to int32 values (-1 = empty), growing at 70% load.
 * Several values may share a key (the caller stores the first one only).
 */
export class U32Map {
  private keys: Uint32Array;
  private vals: Int32Array;
  private mask: number;
  size = 0;

  constructor(capacity = 1 << 12) {
    let n = 1;
    while (n < capacity) n <<= 1;
    this.keys = new Uint32Array(n);
    this.vals = new Int32Array(n).fill(-1);
    this.mask = n - 1;
  }

  get(key: number): number {
    let i = fmix(key) & this.mask;
    for (;;) {
      const v = this.vals[i]!;
      if (v === -1) return -1;
      if (this.keys[i] === key) return v;
      i = (i + 1) & this.mask;
    }
  }

  /** Sets key → value unless the key is present. */
  setIfAbsent(key: number, value: number): void {
    if ((this.size + 1) * 10 > this.keys.length * 7) this.grow();
    let i = fmix(key) & this.mask;
    for (;;) {
      const v = this.vals[i]!;
      if (v === -1) {
        this.keys[i] = key;
        this.vals[i] = value;
        this.size++;
        return;
      }
      if (this.keys[i] === key) return;
      i = (i + 1) & this.mask;
    }
  }

  private grow(): void {
    const { keys, vals } = this;
    this.keys = new Uint32Array(keys.length * 2);
    this.vals = new Int32Array(keys.length * 2).fill(-1);
    this.mask = this.keys.length - 1;
    this.size = 0;
    for (let i = 0; i < keys.length; i++) if (vals[i] !== -1) this.setIfAbsent(keys[i]!, vals[i]!);
  }

  bytes(): number {
    return this.keys.byteLength + this.vals.byteLength;
  }
}

/** A growable byte matrix: one fixed-width row per record. */
export class ByteRows {
  private data: Uint8Array;
  rows = 0;

  constructor(readonly width: number) {
    this.data = new Uint8Array(width * 1024);
  }

  push(row: Uint8Array): number {
    if ((this.rows + 1) * this.width > this.data.length) {
      const bigger = new Uint8Array(this.data.length * 2);
      bigger.set(this.data);
      this.data = bigger;
    }
    this.data.set(row, this.rows * this.width);
    return this.rows++;
  }

  row(i: number): Uint8Array {
    return this.data.subarray(i * this.width, (i + 1) * this.width);
  }

  bytes(): number {
    return this.data.byteLength;
  }
}
