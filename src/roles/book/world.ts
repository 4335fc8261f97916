import type { Canon } from "../canon/schema.js";
import type { Rng } from "../rng.js";
import { countWord, groupDigits, type Slots } from "./text-kit.js";

/**
 * What the book generators may name: places, sects, titles and lore terms, taken from
 * canon when there is one. Without canon they fall back on the few facts every persona
 * card already states (the Reading Room at H-0412, the Well at H-0409, …), so the data
 * builds with an empty or absent canon. Only chapter-1 facts go into ordinary books: a
 * book can turn up on any shelf at any time, and must not spoil later chapters.
 */
export interface BookPlace {
  en: string;
  es: string;
  hexagon: string;
}

export interface BookFaction {
  en: string;
  es: string;
}

export interface BookWorld {
  places: BookPlace[];
  factions: BookFaction[];
  /** Titles of books the world knows, to be cited inside other books. */
  titles: string[];
  /** The chapter this view is of: doctrines of later chapters stay out of earlier books. */
  chapter: number;
  /** The sect that burns books: chronicles need someone to blame for the smoke. */
  burners: BookFaction;
}

const FALLBACK: BookWorld = {
  places: [
    { en: "the Reading Room", es: "la Sala de Lectura", hexagon: "H-0412" },
    { en: "the Well", es: "el Pozo", hexagon: "H-0409" },
    { en: "the Map Room", es: "la Sala de Mapas", hexagon: "H-0420" },
    { en: "the broken staircase", es: "la escalera rota", hexagon: "H-0433" },
    { en: "the gallery of the dim lamp", es: "la galería de la lámpara tenue", hexagon: "H-0427" },
    { en: "the hexagon of the burnings", es: "el hexágono de las quemas", hexagon: "H-0440" },
  ],
  factions: [
    { en: "the Purifiers", es: "los Purificadores" },
    { en: "the pilgrims", es: "los peregrinos" },
  ],
  titles: ["Crónica de los Purificadores", "Vindicación de Nadie", "Tratado del Hexágono Vacío", "Índice de los Índices"],
  chapter: 1,
  burners: { en: "the Purifiers", es: "los Purificadores" },
};

const article = (name: string): string => (/^(the|a|an)\s/i.test(name) ? name : `the ${name}`);

/** The world as books see it up to `chapter` (1 for ordinary books). */
export function bookWorld(canon: Canon | undefined, chapter = 1): BookWorld {
  if (!canon) return { ...FALLBACK, chapter };
  const places = canon.places
    .filter((p) => p.first_chapter <= chapter)
    .map((p) => ({ en: article(p.name), es: p.name_es ?? p.name, hexagon: p.hexagon }));
  const factions = canon.factions
    .filter((f) => f.first_chapter <= chapter)
    .map((f) => ({ en: article(f.name), es: f.name_es ?? f.name }));
  const titles = canon.books.filter((b) => b.first_chapter <= chapter).map((b) => b.title);
  const burners = factions.find((f) => /purif|burn|quem/i.test(`${f.en} ${f.es}`)) ?? FALLBACK.burners;
  return {
    places: places.length > 0 ? places : FALLBACK.places,
    factions: factions.length > 0 ? factions : FALLBACK.factions,
    titles: titles.length > 0 ? titles : FALLBACK.titles,
    chapter,
    burners,
  };
}

// Minor people of the galleries: no persona's name, so no book gossips about an NPC's secrets.
const PEOPLE = [
  "Anselmo", "Fray Tadeo", "Remedios", "Baltasar the copyist", "Leocadia", "Ulpiano", "Casilda", "Nicasio",
  "Sor Brígida", "blind Eusebio", "Tomasa", "Ezequiel", "Amparo", "Dámaso", "Fermina", "Gumersindo", "Rosendo",
  "Visitación", "Olegario", "Perpetua", "Crisanto", "Escolástica", "Hilario", "Benigna", "Lisardo", "Pancracio",
];
const PEOPLE_ES = PEOPLE.map((p) => p.replace(" the copyist", " el copista").replace("blind Eusebio", "el ciego Eusebio"));

const GROUPS_EN = ["pilgrims", "copyists", "readers", "librarians", "lamp-keepers", "children of the lower galleries", "mapmakers", "counters of books"];
const GROUPS_ES = ["peregrinos", "copistas", "lectores", "bibliotecarios", "lampareros", "niños de las galerías bajas", "cartógrafos", "contadores de libros"];

/** A hexagon near `home`: the galleries a chronicler or a cartographer actually walks. */
export function nearHexagon(rng: Rng, home: string, spread = 30): string {
  const n = Number(home.slice(2));
  const m = Math.min(9999, Math.max(1, n + rng.int(-spread, spread)));
  return `H-${String(m === n ? (n % 9999) + 1 : m).padStart(4, "0")}`;
}

/** Where a book is shelved: mostly the known neighbourhood, sometimes far off, sometimes a named place. */
export function shelfHexagon(rng: Rng, world: BookWorld): string {
  const u = rng.float();
  if (u < 0.2) return rng.pick(world.places).hexagon;
  if (u < 0.7) return `H-${String(rng.int(400, 460)).padStart(4, "0")}`;
  return `H-${String(rng.int(1, 9999)).padStart(4, "0")}`;
}

/** The slots every style shares, in one language, around one book's hexagon. */
export function commonSlots(rng: Rng, world: BookWorld, lang: "en" | "es", home: string): Slots {
  const en = lang === "en";
  // Decks, not picks: within one passage a name comes back only after all the others have.
  const person = rng.deck(en ? PEOPLE : PEOPLE_ES);
  const group = rng.deck(en ? GROUPS_EN : GROUPS_ES);
  const place = rng.deck(world.places);
  return {
    person,
    group,
    hex: () => nearHexagon(rng, home),
    far_hex: () => `H-${String(rng.int(1, 9999)).padStart(4, "0")}`,
    home: () => home,
    place: () => {
      const p = place();
      return en ? p.en : p.es;
    },
    faction: () => {
      const f = rng.pick(world.factions);
      return en ? f.en : f.es;
    },
    burners: () => (en ? world.burners.en : world.burners.es),
    known_title: () => `«${rng.pick(world.titles)}»`,
    few: () => countWord(rng.int(2, 9), lang),
    n: () => String(rng.int(2, 99)),
    big: () => groupDigits(rng.int(120, 9999), lang),
    page: () => String(rng.int(1, 410)),
    shelf: () => String(rng.int(1, 5)),
    wall: () => String(rng.int(1, 4)),
  };
}
