import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { UserError } from "../errors.js";
import type { GateResult } from "../eval/gates.js";
import { writeJsonAtomic } from "../fs-atomic.js";
import { migrateModule, openIndexDb, type IndexDb } from "../track/run-index.js";
import type { VersionSource } from "./capture.js";
import type { EventKind, ModelVersion, Promotion, RegisteredModel, RegistryEvent, RegistrySnapshot, Stage } from "./registry.js";

/**
 * The registry's tables in the run index file. Unlike the run tables beside them they cannot be
 * rebuilt from the run folders, so they are versioned on their own (schema_modules, through
 * run-index's migrateModule; PRAGMA user_version stays the run tables'), and registry.json — the
 * snapshot written after every change — restores them when the index had to be recreated.
 */
const MIGRATIONS = [
  `CREATE TABLE registry_models (name TEXT PRIMARY KEY, role TEXT NOT NULL, created TEXT NOT NULL);
   CREATE TABLE registry_versions (
     name TEXT NOT NULL REFERENCES registry_models (name),
     version INTEGER NOT NULL CHECK (version >= 1),
     stage TEXT NOT NULL CHECK (stage IN ('candidate', 'production', 'archived')),
     run_id TEXT NOT NULL,
     data_sha256 TEXT, artifact_sha256 TEXT NOT NULL, report_sha256 TEXT NOT NULL,
     created TEXT NOT NULL, created_by TEXT NOT NULL,
     source TEXT NOT NULL,  -- VersionSource as JSON: what the version recorded of its run
     promotion TEXT,        -- the last promotion to production, JSON
     gates TEXT,            -- gate results of the last promotion attempt, JSON
     PRIMARY KEY (name, version),
     UNIQUE (name, run_id)
   );
   -- exactly one production version per name, whatever any process does
   CREATE UNIQUE INDEX registry_one_production ON registry_versions (name) WHERE stage = 'production';
   CREATE TABLE registry_events (
     id INTEGER PRIMARY KEY AUTOINCREMENT, time TEXT NOT NULL, name TEXT NOT NULL, version INTEGER,
     kind TEXT NOT NULL, by TEXT NOT NULL, detail TEXT NOT NULL
   );
   CREATE TRIGGER registry_events_append_only_u BEFORE UPDATE ON registry_events BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;
   CREATE TRIGGER registry_events_append_only_d BEFORE DELETE ON registry_events BEGIN SELECT RAISE(ABORT, 'registry_events is append-only'); END;`,
];
export const REGISTRY_SCHEMA_VERSION = MIGRATIONS.length;

export const snapshotPath = (root: string): string => join(root, "registry.json");

export interface RegistryStore {
  root: string;
  /** One BEGIN IMMEDIATE transaction; registry.json is rewritten before it commits (writers are serialised, so the file never goes back in time). */
  write<T>(f: () => T): T;
  model(name: string): { name: string; role: string; created: string } | null;
  names(): string[];
  versions(name: string): ModelVersion[];
  version(name: string, version: number): ModelVersion | null;
  production(name: string): ModelVersion | null;
  ensureVersion(name: string, source: VersionSource, by: string, note: string | null): { version: number; registered: boolean };
  setGates(name: string, version: number, gates: GateResult[]): void;
  setStage(name: string, version: number, stage: Stage, promotion?: Promotion): void;
  event(name: string, version: number | null, kind: EventKind, by: string, detail: Record<string, unknown>): void;
  snapshot(): RegistrySnapshot;
}

interface VersionRow {
  name: string;
  version: number;
  stage: Stage;
  run_id: string;
  created: string;
  created_by: string;
  source: string;
  promotion: string | null;
  gates: string | null;
}
interface EventRow {
  id: number;
  time: string;
  name: string;
  version: number | null;
  kind: EventKind;
  by: string;
  detail: string;
}

const ready = new WeakSet<IndexDb>();
const warned = new Set<string>();

export function registryStore(root: string): RegistryStore {
  const db = openIndexDb(join(root, "index.sqlite"));
  if (!ready.has(db)) {
    migrateModule(db, "registry", MIGRATIONS);
    restoreFromSnapshot(db, root);
    ready.add(db);
  }
  const all = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).all(...args) as T[];
  const one = <T>(sql: string, ...args: unknown[]) => db.prepare(sql).get(...args) as T | undefined;
  const toVersion = (r: VersionRow): ModelVersion => ({
    ...(JSON.parse(r.source) as VersionSource),
    name: r.name,
    version: r.version,
    stage: r.stage,
    created: r.created,
    created_by: r.created_by,
    promotion: r.promotion ? (JSON.parse(r.promotion) as Promotion) : null,
    gates: r.gates ? (JSON.parse(r.gates) as GateResult[]) : null,
  });
  const toEvent = (r: EventRow): RegistryEvent => ({ ...r, detail: JSON.parse(r.detail) as Record<string, unknown> });
  const event: RegistryStore["event"] = (name, version, kind, by, detail) => {
    db.prepare("INSERT INTO registry_events (time, name, version, kind, by, detail) VALUES (?, ?, ?, ?, ?, ?)").run(new Date().toISOString(), name, version, kind, by, JSON.stringify(detail));
  };
  const store: RegistryStore = {
    root,
    write<T>(f: () => T): T {
      return db
        .transaction(() => {
          const out = f();
          writeSnapshot(root, store.snapshot());
          return out;
        })
        .immediate();
    },
    model: (name) => one("SELECT name, role, created FROM registry_models WHERE name = ?", name) ?? null,
    names: () => all<{ name: string }>("SELECT name FROM registry_models ORDER BY name").map((r) => r.name),
    versions: (name) => all<VersionRow>("SELECT * FROM registry_versions WHERE name = ? ORDER BY version", name).map(toVersion),
    version: (name, version) => {
      const r = one<VersionRow>("SELECT * FROM registry_versions WHERE name = ? AND version = ?", name, version);
      return r ? toVersion(r) : null;
    },
    production: (name) => {
      const r = one<VersionRow>("SELECT * FROM registry_versions WHERE name = ? AND stage = 'production'", name);
      return r ? toVersion(r) : null;
    },
    ensureVersion(name, source, by, note) {
      const model = store.model(name);
      const now = new Date().toISOString();
      if (!model) db.prepare("INSERT INTO registry_models (name, role, created) VALUES (?, ?, ?)").run(name, source.role, now);
      else if (model.role !== source.role) {
        throw new UserError("registry_role_mismatch", `${name} is a ${model.role} model; run ${source.run.id} is ${source.role}`, { hint: `register it under another name: --name ${source.role}-${source.run.recipe}` });
      }
      const hit = one<VersionRow>("SELECT * FROM registry_versions WHERE name = ? AND run_id = ?", name, source.run.id);
      if (hit) {
        // A candidate re-evaluated since it was registered is recorded as it is now; production and archived versions never change.
        const old = JSON.parse(hit.source) as VersionSource;
        const changed = (["artifact", "eval", "recipe", "data"] as const).filter((k) => JSON.stringify(old[k]) !== JSON.stringify(source[k]));
        if (hit.stage === "candidate" && changed.length) {
          db.prepare("UPDATE registry_versions SET source = ?, data_sha256 = ?, artifact_sha256 = ?, report_sha256 = ? WHERE name = ? AND version = ?").run(JSON.stringify(source), source.data.sha256, source.artifact.sha256, source.eval.sha256, name, hit.version);
          event(name, hit.version, "refresh", by, { run: source.run.id, changed });
        }
        return { version: hit.version, registered: false };
      }
      const next = (one<{ n: number | null }>("SELECT MAX(version) AS n FROM registry_versions WHERE name = ?", name)?.n ?? 0) + 1;
      db.prepare(
        "INSERT INTO registry_versions (name, version, stage, run_id, data_sha256, artifact_sha256, report_sha256, created, created_by, source) VALUES (?, ?, 'candidate', ?, ?, ?, ?, ?, ?, ?)",
      ).run(name, next, source.run.id, source.data.sha256, source.artifact.sha256, source.eval.sha256, now, by, JSON.stringify(source));
      event(name, next, "register", by, { run: source.run.id, artifact_sha256: source.artifact.sha256, data_sha256: source.data.sha256, note });
      return { version: next, registered: true };
    },
    setGates: (name, version, gates) => void db.prepare("UPDATE registry_versions SET gates = ? WHERE name = ? AND version = ?").run(JSON.stringify(gates), name, version),
    setStage(name, version, stage, promotion) {
      if (promotion) db.prepare("UPDATE registry_versions SET stage = ?, promotion = ? WHERE name = ? AND version = ?").run(stage, JSON.stringify(promotion), name, version);
      else db.prepare("UPDATE registry_versions SET stage = ? WHERE name = ? AND version = ?").run(stage, name, version);
    },
    event,
    snapshot() {
      const models = all<{ name: string; role: string; created: string }>("SELECT * FROM registry_models ORDER BY name").map((m): RegisteredModel => {
        const versions = store.versions(m.name);
        return {
          ...m,
          production: versions.find((v) => v.stage === "production")?.version ?? null,
          versions,
          events: all<EventRow>("SELECT * FROM registry_events WHERE name = ? ORDER BY id", m.name).map(toEvent),
        };
      });
      return { version: 1, updated: new Date().toISOString(), root, models };
    },
  };
  return store;
}

function writeSnapshot(root: string, snap: RegistrySnapshot): void {
  try {
    writeJsonAtomic(snapshotPath(root), snap);
  } catch (e) {
    // The tables hold the change; the next change (or `registry list`) writes the file again.
    if (!warned.has(root)) process.stderr.write(`warning: could not write ${snapshotPath(root)} (${(e as Error).message}); the registry itself is saved in the run index\n`);
    warned.add(root);
  }
}

export function readSnapshot(root: string): RegistrySnapshot | null {
  const path = snapshotPath(root);
  if (!existsSync(path)) return null;
  try {
    const snap = JSON.parse(readFileSync(path, "utf8")) as RegistrySnapshot;
    return snap.version === 1 && Array.isArray(snap.models) ? snap : null;
  } catch {
    return null;
  }
}

/** Empty registry tables beside a registry.json that is not: the index was lost or rebuilt, so the snapshot fills them again. */
function restoreFromSnapshot(db: IndexDb, root: string): void {
  const count = () => (db.prepare("SELECT COUNT(*) AS n FROM registry_models").get() as { n: number }).n;
  if (count() > 0) return;
  const snap = readSnapshot(root);
  if (!snap?.models.length) return;
  const restored = db
    .transaction(() => {
      if (count() > 0) return 0; // another process restored it meanwhile
      const now = new Date().toISOString();
      for (const m of snap.models) {
        db.prepare("INSERT INTO registry_models (name, role, created) VALUES (?, ?, ?)").run(m.name, m.role, m.created);
        for (const v of m.versions) {
          const { name, version, stage, created, created_by, promotion, gates, ...source } = v;
          db.prepare(
            "INSERT INTO registry_versions (name, version, stage, run_id, data_sha256, artifact_sha256, report_sha256, created, created_by, source, promotion, gates) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
          ).run(name, version, stage, source.run.id, source.data.sha256, source.artifact.sha256, source.eval.sha256, created, created_by, JSON.stringify(source), promotion ? JSON.stringify(promotion) : null, gates ? JSON.stringify(gates) : null);
        }
        for (const e of m.events) db.prepare("INSERT INTO registry_events (id, time, name, version, kind, by, detail) VALUES (?, ?, ?, ?, ?, ?, ?)").run(e.id, e.time, e.name, e.version, e.kind, e.by, JSON.stringify(e.detail));
        db.prepare("INSERT INTO registry_events (time, name, version, kind, by, detail) VALUES (?, ?, ?, ?, ?, ?)").run(now, m.name, null, "restore", "scriptorium", JSON.stringify({ from: snapshotPath(root), snapshot_updated: snap.updated }));
      }
      return snap.models.length;
    })
    .immediate();
  if (restored) process.stderr.write(`warning: the registry tables of ${join(root, "index.sqlite")} were empty; restored ${restored} model(s) from ${snapshotPath(root)}\n`);
}
