import type { Metric } from "../../eval/metric.js";
import type { Decision } from "./decision.js";
import type { GameState } from "./game-state.js";
import { checkDecision } from "./rules/check.js";
import { ruleContext } from "./rules/context.js";
import { pacingRules } from "./rules/pacing.js";
import type { CheckResult } from "./rules/rule-names.js";
import { indexWorld, type DirectorWorld, type WorldEntity } from "./world.js";

/**
 * The Director's scorers: one held-out state, its gold decision and the model's raw reply.
 * Every verdict comes from the rules engine (`rules/`) and the world's chapter gates; nothing
 * here restates a rule.
 *
 * Parsing is exactly the game's: the whole trimmed reply must be one JSON object
 * (`checkDecisionText`). A ```json fence or a sentence around the object is a failure,
 * because the game would fail on it too; `json_extractable_rate` reports how many replies
 * hold a decodable object somewhere, so a report can tell "wraps its JSON" from "writes no JSON".
 */
export interface DirectorEvalItem {
  id: string;
  state: GameState;
  gold: Decision;
  output: string;
}

interface Judgement {
  /** The whole trimmed reply is one JSON object. */
  json: boolean;
  /** The reply as the game would act on it: present only when it passes the Decision schema. */
  decision: Decision | undefined;
  check: CheckResult;
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === "object" && v !== null && !Array.isArray(v);

function parseWhole(text: string): { ok: true; value: unknown } | { ok: false } {
  try {
    return { ok: true, value: JSON.parse(text.trim()) };
  } catch {
    return { ok: false };
  }
}

/**
 * The first balanced `{…}` in the text that parses as an object (fences, preambles and
 * trailing chatter skipped). Braces inside JSON strings are respected.
 */
export function firstJsonObject(text: string): Record<string, unknown> | undefined {
  for (let start = text.indexOf("{"); start >= 0; start = text.indexOf("{", start + 1)) {
    let depth = 0;
    let inString = false;
    for (let i = start; i < text.length; i++) {
      const c = text[i];
      if (inString) {
        if (c === "\\") i++;
        else if (c === '"') inString = false;
      } else if (c === '"') inString = true;
      else if (c === "{") depth++;
      else if (c === "}" && --depth === 0) {
        const parsed = parseWhole(text.slice(start, i + 1));
        if (parsed.ok && isObject(parsed.value)) return parsed.value;
        break;
      }
    }
  }
  return undefined;
}

// Names that are not proper enough to search prose for: "the Well" would match "well".
const MIN_SINGLE_WORD = 5;

/**
 * Lower case, no accents, punctuation other than the dash as spaces, padded, so a phrase
 * matches whole words: " indice de los indices ", " la-vindicacion ".
 */
function fold(text: string): string {
  const plain = text.normalize("NFD").replace(/\p{M}/gu, "").toLowerCase();
  return ` ${plain.replace(/[^\p{L}\p{N}-]+/gu, " ").trim()} `;
}

const stripArticle = (name: string): string => name.replace(/^(the|el|la|los|las)\s+/i, "");

/**
 * The phrases that name an entity in prose: its id, and its display name for NPCs, places
 * and books (leading article dropped). Quest names are left out: they are descriptive
 * phrases ("The Vindication", "Below the Well") that earlier chapters' prose uses for other
 * things. An NPC is also named by any capitalised word of its name that no other entity's
 * name contains (Velasco, Cirilo), since prose often says only that.
 */
function namesOf(e: WorldEntity, all: readonly WorldEntity[]): string[] {
  // Ids keep their dashes: "la-vindicacion" is a target id, "la Vindicación" is Spanish prose.
  const out = [e.id];
  if (e.kind === "quest") return out;
  const display = stripArticle(e.kind === "book" ? e.title : e.name);
  out.push(display);
  if (e.kind === "npc") {
    const head = display.split(",")[0]!.trim();
    out.push(head);
    const others = all.filter((o) => o.id !== e.id).map((o) => fold(o.kind === "book" ? o.title : o.name));
    for (const w of head.split(/\s+/)) {
      if (/^\p{Lu}/u.test(w) && w.length >= MIN_SINGLE_WORD && !others.some((o) => o.includes(fold(w)))) out.push(w);
    }
  }
  return [...new Set(out.map(fold))].filter((p) => p.trim().includes(" ") || p.trim().length >= MIN_SINGLE_WORD);
}

/** Entities of chapters after `chapter` that the decision's free text names. */
export function spoiledMentions(world: DirectorWorld, chapter: number, decision: Pick<Decision, "narration_hint" | "rationale">): string[] {
  const all = [...indexWorld(world).byId.values()];
  const text = fold(`${decision.narration_hint} \n ${decision.rationale}`);
  return all.filter((e) => e.first_chapter > chapter && namesOf(e, all).some((p) => text.includes(p))).map((e) => e.id);
}

export function directorMetrics(world: DirectorWorld): Metric<DirectorEvalItem>[] {
  // One parse and one rules check per item, shared by every metric of the suite.
  const judged = new WeakMap<DirectorEvalItem, Judgement>();
  const judge = (item: DirectorEvalItem): Judgement => {
    const hit = judged.get(item);
    if (hit) return hit;
    const parsed = parseWhole(item.output);
    const check: CheckResult = parsed.ok
      ? checkDecision(item.state, parsed.value, world)
      : { legal: false, violations: [{ rule: "schema", message: "not JSON" }] };
    const schemaOk = !check.violations.some((v) => v.rule === "schema");
    const j: Judgement = {
      json: parsed.ok && isObject(parsed.value),
      decision: schemaOk ? (parsed.ok ? (parsed.value as Decision) : undefined) : undefined,
      check,
    };
    judged.set(item, j);
    return j;
  };
  const rate = (b: boolean): number => (b ? 1 : 0);

  return [
    {
      name: "json_parse_rate",
      description: "Share of replies that are, once trimmed, one JSON object, as the game parses them (a fence or extra text fails).",
      direction: "higher",
      kind: "item",
      score: (item) => rate(judge(item).json),
    },
    {
      name: "json_extractable_rate",
      description: "Share of replies holding a JSON object somewhere (inside a fence or prose): what a grammar or a lenient parser would recover.",
      direction: "higher",
      kind: "item",
      score: (item) => rate(judge(item).json || firstJsonObject(item.output) !== undefined),
    },
    {
      name: "schema_valid_rate",
      description: "Share of replies that parse and match the Decision schema (known beat, the five fields, intensity 0–1).",
      direction: "higher",
      kind: "item",
      score: (item) => rate(judge(item).decision !== undefined),
    },
    {
      name: "rules_legal_rate",
      description: "Share of replies the rules engine accepts in their state: right targets, present, in chapter, paced.",
      direction: "higher",
      main: true,
      kind: "item",
      score: (item) => rate(judge(item).check.legal),
    },
    {
      name: "beat_accuracy",
      description: "Share of replies whose beat is the gold decision's beat (a reply the game cannot read scores 0).",
      direction: "higher",
      kind: "item",
      score: (item) => rate(judge(item).decision?.beat === item.gold.beat),
    },
    {
      name: "pacing_violation_rate",
      description: "Among schema-valid replies, the share breaking a pacing rule (complication above 0.8, a quiet moment owed, a beat thrice, intensity out of range).",
      direction: "lower",
      kind: "item",
      score: (item) => {
        const d = judge(item).decision;
        return d ? rate(pacingRules(ruleContext(item.state, d, world)).length > 0) : null;
      },
    },
    {
      name: "spoiler_rate",
      description: "Among schema-valid replies, the share that target or name an NPC, place, book or quest of a later chapter than the state's.",
      direction: "lower",
      kind: "item",
      score: (item) => {
        const j = judge(item);
        if (!j.decision) return null;
        const targeted = j.check.violations.some((v) => v.rule === "spoiler");
        return rate(targeted || spoiledMentions(world, item.state.chapter, j.decision).length > 0);
      },
    },
  ];
}
