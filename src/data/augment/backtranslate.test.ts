import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdtempSync } from "node:fs";
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { builtinCacheDir } from "../../engine/base-models.js";
import { runEngine } from "../../engine/client.js";
import { UserError } from "../../errors.js";
import { loadWorld } from "../../roles/canon/load.js";
import type { EngineEvent } from "../../spec/index.js";
import type { ChatRecord, DataRecord, TextRecord } from "../record.js";
import { backtranslate, HfTranslator, OpenAITranslator, splitSentences, translatorFor, type Translator } from "./backtranslate.js";
import { augmentContext } from "./index.js";

const world = loadWorld("world");
const { protector, personaLanguage } = augmentContext(world);

const chat = (id: string, messages: ChatRecord["messages"], tags: Record<string, string> = { language: "es" }): ChatRecord => ({
  kind: "chat",
  id,
  group: `g-${id}`,
  source: { file: "t.jsonl", line: 1 },
  origin: "original",
  tags,
  messages,
});

// ------------------------------------------------------------ a small OpenAI-compatible server

/** Word tables: es→en literal, en→es with different choices, so a round trip paraphrases. */
const ES_EN: Record<string, string> = {
  dónde: "where", está: "is", el: "the", la: "the", libro: "book", pozo: "well", de: "of", en: "in", hexágono: "hexagon",
  gracias: "thanks", sala: "room", y: "and", lectura: "reading", busco: "seeking",
  un: "a", perdido: "lost", que: "that", sabe: "knows",
};
const EN_ES: Record<string, string> = {
  where: "dónde", is: "se encuentra", the: "el", book: "volumen", well: "pozo", of: "de", in: "en", hexagon: "hexágono",
  thanks: "gracias", a: "un", room: "sala", and: "y", reading: "lectura", seeking: "busco", lost: "extraviado", that: "que", knows: "sabe",
};

function translateByTable(text: string, table: Record<string, string>): string {
  return text
    .replace(/[¿¡]/g, "")
    .replace(/\p{L}+/gu, (w) => {
      const t = table[w.toLowerCase()];
      if (t === undefined) return w;
      return /^\p{Lu}/u.test(w) ? t.charAt(0).toUpperCase() + t.slice(1) : t;
    })
    .replace(/\s{2,}/g, " ")
    .trim();
}

interface FakeServer {
  url: string;
  requests: { path: string; auth: string | undefined; body: unknown }[];
  /** Statuses to answer before the next successful request (consumed one per request). */
  failNext: number[];
  close(): Promise<void>;
}

async function startServer(opts: { apiKey?: string; alwaysFail?: number } = {}): Promise<FakeServer> {
  const state: FakeServer = { url: "", requests: [], failNext: [], close: async () => {} };
  const json = (res: ServerResponse, status: number, body: unknown) => {
    res.writeHead(status, { "content-type": "application/json" });
    res.end(JSON.stringify(body));
  };
  const error = (res: ServerResponse, status: number, message: string, type = "invalid_request_error") =>
    json(res, status, { error: { message, type, param: null, code: null } });
  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    let raw = "";
    req.setEncoding("utf8");
    req.on("data", (c: string) => (raw += c));
    req.on("end", () => {
      let body: unknown;
      try {
        body = JSON.parse(raw);
      } catch {
        return error(res, 400, "We could not parse the JSON body of your request.");
      }
      state.requests.push({ path: req.url ?? "", auth: req.headers.authorization, body });
      if (req.method !== "POST" || req.url !== "/v1/chat/completions") return error(res, 404, `Unknown request URL: ${req.method} ${req.url}`);
      if (opts.apiKey && req.headers.authorization !== `Bearer ${opts.apiKey}`) return error(res, 401, "Incorrect API key provided.", "invalid_api_key");
      if (!String(req.headers["content-type"]).startsWith("application/json")) return error(res, 400, "Content-Type must be application/json");
      const b = body as { model?: unknown; messages?: unknown; temperature?: unknown };
      if (typeof b.model !== "string" || !b.model) return error(res, 400, "you must provide a model parameter");
      if (b.model !== "table-translator") return error(res, 404, `The model '${b.model}' does not exist`);
      const msgs = b.messages;
      if (!Array.isArray(msgs) || msgs.length !== 2) return error(res, 400, "messages: expected [system, user]");
      for (const m of msgs as { role?: unknown; content?: unknown }[]) {
        if (!["system", "user", "assistant"].includes(String(m.role)) || typeof m.content !== "string") return error(res, 400, "messages: each needs a role and a string content");
      }
      const [system, user] = msgs as { role: string; content: string }[];
      if (system!.role !== "system" || user!.role !== "user") return error(res, 400, "messages: expected a system then a user message");
      if (b.temperature !== 0) return error(res, 400, "this test server wants temperature 0");
      if (opts.alwaysFail) return error(res, opts.alwaysFail, "The server had an error while processing your request.", "server_error");
      const fail = state.failNext.shift();
      if (fail) return error(res, fail, "The server had an error while processing your request.", "server_error");
      const m = /from (\w+) to (\w+)/.exec(system!.content);
      if (!m || !/placeholder/.test(system!.content)) return error(res, 400, "the system prompt should name the languages and the placeholders");
      const table = m[1] === "Spanish" && m[2] === "English" ? ES_EN : m[1] === "English" && m[2] === "Spanish" ? EN_ES : null;
      if (!table) return error(res, 400, `no table for ${m[1]} → ${m[2]}`);
      let content = translateByTable(user!.content, table);
      // A careless translator: it drops the first placeholder of anything "lost".
      if (/\blost\b/i.test(content)) content = content.replace(/\[0\]\s*/, "");
      json(res, 200, {
        id: `chatcmpl-${state.requests.length}`,
        object: "chat.completion",
        created: Math.floor(Date.now() / 1000),
        model: b.model,
        choices: [{ index: 0, message: { role: "assistant", content }, logprobs: null, finish_reason: "stop" }],
        usage: { prompt_tokens: user!.content.length, completion_tokens: content.length, total_tokens: user!.content.length + content.length },
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  state.url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
  state.close = () => new Promise<void>((r) => server.close(() => r()));
  return state;
}

let server: FakeServer;
before(async () => {
  server = await startServer({ apiKey: "sk-test" });
});
after(async () => {
  await server.close();
});

test("splitSentences cuts after . ! ? … and at line breaks, never inside protected spans, and joins back exactly", () => {
  const t = "¿Dónde está? Aquí, en «¿Quién? Nadie.» y más.\n\nOtra línea… Fin. y sigue";
  const parts = splitSentences(t, protector.spans(t));
  assert.deepEqual(
    parts.map((p) => p.piece),
    ["¿Dónde está?", "Aquí, en «¿Quién? Nadie.» y más.", "Otra línea…", "Fin. y sigue"],
  );
  assert.equal(parts.map((p) => p.piece + p.sep).join(""), t);
});

test("OpenAITranslator: standard request and response, API key, order kept, empty texts not sent", async () => {
  server.requests.length = 0;
  const tr = new OpenAITranslator({ baseUrl: `${server.url}/`, model: "table-translator", apiKey: "sk-test", concurrency: 3 });
  const out = await tr.translate(["¿Dónde está el pozo?", "", "Gracias", "El libro"], "es", "en");
  assert.deepEqual(out, ["Where is the well?", "", "Thanks", "The book"]);
  assert.equal(server.requests.length, 3);
  for (const r of server.requests) {
    assert.equal(r.path, "/v1/chat/completions");
    assert.equal(r.auth, "Bearer sk-test");
  }
});

test("OpenAITranslator: the API key comes from OPENAI_API_KEY; a wrong one is a clear, unretried error", async () => {
  const old = process.env.OPENAI_API_KEY;
  try {
    process.env.OPENAI_API_KEY = "sk-test";
    assert.deepEqual(await new OpenAITranslator({ baseUrl: server.url, model: "table-translator" }).translate(["libro"], "es", "en"), ["book"]);
    process.env.OPENAI_API_KEY = "sk-wrong";
    const tr = new OpenAITranslator({ baseUrl: server.url, model: "table-translator", backoffMs: 1 });
    await assert.rejects(tr.translate(["libro"], "es", "en"), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, new RegExp(`POST ${server.url}/chat/completions failed with HTTP 401`));
      assert.match(e.message, /Incorrect API key/);
      assert.match(e.hint ?? "", /OPENAI_API_KEY/);
      return true;
    });
    assert.equal(tr.requests, 1, "a 401 is not retried");
  } finally {
    if (old === undefined) delete process.env.OPENAI_API_KEY;
    else process.env.OPENAI_API_KEY = old;
  }
});

test("OpenAITranslator: a 500 then success is retried; an unknown model is a 404 error naming URL and status", async () => {
  server.failNext.push(500, 503);
  const tr = new OpenAITranslator({ baseUrl: server.url, model: "table-translator", apiKey: "sk-test", backoffMs: 5, concurrency: 1 });
  assert.deepEqual(await tr.translate(["El libro"], "es", "en"), ["The book"]);
  assert.equal(tr.requests, 3);
  const bad = new OpenAITranslator({ baseUrl: server.url, model: "gpt-nonexistent", apiKey: "sk-test", backoffMs: 1 });
  await assert.rejects(bad.translate(["libro"], "es", "en"), (e: unknown) => e instanceof UserError && /HTTP 404/.test(e.message) && /does not exist/.test(e.message) && /model name/.test(e.hint ?? ""));
});

test("OpenAITranslator: a server that keeps failing gives up after the retries with a clear error", async () => {
  const broken = await startServer({ alwaysFail: 500 });
  try {
    const tr = new OpenAITranslator({ baseUrl: broken.url, model: "table-translator", apiKey: null, retries: 2, backoffMs: 5 });
    await assert.rejects(tr.translate(["libro"], "es", "en"), (e: unknown) => {
      assert.ok(e instanceof UserError);
      assert.match(e.message, new RegExp(`POST ${broken.url}/chat/completions failed after 3 attempts; last: HTTP 500`));
      return true;
    });
    assert.equal(broken.requests.length, 3);
  } finally {
    await broken.close();
  }
  // Nothing listening: the network error names the URL too.
  const dead = new OpenAITranslator({ baseUrl: `http://127.0.0.1:1/v1`, model: "m", retries: 1, backoffMs: 1 });
  await assert.rejects(dead.translate(["libro"], "es", "en"), (e: unknown) => e instanceof UserError && /127\.0\.0\.1:1\/v1\/chat\/completions failed after 2 attempts/.test(e.message) && /server running/.test(e.hint ?? ""));
});

test("OpenAITranslator: a request that takes too long times out and is retried", async () => {
  const slow = createServer((_req, res) => setTimeout(() => res.end("{}"), 500));
  await new Promise<void>((r) => slow.listen(0, "127.0.0.1", r));
  try {
    const url = `http://127.0.0.1:${(slow.address() as AddressInfo).port}/v1`;
    const tr = new OpenAITranslator({ baseUrl: url, model: "m", timeoutMs: 50, retries: 1, backoffMs: 1 });
    await assert.rejects(tr.translate(["libro"], "es", "en"), (e: unknown) => e instanceof UserError && /no answer within 50 ms/.test(e.message));
    assert.equal(tr.requests, 2);
  } finally {
    slow.closeAllConnections();
    await new Promise<void>((r) => slow.close(() => r()));
  }
});

test("backtranslate through the OpenAI-compatible server: paraphrases, placeholders restored, lost ones discarded, origin tags", async () => {
  const tr = new OpenAITranslator({ baseUrl: server.url, model: "table-translator", apiKey: "sk-test", backoffMs: 1 });
  const records: DataRecord[] = [
    chat("a", [
      { role: "user", content: "¿Dónde está el Pozo? Busco un libro en H-0412." },
      { role: "assistant", content: "En la Sala de Lectura." },
    ]),
    chat("b", [{ role: "user", content: "Busco el libro perdido de Aurelio." }]),
    chat("c", [{ role: "user", content: "What is the Well?" }], { language: "en" }),
    chat("d", [{ role: "user", content: '{"dónde": "el pozo"}' }]),
    chat("e", [{ role: "user", content: "Gracias, Aurelio." }]),
  ];
  const r = await backtranslate(records, tr, { source: "es", pivot: "en", protector, personaLanguage });
  assert.deepEqual(r.skipped, { placeholder_lost: 1, nothing_to_translate: 2, identical: 1 });
  assert.equal(r.records.length, 1);
  const v = r.records[0] as ChatRecord;
  assert.equal(v.id, "a~bt");
  assert.equal(v.group, "g-a");
  assert.equal(v.origin, "backtranslate:es-en-es");
  assert.deepEqual(v.tags, { language: "es", augmented_from: "a" });
  assert.equal(v.messages[0]!.content, "Dónde se encuentra el Pozo? Busco un volumen en H-0412.");
  assert.equal(v.messages[1]!.content, "En la Sala de Lectura.", "assistant turns are not translated by default");
});

test("backtranslate with a fake translator: counts per reason, text records, roles", async () => {
  const calls: { n: number; from: string; to: string }[] = [];
  const upper: Translator = {
    async translate(texts, from, to) {
      calls.push({ n: texts.length, from, to });
      return texts.map((t) => (to === "es" ? t.replace("libro", "tomo") : t));
    },
  };
  const text: TextRecord = { kind: "text", id: "t", group: "t", source: { file: "x", line: 1 }, origin: "original", tags: { language: "es" }, text: "El libro de Inés.\nOtra línea sin cambio." };
  const r = await backtranslate([text, chat("u", [{ role: "assistant", content: "El libro." }])], upper, { source: "es", pivot: "en", protector, roles: ["assistant"] });
  assert.deepEqual(calls, [{ n: 3, from: "es", to: "en" }, { n: 3, from: "en", to: "es" }]);
  assert.equal(r.sentences, 3);
  assert.deepEqual((r.records[0] as TextRecord).text, "El tomo de Inés.\nOtra línea sin cambio.");
  assert.deepEqual((r.records[1] as ChatRecord).messages[0]!.content, "El tomo.");
  assert.deepEqual(r.skipped, {});
});

test("translatorFor builds the recipe's backend", () => {
  const base = { source: "es", pivot: "en", url: null, model: null, model_back: null };
  assert.equal(translatorFor({ ...base, backend: "none" }), null);
  assert.ok(translatorFor({ ...base, backend: "openai", url: "http://x/v1", model: "m" }) instanceof OpenAITranslator);
  assert.ok(translatorFor({ ...base, backend: "hf", model: "models/opus-mt-es-en", model_back: "models/opus-mt-en-es" }) instanceof HfTranslator);
  assert.throws(() => translatorFor({ ...base, backend: "hf" }), UserError);
  assert.throws(() => translatorFor({ ...base, backend: "openai", model: "m" }), UserError);
});

test("HfTranslator end to end on a tiny random MarianMT built by the engine: batching, counts, placeholders, origin tags", async () => {
  const tokenizer = builtinCacheDir("smollm2-135m-instruct");
  assert.ok(existsSync(join(tokenizer, "tokenizer.json")), `builtin model cache ${tokenizer} missing: run \`make setup\` first`);
  const dir = mkdtempSync(join(tmpdir(), "tiny-mt-"));
  const model = join(dir, "model");
  const t0 = performance.now();
  await runEngine({ protocol: 1, command: "tiny-translator", tokenizer_from: tokenizer, out_dir: model, seed: 0 }, { jobPath: join(dir, "tiny.json") });
  const built = performance.now() - t0;

  const events: EngineEvent[] = [];
  const tr = new HfTranslator({ models: { "es-en": model, "en-es": model }, batchSize: 2, maxNewTokens: 16, threads: 2, onEvent: (e) => events.push(e), workDir: join(dir, "work") });
  const texts = ["¿Dónde está el libro?", "", "Gracias.", "Busco un libro.", "El pozo."];
  const out = await tr.translate(texts, "es", "en");
  assert.equal(out.length, 5);
  assert.equal(out[1], "");
  const done = events.find((e) => e.event === "done") as { result: { batches: number; translated: number } } | undefined;
  assert.deepEqual([done?.result.batches, done?.result.translated], [2, 4]);
  assert.deepEqual(
    events.filter((e) => e.event === "progress").map((e) => (e as { done: number }).done),
    [0, 2, 4],
  );
  assert.deepEqual(await tr.translate(texts, "es", "en"), out, "greedy decoding is deterministic");
  assert.deepEqual(await tr.translate([], "es", "en"), []);

  const records: DataRecord[] = [
    chat("p1", [{ role: "user", content: "¿Dónde está el Pozo? Hermana Inés lo sabe." }]),
    chat("p2", [{ role: "user", content: "Busco «Vindicación de Nadie» en H-0418." }]),
    chat("q1", [{ role: "user", content: "Busco un libro antiguo." }]),
    chat("q2", [{ role: "user", content: "Gracias por todo, de verdad." }]),
  ];
  const runsBefore = tr.runs;
  const t1 = performance.now();
  const r = await backtranslate(records, tr, { source: "es", pivot: "en", protector });
  const btMs = performance.now() - t1;
  assert.equal(tr.runs - runsBefore, 2, "one engine run per direction");
  const skipped = Object.values(r.skipped).reduce((a, b) => a + (b ?? 0), 0);
  assert.equal(r.records.length + skipped, records.length, "every record is a variant or counted");
  for (const v of r.records) {
    assert.equal(v.origin, "backtranslate:es-en-es");
    assert.equal(v.id, `${v.tags.augmented_from}~bt`);
    const src = records.find((x) => x.id === v.tags.augmented_from)!;
    // A variant keeps every protected span of its source (else it was discarded).
    const srcText = (src as ChatRecord).messages[0]!.content;
    for (const s of protector.spans(srcText)) assert.ok((v as ChatRecord).messages[0]!.content.includes(srcText.slice(s.start, s.end)));
  }
  // Random weights do not reproduce "[0]": records with protected spans are discarded, not emitted damaged.
  assert.ok((r.skipped.placeholder_lost ?? 0) + (r.skipped.empty ?? 0) >= 2, JSON.stringify(r.skipped));
  console.log(`  hf: tiny translator built in ${(built / 1000).toFixed(1)} s; back-translation of ${records.length} records (${r.sentences} sentences, 2 engine runs) in ${(btMs / 1000).toFixed(1)} s; ${JSON.stringify(r.skipped)}, ${r.records.length} emitted`);

  await assert.rejects(new HfTranslator({ models: { "es-en": join(dir, "nowhere") } }).translate(["hola"], "es", "en"), (e: unknown) => e instanceof UserError && /opus-mt-es-en/.test(e.hint ?? ""));
  await assert.rejects(tr.translate(["hola"], "es", "fr"), (e: unknown) => e instanceof UserError && /no translation model for es→fr/.test(e.message));
});
