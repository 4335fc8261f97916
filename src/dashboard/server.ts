import { createServer, type Server, type ServerResponse } from "node:http";
import { readFileSync } from "node:fs";
import { isIP } from "node:net";
import { join } from "node:path";
import { REPO_ROOT } from "../paths.js";
import { findRun, listSummaries, readRegistry, runDetail, runFile, runSeries, summarize } from "./run-data.js";
import { readEventsFrom, tailEvents } from "./tail.js";

/**
 * The dashboard: a JSON API over the run folders of one runs root, a Server-Sent-Events
 * tail of each run's events.jsonl, the runs' own HTML reports, and one static page
 * (src/dashboard/static/, plain JS, no build step). Read-only: nothing here writes a run.
 */
export interface DashboardOptions {
  root: string;
  /** The address the server is bound to; when loopback, requests must name a loopback Host (DNS rebinding). */
  host: string;
  /** How often the stream polls besides fs.watch (tests make it short). */
  pollMs?: number;
}

const STATIC_DIR = join(REPO_ROOT, "src", "dashboard", "static");
const STATIC: Record<string, [string, string]> = {
  "/": ["index.html", "text/html; charset=utf-8"],
  "/app.js": ["app.js", "text/javascript; charset=utf-8"],
  "/chart.js": ["chart.js", "text/javascript; charset=utf-8"],
  "/style.css": ["style.css", "text/css; charset=utf-8"],
};

export function isLoopback(host: string): boolean {
  const h = host.replace(/^\[|\]$/g, "").toLowerCase();
  return h === "localhost" || h === "::1" || (isIP(h) === 4 && h.startsWith("127."));
}

function hostnameOf(hostHeader: string | undefined): string {
  if (!hostHeader) return "";
  const m = /^(\[[^\]]+\]|[^:]+)(:\d+)?$/.exec(hostHeader);
  return m ? m[1]! : hostHeader;
}

function send(res: ServerResponse, status: number, body: string | Buffer, type: string): void {
  res.writeHead(status, { "content-type": type, "cache-control": "no-store", "x-content-type-options": "nosniff" });
  res.end(body);
}

const json = (res: ServerResponse, status: number, value: unknown) => send(res, status, JSON.stringify(value), "application/json; charset=utf-8");
const notFound = (res: ServerResponse, what: string) => json(res, 404, { error: `not found: ${what}` });

function stream(res: ServerResponse, file: string, from: number, status: () => unknown, pollMs: number): void {
  res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-store", connection: "keep-alive", "x-accel-buffering": "no" });
  res.write("retry: 2000\n\n");
  const tail = tailEvents(file, (e, i) => res.write(`id: ${i}\ndata: ${JSON.stringify(e)}\n\n`), {
    from,
    pollMs,
    onReset: () => res.write("event: reset\ndata: {}\n\n"),
  });
  // The manifest says when the run is done (or failed); send it whenever it changes.
  let last = "";
  const sendStatus = () => {
    let s: string;
    try {
      s = JSON.stringify(status());
    } catch {
      return; // manifest being replaced: next tick
    }
    if (s !== last) res.write(`event: status\ndata: ${(last = s)}\n\n`);
  };
  sendStatus();
  const timer = setInterval(() => {
    sendStatus();
    res.write(": keep-alive\n\n");
  }, Math.max(pollMs, 1000));
  const stop = () => {
    clearInterval(timer);
    tail.close();
  };
  res.on("close", stop); // the browser left (res, not req: req's close fires once the request is read)
}

export function createDashboardServer(opts: DashboardOptions): Server {
  const pollMs = opts.pollMs ?? 1000;
  const guardHost = isLoopback(opts.host);
  return createServer((req, res) => {
    try {
      if (guardHost && !isLoopback(hostnameOf(req.headers.host))) return json(res, 403, { error: "the dashboard answers only to a loopback Host header" });
      if (req.method !== "GET" && req.method !== "HEAD") return json(res, 405, { error: "read-only: GET only" });
      const url = new URL(req.url ?? "/", "http://dashboard.local");
      const parts = url.pathname.split("/").slice(1).map((p) => {
        try {
          return decodeURIComponent(p);
        } catch {
          return "\0"; // never a run id
        }
      });
      const stat = STATIC[url.pathname];
      if (stat) return send(res, 200, readFileSync(join(STATIC_DIR, stat[0])), stat[1]);

      if (parts[0] === "api") {
        if (parts[1] === "runs" && parts.length === 2) return json(res, 200, listSummaries(opts.root));
        if (parts[1] === "registry" && parts.length === 2) return json(res, 200, readRegistry(opts.root));
        if (parts[1] === "compare" && parts.length === 2) {
          const ids = (url.searchParams.get("ids") ?? "").split(",").filter(Boolean);
          const runs = ids.map((id) => ({ id, run: findRun(opts.root, id) }));
          const missing = runs.filter((r) => !r.run).map((r) => r.id);
          if (missing.length) return notFound(res, `run ${missing.join(", ")}`);
          return json(res, 200, { runs: runs.map(({ run }) => ({ ...runDetail(run!), series: runSeries(run!) })) });
        }
        if (parts[1] === "runs" && parts[2] !== undefined) {
          const run = findRun(opts.root, parts[2]);
          if (!run) return notFound(res, `run ${parts[2]}`);
          if (parts.length === 3) return json(res, 200, runDetail(run));
          const from = Math.max(0, Number.parseInt(url.searchParams.get("from") ?? "0", 10) || 0);
          if (parts[3] === "events" && parts.length === 4) return json(res, 200, readEventsFrom(run.path("events.jsonl"), from));
          if (parts[3] === "stream" && parts.length === 4) {
            // EventSource reconnects with the last id it saw: carry on after it.
            const lastId = Number.parseInt(String(req.headers["last-event-id"] ?? ""), 10);
            const start = Number.isFinite(lastId) ? lastId + 1 : from;
            return stream(res, run.path("events.jsonl"), start, () => summarize(run), pollMs);
          }
        }
        return notFound(res, url.pathname);
      }

      // /runs/<id>/(eval|data)/report.(html|json): the run's own reports, nothing else of its folder.
      if (parts[0] === "runs" && parts.length === 4 && (parts[2] === "eval" || parts[2] === "data") && (parts[3] === "report.html" || parts[3] === "report.json")) {
        const run = findRun(opts.root, parts[1]!);
        const file = run && runFile(run, parts[2], parts[3]);
        if (!file) return notFound(res, url.pathname);
        return send(res, 200, readFileSync(file), parts[3].endsWith(".html") ? "text/html; charset=utf-8" : "application/json; charset=utf-8");
      }
      return notFound(res, url.pathname);
    } catch (e) {
      if (!res.headersSent) json(res, 500, { error: (e as Error).message });
      else res.end();
    }
  });
}
