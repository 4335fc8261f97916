import type { BookStyle } from "../canon/schema.js";
import type { Rng } from "../rng.js";
import { babelTitle } from "./styles/babel.js";
import { expand, roman, type Slots } from "./text-kit.js";

/**
 * Book titles per style and language. A title says what kind of book it is — the prompt
 * gives the model the title, and a model should be able to guess the style from it as a
 * reader would from a spine. Treatise titles come from their doctrine (heresies.ts).
 */
type TitledStyle = Exclude<BookStyle, "heretical_treatise" | "babel">;

const TITLES: Record<TitledStyle, { en: string[]; es: string[] }> = {
  chronicle: {
    en: [
      "Chronicle of {hex}", "Annals of the [Lower|Upper|Northern|Eastern] Galleries", "A Chronicle of the Burnings", "Annals of {place}",
      "Record of the Vigils of {hex}", "The Years of the Count, Book {roman}", "What Happened Below {place}", "Chronicle of the Dim Lamps",
      "The Book of Days of {hex}", "Annals of the [Copyists|Pilgrims|Readers|Counters] of {hex}",
    ],
    es: [
      "Crónica de {hex}", "Anales de las galerías [bajas|altas|del norte|del este]", "Crónica de las quemas", "Anales de {place}",
      "Libro de las vigilias de {hex}", "Los años del Recuento, libro {roman}", "Crónica de las lámparas tenues",
      "Anales de los [copistas|peregrinos|lectores] de {hex}",
    ],
  },
  catalogue_entry: {
    en: [
      "Catalogue of Hexagon {home}", "Register of Wall {wall}, {home}", "Inventory of the Shelves of {place}",
      "Partial Catalogue of {home}, Folio {roman}", "Index of Shelf {shelf}, {home}", "Catalogue of the Misshelved, {home}",
    ],
    es: [
      "Catálogo del hexágono {home}", "Registro de la pared {wall}, {home}", "Inventario de los anaqueles de {place}",
      "Catálogo parcial de {home}, folio {roman}", "Índice del anaquel {shelf}, {home}",
    ],
  },
  cartographers_log: {
    en: [
      "Log of the Descent from {home}", "Routes Between {hex} and {hex}", "Cartographer's Log, Leaf {roman}", "Counts of the North Stair",
      "Itinerary Toward {place}", "A Survey of the Galleries Around {home}", "Field Book of the Stairs, {roman}",
    ],
    es: [
      "Cuaderno de rutas, hoja {roman}", "Bitácora del descenso desde {home}", "Rutas entre {hex} y {hex}", "Cuenta de la escalera del norte",
      "Itinerario hacia {place}", "Levantamiento de las galerías de {home}",
    ],
  },
  // A form and a subject: enough titles that two poems seldom share one.
  poem: {
    en: [
      "[Songs|Litany|Nocturne|Hymn|Elegy|Ballad|Verses|Psalms|Canticle|Lines|Small Songs] [of the Spiral Stair|of the Lamps|for {hex}|of the Air Shaft|of the Four Hundred and Ten Pages|for {person}|of the Well|of Dust|of the Mirror|of the Empty Shelf|of the Last Reader|of the Railing|of the Unread|of the Vestibule|of {place}]",
      "Lines Written on a Blank Page of {hex}", "The Reader's Psalter, {roman}", "Verses Found in {place}",
    ],
    es: [
      "[Coplas|Letanía|Nocturno|Romance|Elegía|Cantar|Canciones|Salmos|Versos] [del Pozo|de las lámparas|de {hex}|de la escalera|del espejo|del polvo|por {person}|del lector sin libro|del anaquel vacío|del pozo de aire|de la baranda|de {place}]",
      "Versos hallados en {place}", "Cancionero de {hex}",
    ],
  },
};

// Books named inside other books (catalogue entries): the Library's wider shelf.
const SHELF_EN = [
  "The Grammar of Dust", "Commentary on a Lost Commentary", "Tables of the Unreturned Books", "Axioms of the Lower Galleries",
  "Manual for Sleeping Standing Up", "The Treatise of the Sixth Wall", "Concordance of Every Comma", "On Counting Stairs",
  "Lives of the Librarians", "The Index of Blank Pages", "Mirror Prayers", "The Lamp-Keeper's Almanac",
];
const SHELF_ES = [
  "Gramática del polvo", "Comentario a un comentario perdido", "Tablas de los libros no devueltos", "Axiomas de las galerías bajas",
  "Manual para dormir de pie", "Concordancia de todas las comas", "Vidas de los bibliotecarios", "Almanaque del lamparero",
];

export function styleTitle(rng: Rng, style: TitledStyle, lang: "en" | "es", slots: Slots): string {
  return expand(rng.pick(TITLES[style][lang]), rng, { ...slots, roman: () => roman(rng.int(1, 40)) });
}

/** Any title a catalogue might list: a known book, a made-up one, or a run of babel letters. */
export function shelfTitle(rng: Rng, lang: "en" | "es", slots: Slots): { title: string; babel: boolean } {
  const u = rng.float();
  if (u < 0.15) return { title: slots.known_title!().replace(/[«»]/g, ""), babel: false };
  if (u < 0.3) return { title: babelTitle(rng), babel: true };
  if (u < 0.6) return { title: rng.pick(lang === "en" ? SHELF_EN : SHELF_ES), babel: false };
  return { title: styleTitle(rng, rng.pick(["chronicle", "cartographers_log", "poem"] as const), lang, slots), babel: false };
}
