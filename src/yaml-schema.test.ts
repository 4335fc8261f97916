import { test } from "node:test";
import assert from "node:assert/strict";
import { z } from "zod";
import { UserError } from "./errors.js";
import { parseYamlAs } from "./yaml-schema.js";

const Shelf = z.strictObject({
  id: z.string().regex(/^[a-z]+$/, "use lowercase letters"),
  style: z.enum(["poem", "chronicle"]),
  pages: z.number().int().min(1).max(410).default(410),
});
const Method = z.discriminatedUnion("kind", [
  z.strictObject({ kind: z.literal("lora"), rank: z.number().int().positive() }),
  z.strictObject({ kind: z.literal("full"), freeze: z.boolean().default(false) }),
]);
const Doc = z.strictObject({
  name: z.string().min(1),
  shelves: z.array(Shelf).min(1),
  method: Method.optional(),
});
const opts = { code: "doc-schema", yamlCode: "doc-yaml", what: "doc", hint: "see docs/doc.md" };
const good = "name: west gallery\nshelves:\n  - id: first\n    style: poem\n  - id: second\n    style: chronicle\n    pages: 12\n";

function failure(text: string, o: Parameters<typeof parseYamlAs>[3] = opts): UserError {
  try {
    parseYamlAs(Doc, text, "world/doc.yaml", o);
  } catch (e) {
    assert.ok(e instanceof UserError, `expected a UserError, got ${String(e)}`);
    return e;
  }
  assert.fail("the document should not parse");
}
const lineOf = (text: string, needle: string): number => text.split("\n").findIndex((l) => l.includes(needle)) + 1;

test("a valid document comes back typed, with the schema's defaults", () => {
  const doc = parseYamlAs(Doc, good, "world/doc.yaml", opts);
  assert.equal(doc.shelves[0]?.pages, 410);
  assert.equal(doc.shelves[1]?.pages, 12);
});

test("broken YAML gets the YAML code and its line", () => {
  const e = failure("name: x\nshelves: [\n");
  assert.equal(e.code, "doc-yaml");
  assert.equal(e.location.file, "world/doc.yaml");
  assert.equal(typeof e.location.line, "number");
  assert.equal(failure("a: 1\na: 2\n", { code: "only-code" }).code, "only-code", "one code serves both when no yamlCode is given");
});

test("an unknown key deep in a list says where, and what was meant", () => {
  const bad = good.replace("    pages: 12", "    pagse: 12");
  const e = failure(bad);
  assert.equal(e.code, "doc-schema");
  assert.deepEqual(e.location, { file: "world/doc.yaml", line: lineOf(bad, "pagse"), field: "shelves.1.pagse" });
  assert.equal(e.message, "unknown field 'pagse'");
  assert.equal(e.hint, "did you mean 'pages'? 'shelves.1' fields are: id, style, pages");
});

test("an unknown top-level key with no near match lists the document's fields", () => {
  const e = failure(`${good}colour: red\n`);
  assert.equal(e.location.field, "colour");
  assert.equal(e.hint, "remove or rename 'colour'; doc fields are: name, shelves, method");
});

test("an unknown key inside a union member lists that member's fields", () => {
  const e = failure(`${good}method:\n  kind: full\n  frezee: true\n`);
  assert.equal(e.location.field, "method.frezee");
  assert.match(e.hint ?? "", /did you mean 'freeze'\? 'method' fields are: kind, freeze$/);
});

test("a bad enum value or union tag lists the allowed values", () => {
  const bad = good.replace("style: poem", "style: sonnet");
  const e = failure(bad);
  assert.equal(e.location.field, "shelves.0.style");
  assert.equal(e.location.line, lineOf(bad, "sonnet"));
  assert.equal(e.hint, 'style must be one of: "poem", "chronicle"');
  const u = failure(`${good}method:\n  kind: qlora\n`);
  assert.equal(u.location.field, "method.kind");
  assert.equal(u.hint, 'kind must be one of: "lora", "full"');
});

test("a missing field is named; nested, it points at its parent, top-level, at no line", () => {
  const bad = good.replace("    style: chronicle\n", "");
  const e = failure(bad);
  assert.equal(e.message, "missing required field 'shelves.1.style'");
  assert.equal(e.location.line, lineOf(bad, "id: second"));
  assert.equal(e.hint, "add 'style' (one of: \"poem\", \"chronicle\") under 'shelves.1'");
  const top = failure(good.replace("name: west gallery\n", ""));
  assert.equal(top.location.field, "name");
  assert.equal(top.location.line, undefined);
  assert.equal(failure("").location.field, "name", "an empty file is an empty mapping");
});

test("wrong types, ranges, formats and empty lists get specific hints", () => {
  assert.equal(failure(good.replace("pages: 12", "pages: many")).hint, "pages must be a number");
  assert.equal(failure(good.replace("pages: 12", "pages: 411")).hint, "pages must be at most 410");
  assert.equal(failure(good.replace("pages: 12", "pages: 0")).hint, "pages must be at least 1");
  assert.equal(failure("name: x\nshelves: []\n").hint, "shelves needs at least 1 item(s)");
  assert.equal(failure("name: x\nshelves: {}\n").hint, "shelves must be a list");
  assert.equal(failure("name: x\nshelves:\n  - 3\n").hint, "each item of shelves must be a mapping of fields");
  const f = failure(good.replace("id: first", "id: First"));
  assert.equal(f.message, "use lowercase letters");
  assert.equal(f.hint, "see docs/doc.md", "no specific hint: the caller's fallback");
});

test("further problems are listed by path after the first", () => {
  const e = failure("name: ''\nshelves:\n  - id: 1\n    style: poem\n");
  assert.equal(e.location.field, "name");
  assert.match(e.message, /\(and 1 more: shelves\.0\.id\)$/);
  assert.match(e.format(), /^error\[doc-schema\] world\/doc\.yaml:1 field 'name': /);
});

test("a misspelt required key is reported as the typo, not as the missing field", () => {
  const bad = good.replace("  - id: first\n    style: poem", "  - id: first\n    stlye: poem");
  const e = failure(bad);
  assert.equal(e.location.field, "shelves.0.stlye");
  assert.equal(e.location.line, lineOf(bad, "stlye"));
  assert.match(e.hint ?? "", /^did you mean 'style'\?/);
  assert.match(e.message, /and 1 more: shelves\.0\.style/);
});
