import { appendFileSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, unlinkSync } from "node:fs";
import { basename, dirname, join, relative } from "node:path";
import type { ResolvedConfig } from "../config/resolve.js";
import { writeFileAtomic } from "../fs-atomic.js";
import type { RunDir, RunManifest } from "./run-store.js";
import type { RunInfo, Tracker, TrackerFactory } from "./tracker.js";

/**
 * MLflow over its REST API (no Python client): one MLflow run per Scriptorium run, in the
 * experiment `tracking.mlflow.experiment` (default: the recipe's name). Everything it sends goes
 * through an outbox, runs/<id>/tracking/mlflow-outbox.jsonl, a journal of pending requests
 * written before they are tried, so a server that is down, or a process that dies, loses nothing:
 * the next open of the run (resume, `scriptorium eval`) or `scriptorium runs sync-mlflow`
 * replays it first. Sending runs in the background with backoff; training never waits on it,
 * except `close()`, which waits a bounded time (SCRIPTORIUM_MLFLOW_CLOSE_TIMEOUT_S, default 30).
 */

// MLflow's own limits (mlflow/utils/validation.py, unchanged from 2.x to 3.17).
const MAX_METRICS = 1000;
const MAX_PARAMS_TAGS = 100;
const MAX_PARAM_VAL = 6000;
const MAX_TAG_VAL = 8000;
const MAX_KEY = 250;

type KV = { key: string; value: string };
type Metric = { key: string; value: number; timestamp: number; step: number };
type MlflowStatus = "RUNNING" | "FINISHED" | "FAILED" | "KILLED";
type Item =
  | { id: number; kind: "metrics"; metrics: Metric[] }
  | { id: number; kind: "params"; params: KV[] }
  | { id: number; kind: "tags"; tags: KV[] }
  | { id: number; kind: "status"; status: MlflowStatus; end_time: number | null }
  | { id: number; kind: "file"; local: string; remote: string }
  | { id: number; kind: "text"; remote: string; body: string };
type DistOmit<T, K extends PropertyKey> = T extends unknown ? Omit<T, K> : never;
type NewItem = DistOmit<Item, "id">;

const STATUS: Record<RunManifest["status"], MlflowStatus> = { running: "RUNNING", done: "FINISHED", failed: "FAILED", cancelled: "KILLED" };

const envSeconds = (name: string, dflt: number) => {
  const v = Number(process.env[name]);
  return (Number.isFinite(v) && v > 0 ? v : dflt) * 1000;
};

/** A metric, param or tag key MLflow accepts: [A-Za-z0-9_-. /], no empty, `.` or `..` path segments. */
export function mlflowKey(name: string): string {
  const k = name
    .replace(/[^A-Za-z0-9_\-. /]/g, "_")
    .split("/")
    .filter((s) => s !== "")
    .map((s) => (s === "." || s === ".." ? s.replace(/\./g, "_") : s))
    .join("/");
  return (k || "_").slice(0, MAX_KEY);
}

/** `train/loss@1-3,7` lists: the steps of each key, consecutive steps as ranges. */
export function describeMetrics(metrics: { key: string; step: number }[]): string {
  const byKey = new Map<string, Set<number>>();
  for (const m of metrics) (byKey.get(m.key) ?? byKey.set(m.key, new Set()).get(m.key)!).add(m.step);
  const parts: string[] = [];
  for (const [key, set] of byKey) {
    const steps = [...set].sort((a, b) => a - b);
    const ranges: string[] = [];
    for (let i = 0; i < steps.length; ) {
      let j = i;
      while (j + 1 < steps.length && steps[j + 1] === steps[j]! + 1) j++;
      ranges.push(i === j ? `${steps[i]}` : `${steps[i]}-${steps[j]}`);
      i = j + 1;
    }
    parts.push(`${key}@${ranges.join(",")}`);
  }
  return parts.join(" ");
}

/** The journal of pending requests: `{"add":item}` and `{"done":[ids]}` lines; rewritten whole (atomically) when it grows or on load. */
class Outbox {
  items: Item[] = [];
  private nextId = 1;
  private lines = 0;

  constructor(readonly path: string) {
    if (!existsSync(path)) return;
    const live = new Map<number, Item>();
    for (const line of readFileSync(path, "utf8").split("\n")) {
      let rec: { add?: Item; done?: number[] };
      try {
        rec = JSON.parse(line) as typeof rec;
      } catch {
        continue; // a line torn by a crash mid-append; its request was never acknowledged
      }
      if (rec.add) live.set(rec.add.id, rec.add);
      for (const id of rec.done ?? []) live.delete(id);
    }
    this.items = [...live.values()].sort((a, b) => a.id - b.id);
    this.nextId = (this.items.at(-1)?.id ?? 0) + 1;
    this.compact(); // also drops a torn tail, which a later append would otherwise glue onto
  }

  add(item: NewItem): void {
    const full = { ...item, id: this.nextId++ } as Item;
    this.items.push(full);
    this.append({ add: full });
  }

  done(ids: number[]): void {
    const gone = new Set(ids);
    this.items = this.items.filter((i) => !gone.has(i.id));
    if (this.items.length === 0) this.compact();
    else if (this.lines > 2000 && this.lines > 4 * this.items.length) this.compact();
    else this.append({ done: ids });
  }

  private append(rec: unknown): void {
    mkdirSync(dirname(this.path), { recursive: true });
    appendFileSync(this.path, JSON.stringify(rec) + "\n");
    this.lines++;
  }

  private compact(): void {
    if (this.items.length === 0) {
      if (existsSync(this.path)) unlinkSync(this.path);
    } else {
      writeFileAtomic(this.path, this.items.map((i) => JSON.stringify({ add: i }) + "\n").join(""));
    }
    this.lines = this.items.length;
  }
}

class MlflowError extends Error {
  constructor(
    message: string,
    /** false: the server answered that this request is wrong (400, 404, 413…); sending it again would not help. */
    readonly retryable: boolean,
    readonly code = "",
  ) {
    super(message);
  }
}

/** The `tracking.mlflow` part of a run's manifest. */
interface ManifestEntry {
  tracking_uri: string;
  experiment: string;
  experiment_id: string;
  run_id: string;
  artifact_uri: string;
  url: string;
}

export interface MlflowOptions {
  uri: string;
  experiment: string;
  run: RunDir;
}

export class MlflowTracker implements Tracker {
  readonly name = "mlflow";
  readonly outboxPath: string;
  private readonly base: string;
  private readonly shown: string;
  private readonly headers: Record<string, string> = {};
  private outbox!: Outbox;
  private note: (message: string) => void = () => {};
  private entry: ManifestEntry | null = null;
  private solo = new Set<number>();
  private rejected: { item: Item; error: string }[] = [];
  private pumping = false;
  private stopped = false;
  private halted: string | null = null;
  private down = false;
  private backoff = 500;
  private maxBackoff = envSeconds("SCRIPTORIUM_MLFLOW_RETRY_MAX_S", 30);
  private wake: (() => void) | null = null;
  private idle: (() => void)[] = [];
  private inflight: AbortController | null = null;

  constructor(private readonly opts: MlflowOptions) {
    const url = new URL(opts.uri);
    if (url.username || url.password) this.headers.authorization = `Basic ${Buffer.from(`${decodeURIComponent(url.username)}:${decodeURIComponent(url.password)}`).toString("base64")}`;
    url.username = url.password = "";
    this.base = url.toString().replace(/\/+$/, "");
    this.shown = this.base;
    const token = process.env.MLFLOW_TRACKING_TOKEN;
    const user = process.env.MLFLOW_TRACKING_USERNAME;
    if (token) this.headers.authorization = `Bearer ${token}`;
    else if (user) this.headers.authorization = `Basic ${Buffer.from(`${user}:${process.env.MLFLOW_TRACKING_PASSWORD ?? ""}`).toString("base64")}`;
    this.outboxPath = opts.run.path("tracking", "mlflow-outbox.jsonl");
  }

  /** Loads the leftover outbox (sent first) and the MLflow run this run already has on this server. */
  replay(note: (message: string) => void): number {
    this.note = note;
    this.outbox = new Outbox(this.outboxPath);
    const old = this.opts.run.readManifest().tracking?.mlflow as ManifestEntry | undefined;
    if (old && old.tracking_uri === this.shown) this.entry = old;
    else if (old) note(`this run was logged to ${old.tracking_uri}; it gets a new MLflow run on ${this.shown}`);
    const pending = this.outbox.items.length;
    if (pending) this.pump();
    return pending;
  }

  open(info: RunInfo, note: (message: string) => void = () => {}): void {
    this.replay(note);
    const tags: Record<string, string> = { ...info.tags, "mlflow.runName": info.run.id, "scriptorium.run_dir": info.run.dir };
    delete tags.run_id;
    this.add({ kind: "tags", tags: Object.entries(tags).map(([key, value]) => ({ key: mlflowKey(key), value: String(value).slice(0, MAX_TAG_VAL) })) });
    const params = new Map<string, string>();
    for (const [k, v] of Object.entries(info.params)) if (!params.has(mlflowKey(k))) params.set(mlflowKey(k), String(v).slice(0, MAX_PARAM_VAL));
    const all = [...params].map(([key, value]) => ({ key, value }));
    for (let i = 0; i < all.length; i += MAX_PARAMS_TAGS) this.add({ kind: "params", params: all.slice(i, i + MAX_PARAMS_TAGS) });
    if (this.entry) this.add({ kind: "status", status: "RUNNING", end_time: null });
  }

  scalars(step: number, values: Record<string, number>, wallTime: number): void {
    const timestamp = Math.round(wallTime * 1000);
    const metrics = Object.entries(values).map(([k, value]) => ({ key: mlflowKey(k), value, timestamp, step }));
    for (let i = 0; i < metrics.length; i += MAX_METRICS) this.add({ kind: "metrics", metrics: metrics.slice(i, i + MAX_METRICS) });
  }

  /** Text goes in as an artifact, text/<tag>/step-<step>.md: MLflow has no text series, and tags cannot hold one per step. */
  text(step: number, tag: string, text: string): void {
    this.add({ kind: "text", remote: `text/${mlflowKey(tag)}/step-${step}.md`, body: text });
  }

  artifact(path: string, name: string): void {
    const root = mlflowKey(name);
    if (!statSync(path).isDirectory()) return this.add({ kind: "file", local: path, remote: `${root}/${basename(path)}` });
    const walk = (dir: string): void => {
      for (const entry of readdirSync(dir, { withFileTypes: true }).sort((a, b) => a.name.localeCompare(b.name))) {
        const p = join(dir, entry.name);
        if (entry.isDirectory()) walk(p);
        else if (entry.isFile()) this.add({ kind: "file", local: p, remote: `${root}/${relative(path, p).split("\\").join("/")}` });
      }
    };
    walk(path);
  }

  async close(status: RunManifest["status"]): Promise<string | void> {
    this.add({ kind: "status", status: STATUS[status], end_time: Date.now() });
    return this.flush(envSeconds("SCRIPTORIUM_MLFLOW_CLOSE_TIMEOUT_S", 30));
  }

  /** Sends what is pending for at most `ms`; then stops and says what is left, or nothing when all went. */
  async flush(ms: number): Promise<string | void> {
    this.backoff = 500;
    this.maxBackoff = Math.min(this.maxBackoff, 5000);
    this.wake?.();
    this.pump();
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([
      new Promise<void>((res) => (this.halted || !this.outbox.items.length ? res() : this.idle.push(res))),
      new Promise<void>((res) => (timer = setTimeout(res, ms))),
    ]);
    clearTimeout(timer);
    this.stopped = true;
    this.inflight?.abort();
    this.wake?.();
    return this.leftovers(ms);
  }

  private leftovers(ms: number): string | void {
    const lines: string[] = [];
    if (this.rejected.length) {
      const m = this.rejected.flatMap((r) => (r.item.kind === "metrics" ? r.item.metrics : []));
      lines.push(
        `${this.rejected.length} request(s) rejected by ${this.shown}${m.length ? ` (metrics ${describeMetrics(m)})` : ""}, kept in ${this.opts.run.path("tracking", "mlflow-rejected.jsonl")}: ${this.rejected[0]!.error}`,
      );
    }
    const left = this.outbox.items;
    if (left.length) {
      const m = left.flatMap((i) => (i.kind === "metrics" ? i.metrics : []));
      const count = (k: Item["kind"]) => left.filter((i) => i.kind === k).length;
      const other = [
        count("params") && `${count("params")} param batch(es)`,
        count("tags") && "tags",
        count("file") + count("text") && `${count("file") + count("text")} artifact file(s)`,
        count("status") && "the run status",
      ].filter(Boolean);
      const why = this.halted ?? (this.down ? `${this.shown} unreachable for the last ${Math.round(ms / 1000)} s` : `not sent within ${Math.round(ms / 1000)} s`);
      lines.push(
        `not delivered (${why}): ${m.length ? `metrics ${describeMetrics(m)}` : "no metrics"}${other.length ? `; ${other.join(", ")}` : ""}. ` +
          `They are kept in ${this.outboxPath} and sent at the next open of this run, or now with: scriptorium runs sync-mlflow ${this.opts.run.id}`,
      );
    }
    return lines.length ? lines.join("\n") : undefined;
  }

  private add(item: NewItem): void {
    if (this.stopped) return;
    this.outbox.add(item);
    this.pump();
  }

  /** The background sender: one request at a time, in order, consecutive metric items merged into one log-batch. */
  private pump(): void {
    if (this.pumping || this.stopped || this.halted) return;
    this.pumping = true;
    void (async () => {
      try {
        while (!this.stopped && !this.halted && this.outbox.items.length) {
          const batch = this.take();
          try {
            await this.ensureRun();
            await this.send(batch);
            this.outbox.done(batch.map((i) => i.id));
            this.backoff = 500;
            if (this.down) {
              this.down = false;
              this.note(`${this.shown} is reachable again; sending the ${this.outbox.items.length} queued request(s)`);
            }
          } catch (e) {
            if (this.stopped) break;
            const err = e instanceof MlflowError ? e : new MlflowError(e instanceof Error ? ((e.cause as Error | undefined)?.message ?? e.message) : String(e), true);
            if (err.retryable) {
              if (!this.down) {
                this.down = true;
                this.note(`${this.shown} is unreachable (${err.message}); training goes on, and what it logs waits in ${this.outboxPath} (retrying in the background)`);
              }
              await this.sleep(this.backoff);
              this.backoff = Math.min(this.backoff * 2, this.maxBackoff);
            } else if (!this.entry) {
              this.halted = `${this.shown} refused the run: ${err.message}`;
              this.note(`${this.halted}; nothing is sent, all is kept in ${this.outboxPath}`);
            } else if (batch.length > 1) {
              for (const i of batch) this.solo.add(i.id); // find the one request that is wrong
            } else {
              this.reject(batch[0]!, err.message);
            }
          }
        }
      } finally {
        this.pumping = false;
        if (this.halted || !this.outbox.items.length || this.stopped) for (const res of this.idle.splice(0)) res();
      }
    })();
  }

  private take(): Item[] {
    const items = this.outbox.items;
    const head = items[0]!;
    if (head.kind !== "metrics" || this.solo.has(head.id)) return [head];
    const out: Item[] = [head];
    let n = head.metrics.length;
    for (let i = 1; i < items.length; i++) {
      const it = items[i]!;
      if (it.kind !== "metrics" || this.solo.has(it.id) || n + it.metrics.length > MAX_METRICS) break;
      out.push(it);
      n += it.metrics.length;
    }
    return out;
  }

  private reject(item: Item, error: string): void {
    this.outbox.done([item.id]);
    if (this.rejected.length < 3) this.note(`${this.shown} rejected a ${item.kind} request (${error}); it is kept in ${this.opts.run.path("tracking", "mlflow-rejected.jsonl")}`);
    this.rejected.push({ item, error });
    mkdirSync(this.opts.run.path("tracking"), { recursive: true });
    appendFileSync(this.opts.run.path("tracking", "mlflow-rejected.jsonl"), JSON.stringify({ error, item }) + "\n");
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((res) => {
      const done = () => {
        clearTimeout(t);
        this.wake = null;
        res();
      };
      // unref: a process that has nothing else to do exits; its outbox keeps what was not sent
      const t = setTimeout(done, ms).unref();
      this.wake = done;
    });
  }

  private async request(method: "GET" | "POST" | "PUT", url: string, body?: string | Uint8Array<ArrayBuffer>): Promise<unknown> {
    this.inflight = new AbortController();
    const signal = AbortSignal.any([this.inflight.signal, AbortSignal.timeout(envSeconds("SCRIPTORIUM_MLFLOW_REQUEST_TIMEOUT_S", 60))]);
    const contentType = typeof body === "string" ? "application/json" : "application/octet-stream";
    const init = { method, body, signal, headers: { ...this.headers, ...(body !== undefined ? { "content-type": contentType } : {}) } };
    let res: Response;
    try {
      res = await fetch(url, init);
    } catch (e) {
      // a pooled keep-alive socket the server closed while this process was busy (uvicorn's idle timeout
      // is 5 s) fails before any answer: the request never reached MLflow, so sending it again is safe
      if ((e as { cause?: { code?: string } }).cause?.code !== "UND_ERR_SOCKET" || signal.aborted) throw e;
      res = await fetch(url, init);
    }
    const text = await res.text();
    if (res.ok) return text ? JSON.parse(text) : {};
    let code = "";
    let message = text.slice(0, 300);
    try {
      ({ error_code: code, message } = JSON.parse(text) as { error_code: string; message: string });
    } catch {
      /* not MLflow's JSON error: keep the text */
    }
    const permanent = [400, 404, 409, 413, 422].includes(res.status);
    throw new MlflowError(`HTTP ${res.status}${code ? ` ${code}` : ""}: ${String(message).split("\n")[0]}`, !permanent, code);
  }

  private api(path: string, body?: unknown): Promise<unknown> {
    return body === undefined ? this.request("GET", `${this.base}/api/2.0/mlflow/${path}`) : this.request("POST", `${this.base}/api/2.0/mlflow/${path}`, JSON.stringify(body));
  }

  /** Experiment by name (created when missing; another run creating it first is fine), then the run. */
  private async ensureRun(): Promise<void> {
    if (this.entry) return;
    const name = this.opts.experiment;
    const get = async () => {
      try {
        return ((await this.api(`experiments/get-by-name?experiment_name=${encodeURIComponent(name)}`)) as { experiment: { experiment_id: string; lifecycle_stage: string } }).experiment;
      } catch (e) {
        if (e instanceof MlflowError && e.code === "RESOURCE_DOES_NOT_EXIST") return null;
        throw e;
      }
    };
    let exp = await get();
    if (!exp) {
      try {
        exp = { experiment_id: ((await this.api("experiments/create", { name })) as { experiment_id: string }).experiment_id, lifecycle_stage: "active" };
      } catch (e) {
        if (!(e instanceof MlflowError && e.code === "RESOURCE_ALREADY_EXISTS")) throw e;
        exp = await get();
        if (!exp) throw new MlflowError(`experiment "${name}" exists and cannot be read`, true);
      }
    }
    if (exp.lifecycle_stage !== "active") throw new MlflowError(`experiment "${name}" is deleted on the server (restore it, or set tracking.mlflow.experiment)`, false);
    const manifest = this.opts.run.readManifest();
    const created = (await this.api("runs/create", { experiment_id: exp.experiment_id, run_name: this.opts.run.id, start_time: Date.parse(manifest.created) || Date.now() })) as {
      run: { info: { run_id: string; artifact_uri: string } };
    };
    const { run_id, artifact_uri } = created.run.info;
    this.entry = { tracking_uri: this.shown, experiment: name, experiment_id: exp.experiment_id, run_id, artifact_uri, url: `${this.base}/#/experiments/${exp.experiment_id}/runs/${run_id}` };
    const entry = this.entry;
    this.opts.run.updateManifest((m) => ({ ...m, tracking: { ...m.tracking, mlflow: entry } }));
    this.note(`MLflow run ${entry.url}`);
  }

  private async send(batch: Item[]): Promise<void> {
    const run_id = this.entry!.run_id;
    const head = batch[0]!;
    switch (head.kind) {
      case "metrics":
        await this.api("runs/log-batch", { run_id, metrics: batch.flatMap((i) => (i.kind === "metrics" ? i.metrics : [])) });
        return;
      case "params":
        await this.api("runs/log-batch", { run_id, params: head.params });
        return;
      case "tags":
        await this.api("runs/log-batch", { run_id, tags: head.tags });
        return;
      case "status":
        await this.api("runs/update", { run_id, status: head.status, ...(head.end_time ? { end_time: head.end_time } : {}) });
        return;
      case "file":
      case "text": {
        if (head.kind === "file" && !existsSync(head.local)) throw new MlflowError(`${head.local} no longer exists`, false);
        const body = new Uint8Array(head.kind === "file" ? readFileSync(head.local) : Buffer.from(head.body));
        await this.request("PUT", `${this.artifactRoot()}/${head.remote.split("/").map(encodeURIComponent).join("/")}`, body);
      }
    }
  }

  /** The HTTP address of the run's artifacts through the server's proxy (`mlflow server` serves them by default since 2.0). */
  private artifactRoot(): string {
    const uri = this.entry!.artifact_uri;
    const proxied = /^mlflow-artifacts:(?:\/\/[^/]*)?\/*(.*)$/.exec(uri);
    if (proxied) return `${this.base}/api/2.0/mlflow-artifacts/artifacts/${proxied[1]}`;
    if (/^https?:\/\/.*\/api\/2\.0\/mlflow-artifacts\/artifacts\//.test(uri)) return uri.replace(/\/+$/, "");
    throw new MlflowError(`the run's artifacts live at ${uri}, which the server does not proxy (start it with --serve-artifacts, the default)`, false);
  }
}

/** The server a config names: the recipe's tracking.mlflow.tracking_uri, else $MLFLOW_TRACKING_URI; null when neither. */
export function mlflowUri(config: ResolvedConfig): string | null {
  const uri = config.tracking?.mlflow?.tracking_uri ?? process.env.MLFLOW_TRACKING_URI ?? null;
  if (!uri) return null;
  if (!/^https?:\/\/[^/]/.test(uri)) {
    throw new Error(`tracking URI "${uri}" is not an http(s) MLflow server; Scriptorium logs through MLflow's REST API (start one with: mlflow server)`);
  }
  return uri;
}

export const mlflowTracker: TrackerFactory = (info) => {
  const uri = mlflowUri(info.config);
  return uri ? new MlflowTracker({ uri, experiment: info.config.tracking?.mlflow?.experiment ?? info.config.recipe_name, run: info.run }) : null;
};

/** Sends a run's leftover outbox (`scriptorium runs sync-mlflow`); the server is the config's, else the one the manifest names. */
export async function syncMlflow(run: RunDir, config: ResolvedConfig, note: (message: string) => void, ms: number): Promise<{ pending: number; left: string | void }> {
  const known = run.readManifest().tracking?.mlflow as ManifestEntry | undefined;
  const uri = mlflowUri(config) ?? known?.tracking_uri;
  if (!uri) throw new Error("no MLflow server: set MLFLOW_TRACKING_URI or the recipe's tracking.mlflow.tracking_uri");
  const t = new MlflowTracker({ uri, experiment: config.tracking?.mlflow?.experiment ?? known?.experiment ?? config.recipe_name, run });
  const pending = t.replay(note);
  return { pending, left: pending ? await t.flush(ms) : undefined };
}
