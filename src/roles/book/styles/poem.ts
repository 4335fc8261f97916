import type { Rng } from "../../rng.js";
import { expand, upperFirst, type Slots } from "../text-kit.js";
import { commonSlots } from "../world.js";
import { fillUnits, type StyleContext } from "./context.js";

/**
 * Poems: short lines in stanzas, in English or Spanish, from a small lexicon of the
 * Library's images (lamps, stairs, mirrors, dust). Forms: plain stanzas, a litany, and —
 * with the Spanish proverbs of `fortunes-es` — a glosa (a proverb as epigraph and
 * refrain) or a refranero (proverbs copied from a margin, arranged as verse).
 */
export type PoemForm = "stanzas" | "litany" | "glosa" | "refranero";

const NOUNS_EN = ["lamp", "stair", "mirror", "shelf", "dust", "page", "letter", "well", "gallery", "hexagon", "shaft", "railing", "spine", "margin", "vigil", "ash", "name", "reader"];
const ADJS_EN = ["dim", "endless", "patient", "blind", "silent", "spiral", "yellowed", "unread", "burning", "hollow", "narrow", "last", "first", "grey", "secret", "borrowed"];
const VERBS_EN = ["burns", "turns", "waits", "falls", "repeats", "forgets", "remembers", "counts", "whispers", "descends", "returns", "sleeps"];

const LINES_EN = [
  "the {adj} {noun} {verb}", "I climbed the {adj} stair to {hex}", "and every {noun} {verb} a name", "no one has read the {adj} {noun}",
  "between the {noun} and the {noun}", "a lamp that never quite goes out", "four hundred and ten pages of {noun}", "{person}, your {noun} is {adj}",
  "here, where the {noun} {verb}", "down, and always to the left", "what the {noun} knew, the {noun} forgot", "O {adj} {noun}, O {adj} {noun}",
  "the {noun} of {hex} {verb} for me", "I sleep standing, as travellers do", "five shelves to a wall, and none of them mine",
  "the {adj} letters keep their counsel", "somewhere a book has my face", "the {noun} {verb}, the {noun} {verb}", "dust on the {adj} {noun}",
  "I have counted {few} lamps tonight", "and the mirror doubled all of it", "whoever reads me reads the {noun}",
];

const NOUNS_ES: [string, "m" | "f"][] = [
  ["lámpara", "f"], ["escalera", "f"], ["espejo", "m"], ["anaquel", "m"], ["polvo", "m"], ["página", "f"], ["letra", "f"], ["pozo", "m"],
  ["galería", "f"], ["hexágono", "m"], ["baranda", "f"], ["lomo", "m"], ["margen", "m"], ["vigilia", "f"], ["ceniza", "f"], ["nombre", "m"],
];
const ADJS_ES: [string, string][] = [
  ["tenue", "tenue"], ["infinito", "infinita"], ["paciente", "paciente"], ["ciego", "ciega"], ["callado", "callada"], ["amarillo", "amarilla"],
  ["no leído", "no leída"], ["hueco", "hueca"], ["estrecho", "estrecha"], ["último", "última"], ["primero", "primera"], ["gris", "gris"], ["secreto", "secreta"],
];
const VERBS_ES = ["arde", "gira", "espera", "cae", "repite", "olvida", "recuerda", "cuenta", "susurra", "desciende", "vuelve", "duerme"];

const LINES_ES = [
  "{np} {verb}", "subí por la escalera hasta {hex}", "y cada página {verb} un nombre", "nadie ha leído {np}", "entre {noun} y {noun}",
  "una lámpara que nunca se apaga", "cuatrocientas diez páginas de polvo", "{person}, tu libro no está", "aquí, donde {noun} {verb}",
  "abajo, y siempre a la izquierda", "lo que supo {noun}, lo olvidó {noun}", "oh {np}, oh {np}", "duermo de pie, como los viajeros",
  "cinco anaqueles por pared, y ninguno es mío", "en algún libro está mi cara", "polvo sobre {np}", "quien me lee, lee {noun}",
  "he contado {few} lámparas esta noche", "y el espejo lo duplicó todo",
];

const LITANY: Record<"en" | "es", { head: string[]; tail: string[] }> = {
  en: {
    head: ["I have read the {adj} {noun},", "I have read {hex} from wall to wall,", "I have read the margins of {person},", "I have read the {noun} of the {noun},"],
    tail: ["and I have not read the book that reads me.", "and still the lamp is lit.", "and none of it was mine."],
  },
  es: {
    head: ["He leído {np},", "he leído {hex} de pared a pared,", "he leído los márgenes de {person},", "he leído {noun} de {noun},"],
    tail: ["y no he leído el libro que me lee.", "y la lámpara sigue encendida.", "y nada de eso era mío."],
  },
};

function poemSlots(rng: Rng, base: Slots, lang: "en" | "es"): Slots {
  if (lang === "en") {
    return { ...base, noun: () => rng.pick(NOUNS_EN), adj: () => rng.pick(ADJS_EN), verb: () => rng.pick(VERBS_EN) };
  }
  const withArticle = ([n, g]: [string, "m" | "f"]): string => `${g === "f" ? "la" : "el"} ${n}`;
  return {
    ...base,
    noun: () => withArticle(rng.pick(NOUNS_ES)),
    np: () => {
      const [n, g] = rng.pick(NOUNS_ES);
      const [m, f] = rng.pick(ADJS_ES);
      return `${withArticle([n, g])} ${g === "f" ? f : m}`;
    },
    verb: () => rng.pick(VERBS_ES),
  };
}

/** Lines of a stanza: capitalised, commas between, a full stop at the end. */
function stanza(lines: string[]): string {
  return lines.map((l, i) => upperFirst(l) + (i === lines.length - 1 ? "." : lineEnd(l))).join("\n");
}
const lineEnd = (l: string): string => (/[,;:.!?]$/.test(l) ? "" : ",");

export interface PoemOptions {
  form: PoemForm;
  /** The proverb a glosa turns on, or the proverbs a refranero arranges. */
  proverbs: string[];
}

export function writePoem(ctx: StyleContext, opts: PoemOptions): string {
  const { rng, lang } = ctx;
  const slots = poemSlots(rng, commonSlots(rng, ctx.world, lang, ctx.hexagon), lang);
  const lines = rng.deck(lang === "en" ? LINES_EN : LINES_ES);
  const line = (): string => expand(lines(), rng, slots);
  const plain = (n: number): string => stanza(Array.from({ length: n }, line));

  if (opts.form === "litany") {
    const l = LITANY[lang];
    const heads = rng.deck(l.head);
    return fillUnits(() => {
      const body = Array.from({ length: rng.int(2, 4) }, () => upperFirst(expand(heads(), rng, slots)));
      return [...body, upperFirst(expand(rng.pick(l.tail), rng, slots))].join("\n");
    }, ctx.target, ctx.measure);
  }
  if (opts.form === "glosa") {
    const proverb = opts.proverbs[0] ?? "";
    const epigraph = `«${proverb}»`;
    const body = fillUnits(() => `${plain(rng.int(3, 4)).replace(/\.$/, ",")}\n${upperFirst(proverb.replace(/[.]$/, ""))}.`, {
      min: ctx.target.min - ctx.measure(epigraph),
      max: ctx.target.max - ctx.measure(epigraph) - 1,
    }, ctx.measure);
    return `${epigraph}\n\n${body}`;
  }
  if (opts.form === "refranero") {
    const proverbs = rng.deck(opts.proverbs);
    const head = lang === "en" ? `Copied from the margins of ${ctx.hexagon}:` : `Copiados de los márgenes de ${ctx.hexagon}:`;
    const body = fillUnits(() => Array.from({ length: rng.int(2, 4) }, () => proverbs()).join("\n"), {
      min: ctx.target.min - ctx.measure(head),
      max: ctx.target.max - ctx.measure(head) - 1,
    }, ctx.measure);
    return `${head}\n\n${body}`;
  }
  return fillUnits(() => plain(rng.weightedParallel([2, 3, 4], [1, 2, 3])), ctx.target, ctx.measure);
}
