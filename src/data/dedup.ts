import { ByteRows, fmix, hash32, MinHasher, optimalBands, shingleHashes, U32Map } from "./minhash.js";
import { contentText, type DataRecord } from "./record.js";

/**
 * Exact and near-duplicate detection for streams of records, first occurrence wins.
 *
 * Memory per indexed record (what grows with the file; the texts are never kept):
 *  - exact: one slot in a 32-bit key map (8 bytes at ≤70% load → ~12 B) + a second 32-bit hash (4 B);
 *  - near: `bands` slots in the band map (~12 B each) + a 64-byte sketch (the low 8 bits of the first
 *    64 MinHash values, used to verify band collisions);
 *  - the id string (~50 B in V8 for a short id).
 * With 128 permutations at threshold 0.9 (9 bands) that is ≈ 190 B per record: ~190 MB for 1M records.
 */
export type DedupVerdict = { status: "unique" } | { status: "exact" | "near"; of: string; similarity: number };

export interface DedupOptions {
  exact: boolean;
  near: boolean;
  threshold: number;
  numPerm: number;
  seed?: number;
}

const SKETCH = 64;
const PUNCT = /[\p{P}\p{S}]+/gu;

/** The text exact dedup compares: NFKC, lower case, no punctuation, single spaces. */
export function normalizeForDedup(text: string): string {
  return text.normalize("NFKC").toLowerCase().replace(PUNCT, " ").replace(/\s+/g, " ").trim();
}

/** The b-bit (b = 8) estimate of Jaccard from two sketches, corrected for chance byte matches. */
function sketchSimilarity(x: Uint8Array, y: Uint8Array): number {
  let same = 0;
  for (let i = 0; i < x.length; i++) if (x[i] === y[i]) same++;
  const c = 1 / 256;
  return Math.max(0, Math.min(1, (same / x.length - c) / (1 - c)));
}

interface Probe {
  exactKey: [number, number];
  bandKeys: Uint32Array | null;
  sketch: Uint8Array | null;
}

class Index {
  private readonly ids: string[] = [];
  private readonly exactMap = new U32Map();
  private readonly exactSecond: number[] = [];
  private readonly bandMap = new U32Map();
  private readonly sketches = new ByteRows(SKETCH);
  private readonly hasher: MinHasher | null;
  private readonly bands: number;
  private readonly rows: number;
  private readonly sig: Uint32Array<ArrayBufferLike>;
  private readonly sketchBuf = new Uint8Array(SKETCH);

  constructor(private readonly opts: DedupOptions) {
    this.hasher = opts.near ? new MinHasher(opts.numPerm, opts.seed ?? 1) : null;
    const p = optimalBands(opts.threshold, opts.numPerm);
    this.bands = p.bands;
    this.rows = p.rows;
    this.sig = new Uint32Array(opts.numPerm);
  }

  get params(): { bands: number; rows: number } {
    return { bands: this.bands, rows: this.rows };
  }

  probe(text: string): Probe {
    const norm = normalizeForDedup(text);
    const probe: Probe = { exactKey: [hash32(norm), hash32(norm, 0x9747b28c)], bandKeys: null, sketch: null };
    if (this.hasher) {
      const sig = this.hasher.signature(shingleHashes(norm), this.sig);
      const keys = new Uint32Array(this.bands);
      for (let b = 0; b < this.bands; b++) {
        let h = Math.imul(b + 1, 0x9e3779b1);
        for (let r = b * this.rows; r < (b + 1) * this.rows; r++) h = Math.imul(h ^ sig[r]!, 0x01000193);
        keys[b] = fmix(h);
      }
      probe.bandKeys = keys;
      for (let i = 0; i < SKETCH; i++) this.sketchBuf[i] = sig[i % sig.length]! & 0xff;
      probe.sketch = this.sketchBuf;
    }
    return probe;
  }

  find(probe: Probe): DedupVerdict {
    if (this.opts.exact) {
      const seq = this.exactMap.get(probe.exactKey[0]);
      if (seq !== -1 && this.exactSecond[seq] === probe.exactKey[1]) return { status: "exact", of: this.ids[seq]!, similarity: 1 };
    }
    if (probe.bandKeys && probe.sketch) {
      let best = -1;
      let bestSim = 0;
      for (let b = 0; b < probe.bandKeys.length; b++) {
        const seq = this.bandMap.get(probe.bandKeys[b]!);
        if (seq === -1 || seq === best) continue;
        const sim = sketchSimilarity(probe.sketch, this.sketches.row(seq));
        if (sim >= this.opts.threshold && sim > bestSim) {
          best = seq;
          bestSim = sim;
        }
      }
      if (best !== -1) return { status: "near", of: this.ids[best]!, similarity: bestSim };
    }
    return { status: "unique" };
  }

  insert(id: string, probe: Probe): void {
    const seq = this.ids.length;
    this.ids.push(id);
    this.exactMap.setIfAbsent(probe.exactKey[0], seq);
    this.exactSecond.push(probe.exactKey[1]);
    if (probe.bandKeys && probe.sketch) {
      for (let b = 0; b < probe.bandKeys.length; b++) this.bandMap.setIfAbsent(probe.bandKeys[b]!, seq);
      this.sketches.push(probe.sketch);
    }
  }

  get size(): number {
    return this.ids.length;
  }

  memoryBytes(): number {
    const idBytes = this.ids.reduce((n, id) => n + 32 + 2 * id.length, 0);
    return this.exactMap.bytes() + this.exactSecond.length * 8 + this.bandMap.bytes() + (this.hasher ? this.sketches.bytes() : 0) + idBytes;
  }
}

export class Deduper {
  private readonly index: Index;

  constructor(opts: DedupOptions) {
    this.index = new Index(opts);
  }

  /** LSH bands and rows chosen for the threshold. */
  get params(): { bands: number; rows: number } {
    return this.index.params;
  }

  check(record: DataRecord): DedupVerdict {
    return this.checkText(record.id, contentText(record));
  }

  /** A duplicate of an earlier text, or unique (and then remembered). */
  checkText(id: string, text: string): DedupVerdict {
    const probe = this.index.probe(text);
    const verdict = this.index.find(probe);
    if (verdict.status === "unique") this.index.insert(id, probe);
    return verdict;
  }

  /** The earlier record this one duplicates, without remembering it (for checking held-out records). */
  query(record: DataRecord): { id: string; similarity: number } | null {
    const v = this.index.find(this.index.probe(contentText(record)));
    return v.status === "unique" ? null : { id: v.of, similarity: v.similarity };
  }

  get size(): number {
    return this.index.size;
  }

  memoryBytes(): number {
    return this.index.memoryBytes();
  }
}

/** Training records indexed once; held-out records are checked against them without being added. */
export class LeakageIndex {
  private readonly index: Index;

  constructor(opts: { threshold: number; numPerm: number; seed?: number }) {
    this.index = new Index({ exact: true, near: true, ...opts });
  }

  add(record: DataRecord): void {
    this.index.insert(record.id, this.index.probe(contentText(record)));
  }

  query(record: DataRecord): { id: string; similarity: number } | null {
    const v = this.index.find(this.index.probe(contentText(record)));
    return v.status === "unique" ? null : { id: v.of, similarity: v.similarity };
  }
}
