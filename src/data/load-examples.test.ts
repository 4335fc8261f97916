import { test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { loadExamples } from "./load-examples.js";

const good = { id: "a", messages: [{ role: "user", content: "hola" }, { role: "assistant", content: "buenas" }] };

test("bad records are counted and quarantined with file, line, field and reason", async () => {
  const dir = mkdtempSync(join(tmpdir(), "load-"));
  const path = join(dir, "data.jsonl");
  writeFileSync(
    path,
    [
      JSON.stringify(good),
      "{not json",
      JSON.stringify({ id: "b", messages: [{ role: "usr", content: "x" }, { role: "assistant", content: "y" }] }),
      "",
      JSON.stringify({ ...good, id: "c" }),
    ].join("\n") + "\n",
  );
  const quarantinePath = join(dir, "quarantine.jsonl");
  const r = await loadExamples({ format: "chat", path, personasDir: dir, groupBy: "id", npcPrompt: "compact", maxExamples: null, quarantinePath });
  assert.equal(r.read, 4);
  assert.equal(r.examples.length, 2);
  assert.deepEqual(
    r.rejected.map((x) => [x.line, x.field]),
    [
      [2, "(line)"],
      [3, "messages.0.role"],
    ],
  );
  const q = readFileSync(quarantinePath, "utf8").trim().split("\n").map((l) => JSON.parse(l) as { line: number; record: string });
  assert.equal(q.length, 2);
  assert.equal(q[0]!.record, "{not json");
  assert.equal(r.read, r.examples.length + r.rejected.length);
});

test("npc conversations get their system prompt from the persona card", async () => {
  const dir = mkdtempSync(join(tmpdir(), "load-"));
  const r = await loadExamples({
    format: "npc-conversations",
    path: "world/starter/npc-conversations.jsonl",
    personasDir: "world/personas",
    groupBy: "id",
    npcPrompt: "compact",
    maxExamples: 5,
    quarantinePath: join(dir, "q.jsonl"),
  });
  assert.equal(r.examples.length, 5);
  const first = r.examples[0]!.example.messages;
  assert.equal(first[0]!.role, "system");
  assert.match(first[0]!.content, /La Biblioteca Eterna/);
  assert.equal(r.rejected.length, 0);
});
