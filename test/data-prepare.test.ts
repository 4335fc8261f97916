import assert from "node:assert/strict";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { DataOptions } from "../src/config/recipe.js";
import { prepareDataset, type PreparedData } from "../src/data/pipeline.js";
import { builtinCacheDir } from "../src/engine/base-models.js";
import { loadModelTokenizer } from "../src/data/tokenizer.js";
import { UserError } from "../src/errors.js";

/**
 * The whole data stage on hostile input: every malformed record gets a precise
 * quarantine entry (file, line, field, reason) and the accounting balances.
 */
const builtin = builtinCacheDir("smollm2-135m-instruct");
const hasModel = existsSync(join(builtin, "tokenizer.json"));

async function prepare(file: string, data: Record<string, unknown> = {}, maxTokens = 256): Promise<PreparedData & { quarantined: Record<string, unknown>[] }> {
  const out = mkdtempSync(join(tmpdir(), "prep-"));
  const prepared = await prepareDataset({
    data: DataOptions.parse({ path: file, ...data }),
    path: file,
    personasDir: "world/personas",
    canonDir: "world/canon",
    outDir: out,
    tokenizer: hasModel ? await loadModelTokenizer(builtin) : null,
    maxTokens,
    title: "test",
  });
  const q = existsSync(prepared.quarantine) ? readFileSync(prepared.quarantine, "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as Record<string, unknown>) : [];
  return { ...prepared, quarantined: q };
}

function balanced(p: PreparedData): void {
  for (const s of p.stages) {
    assert.equal(s.in, s.kept + s.rejected + s.merged, `stage ${s.stage}: in = kept + rejected + merged`);
    assert.equal(s.out, s.kept + s.added, `stage ${s.stage}: out = kept + added`);
  }
  const rejected = p.stages.reduce((n, s) => n + s.rejected, 0);
  const merged = p.stages.reduce((n, s) => n + s.merged, 0);
  const added = p.stages.reduce((n, s) => n + s.added, 0);
  const written = (p.counts.train ?? 0) + (p.counts.validation ?? 0) + (p.counts.test ?? 0);
  assert.equal(written, p.counts.read! - rejected - merged + added, "records written = read - rejected - merged + added");
  let lines = 0;
  for (const f of Object.values(p.files)) lines += readFileSync(f, "utf8").split("\n").filter(Boolean).length;
  assert.equal(lines, written, "the split files hold exactly the records counted");
}

const good = (i: number, extra: Record<string, unknown> = {}) =>
  JSON.stringify({ id: `r${i}`, messages: [{ role: "user", content: `Question number ${i} about the hexagon H-0${100 + i} and its ${i % 7} shelves?` }, { role: "assistant", content: `Answer ${i}: the librarian ${["Inés", "Aurelio", "Baltasar"][i % 3]} keeps book ${i * 13} on shelf ${i % 5}.` }], ...extra });

test("a file with every kind of broken record: each is quarantined with its line, field and reason, and the accounting balances", async () => {
  const dir = mkdtempSync(join(tmpdir(), "bad-"));
  const lines = [
    good(1),
    "{not json",
    good(2),
    JSON.stringify({ id: "wrongtype", messages: "hello" }),
    JSON.stringify({ id: "badrole", messages: [{ role: "usr", content: "hi" }, { role: "assistant", content: "hello" }] }),
    JSON.stringify({ id: "missing", messages: [{ role: "user" }, { role: "assistant", content: "x" }] }),
    JSON.stringify([1, 2, 3]),
    good(3),
    JSON.stringify({ id: "noanswer", messages: [{ role: "user", content: "only a question?" }] }),
    JSON.stringify({ id: "emptyturn", messages: [{ role: "user", content: "<b> </b>" }, { role: "assistant", content: "x" }] }),
    good(1).replace('"r1"', '"r1-again"'),
    "",
    good(4),
  ];
  const file = join(dir, "bad.jsonl");
  writeFileSync(file, "\uFEFF" + lines.join("\r\n") + "\r\n");
  const p = await prepare(file, { validation: 0, test: 0 });
  balanced(p);
  const byId = (code: string) => p.quarantined.find((q) => q.code === code);
  assert.equal((p.quarantined.find((q) => /not valid JSON/.test(String(q.reason)))!.source as { line: number }).line, 2);
  assert.equal(byId("bad_role")!.field, "messages.0.role");
  assert.match(String(byId("bad_role")!.hint), /did you mean 'user'/);
  assert.equal(byId("missing_field")!.field, "messages.0.content");
  assert.equal(byId("wrong_type")!.field, "messages");
  const notObject = p.quarantined.find((q) => /must be a JSON object|must be an object/.test(String(q.reason)));
  assert.equal((notObject!.source as { line: number }).line, 7);
  assert.ok(byId("no_answer"));
  assert.ok(byId("empty_turn"));
  assert.equal(byId("exact_duplicate")!.merged_into, "r1");
  assert.equal(p.counts.train, 4, "the four good records are kept, the BOM and CRLF did not hurt the first and last");
});

test("invalid UTF-8 and a 10 MB line are handled per line", async () => {
  const dir = mkdtempSync(join(tmpdir(), "utf-"));
  const file = join(dir, "mixed.jsonl");
  const huge = JSON.stringify({ id: "huge", messages: [{ role: "user", content: "a".repeat(10 * 1024 * 1024) }, { role: "assistant", content: "ok" }] });
  const bad = Buffer.concat([Buffer.from('{"id":"bin","messages":[{"role":"user","content":"'), Buffer.from([0xff, 0xfe, 0x41]), Buffer.from('"},{"role":"assistant","content":"x"}]}')]);
  writeFileSync(file, Buffer.concat([Buffer.from(good(1) + "\n"), bad, Buffer.from("\n" + huge + "\n" + good(2) + "\n")]));
  const p = await prepare(file, { validation: 0, test: 0, length: { policy: "drop" } });
  balanced(p);
  const utf = p.quarantined.find((q) => /UTF-8/.test(String(q.reason)));
  assert.ok(utf, "invalid UTF-8 is quarantined");
  assert.equal((utf.source as { line: number }).line, 2);
  if (hasModel) {
    const long = p.quarantined.find((q) => q.code === "too_long");
    assert.ok(long, "the 10 MB record is read, then rejected by the length policy");
    assert.equal((long.source as { line: number }).line, 3);
  }
  assert.equal(p.counts.train, hasModel ? 2 : 3);
});

test("an empty file has no training data: a clear error, not a crash", async () => {
  const dir = mkdtempSync(join(tmpdir(), "empty-"));
  const file = join(dir, "empty.jsonl");
  writeFileSync(file, "");
  await assert.rejects(prepare(file, { format: "chat" }), (e: unknown) => e instanceof UserError && e.code === "no_training_data");
});

test("mixed formats in one file are refused with both formats and lines named", async () => {
  const dir = mkdtempSync(join(tmpdir(), "mix-"));
  const file = join(dir, "mix.jsonl");
  const alpaca = (i: number) => JSON.stringify({ instruction: `Q${i}`, output: `A${i}` });
  writeFileSync(file, [good(1), alpaca(1), good(2), alpaca(2), good(3), alpaca(3)].join("\n") + "\n");
  await assert.rejects(prepare(file), (e: unknown) => e instanceof UserError && /mixes formats/.test(e.message) && /alpaca/.test(e.message) && /chat/.test(e.message));
  // Naming the format validates against it instead: the other records are quarantined.
  const p = await prepare(file, { format: "chat", validation: 0, test: 0 });
  balanced(p);
  assert.equal(p.counts.train, 3);
  assert.equal(p.quarantined.filter((q) => q.code === "missing_field").length, 3);
});

test("CSV with a column mapping, Alpaca style", async () => {
  const dir = mkdtempSync(join(tmpdir(), "csv-"));
  const file = join(dir, "qa.csv");
  const rows = ["uid,prompt,completion"];
  for (let i = 0; i < 30; i++) rows.push(`q${i},"Where is book ${i}, please?","On shelf ${i}, by the well of hexagon ${i * 7}."`);
  rows.push("broken,only-two-cells");
  writeFileSync(file, rows.join("\n") + "\n");
  const p = await prepare(file, { format: "alpaca", columns: { id: "uid", instruction: "prompt", output: "completion" }, dedup: { near: false } });
  balanced(p);
  assert.equal(p.counts.train! + p.counts.validation! + p.counts.test!, 30);
  assert.equal(p.quarantined.length, 1);
  assert.equal((p.quarantined[0]!.source as { line: number }).line, 32);
});

test("the world NPC data goes through with its splits kept, and the report knows its personas", async () => {
  const p = await prepare("world/datasets/npc", { format: "npc-conversations", group_by: "persona" }, 512);
  balanced(p);
  assert.ok(p.counts.train! > 1000);
  assert.ok(p.counts.test! > 50);
  const personas = (p.report as unknown as { personas?: unknown }).personas;
  assert.ok(personas || JSON.stringify(p.report).includes("aurelio"), "persona coverage is in the report");
});
