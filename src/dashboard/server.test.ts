import { test } from "node:test";
import assert from "node:assert/strict";
import { appendFileSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { request } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { RunDir, type RunManifest } from "../track/run-store.js";
import { createDashboardServer, isLoopback } from "./server.js";
import { readEventsFrom } from "./tail.js";

function makeRun(root: string, id: string, status: RunManifest["status"], metrics: Record<string, unknown> = {}): RunDir {
  const run = new RunDir(id, join(root, id));
  mkdirSync(run.dir, { recursive: true });
  run.writeManifest({ id, recipe: "npc", recipe_path: "/r/npc.yaml", status, created: "", updated: "", base_model: { id: "tiny" }, data: {}, engine: {}, metrics, parent_run: null });
  writeFileSync(run.path("config.resolved.json"), JSON.stringify({ role: "npc", method: { kind: "lora" } }));
  return run;
}

const step = (n: number) => ({ event: "step", time: n, step: n, total_steps: 10, epoch: 0, loss: 3 - n / 10, lr: 0.01, grad_norm: 1, tokens: 10, tokens_per_s: 100, elapsed_s: n });

async function withServer(root: string, body: (get: (path: string, host?: string) => Promise<{ status: number; body: string }>, port: number) => Promise<void>) {
  const server = createDashboardServer({ root, host: "127.0.0.1", pollMs: 50 });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  const port = (server.address() as AddressInfo).port;
  const get = (path: string, host = `127.0.0.1:${port}`) =>
    new Promise<{ status: number; body: string }>((resolve, reject) => {
      // Raw paths: fetch() would normalise the ../ away before it reached the server.
      const req = request({ host: "127.0.0.1", port, path, headers: { host } }, (res) => {
        let body = "";
        res.on("data", (d: Buffer) => (body += d.toString()));
        res.on("end", () => resolve({ status: res.statusCode ?? 0, body }));
      });
      req.on("error", reject);
      req.end();
    });
  try {
    await body(get, port);
  } finally {
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
  }
}

test("a half-written last line is not an event until its newline arrives", () => {
  const file = join(mkdtempSync(join(tmpdir(), "dash-tail-")), "events.jsonl");
  writeFileSync(file, JSON.stringify(step(1)) + "\n" + JSON.stringify(step(2)).slice(0, 20));
  assert.deepEqual(readEventsFrom(file), { events: [step(1)], next: 1 });
  appendFileSync(file, JSON.stringify(step(2)).slice(20) + "\n");
  assert.deepEqual(readEventsFrom(file, 1), { events: [step(2)], next: 2 });
});

test("API: runs list, one run, events from an index, compare, registry absent then present", async () => {
  const root = mkdtempSync(join(tmpdir(), "dash-api-"));
  const a = makeRun(root, "20260101-000000-a", "done", { steps: 10, final_loss: 2.1, eval_perplexity: 9.5 });
  const b = makeRun(root, "20260101-000001-b", "running");
  for (let i = 1; i <= 3; i++) b.appendEvent(step(i));
  b.appendEvent({ event: "eval", time: 3, step: 3, loss: 2.5, perplexity: 12.2, tokens: 5 });
  mkdirSync(join(root, "not-a-run"));
  await withServer(root, async (get) => {
    const runs = JSON.parse((await get("/api/runs")).body);
    assert.deepEqual(runs.map((r: { id: string }) => r.id), [a.id, b.id]);
    assert.equal(runs[0].final_loss, 2.1);
    assert.equal(runs[0].method, "lora");
    assert.deepEqual([runs[1].status, runs[1].step, runs[1].total_steps, runs[1].eval_perplexity], ["running", 3, 10, 12.2]);
    const one = JSON.parse((await get(`/api/runs/${b.id}`)).body);
    assert.equal(one.manifest.id, b.id);
    assert.equal(one.eval_report, null);
    const ev = JSON.parse((await get(`/api/runs/${b.id}/events?from=2`)).body);
    assert.deepEqual([ev.events.length, ev.next, ev.events[0].step], [2, 4, 3]);
    const cmp = JSON.parse((await get(`/api/compare?ids=${a.id},${b.id}`)).body);
    assert.deepEqual(cmp.runs[1].series.loss, [[1, 2.9], [2, 2.8], [3, 2.7]]);
    assert.deepEqual(cmp.runs[1].series.eval_perplexity, [[3, 12.2]]);
    assert.equal((await get(`/api/compare?ids=${a.id},nope`)).status, 404);
    assert.deepEqual(JSON.parse((await get("/api/registry")).body), []);
    writeFileSync(join(root, "registry.json"), JSON.stringify([{ name: "npc", version: 1, run: a.id }]));
    assert.deepEqual(JSON.parse((await get("/api/registry")).body), [{ name: "npc", version: 1, run: a.id }]);
  });
});

test("reports are served from the run folder and nothing outside it", async () => {
  const root = mkdtempSync(join(tmpdir(), "dash-files-"));
  const run = makeRun(root, "r1", "done");
  mkdirSync(run.path("eval"));
  writeFileSync(run.path("eval", "report.html"), "<h1>eval</h1>");
  writeFileSync(join(root, "secret.txt"), "TOP SECRET CONTENT");
  mkdirSync(run.path("data"));
  symlinkSync(join(root, "secret.txt"), run.path("data", "report.html")); // a link out of the run folder
  await withServer(root, async (get, port) => {
    assert.equal((await get("/runs/r1/eval/report.html")).body, "<h1>eval</h1>");
    for (const path of [
      "/runs/r1/data/report.html",
      "/runs/r1/../secret.txt",
      "/runs/..%2Fsecret.txt/eval/report.html",
      "/runs/%2e%2e/eval/report.html",
      "/runs/r1/eval/..%2F..%2Fsecret.txt",
      "/runs/r1/manifest.json",
      "/api/runs/..%2F..%2Fetc",
    ]) {
      const r = await get(path);
      assert.equal(r.status, 404, path);
      assert.doesNotMatch(r.body, /TOP SECRET/, path);
    }
    assert.equal((await get("/api/runs", `evil.example:${port}`)).status, 403, "DNS rebinding: foreign Host header");
    assert.equal((await get("/api/runs", `localhost:${port}`)).status, 200);
  });
  assert.ok(isLoopback("127.0.0.1") && isLoopback("::1") && isLoopback("localhost") && !isLoopback("0.0.0.0") && !isLoopback("192.168.1.2"));
});

test("the stream sends what is there, then each line once it is complete, and the run's status", async () => {
  const root = mkdtempSync(join(tmpdir(), "dash-sse-"));
  const run = makeRun(root, "live", "running");
  run.appendEvent(step(1));
  await withServer(root, async (_get, port) => {
    const ac = new AbortController();
    const res = await fetch(`http://127.0.0.1:${port}/api/runs/live/stream`, { signal: ac.signal });
    assert.equal(res.headers.get("content-type"), "text/event-stream");
    const reader = res.body!.getReader();
    let text = "";
    const until = async (re: RegExp) => {
      while (!re.test(text)) text += new TextDecoder().decode((await reader.read()).value);
    };
    await until(/id: 0\ndata: .*"step":1/);
    await until(/event: status\ndata: .*"status":"running"/);
    appendFileSync(run.path("events.jsonl"), JSON.stringify(step(2)).slice(0, 15));
    await new Promise((r) => setTimeout(r, 200));
    assert.doesNotMatch(text, /id: 1/, "a partial line must wait");
    appendFileSync(run.path("events.jsonl"), JSON.stringify(step(2)).slice(15) + "\n");
    await until(/id: 1\ndata: .*"step":2/);
    run.updateManifest((m) => ({ ...m, status: "done" }));
    await until(/"status":"done"/);
    ac.abort();
  });
});
