import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { readFileSync } from "node:fs";
import { test } from "node:test";
import { CLI } from "./helpers.js";

/**
 * Every `scriptorium data …` command in the guide's chapter 3 runs as written (from the
 * repository root, through the built CLI) and succeeds: the chapter cannot drift from the tool.
 */
function commands(markdown: string): string[] {
  const out: string[] = [];
  for (const block of markdown.matchAll(/```bash\n([\s\S]*?)```/g)) {
    const lines = block[1]!.replace(/\\\n\s*/g, "").split("\n");
    for (const line of lines) {
      const cmd = line.replace(/\s+#.*$/, "").trim();
      if (cmd.startsWith("scriptorium data ")) out.push(cmd);
    }
  }
  return out;
}

test("every data command in docs/guide/03-data-preparation.md runs and succeeds", () => {
  const cmds = commands(readFileSync("docs/guide/03-data-preparation.md", "utf8"));
  assert.ok(cmds.length >= 6, `found ${cmds.length} commands`);
  // prepare before report: the chapter's order already does that.
  for (const cmd of cmds) {
    const args = cmd.split(/\s+/).slice(1);
    const r = spawnSync(process.execPath, [CLI, ...args], { encoding: "utf8", env: process.env, maxBuffer: 32 << 20 });
    assert.equal(r.status, 0, `${cmd}\n${r.stderr}`);
    assert.ok(r.stdout.length > 0, `${cmd} printed nothing`);
  }
});
