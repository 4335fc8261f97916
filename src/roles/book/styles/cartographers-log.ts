import { expand, groupDigits, type Slots } from "../text-kit.js";
import { commonSlots } from "../world.js";
import type { StyleContext } from "./context.js";

/**
 * Cartographers' logs: routes leg by leg and counts of everything — steps, lamps,
 * readers — with a tally that adds up (a model should learn that a log's totals are the
 * sums of its legs). A hexagon's number is its height, as canon counts routes: one flight
 * down is one number down, and a hallway crossing keeps the number. Some logs are kept in the cartographers' English sprinkled with
 * Spanish ("mixed"), as the map-makers of the Library talk.
 */
export type LogVoice = "en" | "es" | "mixed";

interface Leg {
  from: number;
  to: number;
  line: string;
  steps: number;
  lamps: number;
  flickering: number;
  readers: number;
}

const hex = (n: number): string => `H-${String(n).padStart(4, "0")}`;
const DIRS_EN = ["north", "south", "east", "west"];
const DIRS_ES = ["norte", "sur", "este", "oeste"];

const NOTES: Record<LogVoice, string[]> = {
  en: [
    "the railing of {at} is loose between two landings; keep to the shelves.", "the lamp of {at} burns dim, good landmark.",
    "a reader in {at} swore the stair below has one step more than yesterday.", "shelves of {at} half empty: burnings, by the ash.",
    "the mirror of {at} doubles the hallway; do not trust it for counting.", "slept standing in the vestibule of {at}.",
    "met {person} going the other way, counting aloud; our counts did not agree.", "dust falling in the shaft of {at}, so someone above is reading.",
  ],
  mixed: [
    "cuidado, the railing of {at} is loose; keep to the shelves.", "the lamp of {at} burns dim, good landmark, claro.",
    "uno, dos, tres… the escalera of {at} has one step more than yesterday.", "shelves of {at} half empty: {burners}, by the ash.",
    "mira, the mirror of {at} doubles the hallway; do not count by it.", "slept standing in the vestibule of {at}, as one does.",
    "met {person} on the escalera, counting aloud; our numbers did not agree, amigo.",
  ],
  es: [
    "la baranda de {at} está floja entre dos rellanos; ir pegado a los anaqueles.", "la lámpara de {at} arde tenue, buena señal.",
    "un lector de {at} jura que la escalera de abajo tiene un peldaño más que ayer.", "anaqueles de {at} medio vacíos: quemas, por la ceniza.",
    "el espejo de {at} duplica el pasillo; no contar por él.", "dormí de pie en el zaguán de {at}.",
    "me crucé con {person}, que contaba en voz alta; nuestras cuentas no coincidieron.",
  ],
};

const CLOSINGS: Record<LogVoice, string[]> = {
  en: [
    "Count checked twice; the second count agrees with the first, which is rare.", "Turned back at {at}: the stair below is missing.",
    "Map amended; old leaf kept, in case the old leaf was right.", "Rest at {at}. Tomorrow, further on.",
  ],
  mixed: [
    "Counted twice, amigo; both counts agree, which is rare… or so the maps say.", "Turned back at {at}: no escalera below, nada.",
    "Map amended, old leaf kept, por si acaso.", "Rest at {at}. Mañana, further on.",
  ],
  es: [
    "Cuenta repetida dos veces; la segunda coincide con la primera, cosa rara.", "Me volví en {at}: falta la escalera de abajo.",
    "Mapa enmendado; guardo la hoja vieja, por si la vieja tenía razón.", "Descanso en {at}. Mañana, más lejos.",
  ],
};

const plural = (n: number, one: string, many: string): string => `${n} ${n === 1 ? one : many}`;

function leg(ctx: StyleContext, voice: LogVoice, from: number, landmarks: Map<string, string>, stairOnly: boolean, descending: boolean): Leg {
  const { rng } = ctx;
  const dirs = voice === "es" ? DIRS_ES : DIRS_EN;
  const dir = rng.pick(dirs);
  const lamps = rng.int(1, 8);
  const flickering = rng.chance(0.35) ? rng.int(1, Math.min(3, lamps)) : 0;
  const readers = rng.weightedParallel([0, 1, 2, 3, 5], [4, 3, 2, 1, 1]);
  const tallies = voice === "es"
    ? `${plural(lamps, "lámpara", "lámparas")}${flickering ? `, ${flickering} parpadeando` : ""}; ${readers === 0 ? "ningún lector" : plural(readers, "lector", "lectores")}`
    : `${plural(lamps, "lamp", "lamps")}${flickering ? `, ${flickering} flickering` : ""}; ${readers === 0 ? "no readers" : plural(readers, "reader", "readers")}`;
  // A hallway crosses the hexagon to another stair: the number (its height) stays the same.
  if (!stairOnly && rng.chance(0.2)) {
    const paces = rng.int(8, 40);
    const move = voice === "es" ? `por el pasillo del ${dir} hasta la otra escalera, ${paces} pasos` : `through the ${dir} hallway to the far stair, ${paces} paces`;
    const at = `${hex(from)}${landmarks.has(hex(from)) ? ` (${landmarks.get(hex(from))})` : ""}`;
    return { from, to: from, line: `— ${voice === "es" ? "En" : "In"} ${at}: ${move}; ${tallies}.`, steps: 0, lamps, flickering, readers };
  }
  const flights = rng.weightedParallel([1, 2, 3, 4], [6, 2, 1, 1]);
  // A survey keeps to its heading, with the odd flight back to check a count.
  const down = rng.chance(descending ? 0.85 : 0.15);
  const to = Math.min(9999, Math.max(1, from + (down ? -flights : flights)));
  const steps = Array.from({ length: Math.abs(to - from) || 1 }, () => rng.int(60, 96)).reduce((a, b) => a + b, 0);
  const mark = landmarks.get(hex(to));
  const dest = `${hex(to)}${mark ? ` (${mark})` : ""}`;
  const n = Math.abs(to - from);
  let move: string;
  if (voice === "es") {
    const tramos = n > 1 ? `${n} tramos ` : "";
    move = `${down ? "bajando" : "subiendo"} ${tramos}por la escalera del ${dir}, ${steps} peldaños`;
  } else {
    const stairWord = voice === "mixed" ? "escalera" : "stair";
    move = `${down ? "down" : "up"} ${n > 1 ? `${n} flights of ` : ""}the ${dir} ${stairWord}, ${steps} steps`;
  }
  return { from, to, line: `— ${hex(from)} → ${dest}: ${move}; ${tallies}.`, steps, lamps, flickering, readers };
}

function tally(voice: LogVoice, legs: Leg[]): string {
  const sum = (k: "steps" | "lamps" | "flickering" | "readers"): number => legs.reduce((a, l) => a + l[k], 0);
  // Every hexagon the route passed through, the landings between flights included.
  const hexagons = new Set(legs.flatMap((l) => Array.from({ length: Math.abs(l.to - l.from) + 1 }, (_, i) => Math.min(l.from, l.to) + i))).size;
  const lang = voice === "es" ? "es" : "en";
  const steps = groupDigits(sum("steps"), lang);
  if (voice === "es") {
    return `Cuenta: ${hexagons} hexágonos, ${steps} peldaños, ${plural(sum("lamps"), "lámpara", "lámparas")} (${sum("flickering")} parpadeando), ${plural(sum("readers"), "lector", "lectores")}.`;
  }
  const head = voice === "mixed" ? "Uno, dos, tres… tally" : "Tally";
  return `${head}: ${hexagons} hexagons, ${steps} steps, ${plural(sum("lamps"), "lamp", "lamps")} (${sum("flickering")} flickering), ${plural(sum("readers"), "reader", "readers")} met.`;
}

export function writeLog(ctx: StyleContext, voice: LogVoice, leaf: number): string {
  const { rng } = ctx;
  const lang = voice === "es" ? "es" : "en";
  const base: Slots = commonSlots(rng, ctx.world, lang, ctx.hexagon);
  const landmarks = new Map(ctx.world.places.map((p) => [p.hexagon, lang === "es" ? p.es : p.en]));
  let at = Number(ctx.hexagon.slice(2)) + rng.int(-4, 4);
  const legs: Leg[] = [];
  const lines: string[] = [];
  const notes = rng.deck(NOTES[voice]);
  const size = (): number => ctx.measure(lines.join("\n"));
  const push = (line: string): void => {
    lines.push(line);
  };
  const descending = rng.chance(0.65);
  const start = hex(at);
  push(
    voice === "es" ? `Hoja ${leaf}. Salida de ${start} a la ${rng.pick(["primera", "segunda", "tercera"])} lámpara.`
    : voice === "mixed" ? `Leaf ${leaf}. Out from ${start} at the ${rng.pick(["first", "second", "third"])} lamp, claro, with chalk and string.`
    : `Leaf ${leaf}. Set out from ${start} at the ${rng.pick(["first", "second", "third"])} lamp.`,
  );
  // Legs (each with the odd note) while the tally and a closing line still fit after them.
  // The tally takes up to ~70 tokens (Spanish): legs stop short of the budget by that much.
  while ((size() < ctx.target.min - 30 || legs.length < 2) && legs.length < 14) {
    const next = leg(ctx, voice, at, landmarks, legs.length === 0, descending);
    const note = rng.chance(0.3) ? `${voice === "es" ? "Nota" : "Note"}: ${expand(notes(), rng, { ...base, at: () => hex(next.to) })}` : undefined;
    if (legs.length > 0 && ctx.measure([...lines, next.line, ...(note ? [note] : [])].join("\n")) > ctx.target.max - 70) break;
    legs.push(next);
    push(next.line);
    if (note) push(note);
    at = next.to;
  }
  lines.push(tally(voice, legs));
  const closing = expand(rng.pick(CLOSINGS[voice]), rng, { ...base, at: () => hex(at) });
  if (rng.chance(0.6) && ctx.measure([...lines, closing].join("\n")) <= ctx.target.max) lines.push(closing);
  return lines.join("\n");
}
