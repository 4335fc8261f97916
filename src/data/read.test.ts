import assert from "node:assert/strict";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { test } from "node:test";
import { parquetWriteBuffer } from "hyparquet-writer";
import { UserError } from "../errors.js";
import { detectInput, invalidUtf8At, RAW_LIMIT, readRows, type ReadOptions } from "./read.js";
import type { RawRow } from "./record.js";
import type { InputType } from "../config/recipe.js";

const dir = mkdtempSync(join(tmpdir(), "scriptorium-read-"));
let n = 0;
function file(name: string, content: string | Buffer | Uint8Array): string {
  const sub = join(dir, String(n++));
  mkdirSync(sub, { recursive: true });
  const p = join(sub, name);
  writeFileSync(p, content);
  return p;
}
async function rows(path: string, input: InputType = "auto", opts: ReadOptions = {}): Promise<RawRow[]> {
  const out: RawRow[] = [];
  for await (const r of readRows(path, input, opts)) out.push(r);
  return out;
}
async function rejects(path: string, match: RegExp, input: InputType = "auto"): Promise<UserError> {
  try {
    await rows(path, input);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    assert.match(e.format(), match);
    return e;
  }
  assert.fail("expected a UserError");
}

test("the input type comes from the extension; an unknown one is a UserError listing the supported types", () => {
  for (const [name, kind] of [
    ["a.jsonl", "jsonl"],
    ["a.NDJSON", "jsonl"],
    ["a.json", "json"],
    ["a.csv", "csv"],
    ["a.tsv", "csv"],
    ["a.parquet", "parquet"],
    ["a.txt", "txt"],
    ["a.md", "txt"],
    ["a.markdown", "txt"],
  ] as const) {
    assert.equal(detectInput(file(name, "")), kind);
  }
  assert.throws(() => detectInput(join(dir, "missing.jsonl")), (e: unknown) => e instanceof UserError && e.code === "data_not_found");
  const p = file("data.xlsx", "");
  assert.throws(
    () => detectInput(p),
    (e: unknown) => e instanceof UserError && e.code === "unknown_input" && /\.jsonl.*\.parquet.*\.md/.test(e.hint ?? "") && /data\.input/.test(e.hint ?? ""),
  );
});

test("JSONL: BOM, CRLF, blank lines, broken JSON, non-objects and invalid UTF-8 each handled per line", async () => {
  const bad = Buffer.concat([Buffer.from('{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}\r\n')]);
  const content = Buffer.concat([
    Buffer.from('\ufeff{"a": 1}\r\n'), // 1
    Buffer.from("\r\n"), // 2 blank
    Buffer.from("   \n"), // 3 blank
    Buffer.from('{"a": \n'), // 4 broken
    Buffer.from("[1, 2]\n"), // 5 array
    Buffer.from("42\n"), // 6 number
    Buffer.from('"s"\n'), // 7 string
    bad, // 8 invalid UTF-8 (Latin-1 é)
    Buffer.from('{"a": "ñandú ✓"}'), // 9, no final newline
  ]);
  const got = await rows(file("d.jsonl", content));
  assert.deepEqual(
    got.map((r) => [r.line, r.error ? r.error.reason.split(":")[0] : r.value]),
    [
      [1, { a: 1 }],
      [4, "not valid JSON"],
      [5, "a record must be a JSON object, this line is an array"],
      [6, "a record must be a JSON object, this line is a number"],
      [7, "a record must be a JSON object, this line is a string"],
      [8, "invalid UTF-8 at byte 11 of the line"],
      [9, { a: "ñandú ✓" }],
    ],
  );
  const broken = got[1]!;
  assert.equal(broken.error!.field, "(line)");
  assert.ok(broken.error!.hint);
  assert.equal(broken.raw, '{"a": ');
  assert.equal(got[0]!.raw, '{"a": 1}');
  assert.ok(got.every((r) => r.file.endsWith("d.jsonl")));
});

test("JSONL: an empty file gives no rows; raw is cut to 4 KB", async () => {
  assert.deepEqual(await rows(file("e.jsonl", "")), []);
  assert.deepEqual(await rows(file("e.jsonl", "\n\n  \n")), []);
  const long = JSON.stringify({ text: "x".repeat(20_000) });
  const [r] = await rows(file("l.jsonl", `${long}\n`));
  assert.equal(r!.raw.length, RAW_LIMIT);
  assert.equal((r!.value as { text: string }).text.length, 20_000);
});

test("JSONL: a 10 MB line is read whole; a line over the limit is an error row and the next lines still read", async () => {
  const big = JSON.stringify({ text: "é".repeat(5 * 1024 * 1024) }); // > 10 MB of UTF-8, spans many read chunks
  const p = file("big.jsonl", `{"n": 1}\n${big}\n{"n": 3}\n`);
  const got = await rows(p);
  assert.equal(got.length, 3);
  assert.equal((got[1]!.value as { text: string }).text.length, 5 * 1024 * 1024);
  assert.equal(got[1]!.line, 2);
  assert.deepEqual(got[2]!.value, { n: 3 });

  // the same logic with a small limit: the long line is refused, its neighbours are not
  const small = await rows(p, "jsonl", { maxLineBytes: 1000 });
  assert.deepEqual(
    small.map((r) => [r.line, r.error?.reason ?? r.value]),
    [
      [1, { n: 1 }],
      [2, "line longer than 1000 bytes"],
      [3, { n: 3 }],
    ],
  );
  assert.ok(small[1]!.raw.length <= RAW_LIMIT && small[1]!.raw.startsWith('{"text":"é'));
  // exactly at the limit is fine, one byte over is not (a final line without \n too)
  const line = JSON.stringify({ t: "abcdefgh" }); // 16 bytes
  assert.equal((await rows(file("x.jsonl", line), "jsonl", { maxLineBytes: 16 }))[0]!.error, undefined);
  assert.equal((await rows(file("x.jsonl", line), "jsonl", { maxLineBytes: 15 }))[0]!.error?.reason, "line longer than 15 bytes");
  assert.equal((await rows(file("x.jsonl", `${line}\n`), "jsonl", { maxLineBytes: 2 * 1024 }))[0]!.error, undefined);
});

test("UTF-8 validation finds the first ill-formed sequence", () => {
  assert.equal(invalidUtf8At(Buffer.from("ok ñ € 😀")), -1);
  assert.equal(invalidUtf8At(Buffer.from([0x61, 0xc0, 0x80])), 1); // overlong
  assert.equal(invalidUtf8At(Buffer.from([0xed, 0xa0, 0x80])), 0); // surrogate
  assert.equal(invalidUtf8At(Buffer.from([0x61, 0x62, 0xe2, 0x82])), 2); // truncated
  assert.equal(invalidUtf8At(Buffer.from([0x80])), 0);
});

test("JSON: a top-level array streams one row per element, with the line where the element starts", async () => {
  const text = '\ufeff[\n  {\n    "messages": [{"role": "user", "content": "hola"}]\n  },\n  {"n": 2},\n  [1],\n  {"n": 4,\n   "deep": {"list": [1, {"x": null}]}}\n]\n';
  const got = await rows(file("d.json", text));
  assert.deepEqual(
    got.map((r) => [r.line, r.error?.reason ?? r.value]),
    [
      [2, { messages: [{ role: "user", content: "hola" }] }],
      [5, { n: 2 }],
      [6, "a record must be a JSON object, element 3 of the array is an array"],
      [7, { n: 4, deep: { list: [1, { x: null }] } }],
    ],
  );
  // minified on one line: every element is line 1
  assert.deepEqual((await rows(file("m.json", '[{"a":1},{"a":2}]'))).map((r) => [r.line, r.value]), [
    [1, { a: 1 }],
    [1, { a: 2 }],
  ]);
  assert.deepEqual(await rows(file("e.json", "")), []);
  assert.deepEqual(await rows(file("e.json", "[]")), []);
});

test("JSON: an object holding one array of records works; two arrays or none is a UserError", async () => {
  const text = '{\n  "version": 2,\n  "meta": {"tags": ["a", "b"]},\n  "data": [\n    {"n": 1},\n    {"n": 2}\n  ],\n  "count": 2\n}';
  assert.deepEqual((await rows(file("w.json", text))).map((r) => [r.line, r.value]), [
    [5, { n: 1 }],
    [6, { n: 2 }],
  ]);
  await rejects(file("two.json", '{"train": [{"n": 1}], "test": [{"n": 2}]}'), /more than one array \('train' and 'test'\)/);
  await rejects(file("none.json", '{"n": 1}'), /holds no array of records/);
  await rejects(file("scalar.json", '"hello"'), /must be an array of records/);
});

test("JSON: a syntax error is a UserError naming the file and line, after the rows before it", async () => {
  const p = file("broken.json", '[\n  {"n": 1},\n  {"n": 2}\n  {"n": 3}\n]\n');
  const seen: RawRow[] = [];
  try {
    for await (const r of readRows(p)) seen.push(r);
    assert.fail("expected a UserError");
  } catch (e) {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, "json_syntax");
    assert.equal(e.location.file, p);
    assert.equal(e.location.line, 4);
    assert.match(e.format(), /broken\.json:4.*not valid JSON: expected ','/);
  }
  assert.deepEqual(
    seen.map((r) => r.value),
    [{ n: 1 }, { n: 2 }],
  );
  await rejects(file("trunc.json", '[\n  {"n": 1},\n  {"n": '), /trunc\.json:3.*ends before the JSON is complete/);
  await rejects(file("latin1.json", Buffer.concat([Buffer.from('[\n{"a": "caf'), Buffer.from([0xe9]), Buffer.from('"}]')])), /latin1\.json:2.*invalid UTF-8 at byte 11 of line 2/);
});

test("CSV: header, BOM, quoted multi-line cells, physical start lines, JSON cells, ragged rows", async () => {
  const text =
    '\ufeffid,messages,note\r\n' + // 1
    '1,"[{""role"":""user"",""content"":""hola""}]",plain\r\n' + // 2
    "\r\n" + // 3 blank
    '2,"[not json]","line one\r\nline two\r\nline three"\r\n' + // 4-6
    "3,only two\r\n" + // 7
    '4,{"a":1},"x,y"\r\n'; // 8
  const got = await rows(file("d.csv", text));
  assert.deepEqual(
    got.map((r) => [r.line, r.error?.reason ?? r.value]),
    [
      [2, { id: "1", messages: [{ role: "user", content: "hola" }], note: "plain" }],
      [4, { id: "2", messages: "[not json]", note: "line one\r\nline two\r\nline three" }],
      [7, "row has 2 columns, the header has 3"],
      [8, { id: "4", messages: { a: 1 }, note: "x,y" }],
    ],
  );
  assert.equal(got[2]!.error!.field, "(row)");
  assert.equal(got[2]!.raw, "3,only two");
});

test("TSV, empty CSV, invalid UTF-8 in a row, an unclosed quote", async () => {
  assert.deepEqual((await rows(file("d.tsv", "instruction\toutput\nhi, there\t¿qué?\n"))).map((r) => r.value), [{ instruction: "hi, there", output: "¿qué?" }]);
  assert.deepEqual(await rows(file("e.csv", "")), []);
  assert.deepEqual(await rows(file("h.csv", "a,b\n")), []);
  const bad = Buffer.concat([Buffer.from("a,b\n1,ok\n2,caf"), Buffer.from([0xe9]), Buffer.from("\n3,fine\n")]);
  assert.deepEqual(
    (await rows(file("u.csv", bad))).map((r) => [r.line, r.error?.reason ?? r.value]),
    [
      [2, { a: "1", b: "ok" }],
      [3, "invalid UTF-8 at byte 6 of line 3"],
      [4, { a: "3", b: "fine" }],
    ],
  );
  await rejects(file("q.csv", 'a,b\n1,ok\n2,"never closed\n3,x\n'), /q\.csv:3.*cannot read the CSV after line 2/);
  await rejects(file("dup.csv", "a,b,a\n1,2,3\n"), /column 'a' appears twice/);
});

test("Parquet: read row group by row group, with list and struct columns, snappy and gzip", async () => {
  const columnData = [
    { name: "id", data: [1n, 2n, 3n, 4n, 5n] },
    {
      name: "messages",
      data: [
        [
          { role: "user", content: "hola" },
          { role: "assistant", content: "¿qué tal?" },
        ],
        [{ role: "user", content: "b" }],
        [],
        [{ role: "user", content: "d" }],
        null,
      ],
    },
    { name: "meta", data: [{ persona: "ines", n: 1 }, null, { persona: "tomas", n: 3 }, { persona: "x", n: 4 }, { persona: "y", n: 5 }] },
  ];
  const schema = [
    { name: "root", num_children: 3 },
    { name: "id", type: "INT64" as const, repetition_type: "REQUIRED" as const },
    { name: "messages", repetition_type: "OPTIONAL" as const, converted_type: "LIST" as const, num_children: 1 },
    { name: "list", repetition_type: "REPEATED" as const, num_children: 1 },
    { name: "element", repetition_type: "OPTIONAL" as const, num_children: 2 },
    { name: "role", type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type: "OPTIONAL" as const },
    { name: "content", type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type: "OPTIONAL" as const },
    { name: "meta", repetition_type: "OPTIONAL" as const, num_children: 2 },
    { name: "persona", type: "BYTE_ARRAY" as const, converted_type: "UTF8" as const, repetition_type: "OPTIONAL" as const },
    { name: "n", type: "INT32" as const, repetition_type: "OPTIONAL" as const },
  ];
  for (const codec of ["SNAPPY", "GZIP"] as const) {
    const buf = parquetWriteBuffer({ columnData, schema, rowGroupSize: 2, codec, compressors: { GZIP: (b: Uint8Array) => new Uint8Array(gzipSync(b)) } });
    const got = await rows(file("d.parquet", new Uint8Array(buf)));
    assert.deepEqual(
      got.map((r) => [r.line, r.value]),
      [
        [1, { id: 1, messages: [{ role: "user", content: "hola" }, { role: "assistant", content: "¿qué tal?" }], meta: { persona: "ines", n: 1 } }],
        [2, { id: 2, messages: [{ role: "user", content: "b" }], meta: null }],
        [3, { id: 3, messages: [], meta: { persona: "tomas", n: 3 } }],
        [4, { id: 4, messages: [{ role: "user", content: "d" }], meta: { persona: "x", n: 4 } }],
        [5, { id: 5, messages: null, meta: { persona: "y", n: 5 } }],
      ],
      codec,
    );
    assert.equal(JSON.parse(got[0]!.raw).id, 1);
  }
  await rejects(file("bad.parquet", "not parquet at all"), /not a readable Parquet file/);
});

test("TXT/MD: one row {text, path} per file; an empty file is an error row", async () => {
  const p = file("story.md", "\ufeff# Título\n\nÉrase una vez.\n");
  assert.deepEqual(await rows(p), [{ file: p, line: 1, value: { text: "# Título\n\nÉrase una vez.\n", path: p }, raw: "# Título\n\nÉrase una vez.\n" }]);
  const [e] = await rows(file("empty.txt", "  \n"));
  assert.equal(e!.error?.reason, "empty file");
});

test("a folder: its files of one kind, recursively and sorted; mixed kinds are a UserError naming both", async () => {
  const root = join(dir, "corpus");
  mkdirSync(join(root, "b"), { recursive: true });
  mkdirSync(join(root, ".git"), { recursive: true });
  writeFileSync(join(root, "b", "2.txt"), "dos");
  writeFileSync(join(root, "a.md"), "uno");
  writeFileSync(join(root, "c.txt"), "tres");
  writeFileSync(join(root, ".git", "x.txt"), "hidden");
  writeFileSync(join(root, "notes.docx"), "ignored");
  assert.equal(detectInput(root), "txt");
  assert.deepEqual(
    (await rows(root)).map((r) => r.value),
    [
      { text: "uno", path: "a.md" },
      { text: "dos", path: "b/2.txt" },
      { text: "tres", path: "c.txt" },
    ],
  );

  writeFileSync(join(root, "extra.jsonl"), '{"text": "cuatro"}\n');
  const err = await rejects(root, /mixes file kinds: .*(txt .*a\.md.*jsonl .*extra\.jsonl|jsonl .*extra\.jsonl.*txt .*a\.md)/);
  assert.equal(err.code, "mixed_inputs");
  assert.match(err.hint ?? "", /data\.input/);
  assert.match(err.hint ?? "", /own folder/);
  // data.input picks one kind
  assert.deepEqual((await rows(root, "jsonl")).map((r) => r.value), [{ text: "cuatro" }]);
  assert.equal((await rows(root, "txt")).length, 3);

  const shards = join(dir, "shards");
  mkdirSync(shards);
  writeFileSync(join(shards, "part-2.jsonl"), '{"n": 2}\n');
  writeFileSync(join(shards, "part-1.jsonl"), '{"n": 1}\n');
  assert.deepEqual((await rows(shards)).map((r) => r.value), [{ n: 1 }, { n: 2 }]);
});
