import type { Rng } from "../../rng.js";
import { expand, prose, roman, type Slots } from "../text-kit.js";
import { commonSlots } from "../world.js";
import { fillUnits, type StyleContext } from "./context.js";
import { HERESIES_EN, HERESIES_ES, type Heresy } from "./heresies.js";

/**
 * Heretical treatises: argumentative prose about what the Library means. A book argues
 * one doctrine from page to page, in one of three shapes — numbered propositions, a
 * thesis with objections and replies, or a polemic against another doctrine — so a model
 * must learn the moves of an argument, not one fixed layout.
 */
interface Moves {
  thesis: string[];
  first: string[];
  then: string[];
  objection: string[];
  reply: string[];
  conclusion: string[];
  aside: string[];
  /** Arguments any doctrine may lean on once its own are spent. */
  support: string[];
  /** How a later page of a treatise picks the thread up again. */
  resume: string[];
  polemic: string[];
  error: string[];
  propLabel: (n: number) => string;
  propFirst: string;
  propFor: string[];
}

const EN: Moves = {
  thesis: [
    "I hold that {claim}.", "I affirm, against the librarians of {place}, that {claim}.", "Let it be written at last that {claim}.",
    "I have come to believe, after {n} years among these shelves, that {claim}.", "This treatise maintains that {claim}.",
  ],
  first: ["Consider, first, that {arg}.", "Observe that {arg}.", "Begin with this: {arg}.", "It is plain that {arg}."],
  then: ["It follows that {arg}.", "Moreover, {arg}.", "Add to this that {arg}.", "Nor should we forget that {arg}.", "And again: {arg}.", "Further, {arg}."],
  objection: [
    "It will be objected that {obj}.", "The {group} of {hex} object that {obj}.", "{Faction} will say that {obj}.",
    "My opponents reply that {obj}.", "A reader in {place} once told me that {obj}.",
  ],
  reply: ["I answer that {rep}.", "To which I reply: {rep}.", "The answer is simple: {rep}.", "But {rep}.", "I grant it, and add that {rep}."],
  conclusion: [
    "Therefore {claim}.", "Let the reader conclude, then, that {claim}.", "So it is that {claim}.",
    "Whoever has followed me this far must admit that {claim}.",
  ],
  aside: [
    "I write this in {home}, {n} hexagons from the nearest reader who would agree with me.",
    "My teacher, {person}, was thrown down the shaft for saying less.", "Let no one mistake this for despair.",
    "This is not a new doctrine; it is an old one that was shelved in the wrong hexagon.",
    "Whoever doubts it may go and count.", "Let this page be burned; its copies will not be.",
    "I have written this by the light of a lamp that does not go out.",
  ],
  support: [
    "the old librarians knew this, and wrote it in books that were later burned",
    "anyone who has spent a vigil in {hex} has felt it, even without the words for it",
    "a single counter-example would refute me, and in {n} years none has been brought",
    "the lamps, which never quite go out, are a parable of it",
    "every sect agrees with it in private and denies it on the stairs",
    "those who laugh at it have not read page {page} of {known_title}",
    "the evidence is on every shelf, for whoever reads the shelves and not only the books",
    "we have too long confused the order of the shelves with the order of the world",
    "the catalogues themselves, read backwards, say the same",
    "no traveller who came back from {far_hex} has said otherwise",
  ],
  resume: [
    "I return to my thesis: {claim}.", "Let me say it again, for those who skipped the last page: {claim}.",
    "We left the argument on the stair; I take it up again.", "The previous page was burned twice; I write it a third time.",
  ],
  polemic: ["The author of {known_title} holds that {other}.", "{Faction} teach that {other}.", "It is said in {place} that {other}."],
  error: ["This is an error, and an old one.", "Nothing could be further from the truth.", "It is false, and here is why.", "I will show that the opposite is the case."],
  propLabel: (n) => `${roman(n)}.`,
  propFirst: "That {claim}.",
  propFor: ["For {arg}.", "Because {arg}.", "Since {arg}."],
};

const ES: Moves = {
  thesis: [
    "Sostengo que {claim}.", "Afirmo, contra los bibliotecarios de {place}, que {claim}.", "Quede escrito por fin que {claim}.",
    "He llegado a creer, tras {n} años entre estos anaqueles, que {claim}.", "Este tratado sostiene que {claim}.",
  ],
  first: ["Considérese, primero, que {arg}.", "Obsérvese que {arg}.", "Empecemos por esto: {arg}.", "Es evidente que {arg}."],
  then: ["De ello se sigue que {arg}.", "Además, {arg}.", "Añádase que {arg}.", "Y no olvidemos que {arg}."],
  objection: ["Se objetará que {obj}.", "Los {group} de {hex} objetan que {obj}.", "Mis adversarios responden que {obj}.", "Un lector de {place} me dijo una vez que {obj}."],
  reply: ["Respondo que {rep}.", "A lo cual contesto: {rep}.", "La respuesta es sencilla: {rep}.", "Lo concedo, y añado que {rep}."],
  conclusion: ["Por lo tanto, {claim}.", "Concluya el lector, pues, que {claim}.", "Así pues, {claim}."],
  aside: [
    "Escribo esto en {home}, a {n} hexágonos del lector más cercano que me daría la razón.",
    "Mi maestro, {person}, fue arrojado por el pozo de aire por decir menos.", "Que nadie confunda esto con la desesperación.",
    "Quien lo dude, que vaya y cuente.", "Quemen esta página; sus copias no arderán.",
  ],
  support: [
    "los bibliotecarios antiguos lo sabían, y lo escribieron en libros que luego fueron quemados",
    "quien haya pasado una vigilia en {hex} lo ha sentido, aunque no tenga palabras para ello",
    "bastaría un solo contraejemplo para refutarme, y en {n} años nadie lo ha traído",
    "las lámparas, que nunca se apagan del todo, son una parábola de ello",
    "todas las sectas lo admiten en privado y lo niegan en la escalera",
    "quienes se ríen no han leído la página {page} de {known_title}",
    "la prueba está en cada anaquel, para quien lee los anaqueles y no solo los libros",
  ],
  resume: [
    "Vuelvo a mi tesis: {claim}.", "Lo repito para quien se saltó la página anterior: {claim}.",
    "Dejamos el argumento en la escalera; lo retomo.",
  ],
  polemic: ["El autor de {known_title} sostiene que {other}.", "Se dice en {place} que {other}."],
  error: ["Es un error, y antiguo.", "Nada más lejos de la verdad.", "Es falso, y diré por qué."],
  propLabel: (n) => `${roman(n)}.`,
  propFirst: "Que {claim}.",
  propFor: ["Porque {arg}.", "Pues {arg}.", "Ya que {arg}."],
};

export function pickHeresy(rng: Rng, lang: "en" | "es", chapter: number): Heresy {
  return rng.pick((lang === "en" ? HERESIES_EN : HERESIES_ES).filter((h) => (h.chapter ?? 1) <= chapter));
}

export function writeTreatise(ctx: StyleContext, heresy: Heresy): string {
  const { rng, lang } = ctx;
  const m = lang === "en" ? EN : ES;
  const base = commonSlots(rng, ctx.world, lang, ctx.hexagon);
  const others = (lang === "en" ? HERESIES_EN : HERESIES_ES).filter((h) => h.key !== heresy.key && (h.chapter ?? 1) <= ctx.world.chapter);
  // The doctrine's own reasons come first; once they are spent, the sect's stock arguments.
  const ownArgs = rng.shuffle([...heresy.args]);
  const stockArg = rng.deck(m.support);
  const nextArg = (): string => ownArgs.pop() ?? stockArg();
  const objections = rng.shuffle([...heresy.objections]);
  let [obj, rep] = objections[0]!;
  const asides = rng.deck(m.aside);
  const slots: Slots = {
    ...base,
    Faction: () => {
      const f = base.faction!();
      return f.charAt(0).toUpperCase() + f.slice(1);
    },
    claim: () => heresy.claim,
    arg: () => expand(nextArg(), rng, base),
    obj: () => obj,
    rep: () => rep,
    other: () => rng.pick(others).claim,
  };
  const say = (templates: readonly string[]): string => expand(rng.pick(templates), rng, slots);
  const aside = (): string => expand(asides(), rng, slots);
  const objectionPair = (): string[] => {
    [obj, rep] = objections.pop()!;
    return [say(m.objection), say(m.reply)];
  };
  const shape = rng.weightedParallel(["propositions", "dialectic", "polemic"] as const, [3, 4, 3]);

  if (shape === "propositions") {
    let n = ctx.page * 5;
    return fillUnits((i) => {
      n += 1;
      if (i === 0 && ctx.page === 0) return `${m.propLabel(n)} ${expand(m.propFirst, rng, slots)}`;
      if (objections.length > 0 && rng.chance(0.25)) return `${m.propLabel(n)} ${prose(objectionPair())}`;
      if (rng.chance(0.15)) return `${m.propLabel(n)} ${aside()}`;
      return `${m.propLabel(n)} ${prose([say(m.propFor)])}`;
    }, ctx.target, ctx.measure, "\n");
  }

  let concluded = false;
  // `room` keeps a short page to its thesis: a Spanish sentence of doctrine costs ~60–90 tokens.
  return fillUnits((i, room) => {
    const sentences: string[] = [];
    if (i === 0) {
      if (shape === "polemic" && room > 220) sentences.push(say(m.polemic), say(m.error), say(m.thesis));
      else sentences.push(say(ctx.page === 0 || room < 220 ? m.thesis : m.resume));
      if (room > 220 && rng.chance(0.4)) sentences.push(aside());
      return prose(sentences);
    }
    if (room < 120) return prose([rng.chance(0.5) ? say(m.first) : aside()]);
    const kind = rng.weightedParallel(["args", "objection", "conclusion"] as const, [5, objections.length > 0 ? 3 : 0, concluded || i < 2 ? 0 : 2]);
    if (kind === "args") {
      sentences.push(say(m.first), say(m.then));
      if (rng.chance(0.5)) sentences.push(say(m.then));
    } else if (kind === "objection") {
      sentences.push(...objectionPair());
      if (rng.chance(0.3)) sentences.push(aside());
    } else {
      concluded = true;
      sentences.push(say(m.conclusion), aside());
    }
    return prose(sentences);
  }, ctx.target, ctx.measure);
}

/** A treatise's title, in the book's language, drawn from its doctrine or from the world's names. */
export function treatiseTitle(rng: Rng, heresy: Heresy, lang: "en" | "es", slots: Slots): string {
  if (rng.chance(0.75)) return rng.pick(heresy.titles);
  return expand(
    rng.pick(lang === "en"
      ? ["Vindication of {person}", "A Refutation Addressed to {faction}", "Letter to the Readers of {hex}", "Against the Catalogue of {place}"]
      : ["Vindicación de {person}", "Refutación dirigida a {faction}", "Carta a los lectores de {hex}", "Contra el catálogo de {place}"]),
    rng,
    slots,
  );
}
