#!/usr/bin/env node
// Runs every TypeScript test (src/**/*.test.ts, test/**/*.test.ts) with node's own
// test runner through tsx. Node 20's --test does not expand globs, so we list files here.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";

function collect(dir, out) {
  let entries;
  try {
    entries = readdirSync(dir);
  } catch {
    return out;
  }
  for (const name of entries) {
    const p = join(dir, name);
    if (statSync(p).isDirectory()) collect(p, out);
    else if (name.endsWith(".test.ts")) out.push(p);
  }
  return out;
}

const filter = process.argv.slice(2);
let files = [...collect("src", []), ...collect("test", [])].sort();
if (filter.length) files = files.filter((f) => filter.some((x) => f.includes(x)));
if (files.length === 0) {
  console.error("no test files found");
  process.exit(1);
}
const r = spawnSync(
  process.execPath,
  [
    "--import", "tsx", "--test", "--test-concurrency=1",
    "--test-reporter=spec", "--test-reporter-destination=stdout",
    // Per-file wall times after the run, so the budget of `make test` stays visible.
    "--test-reporter=./scripts/file-times-reporter.mjs", "--test-reporter-destination=stdout",
    ...files,
  ],
  { stdio: "inherit" },
);
process.exit(r.status ?? 1);
