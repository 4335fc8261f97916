import { existsSync } from "node:fs";
import { hostname, userInfo } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { evaluateGates, gatesFailed, type GateResult } from "../eval/gates.js";
import { runsRoot } from "../paths.js";
import { openRun } from "../track/run-store.js";
import { captureRun, referenceReport, type VersionSource } from "./capture.js";
import { readSnapshot, registryStore, type RegistryStore } from "./store.js";

/**
 * The model registry: named models (a role's model, or one character's: `director`,
 * `npc-aurelio`, `book`), each with versions 1..n. A version is one evaluated run, recorded with
 * its lineage (data hash → run → artifact → eval report) and a stage: `candidate`, `production`
 * or `archived`. Promotion goes through the recipe's release gates with the current production
 * version as the reference; exactly one version per name is production at a time (a unique index
 * says so, and every change is one BEGIN IMMEDIATE transaction). Everything that happens is an
 * append-only event. The tables live in the run index (<runs root>/index.sqlite); after every
 * change <runs root>/registry.json holds the whole registry for the dashboard, and for restoring
 * the tables if the index is ever lost.
 */
export type Stage = "candidate" | "production" | "archived";

export interface Promotion {
  time: string;
  by: string;
  forced: boolean;
  /** The production version the gates compared with (null: the first version). */
  reference_version: number | null;
  note: string | null;
}

export interface ModelVersion extends VersionSource {
  name: string;
  version: number;
  stage: Stage;
  created: string;
  created_by: string;
  /** The last promotion to production (null: never promoted). */
  promotion: Promotion | null;
  /** The gate results of the last promotion attempt (null: never tried). */
  gates: GateResult[] | null;
}

export type EventKind = "register" | "refresh" | "promote" | "forced" | "gates_failed" | "rollback" | "restore";

export interface RegistryEvent {
  id: number;
  time: string;
  name: string;
  version: number | null;
  kind: EventKind;
  by: string;
  detail: Record<string, unknown>;
}

export interface RegisteredModel {
  name: string;
  role: string;
  created: string;
  production: number | null;
  versions: ModelVersion[];
  events: RegistryEvent[];
}

/** What registry.json holds, and what listRegistry() returns. */
export interface RegistrySnapshot {
  version: 1;
  updated: string;
  root: string;
  models: RegisteredModel[];
}

export interface ActOptions {
  /** Who did it (default $SCRIPTORIUM_USER, else user@host). */
  by?: string;
  note?: string;
}

export interface PromoteOptions extends ActOptions {
  name?: string;
  force?: boolean;
}

export interface PromoteOutcome {
  name: string;
  version: number;
  run: string;
  /** Added to the registry by this call. */
  registered: boolean;
  promoted: boolean;
  already_production: boolean;
  forced: boolean;
  previous: number | null;
  reference: { version: number; run: string } | null;
  gates: GateResult[];
  failed: GateResult[];
  notes: string[];
}

/** A promotion the gates refused: the version stays a candidate and the attempt is recorded. */
export class PromotionRefused extends UserError {
  constructor(readonly outcome: PromoteOutcome) {
    const metrics = [...new Set(outcome.failed.map((g) => g.metric))];
    super("registry_gates_failed", `${outcome.name} v${outcome.version} stays a candidate: ${outcome.failed.length} gate(s) failed on ${metrics.join(", ")}${outcome.reference ? ` (reference: production v${outcome.reference.version}, run ${outcome.reference.run})` : ""}`, {
      hint: `improve the model and evaluate it again, or promote it anyway (recorded as forced): scriptorium registry promote ${outcome.run} --name ${outcome.name} --force`,
    });
  }
}

const NAME = /^[a-z0-9][a-z0-9._-]{0,63}$/;

export function checkName(name: string): string {
  if (!NAME.test(name)) {
    throw new UserError("registry_bad_name", `"${name}" is not a model name`, { hint: "use lower-case letters, digits, '.', '_' and '-', up to 64 characters, e.g. npc-aurelio" });
  }
  return name;
}

export function actor(by?: string): string {
  if (by) return by;
  if (process.env.SCRIPTORIUM_USER) return process.env.SCRIPTORIUM_USER;
  try {
    return `${userInfo().username}@${hostname()}`;
  } catch {
    return `uid-${process.getuid?.() ?? "?"}@${hostname()}`;
  }
}

function open(): RegistryStore {
  const root = runsRoot();
  try {
    return registryStore(root);
  } catch (e) {
    if (e instanceof UserError) throw e;
    throw new UserError("registry_index_unusable", `cannot open the registry in ${join(root, "index.sqlite")}: ${(e as Error).message}`, {
      hint: `check that ${root} is writable; ${join(root, "registry.json")} holds the registry as of its last change`,
    });
  }
}

/** Registers a run as a new candidate version of `name` (default: its recipe's name); a run already registered there is returned as it is. */
export function registerRun(ref: string, opts: ActOptions & { name?: string } = {}): { version: ModelVersion; registered: boolean } {
  const run = openRun(ref);
  const cap = captureRun(run);
  const name = checkName(opts.name ?? cap.source.run.recipe);
  const by = actor(opts.by);
  const store = open();
  return store.write(() => {
    const r = store.ensureVersion(name, cap.source, by, opts.note ?? null);
    return { version: store.version(name, r.version)!, registered: r.registered };
  });
}

/**
 * Registers the run under `name` if it is not a version yet, then holds the recipe's gates
 * (config.resolved.json eval.gates) of its report against the production version's report and,
 * when they pass (or `force`), makes it production and archives the previous one. Refused: the
 * attempt is recorded and PromotionRefused thrown.
 */
export function promote(ref: string, opts: PromoteOptions = {}): PromoteOutcome {
  const run = openRun(ref);
  const cap = captureRun(run);
  const name = checkName(opts.name ?? cap.source.run.recipe);
  const by = actor(opts.by);
  const note = opts.note ?? null;
  const store = open();
  const outcome = store.write((): PromoteOutcome => {
    const { version, registered } = store.ensureVersion(name, cap.source, by, note);
    const prod = store.production(name);
    const base = { name, version, run: run.id, registered, previous: prod?.version ?? null, notes: [] as string[] };
    if (prod?.version === version) return { ...base, promoted: false, already_production: true, forced: false, reference: null, gates: [], failed: [] };
    if (prod && prod.eval.suite !== cap.report.role) {
      throw new UserError("registry_role_mismatch", `${name}'s production version was evaluated with the ${prod.eval.suite} suite, this run with ${cap.report.role}`, { hint: "promote runs of one role under one name" });
    }
    const gates = evaluateGates(cap.gates, cap.report, prod ? referenceReport(prod) : null);
    const failed = gatesFailed(gates);
    const reference = prod ? { version: prod.version, run: prod.run.id } : null;
    if (cap.gates.length === 0) base.notes.push("the recipe has no eval.gates: nothing to check");
    if (!prod && gates.some((g) => g.status === "skipped" && g.gate.max_drop !== undefined)) base.notes.push("first production version: max_drop gates against a reference are skipped");
    const summary = { passed: gates.filter((g) => g.status === "passed").length, skipped: gates.filter((g) => g.status === "skipped").length, failed: failed.map((g) => g.detail), reference_version: reference?.version ?? null, run: run.id, note };
    store.setGates(name, version, gates);
    if (failed.length && !opts.force) {
      store.event(name, version, "gates_failed", by, summary);
      return { ...base, promoted: false, already_production: false, forced: false, reference, gates, failed };
    }
    const forced = failed.length > 0;
    if (prod) store.setStage(name, prod.version, "archived");
    store.setStage(name, version, "production", { time: new Date().toISOString(), by, forced, reference_version: reference?.version ?? null, note });
    store.event(name, version, forced ? "forced" : "promote", by, { ...summary, from: prod?.version ?? null });
    return { ...base, promoted: true, already_production: false, forced, reference, gates, failed };
  });
  if (!outcome.promoted && !outcome.already_production) throw new PromotionRefused(outcome);
  return outcome;
}

/** Makes the previous archived version (the newest below the production one), or version `to`, production again; the production one is archived. */
export function rollback(name: string, opts: ActOptions & { to?: number } = {}): { name: string; from: number | null; to: number } {
  checkName(name);
  const by = actor(opts.by);
  const store = open();
  return store.write(() => {
    const model = store.model(name);
    if (!model) throw unknownModel(name, store);
    const versions = store.versions(name);
    const prod = versions.find((v) => v.stage === "production") ?? null;
    const archived = versions.filter((v) => v.stage === "archived");
    const list = archived.map((v) => `v${v.version}`).join(", ") || "none";
    let target: ModelVersion | undefined;
    if (opts.to !== undefined) {
      target = versions.find((v) => v.version === opts.to);
      if (!target) throw new UserError("registry_unknown_version", `${name} has no version ${opts.to}`, { hint: `see its versions: scriptorium registry show ${name}` });
      if (target.stage === "production") throw new UserError("registry_already_production", `${name} v${target.version} is already production`, { hint: `archived versions to go back to: ${list}` });
      if (target.stage === "candidate") {
        throw new UserError("registry_rollback_candidate", `${name} v${target.version} is a candidate: it was never production, so rolling back to it would skip its gates`, { hint: `promote it through the gates: scriptorium registry promote ${target.run.id} --name ${name}` });
      }
    } else {
      target = archived.filter((v) => !prod || v.version < prod.version).at(-1);
      if (!target) {
        throw new UserError("registry_nothing_to_rollback", `${name} has no archived version before ${prod ? `production v${prod.version}` : "now"}`, { hint: `archived versions: ${list}${archived.length ? "; pick one with --to N" : ""}` });
      }
    }
    if (prod) store.setStage(name, prod.version, "archived");
    store.setStage(name, target.version, "production");
    store.event(name, target.version, "rollback", by, { from: prod?.version ?? null, to: target.version, note: opts.note ?? null });
    return { name, from: prod?.version ?? null, to: target.version };
  });
}

function unknownModel(name: string, store: RegistryStore): UserError {
  const names = store.names();
  return new UserError("registry_unknown_model", `no model "${name}" in the registry of ${store.root}`, {
    hint: names.length ? `registered: ${names.join(", ")} (scriptorium registry list)` : "promote a run first: scriptorium registry promote <run> --name <name>",
  });
}

/** The whole registry of the current runs root (names, versions with lineage, stages, events), as registry.json holds it. */
export function listRegistry(): RegistrySnapshot {
  const root = runsRoot();
  // No index yet: nothing to create one for, but a snapshot (an index lost) still answers.
  const empty: RegistrySnapshot = { version: 1, updated: new Date().toISOString(), root, models: [] };
  if (!existsSync(join(root, "index.sqlite"))) return readSnapshot(root) ?? empty;
  try {
    return registryStore(root).snapshot();
  } catch (e) {
    if (e instanceof UserError) throw e;
    process.stderr.write(`warning: cannot read the registry in ${join(root, "index.sqlite")} (${(e as Error).message}); showing ${join(root, "registry.json")}, its last snapshot\n`);
    return readSnapshot(root) ?? empty;
  }
}

/** One model with every version and event; throws a UserError naming the registered ones when there is none. */
export function showModel(name: string): RegisteredModel {
  const hit = listRegistry().models.find((m) => m.name === name);
  if (!hit) {
    const names = listRegistry().models.map((m) => m.name);
    throw new UserError("registry_unknown_model", `no model "${name}" in the registry of ${runsRoot()}`, {
      hint: names.length ? `registered: ${names.join(", ")} (scriptorium registry list)` : "promote a run first: scriptorium registry promote <run> --name <name>",
    });
  }
  return hit;
}

export type LineageStep =
  | { kind: "data"; sha256: string | null; path: string | null; format: string | null; personas: string | null; canon: string | null; counts: Record<string, number> | null }
  | { kind: "run"; id: string; dir: string; recipe: string; recipe_path: string; config_sha256: string; method: string; base_model: string; base_model_id: string }
  | { kind: "artifact"; path: string; sha256: string; files: { file: string; bytes: number; sha256: string }[] }
  | { kind: "eval"; report: string; sha256: string; suite: string; main_metric: string; tuned: number | null; base: number | null; few_shot: number | null; verdict: string }
  | { kind: "version"; name: string; version: number; stage: Stage; created: string; created_by: string; promotion: Promotion | null };

/** A version's lineage, from the data to the version: data hash → run → artifact → eval report → version. */
export function lineage(v: ModelVersion): LineageStep[] {
  return [
    { kind: "data", ...v.data },
    { kind: "run", id: v.run.id, dir: v.run.dir, recipe: v.recipe.name, recipe_path: v.recipe.path, config_sha256: v.recipe.config_sha256, method: v.method, base_model: v.base_model.requested, base_model_id: v.base_model.id },
    { kind: "artifact", path: v.artifact.path, sha256: v.artifact.sha256, files: v.artifact.files },
    { kind: "eval", report: v.eval.report, sha256: v.eval.sha256, suite: v.eval.suite, main_metric: v.eval.main_metric, tuned: v.eval.tuned, base: v.eval.base, few_shot: v.eval.few_shot, verdict: v.eval.verdict },
    { kind: "version", name: v.name, version: v.version, stage: v.stage, created: v.created, created_by: v.created_by, promotion: v.promotion },
  ];
}
