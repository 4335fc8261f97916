import type Database from "better-sqlite3";
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, rmSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { UserError } from "../errors.js";
import { indexDbPath, runsRoot } from "../paths.js";
import type { EngineEvent } from "../spec/index.js";
import type { RunManifest } from "./run-store.js";
import { eventScalars, type RunInfo, type Tracker } from "./tracker.js";

/**
 * The run index: one SQLite file beside the run folders (<runs root>/index.sqlite) that lets the
 * CLI and the dashboard list, filter and compare runs and read metric series without parsing
 * every events.jsonl. The folders stay the source of truth: the tables here are rebuilt from
 * manifest.json, events.jsonl and eval/report.json whenever the file is missing, unreadable or
 * of another schema version. A failing index (read-only disk, a lock held too long) never fails
 * training: it warns once and the run goes on; `runs list` catches up from the folders.
 *
 * Several processes use the file at once (concurrent training runs, `scriptorium eval`, a
 * dashboard): it is in WAL mode (readers never block the writer), each connection waits up to
 * BUSY_TIMEOUT_MS for the write lock, and every write of more than one row is one
 * BEGIN IMMEDIATE transaction — it takes the write lock up front, so a read-then-write can never
 * hit the SQLITE_BUSY that a busy timeout does not retry.
 *
 * Other modules (the registry) keep their own tables in the same file: openIndexDb() gives them
 * the connection and migrateModule() versions their tables. PRAGMA user_version belongs to the
 * tables of this file (runs, metrics, eval_metrics), which may be dropped and refilled at will.
 */
export type IndexDb = Database.Database;

// Loaded at the first open, not at import: a command that never touches the index (or a Node
// whose native build of better-sqlite3 is broken) does not pay for it or fail on it.
let sqlite: typeof Database | undefined;
const loadSqlite = () => (sqlite ??= createRequire(import.meta.url)("better-sqlite3") as typeof Database);

const BUSY_TIMEOUT_MS = 20_000;
const OWN_TABLES = ["runs", "metrics", "eval_metrics"];

/** Each step takes user_version from its position to the next; `refill` means the tables must be refilled from the folders after it. */
const MIGRATIONS: { sql: string; refill: boolean }[] = [
  {
    refill: true,
    sql: `
      CREATE TABLE runs (
        id TEXT PRIMARY KEY, recipe TEXT NOT NULL, role TEXT, status TEXT NOT NULL, created TEXT, updated TEXT,
        base_model TEXT, method TEXT, data_sha256 TEXT, dir TEXT NOT NULL, parent_run TEXT,
        manifest TEXT NOT NULL -- manifest.json as written
      );
      CREATE TABLE metrics (
        run_id TEXT NOT NULL, key TEXT NOT NULL, step INTEGER NOT NULL, value REAL NOT NULL, wall_time REAL NOT NULL,
        PRIMARY KEY (run_id, key, step)
      ) WITHOUT ROWID;
      CREATE TABLE eval_metrics (
        run_id TEXT NOT NULL, metric TEXT NOT NULL, system TEXT NOT NULL, value REAL, lo REAL, hi REAL, main INTEGER NOT NULL,
        PRIMARY KEY (run_id, metric, system)
      ) WITHOUT ROWID;`,
  },
];
export const INDEX_SCHEMA_VERSION = MIGRATIONS.length;

/** A row of `runs`, with its manifest parsed. */
export interface IndexedRun {
  id: string;
  recipe: string;
  role: string | null;
  status: RunManifest["status"];
  created: string | null;
  updated: string | null;
  base_model: string | null;
  method: string | null;
  data_sha256: string | null;
  dir: string;
  parent_run: string | null;
  manifest: RunManifest;
}
export interface RunFilter {
  recipe?: string;
  role?: string;
  status?: string;
  ids?: string[];
}
export interface MetricPoint {
  step: number;
  value: number;
  wall_time: number;
}
export interface EvalMetric {
  metric: string;
  system: string;
  value: number | null;
  lo: number | null;
  hi: number | null;
  main: boolean;
}

interface Conn {
  db: IndexDb;
  /** Created or emptied by this open: runs that exist on disk may be missing. */
  fresh: boolean;
  /** Runs this process indexed in full from their folder. */
  synced: Set<string>;
  /** This process brought the whole file in line with the folders (readers do it once). */
  rootSynced: boolean;
  stmts: Map<string, Database.Statement>;
}
const conns = new Map<string, Conn>();
const retryAt = new Map<string, number>();
const warned = new Set<string>();
let exitHook = false;

/**
 * The index of a runs root, opened (created, migrated, rebuilt when corrupt) once per process and
 * path; throws when the file cannot be used. For the registry and other modules that add tables.
 */
export function openIndexDb(path = indexDbPath()): IndexDb {
  return connect(path).db;
}

/**
 * Versions another module's tables in the index file (`schema_modules`): applies the steps past
 * the version recorded for `module`, in one transaction. Throws when the file holds a newer version
 * than `migrations` knows, since such tables may hold data no folder can restore.
 */
export function migrateModule(db: IndexDb, module: string, migrations: string[]): void {
  db.exec("CREATE TABLE IF NOT EXISTS schema_modules (module TEXT PRIMARY KEY, version INTEGER NOT NULL)");
  db.transaction(() => {
    const row = db.prepare("SELECT version FROM schema_modules WHERE module = ?").get(module) as { version: number } | undefined;
    const v = row?.version ?? 0;
    if (v > migrations.length) throw new UserError("index_schema_newer", `the ${module} tables in the run index are version ${v}; this Scriptorium knows ${migrations.length}`, { hint: "upgrade Scriptorium" });
    for (const sql of migrations.slice(v)) db.exec(sql);
    db.prepare("INSERT OR REPLACE INTO schema_modules (module, version) VALUES (?, ?)").run(module, migrations.length);
  }).immediate();
}

/** Indexes a run's manifest (called by RunDir.writeManifest); false, after one warning, when the index is unusable. */
export function indexManifest(dir: string, manifest: RunManifest): boolean {
  return guarded(dbPathOf(dir), "indexing a manifest", (c) => {
    if (c.fresh && !c.synced.has(manifest.id)) return void putFolder(c, dir, manifest);
    const row = runRow(dir, manifest);
    const evals = (manifest as { eval_report?: unknown }).eval_report ? reportEvals(dir) : null;
    write(c, () => {
      putRun(c, row);
      if (evals) putEvals(c, manifest.id, evals);
    });
  });
}

/** Upserts scalars of one step (one transaction); non-finite values are skipped. */
export function indexScalars(runId: string, step: number, values: Record<string, number>, wallTime: number, dbPath = indexDbPath()): boolean {
  const rows = Object.entries(values)
    .filter(([, v]) => Number.isFinite(v))
    .map(([key, value]) => ({ key, step, value, wall_time: wallTime }));
  return guarded(dbPath, "writing metrics", (c) => write(c, () => putScalars(c, runId, rows)));
}

/** Forgets a run; false when the index is unusable (the next sync forgets it anyway, its folder being gone). */
export function removeIndexed(id: string, dbPath = indexDbPath()): boolean {
  return guarded(dbPath, "removing a run", (c) =>
    write(c, () => {
      for (const t of OWN_TABLES) stmt(c, `DELETE FROM ${t} WHERE ${t === "runs" ? "id" : "run_id"} = ?`).run(id);
    }),
  );
}

/** Runs of the current runs root, oldest first, filtered. */
export function listIndexed(filter: RunFilter = {}): IndexedRun[] {
  const where: string[] = [];
  const args: string[] = [];
  for (const k of ["recipe", "role", "status"] as const) {
    if (filter[k] !== undefined) {
      where.push(`${k} = ?`);
      args.push(filter[k]!);
    }
  }
  if (filter.ids) {
    if (filter.ids.length === 0) return [];
    where.push(`id IN (${filter.ids.map(() => "?").join(",")})`);
    args.push(...filter.ids);
  }
  const rows = read((db) => db.prepare(`SELECT * FROM runs ${where.length ? `WHERE ${where.join(" AND ")}` : ""} ORDER BY id`).all(...args)) as (Omit<IndexedRun, "manifest"> & { manifest: string })[];
  return rows.map((r) => ({ ...r, manifest: JSON.parse(r.manifest) as RunManifest }));
}

/** Every logged value of one scalar (e.g. "train/loss") of a run, by step. */
export function metricSeries(runId: string, key: string): MetricPoint[] {
  return read((db) => db.prepare("SELECT step, value, wall_time FROM metrics WHERE run_id = ? AND key = ? ORDER BY step").all(runId, key)) as MetricPoint[];
}

/** The value at the last logged step of every scalar of each run: run id → key → {step, value}. */
export function lastMetrics(runIds: string[]): Record<string, Record<string, { step: number; value: number }>> {
  const out: Record<string, Record<string, { step: number; value: number }>> = Object.fromEntries(runIds.map((id) => [id, {}]));
  if (runIds.length === 0) return out;
  const rows = read((db) =>
    db
      .prepare(
        `SELECT m.run_id, m.key, m.step, m.value FROM metrics m
         JOIN (SELECT run_id, key, MAX(step) AS step FROM metrics WHERE run_id IN (${runIds.map(() => "?").join(",")}) GROUP BY run_id, key) l
           ON m.run_id = l.run_id AND m.key = l.key AND m.step = l.step`,
      )
      .all(...runIds),
  ) as { run_id: string; key: string; step: number; value: number }[];
  for (const r of rows) out[r.run_id]![r.key] = { step: r.step, value: r.value };
  return out;
}

/** The role suite's metrics of each run (from eval/report.json): run id → rows, main metric first. */
export function evalMetrics(runIds: string[]): Record<string, EvalMetric[]> {
  const out: Record<string, EvalMetric[]> = Object.fromEntries(runIds.map((id) => [id, []]));
  if (runIds.length === 0) return out;
  const rows = read((db) => db.prepare(`SELECT * FROM eval_metrics WHERE run_id IN (${runIds.map(() => "?").join(",")}) ORDER BY main DESC, metric, system`).all(...runIds)) as (Omit<EvalMetric, "main"> & { run_id: string; main: number })[];
  for (const { run_id, ...r } of rows) out[run_id]!.push({ ...r, main: r.main === 1 });
  return out;
}

/**
 * Brings the index of the current runs root in line with its folders: indexes runs it lacks or
 * holds stale (manifest `updated` differs), forgets runs whose folder is gone. Throws when the
 * index file cannot be used. Readers call it once per process; a dashboard may call it again.
 */
export function syncIndex(): { added: string[]; removed: string[] } {
  return syncConn(connect(indexDbPath()), false);
}

/** Rebuilds the index of the current runs root from every run folder (`scriptorium runs reindex`). */
export function reindex(): { path: string; runs: number; metrics: number; eval_metrics: number } {
  const path = indexDbPath();
  let c: Conn;
  try {
    c = connect(path);
  } catch (e) {
    throw new UserError("index_unusable", `cannot open the run index ${path}: ${message(e)}`, { hint: "check that the runs folder is writable; the runs themselves are safe in their folders" });
  }
  syncConn(c, true);
  const count = (t: string) => (c.db.prepare(`SELECT COUNT(*) AS n FROM ${t}`).get() as { n: number }).n;
  return { path, runs: count("runs"), metrics: count("metrics"), eval_metrics: count("eval_metrics") };
}

/** Writes a run's scalars to the metrics table (suite results go to eval_metrics, with intervals, when its manifest is written). */
export function indexTracker(info: RunInfo): Tracker {
  const path = dbPathOf(info.run.dir);
  let failures = 0;
  return {
    name: "index",
    open: () => {},
    scalars(step, values, wallTime) {
      const kept = Object.fromEntries(Object.entries(values).filter(([k]) => !k.startsWith("suite/")));
      if (Object.keys(kept).length && !indexScalars(info.run.id, step, kept, wallTime, path)) failures++;
    },
    text: () => {},
    artifact: () => {},
    close() {
      // Some writes were lost (a lock held too long, a full disk): catch up from the folder.
      if (failures > 0) guarded(path, "re-indexing the run", (c) => putFolder(c, info.run.dir, readJson<RunManifest>(join(info.run.dir, "manifest.json"))));
    },
  };
}

/** A run folder's index sits in its runs root, beside it (a run opened by path keeps to its own root's index). */
export const runIndexPath = (runDir: string): string => join(dirname(runDir), "index.sqlite");
const dbPathOf = runIndexPath;

// ---- connections ----


function connect(path: string): Conn {
  const hit = conns.get(path);
  if (hit?.db.open) return hit;
  let conn: Conn;
  try {
    conn = openConn(path);
  } catch (e) {
    if (!isCorrupt(e)) throw e;
    conn = recoverCorrupt(path, e);
  }
  if (!exitHook) exitHook = Boolean(process.once("exit", closeIndexDbs));
  conns.set(path, conn);
  return conn;
}

/**
 * Closes this process's index connections (they reopen on the next use). Closing checkpoints the
 * WAL into the main file; the last connection out removes -wal and -shm. Runs at exit.
 */
export function closeIndexDbs(): void {
  for (const c of conns.values()) if (c.db.open) c.db.close();
  conns.clear();
  retryAt.clear();
}

function openConn(path: string): Conn {
  const memory = path === ":memory:";
  if (!memory) mkdirSync(dirname(path), { recursive: true });
  const existed = !memory && existsSync(path);
  const db = new (loadSqlite())(path, { timeout: BUSY_TIMEOUT_MS });
  try {
    if (!memory) {
      db.pragma("journal_mode = WAL");
      db.pragma("synchronous = NORMAL"); // with WAL: durable at checkpoints, never corrupt
    }
    const refill = migrate(db);
    return { db, fresh: !existed || refill, synced: new Set(), rootSynced: false, stmts: new Map() };
  } catch (e) {
    db.close();
    throw e;
  }
}

const userVersion = (db: IndexDb) => db.pragma("user_version", { simple: true }) as number;

/** Migrates this file's tables to INDEX_SCHEMA_VERSION; true when they must be refilled from the folders. */
function migrate(db: IndexDb): boolean {
  if (userVersion(db) === INDEX_SCHEMA_VERSION) return false;
  let refill = false;
  db.transaction(() => {
    let v = userVersion(db); // again, under the write lock: another process may have migrated meanwhile
    if (v === INDEX_SCHEMA_VERSION) return;
    if (v > INDEX_SCHEMA_VERSION) {
      // Written by a newer Scriptorium: these tables are derived data, so they are rebuilt in this version's shape.
      for (const t of OWN_TABLES) db.exec(`DROP TABLE IF EXISTS ${t}`);
      v = 0;
    }
    for (const m of MIGRATIONS.slice(v)) {
      db.exec(m.sql);
      refill ||= m.refill;
    }
    db.pragma(`user_version = ${INDEX_SCHEMA_VERSION}`);
  }).immediate();
  return refill;
}

function isCorrupt(e: unknown): boolean {
  const code = (e as { code?: unknown } | null)?.code;
  return typeof code === "string" && (code.startsWith("SQLITE_CORRUPT") || code === "SQLITE_NOTADB");
}

/** Moves an unreadable index aside (other modules' tables may still be salvaged from it) and starts a new one. */
function recoverCorrupt(path: string, cause: unknown): Conn {
  conns.get(path)?.db.close();
  conns.delete(path);
  const conn = withLock(`${path}.rebuild-lock`, () => {
    try {
      // Another process may have rebuilt it while this one waited for the lock.
      const again = openConn(path);
      if (again.db.pragma("quick_check", { simple: true }) === "ok") return again;
      again.db.close();
    } catch (e) {
      if (!isCorrupt(e)) throw e;
    }
    const aside = `${path}.corrupt-${Date.now()}`;
    for (const ext of ["", "-wal", "-shm"]) if (existsSync(path + ext)) renameSync(path + ext, aside + ext);
    process.stderr.write(`warning: the run index ${path} was unreadable (${message(cause)}); moved it to ${aside} and rebuilt it from the run folders\n`);
    const fresh = openConn(path);
    fresh.fresh = true;
    return fresh;
  });
  conns.set(path, conn);
  return conn;
}

function withLock<T>(lock: string, f: () => T): T {
  const deadline = Date.now() + BUSY_TIMEOUT_MS;
  for (;;) {
    try {
      mkdirSync(lock);
      break;
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code !== "EEXIST") throw e;
      if (Date.now() - statSync(lock, { throwIfNoEntry: false })!.mtimeMs > 60_000 || Date.now() > deadline) {
        rmSync(lock, { recursive: true, force: true }); // left by a process that died
        continue;
      }
      Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, 50);
    }
  }
  try {
    return f();
  } finally {
    rmSync(lock, { recursive: true, force: true });
  }
}

/** Runs `f` on the index at `path`; any failure is a warning (once per process and file), never an exception. */
function guarded(path: string, what: string, f: (c: Conn) => void): boolean {
  if ((retryAt.get(path) ?? 0) > Date.now()) return false;
  try {
    f(connect(path));
    return true;
  } catch (e) {
    if (isCorrupt(e)) {
      try {
        recoverCorrupt(path, e);
      } catch {
        retryAt.set(path, Date.now() + 30_000);
      }
    } else if (!conns.get(path)?.db.open) {
      retryAt.set(path, Date.now() + 30_000); // could not open it: don't try again at every step
    }
    if (!warned.has(path)) {
      warned.add(path);
      process.stderr.write(`warning: run index ${path}: ${what} failed (${message(e)}); carrying on — the run folders keep everything and \`scriptorium runs reindex\` rebuilds the index\n`);
    }
    return false;
  }
}

/**
 * The current root's index for reading, synced with the folders once per process. When the file
 * cannot be used, an in-memory index filled from the folders stands in (with a warning).
 */
function read<T>(query: (db: IndexDb) => T): T {
  const path = indexDbPath();
  let c: Conn;
  if (!existsSync(runsRoot())) return query(memoryConn(false).db); // no runs yet: nothing to create a file for
  try {
    c = connect(path);
    if (!c.rootSynced) syncConn(c, false);
    return query(c.db);
  } catch (e) {
    if (isCorrupt(e)) {
      c = recoverCorrupt(path, e);
      syncConn(c, false);
      return query(c.db);
    }
    if (!conns.has(`:memory:${runsRoot()}`)) process.stderr.write(`warning: run index ${path} unusable (${message(e)}); reading the run folders instead\n`);
    return query(memoryConn(true).db);
  }
}

/** An in-memory stand-in for the current root's index, filled from its folders. */
function memoryConn(fill: boolean): Conn {
  const key = `:memory:${runsRoot()}`;
  let c = conns.get(key);
  if (!c?.db.open) conns.set(key, (c = openConn(":memory:")));
  if (fill && !c.rootSynced) syncConn(c, false);
  return c;
}

function stmt(c: Conn, sql: string): Database.Statement {
  let s = c.stmts.get(sql);
  if (!s) c.stmts.set(sql, (s = c.db.prepare(sql)));
  return s;
}

const write = (c: Conn, f: () => void) => c.db.transaction(f).immediate();

const message = (e: unknown) => (e instanceof Error ? e.message : String(e));

// ---- folders → rows ----

function syncConn(c: Conn, all: boolean): { added: string[]; removed: string[] } {
  const root = runsRoot();
  const ids = existsSync(root) ? readdirSync(root).filter((id) => existsSync(join(root, id, "manifest.json"))) : [];
  const indexed = new Map((c.db.prepare("SELECT id, updated FROM runs").all() as { id: string; updated: string }[]).map((r) => [r.id, r.updated]));
  const added: string[] = [];
  for (const id of ids) {
    const dir = join(root, id);
    const m = readJson<RunManifest>(join(dir, "manifest.json"));
    if (!m || (!all && !c.fresh && indexed.get(id) === m.updated)) continue;
    putFolder(c, dir, m);
    added.push(id);
  }
  const onDisk = new Set(ids);
  const removed = [...indexed.keys()].filter((id) => !onDisk.has(id));
  write(c, () => {
    for (const id of removed) for (const t of OWN_TABLES) stmt(c, `DELETE FROM ${t} WHERE ${t === "runs" ? "id" : "run_id"} = ?`).run(id);
  });
  c.fresh = false;
  c.rootSynced = true;
  return { added, removed };
}

/** Indexes everything a run folder holds: manifest, step/eval events, held-out perplexity, the suite report. */
function putFolder(c: Conn, dir: string, manifest: RunManifest | null): void {
  if (!manifest) return;
  const { scalars, last } = eventRows(join(dir, "events.jsonl"));
  const ev = manifest.evaluation as { base?: { perplexity?: number }; tuned?: { perplexity?: number } } | undefined;
  for (const sys of ["base", "tuned"] as const) {
    const v = ev?.[sys]?.perplexity;
    if (typeof v === "number" && Number.isFinite(v)) scalars.push({ key: `heldout/perplexity/${sys}`, step: last, value: v, wall_time: Date.parse(manifest.updated) / 1000 || 0 });
  }
  const evals = reportEvals(dir);
  write(c, () => {
    putRun(c, runRow(dir, manifest));
    putScalars(c, manifest.id, scalars);
    putEvals(c, manifest.id, evals);
  });
  c.synced.add(manifest.id);
}

interface ScalarRow {
  key: string;
  step: number;
  value: number;
  wall_time: number;
}

/** Scalars of events.jsonl as the trackers get them live (a half-written last line is skipped). */
function eventRows(path: string): { scalars: ScalarRow[]; last: number } {
  const scalars: ScalarRow[] = [];
  let last = 0;
  if (!existsSync(path)) return { scalars, last };
  for (const line of readFileSync(path, "utf8").split("\n")) {
    if (!line.trim()) continue;
    let e: EngineEvent;
    try {
      e = JSON.parse(line) as EngineEvent;
    } catch {
      continue;
    }
    // The training-time generative eval's scores ride on its `samples` event (src/pipeline/train.ts logs them live).
    const scores = (e as { event: string; scores?: unknown }).event === "samples" ? (e as { scores?: Record<string, number> }).scores : undefined;
    const s = scores && typeof scores === "object" ? { step: (e as { step: number }).step, values: scores } : eventScalars(e);
    if (!s || typeof s.step !== "number") continue;
    last = Math.max(last, s.step);
    for (const [key, value] of Object.entries(s.values)) if (Number.isFinite(value)) scalars.push({ key, step: s.step, value, wall_time: e.time });
  }
  return { scalars, last };
}

function reportEvals(dir: string): EvalMetric[] {
  const report = readJson<{ main_metric?: string; metrics?: { name: string; values: Record<string, { value?: number | null; lo?: number | null; hi?: number | null } | undefined> }[] }>(join(dir, "eval", "report.json"));
  const out: EvalMetric[] = [];
  for (const m of report?.metrics ?? []) {
    for (const [system, e] of Object.entries(m.values ?? {})) {
      if (e) out.push({ metric: m.name, system, value: e.value ?? null, lo: e.lo ?? null, hi: e.hi ?? null, main: m.name === report!.main_metric });
    }
  }
  return out;
}

const roleCache = new Map<string, { role: string | null; method: string | null }>();

function runRow(dir: string, m: RunManifest): Record<string, unknown> {
  let rm = roleCache.get(dir);
  if (!rm) {
    const cfg = readJson<{ role?: string; method?: { kind?: string } }>(join(dir, "config.resolved.json"));
    rm = { role: cfg?.role ?? null, method: cfg?.method?.kind ?? null };
    if (cfg) roleCache.set(dir, rm);
  }
  const str = (x: unknown) => (typeof x === "string" ? x : null);
  return {
    id: m.id,
    recipe: m.recipe,
    role: rm.role,
    status: m.status,
    created: str(m.created),
    updated: str(m.updated),
    base_model: str(m.base_model?.requested),
    method: rm.method,
    data_sha256: str(m.data?.sha256),
    dir,
    parent_run: m.parent_run ?? null,
    manifest: JSON.stringify(m),
  };
}

function putRun(c: Conn, row: Record<string, unknown>): void {
  stmt(c, "INSERT OR REPLACE INTO runs (id, recipe, role, status, created, updated, base_model, method, data_sha256, dir, parent_run, manifest) VALUES (@id, @recipe, @role, @status, @created, @updated, @base_model, @method, @data_sha256, @dir, @parent_run, @manifest)").run(row);
}

function putScalars(c: Conn, runId: string, rows: ScalarRow[]): void {
  const s = stmt(c, "INSERT INTO metrics (run_id, key, step, value, wall_time) VALUES (?, ?, ?, ?, ?) ON CONFLICT (run_id, key, step) DO UPDATE SET value = excluded.value, wall_time = excluded.wall_time");
  for (const r of rows) s.run(runId, r.key, r.step, r.value, r.wall_time);
}

/** The report is rewritten whole by each evaluation, so its rows are too. */
function putEvals(c: Conn, runId: string, rows: EvalMetric[]): void {
  stmt(c, "DELETE FROM eval_metrics WHERE run_id = ?").run(runId);
  const s = stmt(c, "INSERT INTO eval_metrics (run_id, metric, system, value, lo, hi, main) VALUES (?, ?, ?, ?, ?, ?, ?)");
  for (const r of rows) s.run(runId, r.metric, r.system, r.value, r.lo, r.hi, r.main ? 1 : 0);
}

function readJson<T>(path: string): T | null {
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch {
    return null;
  }
}
