import { shelfTitle } from "../titles.js";
import { expand, type Slots } from "../text-kit.js";
import { commonSlots } from "../world.js";
import { babelLine } from "./babel.js";
import { fillUnits, type StyleContext } from "./context.js";

/**
 * Catalogue entries: the librarians' structured records, one field a line — shelf,
 * hexagon, title, pages, condition, language, incipit, notes — several entries to a
 * catalogue page, numbered on. Some entries carry an epigraph: a Spanish proverb copied
 * from the book's first leaf (the `fortunes-es` source).
 */
interface Fields {
  head: string;
  entry: string;
  shelf: string;
  hexagon: string;
  title: string;
  pages: string;
  condition: string;
  language: string;
  incipit: string;
  epigraph: string;
  notes: string;
  pageCounts: string[];
  conditions: string[];
  languages: string[];
  incipits: string[];
  noteLines: string[];
}

const EN: Fields = {
  head: "CATALOGUE OF HEXAGON {home} — wall {wall}, shelf {shelf}",
  entry: "Entry", shelf: "Shelf", hexagon: "Hexagon", title: "Title", pages: "Pages", condition: "Condition", language: "Language",
  incipit: "Incipit", epigraph: "Epigraph", notes: "Notes",
  pageCounts: ["410", "410", "410", "410, of which {n} blank", "409; one leaf torn out", "410, bound out of order", "410, the last {few} pasted together"],
  conditions: [
    "good", "spine cracked", "foxed throughout", "stained by lamp soot on pages {n} to {page}", "scorched at the lower edge",
    "water-marked, though no one knows from what water", "cover missing; pages sound", "sewn with a reader's hair",
    "gnawed at the corners", "pages uncut after page {n}", "much thumbed at page {page}",
  ],
  languages: [
    "Spanish", "English", "Latin, or something near it", "a dialect of the lower galleries", "Portuguese with Spanish spellings",
    "an unknown script of twenty-five symbols", "none that anyone here reads", "Galician", "Catalan", "numbers only",
    "Greek letters, Spanish words", "a mixture; changes language at page {page}",
  ],
  incipits: [
    "In the beginning was the shelf, and the shelf was full.", "Reader, you will not finish this book.",
    "Of the {n} staircases I have known, this one is the steepest.", "The lamp had been dim for {n} vigils when I began to write.",
    "Everything that follows is true in some hexagon.", "I was born in {hex}, {n} hexagons above the Well.",
    "Count the letters of this page and you will know my name.", "The first word of this book is a lie; the second, a correction.",
    "Here the author of {known_title} is answered, point by point.", "There are five shelves to every wall, and I have read one.",
  ],
  noteLines: [
    "Borrowed by {person}; not returned.", "Declared useless by {burners}; not yet burned.", "A copy of {known_title}, differing by one comma.",
    "Found open at page {page}.", "Shelved out of order; leave it there.", "Nobody has read it entire.",
    "Annotated in the margins in a small, frightened hand.", "Two copies on this shelf; the other is upside down.",
    "Consulted {n} times this year, always by the same reader.", "The title on the spine does not match the title page.",
    "Moved here from {hex} after the burnings.", "Asked for by pilgrims; never by the same one twice.",
  ],
};

const ES: Fields = {
  head: "CATÁLOGO DEL HEXÁGONO {home} — pared {wall}, anaquel {shelf}",
  entry: "Asiento", shelf: "Anaquel", hexagon: "Hexágono", title: "Título", pages: "Páginas", condition: "Estado", language: "Lengua",
  incipit: "Íncipit", epigraph: "Epígrafe", notes: "Notas",
  pageCounts: ["410", "410", "410", "410, de ellas {n} en blanco", "409; falta una hoja", "410, encuadernadas en desorden"],
  conditions: [
    "bueno", "lomo agrietado", "manchado de hollín de lámpara entre las páginas {n} y {page}", "chamuscado en el borde inferior",
    "sin tapas; páginas sanas", "roído en las esquinas", "muy manoseado en la página {page}", "páginas sin cortar desde la {n}",
  ],
  languages: [
    "español", "inglés", "latín, o algo parecido", "un dialecto de las galerías bajas", "portugués con ortografía castellana",
    "una escritura desconocida de veinticinco símbolos", "ninguna que aquí se lea", "gallego", "catalán", "solo números",
  ],
  incipits: [
    "En el principio era el anaquel, y el anaquel estaba lleno.", "Lector, no terminarás este libro.",
    "De las {n} escaleras que he conocido, esta es la más empinada.", "Todo lo que sigue es verdad en algún hexágono.",
    "Nací en {hex}, a {n} hexágonos por encima del Pozo.", "Cuenta las letras de esta página y sabrás mi nombre.",
    "La primera palabra de este libro es mentira; la segunda, una enmienda.", "Aquí se responde, punto por punto, al autor de {known_title}.",
  ],
  noteLines: [
    "Prestado a {person}; no devuelto.", "Declarado inútil por {burners}; aún no quemado.", "Copia de {known_title}, con una coma de diferencia.",
    "Hallado abierto en la página {page}.", "Fuera de su sitio; déjese donde está.", "Nadie lo ha leído entero.",
    "Anotado en los márgenes con letra menuda y temerosa.", "Dos ejemplares en este anaquel; el otro, al revés.",
    "El título del lomo no coincide con el de la portada.", "Traído de {hex} después de las quemas.",
  ],
};

export interface CatalogueOptions {
  /** Spanish proverbs the entries may carry as epigraphs; empty for none. */
  epigraphs: () => string | undefined;
}

export function writeCatalogue(ctx: StyleContext, opts: CatalogueOptions): { text: string; epigraphs: number } {
  const { rng, lang } = ctx;
  const f = lang === "en" ? EN : ES;
  const slots: Slots = commonSlots(rng, ctx.world, lang, ctx.hexagon);
  const wall = rng.int(1, 4);
  const shelf = rng.int(1, 5);
  let number = rng.int(1, 6000) + ctx.page * 7;
  let epigraphs = 0;
  const say = (templates: readonly string[]): string => expand(rng.pick(templates), rng, slots);
  const head = expand(f.head, rng, { ...slots, wall: () => String(wall), shelf: () => String(shelf) });
  const body = fillUnits((_, room) => {
    const { title, babel } = shelfTitle(rng, lang, slots);
    // Optional fields carry their rank: a card short of room drops the lowest first.
    const lines: [line: string, rank: number][] = [
      [`${f.entry} ${number}.`, 9],
      [`${f.shelf}: ${shelf}, ${lang === "en" ? "wall" : "pared"} ${wall}`, 2],
      [`${f.hexagon}: ${ctx.hexagon}`, 1],
      [`${f.title}: «${title}»`, 9],
      [`${f.pages}: ${say(f.pageCounts)}`, 9],
      [`${f.condition}: ${say(f.conditions)}`, 8],
      [`${f.language}: ${babel ? (lang === "en" ? "none that anyone here reads" : "ninguna que aquí se lea") : say(f.languages)}`, 3],
      [`${f.incipit}: «${babel ? babelLine(rng).slice(0, rng.int(30, 60)).trim() : say(f.incipits)}»`, 6],
    ];
    number += rng.int(1, 3);
    const epigraph = rng.chance(0.35) ? opts.epigraphs() : undefined;
    if (epigraph) lines.push([`${f.epigraph}: «${epigraph}»`, 5]);
    if (rng.chance(0.7)) lines.push([`${f.notes}: ${say(f.noteLines)}`, 4]);
    for (let rank = 1; rank <= 6 && ctx.measure(lines.map(([l]) => l).join("\n")) > room; rank++) {
      for (let i = lines.length - 1; i >= 0; i--) if (lines[i]![1] === rank) lines.splice(i, 1);
    }
    if (lines.some(([l]) => l.startsWith(`${f.epigraph}:`))) epigraphs += 1;
    return lines.map(([l]) => l).join("\n");
  }, { min: ctx.target.min - ctx.measure(head), max: ctx.target.max - ctx.measure(head) - 1 }, ctx.measure);
  return { text: `${head}\n\n${body}`, epigraphs };
}
