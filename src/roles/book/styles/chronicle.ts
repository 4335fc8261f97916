import { expand, ordinalWord, prose, type Slots } from "../text-kit.js";
import { commonSlots } from "../world.js";
import { fillUnits, type StyleContext } from "./context.js";

/**
 * Chronicles: dated entries of what happened in the galleries. The Library has no sun,
 * so chroniclers count years from an era of their sect and days in vigils (the turns of
 * the lamps); the years move on from page to page of a book.
 */
const ERAS_EN = ["of the Count", "since the Last Burning", "of the Dim Lamp", "after the Schism of the Stairs", "of the Second Catalogue", "since the Well was first measured"];
const ERAS_ES = ["del Recuento", "desde la Última Quema", "de la Lámpara Tenue", "tras el Cisma de las Escaleras", "del Segundo Catálogo", "desde que se midió el Pozo"];
const VIGILS_ES = ["", "primera", "segunda", "tercera", "cuarta", "quinta", "sexta", "séptima", "octava", "novena", "décima"];

// Lines a reader might find legible in a book of noise: the Library's rare miracles.
const LEGIBLE_EN = [
  "the door is not where you left it", "count the lamps before you sleep", "here ends the staircase that has no end",
  "I have been this page before", "whoever reads this is already late", "the mirror lies about the number of galleries",
  "there is no second floor of the sky", "the catalogue forgets those who consult it",
];
const LEGIBLE_ES = [
  "la puerta no está donde la dejaste", "cuenta las lámparas antes de dormir", "aquí termina la escalera que no termina",
  "yo ya fui esta página", "quien lee esto ya llega tarde", "el espejo miente sobre el número de galerías",
  "el catálogo olvida a quien lo consulta", "no hay más cielo que el techo",
];

const EVENTS_EN = [
  "{person} came up the spiral staircase from {hex} with {few} {group} and asked for the book that would justify a life; nobody in the gallery could say where it was shelved.",
  "The lamps of {hex} flickered [three times|all through the vigil|until the second vigil], and the gallery below was found empty of readers.",
  "{Burners} passed through on the east stairs and burned {few} books they judged useless; the ash was swept into the air shaft.",
  "A book was found on shelf {shelf} of wall {wall} in which a whole line could be read: «{legible}». The rest was noise.",
  "{person} died in the vestibule of {hex} and was given to the shaft, as is the custom; the fall is said to last forever.",
  "The copyists of {hex} finished their count: {big} volumes on the four walls, and no two alike.",
  "A quarrel broke out in {place} over whether the symbols of the books are twenty-two or twenty-five; it ended when the lamp went out.",
  "A party of {group} arrived from the lower galleries speaking a dialect nobody understood; they left behind a page of {known_title}.",
  "Nothing happened. The chronicler records it, because in the Library nothing is the rarest of events.",
  "The mirror in the vestibule of {hex} was found turned to the wall, and nobody would say who had turned it.",
  "{person} swore to have seen, down the air shaft, a hexagon whose lamp burned a different colour.",
  "The staircase between {hex} and {hex} was measured again: {n} steps going down and {n} coming up, which [settles nothing|troubles the mapmakers|is how it always is].",
  "A child in {hex} learned to read from a book in which every line repeats the same three letters.",
  "{person} set out for {far_hex} in search of {known_title} and has not come back.",
  "Word reached us that {faction} have found the catalogue of catalogues; nobody believes it, and everybody went to look.",
  "{person}, who had copied the same page for {n} years, found a mistake in it and wept.",
  "A book with nothing on its spine fell from the top shelf of {hex} and lay open at page {page}; the page was blank, which nobody had seen before.",
  "The readers of {hex} agreed to speak only in whispers after the lamp of the gallery began to hum.",
  "A band of {group} spent the vigil arguing whether {known_title} is one book or many copies of one book.",
  "{person} came back from below {place} counting wrong, and would not say what was down there.",
  "The railing of {hex} was mended with the spines of burned books.",
  "There was a failure of the lamps across {few} hexagons; in the dark the galleries sounded larger.",
  "Two sects met on the staircase of {hex} and neither would make way; the argument lasted {n} steps.",
  "{person} reported that the books of {far_hex} are written from right to left; the report was shelved where nobody will read it.",
  "The travellers slept standing up in the narrow closet of the vestibule, as travellers do.",
  "The catalogue of {place} was corrected in {n} places and spoiled in {few}.",
  "Smoke came up the shaft from below; {burners} were at work again.",
  "{person} claimed to have read the book of every life in the gallery, and would not say whose ended first; [the gallery was silent|nobody asked to see it|we asked no more questions].",
  "A dispute about the number of shelves on each wall was settled by counting: five, as always.",
  "The {group} of {hex} held a wake for their lamp, which had gone out at last; at the next vigil it was lit again, and nobody admits to lighting it.",
  "A page torn from {known_title} was found folded into the shape of a boat on the rim of the Well.",
  "The chronicler of {hex} died; this chronicle is kept by {person} from this line on.",
  "{person} found {few} copies of the same book differing only in a comma, and shelved them side by side.",
  "A pilgrim asked us which way is up. We pointed both ways.",
  "{Burners} nailed a notice to the shelves of {hex}: the books of {far_hex} are declared useless.",
  "We heard singing from {place}; it was the copyists, reading a book of numbers aloud.",
  "Dust fell from the upper galleries all through the vigil, as if a thousand books were being shaken out at once.",
  "{person} tried to walk in a straight line through the galleries and, after {n} hexagons, came back to the same lamp.",
  "A reader of {hex} found her own name on page {page} of a book in a language she does not speak.",
  "The {group} traded {few} blank pages for a map of the stairs below {place}; the map was wrong, as maps are.",
];

const CODAS_EN = [
  "Of this we say no more.", "It is written here so that it will have happened.", "The lamps did not go out.",
  "Let whoever finds this page count the steps again.", "Everything has already been written; this too.",
  "The Library is unlimited, and so is our patience.", "We record it without understanding it.",
];

const EVENTS_ES = [
  "{person} subió por la escalera de caracol desde {hex} con {few} {group} y preguntó por el libro que justificara una vida; nadie en la galería supo decir dónde estaba.",
  "Las lámparas de {hex} parpadearon [tres veces|toda la vigilia|hasta la segunda vigilia], y la galería de abajo quedó vacía de lectores.",
  "{Burners} pasaron por la escalera del este y quemaron {few} libros que juzgaron inútiles; la ceniza se barrió hacia el pozo de aire.",
  "En el anaquel {shelf} de la pared {wall} apareció un libro en el que se leía una línea entera: «{legible}». Lo demás era ruido.",
  "{person} murió en el zaguán de {hex} y su cuerpo fue entregado al pozo de aire, como es costumbre; dicen que la caída no termina nunca.",
  "Los copistas de {hex} acabaron su recuento: {big} volúmenes en las cuatro paredes, y ninguno igual a otro.",
  "En {place} estalló una disputa sobre si los símbolos de los libros son veintidós o veinticinco; terminó cuando se apagó la lámpara.",
  "Llegó de las galerías bajas un grupo de {group} que hablaba un dialecto que nadie entendía; dejaron una página de {known_title}.",
  "No pasó nada. El cronista lo anota, porque en la Biblioteca la nada es el más raro de los sucesos.",
  "El espejo del zaguán de {hex} apareció vuelto hacia la pared, y nadie quiso decir quién lo había vuelto.",
  "{person} juró haber visto, por el pozo de aire, un hexágono cuya lámpara ardía de otro color.",
  "Se midió otra vez la escalera entre {hex} y {hex}: {n} peldaños de bajada y {n} de subida, [lo que no resuelve nada|lo que inquieta a los cartógrafos|como siempre].",
  "{person} partió hacia {far_hex} en busca de {known_title} y no ha vuelto.",
  "Nos llegó el rumor de que {faction} han hallado el catálogo de catálogos; nadie lo cree, y todos fueron a mirar.",
  "{person}, que llevaba {n} años copiando la misma página, encontró en ella un error y lloró.",
  "Un libro sin nada escrito en el lomo cayó del anaquel más alto de {hex} y quedó abierto en la página {page}; la página estaba en blanco, cosa que nadie había visto.",
  "Los lectores de {hex} acordaron hablar solo en voz baja desde que la lámpara de la galería empezó a zumbar.",
  "{person} volvió de más abajo de {place} contando mal, y no quiso decir qué había allí.",
  "La baranda de {hex} se remendó con los lomos de libros quemados.",
  "Fallaron las lámparas en {few} hexágonos; a oscuras, las galerías sonaban más grandes.",
  "El catálogo de {place} se corrigió en {n} lugares y se estropeó en {few}.",
  "Subió humo por el pozo de aire; {burners} habían vuelto a su trabajo.",
  "Un peregrino nos preguntó hacia dónde queda arriba. Señalamos en las dos direcciones.",
  "Cayó polvo de las galerías altas durante toda la vigilia, como si alguien sacudiera mil libros a la vez.",
  "{person} encontró {few} ejemplares del mismo libro que solo difieren en una coma, y los puso juntos en el anaquel.",
  "El cronista de {hex} murió; desde esta línea lleva la crónica {person}.",
];

const CODAS_ES = [
  "De esto no diremos más.", "Se escribe aquí para que haya sucedido.", "Las lámparas no se apagaron.",
  "Quien halle esta página, que vuelva a contar los peldaños.", "Todo está ya escrito; esto también.",
  "Lo anotamos sin entenderlo.",
];

function chronicleSlots(ctx: StyleContext): Slots {
  const base = commonSlots(ctx.rng, ctx.world, ctx.lang, ctx.hexagon);
  const upper = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
  return {
    ...base,
    Faction: () => upper(base.faction!()),
    Burners: () => upper(base.burners!()),
    legible: () => ctx.rng.pick(ctx.lang === "en" ? LEGIBLE_EN : LEGIBLE_ES),
  };
}

/** The date line of an entry; `year` moves on with the book's pages, `vigil` within a page. */
export function chronicleDate(lang: "en" | "es", year: number, era: string, vigil: number): string {
  return lang === "en" ? `Year ${year} ${era}, ${ordinalWord(vigil, "en")} vigil.` : `Año ${year} ${era}, ${VIGILS_ES[vigil] ?? `${vigil}.ª`} vigilia.`;
}

/** A chronicle's era and first year, fixed per book (drawn from the book's own stream before any page). */
export function chronicleEra(ctx: Pick<StyleContext, "rng" | "lang">): { era: string; year: number } {
  return { era: ctx.rng.pick(ctx.lang === "en" ? ERAS_EN : ERAS_ES), year: ctx.rng.int(3, 900) };
}

export function writeChronicle(ctx: StyleContext, era: { era: string; year: number }): string {
  const { rng, lang } = ctx;
  const slots = chronicleSlots(ctx);
  const events = lang === "en" ? EVENTS_EN : EVENTS_ES;
  const codas = lang === "en" ? CODAS_EN : CODAS_ES;
  const year = era.year + ctx.page * rng.int(1, 3);
  let vigil = rng.int(1, 3);
  const used = new Set<string>();
  return fillUnits((_, room) => {
    const sentences = [chronicleDate(lang, year, era.era, vigil)];
    vigil = Math.min(10, vigil + rng.int(1, 2));
    // A Spanish event costs ~50–90 tokens: a tight page gets a one-event entry.
    const count = room < 160 ? 1 : rng.weightedParallel([1, 2, 3], [3, 4, 2]);
    for (let i = 0; i < count; i++) {
      let template = rng.pick(events);
      for (let t = 0; t < 4 && used.has(template); t++) template = rng.pick(events);
      used.add(template);
      sentences.push(expand(template, rng, slots));
    }
    if (rng.chance(0.3)) sentences.push(rng.pick(codas));
    return prose(sentences);
  }, ctx.target, ctx.measure);
}
