import type { Decision } from "../roles/director/decision.js";
import { canonicalState, RECENT_BEATS, type GameState, type QuestStatus } from "../roles/director/game-state.js";
import { tensionDelta } from "../roles/director/simulator.js";
import { displayName, homePlaces, indexWorld, lastChapter, type DirectorPlace } from "../roles/director/world.js";
import type { NpcTurn } from "../roles/npc/prompt.js";
import { BookAgent } from "./book.js";
import { DirectorAgent } from "./director.js";
import type { GameWorld } from "./game-world.js";
import { NpcAgent } from "./npc.js";
import type { Runtime } from "./runtime.js";

/**
 * One scene of La Biblioteca Eterna, played in turns: the player speaks to someone present
 * or acts (/go, /read, /wait…), the NPC answers in voice, then the Director picks the next
 * beat for the state the game keeps here — and the beat happens: someone arrives, a book is
 * found and written by the Book model, a quest moves, the tension rises or falls. Everything
 * that happens is an event, so a terminal, a test or a game UI can show it its own way.
 */
export type SceneEvent =
  | { type: "scene"; chapter: number; place: string; place_name: string; present: string[]; books_on_shelf: string[] }
  | { type: "player"; text: string }
  /** Before an NPC or a book's text is generated (its pieces then go to `onText`). */
  | { type: "speaking"; who: string }
  | { type: "npc"; character: string; name: string; text: string; adapter: string; first_token_ms: number | null; tokens_per_s: number | null }
  | { type: "director"; turn: number; state: GameState; decision: Decision; legal_first_try: boolean; repaired: boolean; attempts: number; adapter: string; ms: number }
  | { type: "narration"; text: string }
  | { type: "book"; book_id: string; title: string; style: string; text: string; adapter: string }
  | { type: "chapter"; chapter: number }
  | { type: "info"; text: string };

export interface SceneOptions {
  chapter?: number;
  /** Place id or name; default the Reading Room (sala-de-lectura) when the world has it, else the first place. */
  place?: string;
  /** NPC reply length; Book excerpts get twice this. */
  maxTokens?: number;
  seed?: number;
  /** The Director's tries before its decision is repaired (default 3). */
  directorTries?: number;
  /** Called with each NPC/Book text piece as it is generated (before its event). */
  onText?: (piece: string) => void;
}

export const SCENE_HELP = [
  "say anything         speak to the person you face (name someone present to turn to them)",
  "/talk <name>         face someone present",
  "/look                where you are, who is here, the books on the shelf",
  "/go <place>          walk to another hexagon",
  "/places              the places you can reach in this chapter",
  "/read <book>         take a book from the shelf: the Book model writes it",
  "/wait                let the Director move the story on",
  "/state               the game state the Director reads (JSON)",
  "/help                this list",
  "/quit                leave the library",
];

export class Scene {
  state: GameState;
  facing: string | null = null;
  private readonly history = new Map<string, NpcTurn[]>();
  private readonly npc: NpcAgent;
  private readonly director: DirectorAgent;
  private readonly book: BookAgent;
  private readonly maxTokens: number;

  constructor(
    readonly runtime: Runtime,
    readonly world: GameWorld,
    private readonly opts: SceneOptions = {},
  ) {
    this.npc = new NpcAgent(runtime, world);
    this.director = new DirectorAgent(runtime, world.director);
    this.book = new BookAgent(runtime);
    this.maxTokens = opts.maxTokens ?? 96;
    const chapter = Math.min(Math.max(1, opts.chapter ?? 1), lastChapter(world.director));
    const place = this.findPlace(opts.place ?? "sala-de-lectura") ?? this.places()[0]!;
    const quests: Record<string, QuestStatus> = {};
    for (const c of world.director.chapters.filter((x) => x.n <= chapter)) for (const q of c.quests) quests[q.id] = c.n < chapter ? "done" : "open";
    this.state = canonicalState({
      turn: 1,
      chapter,
      location: { place: place.id, hexagon: place.hexagon },
      tension: 0.2,
      recent_beats: [],
      npcs_present: [],
      npcs_introduced: [],
      books_on_shelf: [],
      books_revealed: [],
      quest_flags: quests,
    });
    this.enter(place);
  }

  /** The opening: where the reader stands. */
  start(emit: (e: SceneEvent) => void): void {
    this.look(emit);
  }

  /** One player input; false when the player leaves. */
  async step(input: string, emit: (e: SceneEvent) => void): Promise<boolean> {
    const line = input.trim();
    if (!line) return true;
    const [cmd, ...rest] = line.startsWith("/") ? line.slice(1).split(/\s+/) : ["say", line];
    const arg = rest.join(" ");
    switch (cmd) {
      case "quit":
      case "exit":
        emit({ type: "narration", text: "You close the book you were holding and leave the hexagon." });
        return false;
      case "help":
        emit({ type: "info", text: SCENE_HELP.join("\n") });
        return true;
      case "look":
        this.look(emit);
        return true;
      case "state":
        emit({ type: "info", text: JSON.stringify(this.state) });
        return true;
      case "places":
        emit({ type: "info", text: this.places().map((p) => `${p.id} (${p.hexagon}) ${p.name}`).join("\n") });
        return true;
      case "talk": {
        const who = this.findPresent(arg);
        if (!who) emit({ type: "info", text: `no one called '${arg}' is here (${this.presentNames() || "no one is here"})` });
        else {
          this.facing = who;
          emit({ type: "info", text: `you turn to ${this.name(who)}` });
        }
        return true;
      }
      case "go": {
        const place = this.findPlace(arg);
        if (!place) {
          emit({ type: "info", text: `no place '${arg}' you can reach now; /places lists them` });
          return true;
        }
        emit({ type: "player", text: line });
        this.enter(place);
        this.look(emit);
        await this.directorTurn(emit);
        return true;
      }
      case "read": {
        const books = this.state.books_on_shelf.map((id) => this.world.book(id)!).filter(Boolean);
        const q = arg.toLowerCase();
        const b = books.find((x) => x.id === q || x.title.toLowerCase().includes(q));
        if (!b || !q) {
          emit({ type: "info", text: books.length ? `on this shelf: ${books.map((x) => `${x.title} (${x.id})`).join("; ")}` : "this shelf holds nothing you can read yet" });
          return true;
        }
        emit({ type: "player", text: line });
        await this.readBook(b.id, emit);
        await this.directorTurn(emit);
        return true;
      }
      case "wait":
        emit({ type: "player", text: line });
        await this.directorTurn(emit);
        return true;
      case "say":
        emit({ type: "player", text: line });
        await this.say(line, emit);
        await this.directorTurn(emit);
        return true;
      default:
        emit({ type: "info", text: `unknown command /${cmd}; /help lists them` });
        return true;
    }
  }

  private async say(text: string, emit: (e: SceneEvent) => void): Promise<void> {
    const named = this.state.npcs_present.find((id) => text.toLowerCase().includes(this.name(id).split(" ").at(-1)!.toLowerCase()));
    if (named) this.facing = named;
    if (!this.facing || !this.state.npcs_present.includes(this.facing)) this.facing = this.state.npcs_present[0] ?? null;
    if (!this.facing) {
      emit({ type: "narration", text: "Your words fall among the shelves; no one is here to answer." });
      return;
    }
    const who = this.facing;
    const past = this.history.get(who) ?? [];
    emit({ type: "speaking", who: this.name(who) });
    const r = await this.npc.reply(who, past, text, { maxTokens: this.maxTokens, ...this.sampling(), ...(this.opts.onText ? { onText: this.opts.onText } : {}) });
    this.history.set(who, [...past, { role: "user", content: text }, { role: "assistant", content: r.text }]);
    if (!this.state.npcs_introduced.includes(who)) this.state = canonicalState({ ...this.state, npcs_introduced: [...this.state.npcs_introduced, who] });
    emit({ type: "npc", character: who, name: this.name(who), text: r.text, adapter: r.adapter, first_token_ms: r.firstTokenMs, tokens_per_s: r.tokensPerSecond });
  }

  private async readBook(id: string, emit: (e: SceneEvent) => void): Promise<void> {
    const b = this.world.book(id)!;
    emit({ type: "speaking", who: `«${b.title}»` });
    const r = await this.book.write({ title: b.title, style: b.style, hexagon: b.hexagon }, { maxTokens: this.maxTokens * 2, seed: (this.opts.seed ?? 0) + this.state.turn, ...(this.opts.onText ? { onText: this.opts.onText } : {}) });
    if (!this.state.books_revealed.includes(id)) this.state = canonicalState({ ...this.state, books_revealed: [...this.state.books_revealed, id] });
    emit({ type: "book", book_id: id, title: b.title, style: b.style, text: r.text, adapter: r.adapter });
  }

  /** The Director reads the state, picks a beat (always legal), and the beat happens. */
  private async directorTurn(emit: (e: SceneEvent) => void): Promise<void> {
    const before = this.state;
    const t0 = performance.now();
    const d = await this.director.decide(before, { seed: (this.opts.seed ?? 0) + before.turn, maxAttempts: this.opts.directorTries ?? 3 });
    const decision = d.decision;
    emit({ type: "director", turn: before.turn, state: before, decision, legal_first_try: d.legal_first_try, repaired: d.repaired, attempts: d.attempts.length, adapter: d.adapter, ms: performance.now() - t0 });
    emit({ type: "narration", text: decision.narration_hint });
    const [first] = decision.targets;
    const s = { ...before, quest_flags: { ...before.quest_flags } };
    s.recent_beats = [...before.recent_beats, decision.beat].slice(-RECENT_BEATS);
    s.tension = Math.round(Math.min(1, Math.max(0, before.tension + tensionDelta(decision.beat, decision.intensity))) * 100) / 100;
    s.turn = before.turn + 1;
    if (decision.beat === "introduce_npc" && first) s.npcs_introduced = [...s.npcs_introduced, first];
    if (decision.beat === "advance_quest" && first) s.quest_flags[first] = "active";
    if (decision.beat === "resolve_quest" && first) s.quest_flags[first] = "done";
    this.state = canonicalState(s);
    if (decision.beat === "introduce_npc" && first) this.facing = first;
    if (decision.beat === "reveal_book" && first) await this.readBook(first, emit);
    this.maybeTurnChapter(emit);
  }

  /** When every quest of this chapter is done, the next chapter opens its quests and shelves. */
  private maybeTurnChapter(emit: (e: SceneEvent) => void): void {
    const here = this.world.director.chapters.find((c) => c.n === this.state.chapter);
    if (!here || this.state.chapter >= lastChapter(this.world.director)) return;
    if (!here.quests.every((q) => this.state.quest_flags[q.id] === "done")) return;
    const chapter = this.state.chapter + 1;
    const next = this.world.director.chapters.find((c) => c.n === chapter)!;
    this.state = canonicalState({ ...this.state, chapter, quest_flags: { ...this.state.quest_flags, ...Object.fromEntries(next.quests.map((q) => [q.id, "open" as const])) } });
    emit({ type: "chapter", chapter });
    this.enter(this.currentPlace());
  }

  /** Walk into a place: the people who live there are in; the shelf shows this chapter's books. */
  private enter(place: DirectorPlace): void {
    const chapter = this.state.chapter;
    const present = this.world.director.npcs.filter((n) => n.first_chapter <= chapter && homePlaces(this.world.director, n).some((p) => p.id === place.id)).map((n) => n.id);
    const shelf = this.world.director.books.filter((b) => b.first_chapter <= chapter && b.hexagon === place.hexagon).map((b) => b.id);
    this.state = canonicalState({ ...this.state, location: { place: place.id, hexagon: place.hexagon }, npcs_present: present, books_on_shelf: shelf });
    if (this.facing && !present.includes(this.facing)) this.facing = null;
  }

  private look(emit: (e: SceneEvent) => void): void {
    const p = this.currentPlace();
    emit({ type: "scene", chapter: this.state.chapter, place: p.id, place_name: p.name, present: [...this.state.npcs_present], books_on_shelf: [...this.state.books_on_shelf] });
  }

  private sampling() {
    return this.opts.seed !== undefined ? { seed: this.opts.seed + this.state.turn } : {};
  }

  private places(): DirectorPlace[] {
    return this.world.director.places.filter((p) => p.first_chapter <= (this.state?.chapter ?? this.opts.chapter ?? 1));
  }

  private currentPlace(): DirectorPlace {
    return this.world.director.places.find((p) => p.id === this.state.location.place)!;
  }

  private findPlace(q: string): DirectorPlace | undefined {
    const k = q.trim().toLowerCase();
    if (!k) return undefined;
    const places = this.places();
    return places.find((p) => p.id === k || p.hexagon.toLowerCase() === k || p.name.toLowerCase() === k) ?? places.find((p) => p.name.toLowerCase().includes(k) || p.id.includes(k));
  }

  private findPresent(q: string): string | undefined {
    const k = q.trim().toLowerCase();
    if (!k) return undefined;
    return this.state.npcs_present.find((id) => id === k || this.name(id).toLowerCase().includes(k));
  }

  name(id: string): string {
    const e = indexWorld(this.world.director).byId.get(id);
    return e ? displayName(e) : id;
  }

  private presentNames(): string {
    return this.state.npcs_present.map((id) => this.name(id)).join(", ");
  }
}
