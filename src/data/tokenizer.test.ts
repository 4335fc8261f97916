import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { builtinCacheDir } from "../engine/base-models.js";
import { enginePython } from "../paths.js";
import { loadExamples, type DataFormat } from "./load-examples.js";
import { loadModelTokenizer } from "./tokenizer.js";

const MODEL = builtinCacheDir("smollm2-135m-instruct");
const skip = existsSync(join(MODEL, "tokenizer.json")) ? false : `builtin model not prepared at ${MODEL} (make setup prepares it)`;

/** Per-example [total, assistant] token counts from the engine's own Python code. */
function pythonCounts(file: string): [number, number][] {
  const code = `
import json, sys
from transformers import AutoTokenizer
from scriptorium_engine import chat_data
tok = AutoTokenizer.from_pretrained(sys.argv[1])
out = []
for row in chat_data.read_jsonl(sys.argv[2]):
    e = chat_data.encode(tok, row, 1 << 30)
    out.append([len(e.input_ids), sum(e.loss_mask)])
print(json.dumps(out))`;
  const p = spawnSync(enginePython(), ["-c", code, MODEL, file], { encoding: "utf8", env: { ...process.env, PYTHONPATH: "engine" }, maxBuffer: 64 << 20 });
  assert.equal(p.status, 0, p.stderr);
  return JSON.parse(p.stdout.trim().split("\n").pop()!) as [number, number][];
}

test("token counts equal the engine's on the world test sets of all three roles, example by example", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const dir = mkdtempSync(join(tmpdir(), "tokparity-"));
  const sets: [DataFormat, string][] = [
    ["npc-conversations", "world/datasets/npc/test.jsonl"],
    ["director-decisions", "world/datasets/director/test.jsonl"],
    ["book-records", "world/datasets/book/test.jsonl"],
  ];
  for (const [format, path] of sets) {
    const loaded = await loadExamples({ format, path, personasDir: "world/personas", groupBy: "id", npcPrompt: "compact", maxExamples: null, quarantinePath: join(dir, "q.jsonl") });
    const examples = loaded.examples.map((e) => e.example);
    assert.ok(examples.length > 50);
    const file = join(dir, `${format}.jsonl`);
    writeFileSync(file, examples.map((e) => JSON.stringify(e) + "\n").join(""));
    const ours = examples.map((e) => {
      const c = tok.countChat(e.messages);
      return [c.total, c.assistant];
    });
    assert.deepEqual(ours, pythonCounts(file), `${format}: per-example [total, assistant] tokens`);
  }
});

test("text records count their tokens plus EOS; encode/decode round-trips Spanish", { skip }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const s = "¿Dónde está «El Libro Total»? En el hexágono H-0412, estante 3.";
  assert.equal(tok.decode(tok.encode(s)), s);
  assert.equal(tok.countText(s), tok.encode(s).length + 1);
  assert.match(tok.renderChat([{ role: "user", content: "hola" }], true), /<\|im_start\|>assistant\n$/);
});

test("a folder without tokenizer files is a clear error", async () => {
  const dir = mkdtempSync(join(tmpdir(), "notok-"));
  await assert.rejects(loadModelTokenizer(dir), /no tokenizer\.json/);
});
