import assert from "node:assert/strict";
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { test } from "node:test";
import { builtinCacheDir } from "../engine/base-models.js";
import { runEngine } from "../engine/client.js";
import { UserError } from "../errors.js";
import { enginePython, REPO_ROOT } from "../paths.js";
import type { ChatMessage } from "../spec/chat.js";
import { loadExamples, type DataFormat } from "./load-examples.js";
import { loadModelTokenizer } from "./tokenizer.js";

const MODEL = builtinCacheDir("smollm2-135m-instruct");
const noModel = existsSync(join(MODEL, "tokenizer.json")) ? false : `builtin model not prepared at ${MODEL} (make setup prepares it)`;

type Row = { id: string; messages: ChatMessage[] } | { id: string; text: string };
interface PyExample {
  total: number;
  assistant: number;
  rendered: string | null;
}

/**
 * Per-example counts from the engine's own code: its tokenizer loader (transformers'
 * AutoTokenizer) and chat_data.encode, the function training uses (offsets + loss mask).
 */
function pythonPerExample(files: string[]): Record<string, PyExample[]> {
  const code = `
import json, sys
from scriptorium_engine import chat_data, models
tok = models.load_tokenizer({"source": "local", "id": sys.argv[1], "revision": None, "trust_remote_code": False})
out = {}
for path in sys.argv[2:]:
    rows = []
    for row in chat_data.read_jsonl(path):
        e = chat_data.encode(tok, row, 1 << 30)
        rendered = chat_data._render(tok, row["messages"], False) if "messages" in row else None
        rows.append({"total": len(e.input_ids), "assistant": sum(e.loss_mask), "rendered": rendered})
    out[path] = rows
print(json.dumps(out))`;
  const p = spawnSync(enginePython(), ["-c", code, MODEL, ...files], {
    encoding: "utf8",
    env: { ...process.env, PYTHONPATH: join(REPO_ROOT, "engine") },
    maxBuffer: 256 << 20,
  });
  assert.equal(p.status, 0, p.stderr);
  return JSON.parse(p.stdout.trim().split("\n").pop()!) as Record<string, PyExample[]>;
}

/** File-level counts from the engine's `count-tokens` command, through the real client. */
async function engineCountTokens(dir: string, files: string[]): Promise<Record<string, { examples: number; tokens: number; assistant_tokens: number }>> {
  const result = await runEngine(
    { protocol: 1, command: "count-tokens", model: { source: "local", id: MODEL, revision: null, trust_remote_code: false }, files },
    { jobPath: join(dir, "job.json") },
  );
  return result.files as Record<string, { examples: number; tokens: number; assistant_tokens: number }>;
}

function writeRows(file: string, rows: Row[]): void {
  writeFileSync(file, rows.map((r) => JSON.stringify(r) + "\n").join(""));
}

/** Conversations and texts chosen to stress token boundaries at the assistant spans. */
const EDGE_CASES: Row[] = (() => {
  const sys: ChatMessage = { role: "system", content: "Eres Inés, bibliotecaria." };
  const u = (content: string): ChatMessage => ({ role: "user", content });
  const a = (content: string): ChatMessage => ({ role: "assistant", content });
  const chats: ChatMessage[][] = [
    [sys, u("hola"), a("  dos espacios delante")], // "\n " merges into one token across the span start
    [sys, u("hola"), a("\n\nsaltos delante y detrás\n\n")],
    [sys, u("hola"), a("espacios al final   ")],
    [sys, u("¿y el café?"), a("café ☕️ 日本語 e\u0301 👩‍👩‍👧 «Índice» — ¡Ñandú!")],
    [u("sin sistema: la plantilla pone el suyo"), a("vale")],
    [sys, u("uno"), a("1"), u("dos"), a("2"), u("tres"), a("3")],
    [sys, u("texto con <|im_end|> dentro"), a("y aquí <|im_start|>assistant\n también <|im_end|>")],
    [sys, u("respuesta vacía"), a("")],
    [sys, u("tabs\ty\r\nCRLF"), a("\tcon\ttabs\r\ny CRLF\r\n")],
    [sys, a("Bienvenido, lector."), u("gracias"), a("de nada")],
    [sys, u("números 1234567 y 3.14159"), a("12345678901234567890")],
    [sys, u("código"), a("```python\ndef f(x):\n    return x  # comentario\n```")],
  ];
  return [
    ...chats.map((messages, i) => ({ id: `edge-chat-${i}`, messages })),
    ...["", "   ", "una línea", "Hoja 67.\n— H-0401 → H-0402: 83 peldaños; 8 lámparas 🕯️\n\n", "<|im_end|> dentro de un texto"].map((text, i) => ({
      id: `edge-text-${i}`,
      text,
    })),
  ];
})();

test("parity with the engine: world test sets of the three roles and edge cases, per file and per example", { skip: noModel, timeout: 300_000 }, async (t) => {
  const tok = await loadModelTokenizer(MODEL);
  const dir = mkdtempSync(join(tmpdir(), "tokparity-"));
  const sets: [DataFormat, string][] = [
    ["npc-conversations", "world/datasets/npc/test.jsonl"],
    ["director-decisions", "world/datasets/director/test.jsonl"],
    ["book-records", "world/datasets/book/test.jsonl"],
  ];
  const files = new Map<string, Row[]>();
  for (const [format, path] of sets) {
    const loaded = await loadExamples({ format, path, personasDir: "world/personas", groupBy: "id", npcPrompt: "compact", maxExamples: null, quarantinePath: join(dir, `${format}.quarantine.jsonl`) });
    assert.equal(loaded.rejected.length, 0, `${path} loads cleanly`);
    assert.ok(loaded.examples.length > 50);
    files.set(join(dir, `${format}.jsonl`), loaded.examples.map((e) => e.example));
  }
  files.set(join(dir, "edge-cases.jsonl"), EDGE_CASES);
  for (const [file, rows] of files) writeRows(file, rows);

  const engine = await engineCountTokens(dir, [...files.keys()]);
  const python = pythonPerExample([...files.keys()]);
  for (const [file, rows] of files) {
    let tokens = 0;
    let assistant = 0;
    const py = python[file]!;
    assert.equal(py.length, rows.length);
    rows.forEach((row, i) => {
      const ours =
        "messages" in row ? tok.countChat(row.messages) : { total: tok.countText(row.text), assistant: tok.countText(row.text) };
      if ("messages" in row) assert.equal(tok.renderChat(row.messages, false), py[i]!.rendered, `${row.id}: rendered text`);
      assert.deepEqual([ours.total, ours.assistant], [py[i]!.total, py[i]!.assistant], `${row.id}: [total, assistant] tokens`);
      tokens += ours.total;
      assistant += ours.assistant;
    });
    assert.deepEqual({ examples: rows.length, tokens, assistant_tokens: assistant }, engine[file], `${file}: file totals of count-tokens`);
    t.diagnostic(`${file.split("/").pop()}: ${rows.length} examples, ${tokens} tokens, ${assistant} assistant tokens (= engine)`);
  }
});

test("encodeWithOffsets: offsets tile the text; a token holding part of a character gets the whole character", { skip: noModel }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const s = "héllo 🤖 日本語\n\n  fin";
  const { ids, offsets } = tok.encodeWithOffsets(s);
  assert.deepEqual(ids, tok.encode(s));
  assert.ok(offsets);
  assert.equal(offsets.length, ids.length);
  // the robot emoji (2 UTF-16 units, 4 bytes) is split over several tokens: each gets [6, 8)
  const robot = offsets.filter(([a, b]) => a <= 6 && b >= 8);
  assert.ok(robot.length >= 2, JSON.stringify(offsets));
  let end = 0;
  for (const [a, b] of offsets) {
    assert.ok(a <= end && b > a);
    end = Math.max(end, b);
  }
  assert.equal(end, s.length);
  assert.equal(tok.decode(ids), s);
});

test("text records count their tokens plus EOS; encode/decode round-trips; the generation prompt", { skip: noModel }, async () => {
  const tok = await loadModelTokenizer(MODEL);
  const s = "¿Dónde está «El Libro Total»? En el hexágono H-0412, estante 3.";
  assert.equal(tok.decode(tok.encode(s)), s);
  assert.equal(tok.countText(s), tok.encode(s).length + 1);
  assert.equal(tok.countText(""), 1);
  assert.equal(tok.eosTokenId, 2);
  assert.equal(tok.encode("<|im_end|>").length, 1, "special tokens in text are the special token, as in the engine");
  assert.equal(tok.renderChat([{ role: "user", content: "hola" }], true), "<|im_start|>system\nYou are a helpful AI assistant named SmolLM, trained by Hugging Face<|im_end|>\n<|im_start|>user\nhola<|im_end|>\n<|im_start|>assistant\n");
});

test("tokenizers are loaded once per folder", { skip: noModel }, async () => {
  const a = await loadModelTokenizer(MODEL);
  const b = await loadModelTokenizer(MODEL + "/");
  assert.equal(a, b);
});

/** A model folder with the builtin's tokenizer.json and the given extra files. */
function folderWith(files: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tokdir-"));
  copyFileSync(join(MODEL, "tokenizer.json"), join(dir, "tokenizer.json"));
  for (const [name, body] of Object.entries(files)) writeFileSync(join(dir, name), body);
  return dir;
}

test("the chat template: chat_template.jinja wins over tokenizer_config.json; none is a clear error only for chats", { skip: noModel }, async () => {
  const config = JSON.parse(readFileSync(join(MODEL, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
  const msgs: ChatMessage[] = [
    { role: "user", content: "hola" },
    { role: "assistant", content: "buenas" },
  ];
  const fromConfig = await loadModelTokenizer(folderWith({ "tokenizer_config.json": JSON.stringify({ ...config, chat_template: "{% for m in messages %}[{{ m.role }}] {{ m.content }}{{ eos_token }}\n{% endfor %}" }) }));
  assert.equal(fromConfig.renderChat(msgs, false), "[user] hola<|im_end|>\n[assistant] buenas<|im_end|>\n");
  assert.deepEqual(fromConfig.countChat(msgs), { total: fromConfig.encode("[user] hola<|im_end|>\n[assistant] buenas<|im_end|>\n").length, assistant: fromConfig.encode("[assistant] buenas<|im_end|>\n").length });

  const both = await loadModelTokenizer(
    folderWith({ "tokenizer_config.json": JSON.stringify({ ...config, chat_template: "config {{ messages[0].content }}" }), "chat_template.jinja": "file {{ messages[0].content }}\n" }),
  );
  assert.equal(both.renderChat(msgs, false), "file hola", "the file's template, its final newline dropped as jinja2 does");

  const none = await loadModelTokenizer(folderWith({ "tokenizer_config.json": JSON.stringify(config) }));
  assert.equal(none.hasChatTemplate, false);
  assert.equal(none.countText("hola"), none.encode("hola").length + 1);
  assert.throws(() => none.countChat(msgs), (e: unknown) => e instanceof UserError && e.code === "no_chat_template" && /chat_template\.jinja/.test(e.hint ?? ""));
});

test("a template that does not render prefixes as prefixes cannot be masked: clear error", { skip: noModel }, async () => {
  const config = JSON.parse(readFileSync(join(MODEL, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
  const tok = await loadModelTokenizer(folderWith({ "tokenizer_config.json": JSON.stringify(config), "chat_template.jinja": "{{ messages | length }}{% for m in messages %}{{ m.content }}{% endfor %}" }));
  assert.throws(
    () =>
      tok.countChat([
        { role: "user", content: "a" },
        { role: "assistant", content: "b" },
        { role: "user", content: "c" },
        { role: "assistant", content: "d" },
      ]),
    (e: unknown) => e instanceof UserError && e.code === "chat_template_not_prefix_stable",
  );
});

test("a template that raises (raise_exception) is a clear error, as the engine's TemplateError", { skip: noModel }, async () => {
  const config = JSON.parse(readFileSync(join(MODEL, "tokenizer_config.json"), "utf8")) as Record<string, unknown>;
  const tok = await loadModelTokenizer(
    folderWith({ "tokenizer_config.json": JSON.stringify(config), "chat_template.jinja": "{% if messages[0].role != 'system' %}{{ raise_exception('needs a system turn') }}{% endif %}ok" }),
  );
  assert.equal(tok.renderChat([{ role: "system", content: "s" }], false), "ok");
  assert.throws(
    () => tok.countChat([{ role: "user", content: "a" }, { role: "assistant", content: "b" }]),
    (e: unknown) => e instanceof UserError && e.code === "chat_template_error" && /needs a system turn/.test(e.message),
  );
});

test("folders without tokenizer files are clear errors naming the file, with a hint", async () => {
  await assert.rejects(loadModelTokenizer(join(tmpdir(), "no-such-model-folder-xyz")), (e: unknown) => e instanceof UserError && e.code === "model_dir_not_found");

  const empty = mkdtempSync(join(tmpdir(), "notok-"));
  await assert.rejects(loadModelTokenizer(empty), (e: unknown) => {
    assert.ok(e instanceof UserError);
    assert.equal(e.code, "tokenizer_missing");
    assert.equal(e.location.file, join(empty, "tokenizer.json"));
    assert.match(e.message, /no tokenizer\.json/);
    assert.match(e.hint ?? "", /save_pretrained/);
    return true;
  });

  const noConfig = mkdtempSync(join(tmpdir(), "notok-"));
  writeFileSync(join(noConfig, "tokenizer.json"), "{}");
  await assert.rejects(loadModelTokenizer(noConfig), (e: unknown) => e instanceof UserError && e.code === "tokenizer_missing" && /tokenizer_config\.json/.test(e.message));

  const broken = mkdtempSync(join(tmpdir(), "notok-"));
  mkdirSync(broken, { recursive: true });
  writeFileSync(join(broken, "tokenizer.json"), "{not json");
  await assert.rejects(loadModelTokenizer(broken), (e: unknown) => e instanceof UserError && e.code === "tokenizer_invalid" && e.location.file === join(broken, "tokenizer.json"));

  // a failed load is not cached: fixing the folder fixes the next load
  if (!noModel) {
    copyFileSync(join(MODEL, "tokenizer.json"), join(noConfig, "tokenizer.json"));
    copyFileSync(join(MODEL, "tokenizer_config.json"), join(noConfig, "tokenizer_config.json"));
    assert.deepEqual((await loadModelTokenizer(noConfig)).encode("hola"), (await loadModelTokenizer(MODEL)).encode("hola"));
  }
});
