/**
 * `scriptorium dashboard` in a real headless Chromium, over real training runs:
 * the runs table fills itself, the run view's loss curve grows while the engine trains,
 * two runs compare side by side, the data report opens, the registry tab tolerates absence.
 * Screenshots land in test-artifacts/.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { chromium, type BrowserContext, type Page } from "playwright-core";
import { buildTinyModel, CLI, cliStream, tempDir, writeRecipe } from "./helpers.js";

const CHROMIUM = "/usr/bin/chromium";
const ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"];
const ARTIFACTS = resolve("test-artifacts");

let dashboard: ChildProcess | undefined;
let context: BrowserContext | undefined;
let url = "";
let model = "";
let root = "";
let recipe = "";

function startDashboard(env: Record<string, string>): Promise<string> {
  dashboard = spawn(process.execPath, [CLI, "dashboard", "--port", "0"], { env: { ...process.env, ...env } });
  return new Promise((resolveUrl, reject) => {
    let out = "";
    let err = "";
    dashboard!.stdout!.on("data", (d: Buffer) => {
      out += d.toString();
      const m = /dashboard: (http:\/\/127\.0\.0\.1:\d+\/)/.exec(out);
      if (m) resolveUrl(m[1]!);
    });
    dashboard!.stderr!.on("data", (d: Buffer) => (err += d.toString()));
    dashboard!.on("exit", (code) => reject(new Error(`dashboard exited (${code}) before printing its URL:\n${out}\n${err}`)));
  });
}

before(async () => {
  if (!existsSync(CHROMIUM)) {
    throw new Error(`the dashboard test needs Debian's Chromium at ${CHROMIUM}: install it with \`sudo apt-get install -y chromium\` (or \`make test\`, which does)`);
  }
  // The dashboard runs from dist/: build it from the current sources. Type errors are `make typecheck`'s to report;
  // here it only matters that the JavaScript was emitted.
  const tb = Date.now();
  const build = spawnSync("npx", ["tsc", "-p", "tsconfig.build.json"], { encoding: "utf8" });
  if (build.status !== 0) process.stderr.write(`note: tsc reported type errors (JavaScript still emitted):\n${build.stdout.slice(0, 2000)}\n`);
  assert.ok(existsSync("dist/dashboard/server.js") && existsSync(CLI), `build failed:\n${build.stdout}${build.stderr}`);
  spawnSync("chmod", ["+x", CLI]);
  process.stdout.write(`build: ${((Date.now() - tb) / 1000).toFixed(1)} s\n`);

  const dir = tempDir("dashboard-e2e-");
  root = join(dir, "runs");
  const [u, m, ctx] = await Promise.all([
    startDashboard({ SCRIPTORIUM_RUNS: root }),
    buildTinyModel(),
    chromium.launchPersistentContext(join(dir, "chromium-profile"), { executablePath: CHROMIUM, headless: true, args: ARGS, viewport: { width: 1400, height: 1000 } }),
  ]);
  [url, model, context] = [u, m, ctx];
  recipe = writeRecipe(dir, model);
});

after(async () => {
  await context?.close();
  if (dashboard && dashboard.exitCode === null) dashboard.kill("SIGKILL");
});

const train = (steps: number) => cliStream(["train", recipe, "--json", "--max-steps", String(steps)], { SCRIPTORIUM_RUNS: root }, () => {});
const attr = async (page: Page, sel: string, name: string) => Number(await page.getAttribute(sel, name));

test("runs table, a live run whose loss curve grows, comparison, reports and registry", async () => {
  const t0 = Date.now();
  const mark = (what: string) => process.stdout.write(`[${((Date.now() - t0) / 1000).toFixed(1)} s] ${what}\n`);
  const page = await context!.newPage();
  mark("page opened");
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(String(e)));
  await page.goto(url);
  await page.waitForSelector("#runs-empty:not([hidden])");

  // A first, short run: the table picks it up by itself.
  const first = await train(4);
  assert.equal(first.code, 0, first.stderr);
  mark("first run trained");
  const firstId = readdirSync(root).find((d) => existsSync(join(root, d, "manifest.json")))!;
  await page.waitForSelector(`#runs tr[data-run-id="${firstId}"][data-status="done"]`, { timeout: 10_000 });

  // A second run, watched live.
  const steps = 16;
  let trainingDone = false;
  const second = train(steps).then((r) => ((trainingDone = true), r));
  const row = await page.waitForSelector(`#runs tr[data-run-id]:not([data-run-id="${firstId}"])`, { timeout: 60_000 });
  const liveId = (await row.getAttribute("data-run-id"))!;
  mark("live run listed");
  await page.click(`#runs a[href="#/run/${liveId}"]`);
  await page.waitForSelector(`#run-view[data-run-id="${liveId}"]`);
  await page.waitForFunction(() => Number(document.querySelector("#chart-loss")?.getAttribute("data-points")) >= 1, null, { timeout: 60_000 });
  const early = await attr(page, "#chart-loss", "data-points");
  mark(`first points: ${early}`);
  await page.waitForFunction((n) => Number(document.querySelector("#chart-loss")?.getAttribute("data-points")) >= n + 3, early, { timeout: 60_000, polling: 100 });
  const later = await attr(page, "#chart-loss", "data-points");
  assert.ok(!trainingDone && later > early && later < steps, `the curve must grow while training runs (${early} → ${later} of ${steps}, training done: ${trainingDone})`);
  assert.equal(await page.getAttribute("#run-view", "data-status"), "running");

  mark(`curve grew to ${later}`);
  const result = await second;
  mark("live run trained");
  assert.equal(result.code, 0, result.stderr);
  await page.waitForSelector(`#run-view[data-status="done"]`, { timeout: 15_000 });
  await page.waitForFunction((n) => Number(document.querySelector("#chart-loss")?.getAttribute("data-points")) === n, steps, { timeout: 10_000 });
  const evals = readFileSync(join(root, liveId, "events.jsonl"), "utf8").split("\n").filter((l) => l.includes('"event": "eval"') || l.includes('"event":"eval"')).length;
  assert.ok(evals > 0, "the recipe evaluates every 6 steps");
  assert.equal(await attr(page, "#chart-ppl", "data-points"), evals);
  assert.equal(await attr(page, "#chart-lr", "data-points"), steps);
  mkdirSync(ARTIFACTS, { recursive: true });
  const shot = join(ARTIFACTS, "dashboard.png");
  await page.screenshot({ path: shot, fullPage: true });
  process.stdout.write(`screenshot: ${shot}\n`);

  // The run's data report, served by the dashboard from the run folder.
  const href = await page.getAttribute('#run-links a[href$="/data/report.html"]', "href");
  assert.equal(href, `/runs/${liveId}/data/report.html`);
  const report = await page.request.get(new URL(href!, url).toString());
  assert.equal(report.status(), 200);
  assert.match(await report.text(), /<html/i);

  // Compare the two runs from the table's check boxes.
  await page.click('nav a[data-tab="runs"]');
  await page.check(`#runs input[value="${firstId}"]`);
  await page.check(`#runs input[value="${liveId}"]`);
  const runsShot = join(ARTIFACTS, "dashboard-runs.png");
  await page.screenshot({ path: runsShot, fullPage: true });
  process.stdout.write(`screenshot: ${runsShot}\n`);
  await page.click("#compare-btn");
  await page.waitForFunction(() => Number(document.querySelector("#chart-compare-loss")?.getAttribute("data-series")) === 2, null, { timeout: 10_000 });
  assert.deepEqual(await page.$$eval("#compare-metrics thead th[data-run-id]", (ths) => ths.map((t) => t.getAttribute("data-run-id"))), [firstId, liveId]);
  const compareShot = join(ARTIFACTS, "dashboard-compare.png");
  await page.screenshot({ path: compareShot, fullPage: true });
  process.stdout.write(`screenshot: ${compareShot}\n`);

  // No registry yet: the tab says so instead of breaking.
  await page.click('nav a[data-tab="registry"]');
  await page.waitForSelector("#registry-body .empty");
  // Once the registry writes its snapshot (the shape of `scriptorium registry list --json`), the tab shows it on its next refresh.
  const version = (n: number, run: string, stage: string) => ({
    name: "npc-voice", version: n, stage, role: "npc", method: "lora", created: new Date().toISOString(), created_by: "test",
    run: { id: run, dir: join(root, run), recipe: "tiny-npc", status: "done", created: null },
    eval: { main_metric: "in_character_rate", tuned: 0.5 + n / 10, base: 0.4 }, promotion: null, gates: null,
  });
  writeFileSync(join(root, "registry.json"), JSON.stringify({
    version: 1, updated: new Date().toISOString(), root,
    models: [{ name: "npc-voice", role: "npc", created: "", production: 1, versions: [version(1, firstId, "production"), version(2, liveId, "candidate")], events: [] }],
  }));
  await page.waitForSelector('#registry-body h2[data-model="npc-voice"]', { timeout: 10_000 });
  assert.equal((await page.$$("#registry-body tr[data-version]")).length, 2);
  assert.ok(await page.$(`#registry-body a[href="#/run/${liveId}"]`), "a version links to its run");
  assert.deepEqual(errors, [], "no script errors on the page");
  mark("compare and registry checked");

  // Ctrl-C stops the server cleanly, open event streams and all.
  const exited = new Promise<number | null>((r) => dashboard!.once("exit", (code) => r(code)));
  dashboard!.kill("SIGINT");
  assert.equal(await exited, 0);
  mark("dashboard stopped");
});
