import type { BookStyle } from "../canon/schema.js";
import { mobyPassage, mobyStart, type MobyChapter } from "./moby-dick.js";
import { BOOK_LENGTHS, seqTokens, textKind, type BookLanguage, type BookLength, type BookSource } from "./record.js";
import type { Rng } from "../rng.js";
import { BABEL_LINES, babelTitle, writeBabel } from "./styles/babel.js";
import { writeLog, type LogVoice } from "./styles/cartographers-log.js";
import { writeCatalogue } from "./styles/catalogue-entry.js";
import { chronicleEra, writeChronicle } from "./styles/chronicle.js";
import { targetTokens, type StyleContext } from "./styles/context.js";
import { pickHeresy, treatiseTitle, writeTreatise } from "./styles/heretical-treatise.js";
import { writePoem, type PoemForm } from "./styles/poem.js";
import { roman } from "./text-kit.js";
import { styleTitle } from "./titles.js";
import { commonSlots, shelfHexagon, type BookWorld } from "./world.js";

/**
 * One book: its shelf mark and its passages. Every book is written from its own random
 * stream, so books are independent of each other and of how many there are.
 */
/** A passage's length bucket is measured from its text when it becomes a record (`lengthOf`). */
export interface Passage {
  language: BookLanguage;
  source: BookSource;
  text: string;
}

export interface Book {
  book_id: string;
  title: string;
  style: BookStyle;
  hexagon: string;
  passages: Passage[];
}

/** What a book may be asked to be: the canon fixes title and hexagon for its known books. */
export interface BookSpec {
  book_id: string;
  style: BookStyle;
  title?: string;
  hexagon?: string;
  lang?: "en" | "es";
}

export interface BookMaterials {
  world: BookWorld;
  /** Spanish proverbs (fortunes-es) for epigraphs, glosas and refraneros; may be empty. */
  proverbs: readonly string[];
}

// Poems run shorter than prose: most are a page of verse, not three.
const LENGTH_WEIGHTS: Record<BookStyle, number[]> = {
  chronicle: [2, 4, 4],
  heretical_treatise: [2, 4, 4],
  catalogue_entry: [3, 4, 3],
  cartographers_log: [3, 4, 3],
  poem: [5, 4, 1],
  babel: [3, 4, 3],
};

const PAGES: Record<BookStyle, [number, number]> = {
  chronicle: [1, 4],
  heretical_treatise: [1, 3],
  catalogue_entry: [1, 3],
  cartographers_log: [1, 4],
  poem: [1, 2],
  babel: [1, 3],
};

const pickLength = (rng: Rng, style: BookStyle): BookLength => rng.weightedParallel(BOOK_LENGTHS, LENGTH_WEIGHTS[style]);

/** "de el Pozo" → "del Pozo": the contractions Spanish makes when a name is slotted in after de/a. */
const contract = (text: string): string => text.replace(/\b([Dd])e el\b/g, "$1el").replace(/\b([Aa]) el\b/g, "$1l");

export function writeBook(spec: BookSpec, rng: Rng, m: BookMaterials): Book {
  const { style } = spec;
  const lang = spec.lang ?? (rng.chance(style === "catalogue_entry" ? 0.3 : 0.25) ? "es" : "en");
  const hexagon = spec.hexagon ?? shelfHexagon(rng, m.world);
  const slots = commonSlots(rng, m.world, lang, hexagon);
  const pages = rng.int(...PAGES[style]);
  // `measured` is the language the passage will be recorded in (a glosa in English is "mixed").
  const ctx = (page: number, length: BookLength, title: string, l: "en" | "es" = lang, measured: BookLanguage = l): StyleContext => ({
    rng, world: m.world, lang: l, title, hexagon, page,
    target: style === "babel" ? BABEL_LINES[length] : targetTokens(length),
    measure: (text) => seqTokens(textKind(style, "generated"), measured, text),
  });
  const passages: Passage[] = [];
  // Drawn from the book's own stream, so a book's proverbs do not depend on the books before it.
  const proverb = (): string | undefined => (m.proverbs.length > 0 ? rng.pick(m.proverbs) : undefined);
  const add = (make: (page: number, length: BookLength) => Passage): void => {
    for (let page = 0; page < pages; page++) {
      const p = make(page, pickLength(rng, style));
      passages.push(p.language === "en" || p.language === "none" ? p : { ...p, text: contract(p.text) });
    }
  };
  let title = spec.title ?? "";

  switch (style) {
    case "chronicle": {
      title ||= styleTitle(rng, "chronicle", lang, slots);
      const era = chronicleEra({ rng, lang });
      add((page, length) => ({ language: lang, source: "generated", text: writeChronicle(ctx(page, length, title), era) }));
      break;
    }
    case "heretical_treatise": {
      const heresy = pickHeresy(rng, lang, m.world.chapter);
      title ||= treatiseTitle(rng, heresy, lang, slots);
      add((page, length) => ({ language: lang, source: "generated", text: writeTreatise(ctx(page, length, title), heresy) }));
      break;
    }
    case "catalogue_entry": {
      title ||= styleTitle(rng, "catalogue_entry", lang, slots);
      add((page, length) => {
        const { text, epigraphs } = writeCatalogue(ctx(page, length, title), { epigraphs: proverb });
        const mixed = epigraphs > 0 && lang === "en";
        return { language: mixed ? "mixed" : lang, source: epigraphs > 0 ? "fortunes-es" : "generated", text };
      });
      break;
    }
    case "cartographers_log": {
      const voice: LogVoice = spec.lang ?? rng.weightedParallel(["en", "mixed", "es"] as const, [45, 30, 25]);
      const titleLang = voice === "es" ? "es" : "en";
      title ||= styleTitle(rng, "cartographers_log", titleLang, commonSlots(rng, m.world, titleLang, hexagon));
      const firstLeaf = rng.int(1, 120);
      add((page, length) => ({ language: voice, source: "generated", text: writeLog(ctx(page, length, title, titleLang, voice), voice, firstLeaf + page) }));
      break;
    }
    case "poem": {
      const withProverbs = m.proverbs.length > 0;
      const form: PoemForm = rng.weightedParallel(["stanzas", "litany", "glosa", "refranero"] as const, [35, 15, withProverbs ? 30 : 0, withProverbs ? 20 : 0]);
      const poemLang = form === "refranero" ? "es" : lang;
      title ||= form === "refranero" ? `Refranero de ${hexagon}` : styleTitle(rng, "poem", poemLang, commonSlots(rng, m.world, poemLang, hexagon));
      add((page, length) => {
        const proverbs = form === "glosa" ? [rng.pick(m.proverbs)] : form === "refranero" ? rng.sample(m.proverbs, 24) : [];
        const language: BookLanguage = form === "glosa" && poemLang === "en" ? "mixed" : poemLang;
        const text = writePoem(ctx(page, length, title, poemLang, language), { form, proverbs });
        return { language, source: proverbs.length > 0 ? "fortunes-es" : "generated", text };
      });
      break;
    }
    case "babel": {
      title ||= babelTitle(rng);
      add((page, length) => ({ language: "none", source: "generated", text: writeBabel(ctx(page, length, title)) }));
      break;
    }
  }
  return { book_id: spec.book_id, title: contract(title), style, hexagon, passages };
}

/**
 * A book of the sea the Library dreamt: one chapter of Moby-Dick, shelved as a chronicle
 * or a ship's log, each passage under a one-line heading in the book's style.
 */
export function writeMobyBook(book_id: string, chapter: MobyChapter, rng: Rng, world: BookWorld): Book | undefined {
  const style: BookStyle = rng.chance(0.4) ? "cartographers_log" : "chronicle";
  const name = chapter.title.replace(/[.—]+$/, "").trim() || `Chapter ${chapter.number}`;
  const title = style === "chronicle"
    ? rng.pick([`The Sea the Library Dreamt: ${name}`, `Chronicle of the Dreamt Sea, ${roman(Number(chapter.number) || 1)}`, `${name} (a Dream of the Library)`])
    : rng.pick([`Log of the Dreamt Sea, Leaf ${roman(Number(chapter.number) || 1)}`, `Log of the Pequod: ${name}`, `Soundings of a Sea No Hexagon Holds: ${name}`]);
  const hexagon = shelfHexagon(rng, world);
  const passages: Passage[] = [];
  let at = mobyStart(rng, chapter);
  const pages = rng.int(1, 3);
  for (let page = 0; page < pages && at < chapter.paragraphs.length; page++) {
    const length = rng.weightedParallel(["medium", "long"] as const, [4, 6]);
    const heading = style === "chronicle"
      ? rng.pick(["Of the sea that the Library dreamt, this is written:", "A chronicle of the sea, as the Library dreamt it.", "Here the Library dreams of water."])
      : `Leaf ${Number(chapter.number) * 3 + page}. Of the dreamt sea.`;
    const cut = mobyPassage(chapter, at, length, heading);
    if (!cut) break;
    passages.push({ language: "en", source: "moby-dick", text: cut.text });
    at = cut.next;
  }
  return passages.length > 0 ? { book_id, title, style, hexagon, passages } : undefined;
}
