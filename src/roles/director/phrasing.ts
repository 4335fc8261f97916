import type { Beat } from "./beats.js";
import type { QuestStatus } from "./game-state.js";
import type { TensionBand } from "./held-out.js";
import type { Rng } from "../rng.js";

/**
 * The words of the expert's decisions: several narration hints and rationales per beat,
 * with the world's names filled in. Templates never name a canon thing of their own,
 * so a hint cannot leak a later chapter; every name comes from a legal target.
 */
export interface PhraseContext {
  beat: Beat;
  /** Display names of the targets and of the place, ready for a sentence. */
  npc?: string;
  book?: string;
  quest?: string;
  questStatus?: QuestStatus;
  /** The quest was opened in an earlier chapter than the current one. */
  questOverdue?: boolean;
  place: string;
  tension: number;
  band: TensionBand;
  /** The tense beats that oblige a quiet moment, oldest first; empty when none is owed. */
  streak: readonly Beat[];
}

type Template = (c: PhraseContext) => string;

const cap = (s: string): string => s.charAt(0).toUpperCase() + s.slice(1);
const prose = (b: Beat): string => b.replace(/_/g, " ");
const t2 = (x: number): string => x.toFixed(2);

/** "The Reading Room" reads as "the Reading Room" mid-sentence; other names are kept as written. */
export const placeRef = (name: string): string => (name.startsWith("The ") ? `the ${name.slice(4)}` : name);

const list = (xs: readonly string[]): string =>
  xs.length <= 1 ? (xs[0] ?? "") : `${xs.slice(0, -1).join(", ")} and ${xs[xs.length - 1]!}`;

// Hints: what the narrator should show. Keyed by beat, then by which targets are there.
const HINTS: Record<Beat, (c: PhraseContext) => Template[]> = {
  introduce_npc: () => [
    (c) => `${c.npc} steps out from between the shelves of ${c.place}, a lamp held low.`,
    (c) => `Let the reader notice ${c.npc}, who has been here all along, reading by the railing.`,
    (c) => `A voice on the staircase, then a face: ${c.npc} comes down into ${c.place}.`,
    (c) => `${c.npc} looks up from a book and greets the reader as if expected.`,
    (c) => `The reader turns a corner of the shelves and almost collides with ${c.npc}; first words, first wary looks.`,
  ],
  reveal_book: () => [
    (c) => `A spine catches the lamplight: «${c.book}», shelved where no one would look.`,
    (c) => `The reader's hand stops on «${c.book}»; the dust on it has been disturbed recently.`,
    (c) => `On a low shelf of ${c.place}, «${c.book}» waits, its title half worn away.`,
    (c) => `A book slides out and falls open at the reader's feet: «${c.book}».`,
    (c) => `Among hundreds of blank spines, one bears a title: «${c.book}».`,
  ],
  environmental_event: (c) => [
    (x) => `The lamps of ${x.place} gutter and dim; a few do not come back.`,
    (x) => `Dust sifts down from the galleries above ${x.place}; something heavy moved up there.`,
    (x) => `A step of the staircase by ${x.place} cracks under the reader's weight.`,
    (x) => `A cold draught rises through ${x.place}, smelling of smoke and old paper.`,
    (x) => `Somewhere below ${x.place}, books fall shelf after shelf, then silence.`,
    ...(c.band === "low" ? [(x: PhraseContext) => `The hum of the lamps in ${x.place} changes pitch, and every reader looks up.`] : []),
  ],
  advance_quest: (c) =>
    c.questStatus === "open"
      ? [
          (x) => `«${x.quest}» begins: ${x.npc ? `${x.npc} asks` : "a slip in the catalogue asks"} a question the reader cannot put down.`,
          (x) => `Give the reader a reason to take up «${x.quest}»${x.npc ? `, in ${x.npc}'s words` : ""}, and a first hexagon to search.`,
          (x) => `${x.npc ? `${x.npc} hands over` : "The reader finds"} a note with a shelf mark: the first thread of «${x.quest}».`,
        ]
      : c.npc
        ? [
            (x) => `${x.npc} lets slip a detail that bears on «${x.quest}».`,
            (x) => `${x.npc} offers help with «${x.quest}», for a price to be named later.`,
            (x) => `${x.npc} writes a hexagon number on the reader's palm: «${x.quest}» moves on.`,
          ]
        : [
            (x) => `A note in a margin points onward: «${x.quest}» moves a step.`,
            (x) => `The reader finds a trace that matters for «${x.quest}»: a shelf mark, freshly copied.`,
            (x) => `A pattern in the catalogue numbers brings «${x.quest}» one hexagon closer.`,
          ],
  complication: (c) =>
    c.npc && c.quest
      ? [
          (x) => `${x.npc} stands in the way of «${x.quest}» and will not say why.`,
          (x) => `${x.npc} wants something in return before «${x.quest}» can go on.`,
          (x) => `${x.npc} claims the reader's lead in «${x.quest}» is a forgery.`,
        ]
      : c.npc
        ? [
            (x) => `${x.npc} accuses the reader of misplacing a book; voices rise in ${x.place}.`,
            (x) => `${x.npc} contradicts everything the reader has been told.`,
            (x) => `${x.npc} asks a favour the reader cannot easily refuse.`,
          ]
        : [
            (x) => `The trail of «${x.quest}» goes cold: someone has been here first.`,
            (x) => `The shelf that mattered for «${x.quest}» is empty, the books torn out.`,
            (x) => `A wrong number in the catalogue sends «${x.quest}» the wrong way.`,
          ],
  quiet_moment: (c) =>
    c.npc
      ? [
          (x) => `${x.npc} shares a little bread and a long silence by the railing.`,
          (x) => `${x.npc} talks about nothing much; the reader listens and the lamps hum.`,
          (x) => `The reader and ${x.npc} sit on the stair and count the lamps together.`,
        ]
      : [
          (x) => `Let the reader rest on the landing of ${x.place} and listen to the lamps hum.`,
          (x) => `A long silence in ${x.place}; the reader counts the shelves and breathes.`,
          (x) => `The reader opens a book they cannot read and lets the pages turn.`,
          (x) => `Nothing happens in ${x.place}, and that is the point: let the scene breathe.`,
        ],
  resolve_quest: (c) => [
    (x) => `«${x.quest}» ends here: the last shelf mark, the last door.`,
    (x) => `Close «${x.quest}»: what was sought is found, and it is smaller than hoped.`,
    (x) => `«${x.quest}» is done; give it weight, not a fanfare.`,
    ...(c.npc
      ? [(x: PhraseContext) => `${x.npc} helps bring «${x.quest}» to its end.`, (x: PhraseContext) => `${x.npc} is there when «${x.quest}» ends, and has the last word.`]
      : []),
  ],
  foreshadow: () => [
    (c) => `A half-heard rumour brushes against «${c.quest}»; do not explain it.`,
    (c) => `The reader overhears a name tied to «${c.quest}», then loses it in the echo.`,
    (c) => `A torn catalogue slip hints at «${c.quest}» and nothing more.`,
    (c) => `Someone has chalked a sign on a shelf of ${c.place}; later it will matter for «${c.quest}».`,
  ],
};

// Rationales open with the pacing situation, then say why this beat and these targets.
const LEADS: Record<TensionBand | "owed", Template[]> = {
  owed: [
    (c) => `The last three beats were all tense (${list(c.streak.map(prose))}); a pause is required.`,
    () => `Three tense beats in a row: the pacing rule calls for a breather.`,
    (c) => `After ${list(c.streak.map(prose))}, the reader must catch their breath.`,
  ],
  high: [
    (c) => `Tension is high (${t2(c.tension)}).`,
    (c) => `At ${t2(c.tension)} the scene is near its peak.`,
    (c) => `The scene is already taut at ${t2(c.tension)}.`,
  ],
  mid: [
    (c) => `Tension is moderate (${t2(c.tension)}).`,
    (c) => `At ${t2(c.tension)} there is room to move either way.`,
    (c) => `Tension sits at ${t2(c.tension)}.`,
  ],
  low: [
    (c) => `Tension is low (${t2(c.tension)}).`,
    (c) => `At ${t2(c.tension)} the scene has gone slack.`,
    (c) => `With tension only ${t2(c.tension)}, nothing presses on the reader.`,
  ],
};

const REASONS: Record<Beat, (c: PhraseContext) => Template[]> = {
  introduce_npc: () => [
    (c) => `${c.npc} is present but unmet; a new face gives the reader someone to follow.`,
    (c) => `${c.npc} is here and not yet introduced, so meeting them is the natural next step.`,
    (c) => `Introducing ${c.npc} now, in ${c.place}, opens new threads without forcing the pace.`,
  ],
  reveal_book: () => [
    (c) => `«${c.book}» is on this shelf and still unrevealed; finding it rewards the search.`,
    (c) => `The shelves of ${c.place} hold «${c.book}», so the reader should find it now.`,
    (c) => `A discovery keeps the reader curious, and «${c.book}» is right here.`,
  ],
  environmental_event: (c) => [
    (x) => `The library itself can act in ${x.place}, shifting the mood without new people.`,
    (x) => `An event in ${x.place} changes the scene through its setting.`,
    ...(c.band === "high"
      ? [(x: PhraseContext) => `Letting ${x.place} carry the pressure spares the characters another clash.`]
      : [(x: PhraseContext) => `Something in ${x.place} should unsettle the reader and raise the stakes.`]),
  ],
  advance_quest: (c) =>
    c.questStatus === "open"
      ? [
          (x) => `«${x.quest}» has not started yet; a first step gives the reader direction${x.npc ? `, and ${x.npc} is here to give it` : ""}.`,
          (x) => `The chapter's thread «${x.quest}» is waiting to be taken up.`,
        ]
      : [
          (x) => `«${x.quest}» is under way and should keep moving${x.npc ? `; ${x.npc} is the natural messenger` : ""}.`,
          (x) => `${x.questOverdue ? `«${x.quest}» has been open since an earlier chapter` : `«${x.quest}» has stalled`}; a step forward keeps the plot alive.`,
        ],
  complication: (c) => {
    const source = (x: PhraseContext): string => (x.npc && x.quest ? `${x.npc} and «${x.quest}»` : x.npc ?? `«${x.quest}»`);
    return c.band === "low"
      ? [(x) => `A complication from ${source(x)} gives the scene teeth.`, (x) => `Trouble is overdue; ${source(x)} can supply it.`]
      : [
          (x) => `One more obstacle from ${source(x)} keeps the tension climbing, still below the limit.`,
          (x) => `${cap(source(x))} can push the stakes higher before any release.`,
        ];
  },
  quiet_moment: (c) =>
    c.npc
      ? [(x) => `Time with ${x.npc} deepens the bond without raising the stakes.`, (x) => `A calm beat with ${x.npc} lets the last events settle.`]
      : c.band === "low"
        ? [() => `A short pause before the next push keeps the rhythm varied.`, () => `A quiet beat lets the reader take in the place.`]
        : [() => `Easing off now keeps the next complication meaningful.`, () => `A quiet moment lets the last events settle.`],
  resolve_quest: (c) => [
    (x) => `«${x.quest}» is active and ripe for an ending; closing it releases the built-up tension.`,
    (x) =>
      x.questOverdue ? `«${x.quest}» has been open since an earlier chapter; it is time to close it.` : `The climax of «${x.quest}» turns the tension into a payoff.`,
    ...(c.npc ? [(x: PhraseContext) => `Ending «${x.quest}» with ${x.npc} present gives the payoff a witness.`] : []),
  ],
  foreshadow: () => [
    (c) => `«${c.quest}» has not begun; a hint now will pay off later.`,
    (c) => `Planting «${c.quest}» softly keeps later beats from coming out of nowhere.`,
  ],
};

export function narrationHint(c: PhraseContext, rng: Rng): string {
  return cap(rng.pick(HINTS[c.beat](c))(c));
}

export function rationale(c: PhraseContext, rng: Rng): string {
  const lead = rng.pick(LEADS[c.streak.length > 0 ? "owed" : c.band])(c);
  return `${lead} ${cap(rng.pick(REASONS[c.beat](c))(c))}`;
}
