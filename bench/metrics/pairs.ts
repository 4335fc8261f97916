/**
 * Deterministic (hypothesis, reference) pairs for metric parity and speed: references are real
 * lines of the sample world (NPC turns, book pages, English and Spanish), hypotheses are seeded
 * perturbations of them — words dropped, swapped, replaced, re-cased, re-punctuated, lines cut —
 * at strengths spread from none to total, plus a fixed list of edge cases the tokenizers
 * disagree on most easily (Unicode punctuation and spaces, numbers, entities, empty texts).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";

export interface Pair {
  hyp: string;
  ref: string;
}

/** mulberry32: small, fast, good enough to shuffle test text. */
export function rng(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const EDGE_CASES: Pair[] = [
  { hyp: "", ref: "The lamp of H-0413 is lit." },
  { hyp: "The lamp of H-0413 is lit.", ref: "" },
  { hyp: "", ref: "" },
  { hyp: "   ", ref: "Sí." },
  { hyp: "Sí.", ref: "Sí." },
  { hyp: "No", ref: "No." },
  { hyp: "¡Ay!", ref: "¿Ay?" },
  { hyp: "H-0413", ref: "H-0413" },
  { hyp: "1,568 volumes", ref: "1.568 volúmenes" },
  { hyp: "In H-0444, shelf two: 1,568 books.", ref: "In H-0444, shelf 2: 1,568 books, 12.5 per cent." },
  { hyp: "«El Índice» — dijo Inés — está en H-0395…", ref: "«El Índice», dijo Inés, está en el H-0395." },
  { hyp: "¿Dónde está el Índice, señor?", ref: "¿Dónde está el índice, señora?" },
  { hyp: "It’s the librarian’s lamp.", ref: "It's the librarian's lamp." },
  { hyp: "Tom &amp; Jerry said &quot;hi&quot; &lt;3", ref: 'Tom & Jerry said "hi" <3' },
  { hyp: "a <skipped> b", ref: "a b" },
  { hyp: "hyphen-\nated word", ref: "hyphenated word" },
  { hyp: "tab\tseparated\u00a0nbsp\u2009thin\u3000ideographic", ref: "tab separated nbsp thin ideographic" },
  { hyp: "zero\ufeffwidth no-break", ref: "zero width no-break" },
  { hyp: "file\x1cseparator and\x85next line", ref: "file separator and next line" },
  { hyp: "📚 los libros 📚", ref: "los libros 📚" },
  { hyp: "(hola) [mundo] {x} «y» 'z'", ref: "hola mundo x y z" },
  { hyp: "naïve résumé façade", ref: "naive resume facade" },
  { hyp: "İstanbul KELVIN", ref: "istanbul kelvin" },
  { hyp: "ñandú ñu año", ref: "nandu nu ano" },
  { hyp: "First line.\n\nSecond line here.\nThird.", ref: "First line.\nSecond line there.\n\nThird one." },
  { hyp: "\n\n", ref: "Only\nlines\n" },
  { hyp: "the the the the", ref: "the cat sat on the mat" },
  { hyp: "caresses ponies ties skies dying generously happily", ref: "caress pony tie sky die generous happy" },
  { hyp: "running runner ran runs", ref: "run running runs" },
  { hyp: "a.b,c 3.14 1,000,000 5-4 x-y", ref: "a . b , c 3.14 1,000,000 5 - 4 x-y" },
  { hyp: "end with a tokenized period .", ref: "end with a tokenized period." },
  { hyp: "trailing spaces   \t ", ref: "trailing spaces" },
  { hyp: "A", ref: "A" },
  { hyp: "A B", ref: "B A" },
  { hyp: "yyyy syzygy toy by", ref: "yyyy syzygy toys buy" },
];

const EXTRA_WORDS = [
  "caresses", "ponies", "ties", "caress", "cats", "feed", "agreed", "plastered", "bled", "motoring",
  "sing", "conflated", "troubled", "sized", "hopping", "tanned", "falling", "hissing", "fizzed",
  "failing", "filing", "happy", "sky", "skies", "enjoy", "relational", "conditional", "rational",
  "valenci", "hesitanci", "digitizer", "conformabli", "radicalli", "differentli", "vileli",
  "analogousli", "vietnamization", "predication", "operator", "feudalism", "decisiveness",
  "hopefulness", "callousness", "formaliti", "sensitiviti", "sensibiliti", "triplicate", "formative",
  "formalize", "electriciti", "electrical", "hopeful", "goodness", "revival", "allowance", "inference",
  "airliner", "gyroscopic", "adjustable", "defensible", "irritant", "replacement", "adjustment",
  "dependent", "adoption", "homologou", "communism", "activate", "angulariti", "homologous",
  "effective", "bowdlerize", "probate", "rate", "cease", "controll", "roll", "dying", "lying", "tying",
  "news", "innings", "outings", "cannings", "howe", "proceed", "exceed", "succeed", "spied", "tried",
  "flies", "dies", "lies", "generously", "generalization", "oscillators", "fulli", "hopefulli",
  "analogi", "apologi", "etymologi", "yyyyyy", "ayyyy", "syzygy", "toy", "by", "ivy", "oaten",
  "orrery", "trees", "troubles", "private", "is", "as", "eed", "bleed", "ied", "ies", "bies", "xed",
];

function worldTexts(root: string): { lines: string[]; pages: string[] } {
  const lines: string[] = [];
  const pages: string[] = [];
  for (const split of ["train", "validation", "test"]) {
    for (const raw of readFileSync(join(root, "world/datasets/npc", `${split}.jsonl`), "utf8").split("\n")) {
      if (!raw.trim()) continue;
      const rec = JSON.parse(raw) as { turns: { content: string }[] };
      for (const t of rec.turns) if (t.content.trim()) lines.push(t.content);
    }
    for (const raw of readFileSync(join(root, "world/datasets/book", `${split}.jsonl`), "utf8").split("\n")) {
      if (!raw.trim()) continue;
      const rec = JSON.parse(raw) as { text: string };
      if (!rec.text.trim()) continue;
      pages.push(rec.text);
      for (const para of rec.text.split(/\n+/)) if (para.trim()) lines.push(para);
    }
  }
  return { lines, pages };
}

const PUNCT = [".", ",", "!", "?", ";", ":", "…", "«", "»", "—", "’", "¿", "¡", "(", ")", "-"];
const SPACES = [" ", "  ", "\t", "\u00a0", "\u2009", "\u3000", " \n"];

function perturbLine(line: string, strength: number, r: () => number, vocab: readonly string[]): string {
  let words = line.split(" ").filter((w) => w !== "");
  const out: string[] = [];
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  for (const w of words) {
    if (r() >= strength) {
      out.push(w);
      continue;
    }
    const op = r();
    if (op < 0.25) continue; // drop
    if (op < 0.5) out.push(pick(vocab)); // replace
    else if (op < 0.6) out.push(w, w); // repeat
    else if (op < 0.7) out.push(w.toUpperCase() === w ? w.toLowerCase() : w.toUpperCase());
    else if (op < 0.8) out.push(w + pick(PUNCT));
    else if (op < 0.85) out.push(pick(PUNCT) + w);
    else out.push(w.replace(/[.,;:!?»)]+$/u, "")); // strip trailing punctuation
  }
  words = out;
  // Swaps of neighbours, as many as the strength asks.
  const swaps = Math.floor(strength * words.length * 0.3);
  for (let s = 0; s < swaps && words.length > 1; s++) {
    const i = Math.floor(r() * (words.length - 1));
    [words[i], words[i + 1]] = [words[i + 1]!, words[i]!];
  }
  // Odd spacing now and then: sacrebleu and JS disagree on what whitespace is.
  if (r() < 0.1) return words.map((w, i) => (i ? pick(SPACES) : "") + w).join("");
  return words.join(" ");
}

/** `n` pairs (n ≥ the edge cases), the same for the same seed and the same world files. */
export function metricPairs(n: number, seed = 20261202, root = process.cwd()): Pair[] {
  const { lines, pages } = worldTexts(root);
  const vocab = [...new Set(lines.join(" ").split(/\s+/).filter(Boolean))].sort();
  const r = rng(seed);
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(r() * xs.length)]!;
  const pairs: Pair[] = EDGE_CASES.slice(0, n);
  while (pairs.length < n) {
    const kind = r();
    const ref = kind < 0.75 ? pick(lines) : pick(pages); // a quarter multi-line pages, for ROUGE-Lsum
    const u = r();
    // Strength spreads scores over the whole range: some identical, some unrelated, most between.
    const strength = u < 0.08 ? 0 : u < 0.92 ? r() ** 1.3 : 1;
    let hyp: string;
    if (u >= 0.97) hyp = pick(lines); // unrelated text
    else if (u >= 0.94) {
      const words = ref.split(" ");
      hyp = words.slice(0, Math.max(1, Math.floor(words.length * r()))).join(" "); // cut short
    } else hyp = ref.split("\n").map((l) => perturbLine(l, strength, r, vocab)).join("\n");
    pairs.push({ hyp, ref });
  }
  return pairs;
}

/** Words for stemmer parity: every a–z/0–9 token of the pairs (as rouge-score sees them) plus classic cases. */
export function stemmerWords(pairs: readonly Pair[]): string[] {
  const seen = new Set<string>(EXTRA_WORDS);
  for (const p of pairs) {
    for (const text of [p.hyp, p.ref]) for (const w of text.toLowerCase().split(/[^a-z0-9]+/)) if (w) seen.add(w);
  }
  return [...seen].sort();
}
