/**
 * The game runtime on real llama.cpp: a tiny LoRA run trained and exported to GGUF, loaded as
 * one base with two adapters. Checks that the runtime renders prompts with the training chat
 * template (the same tokens as the data stage's tokenizer), that adapters change what the model
 * says, that the Director returns only legal decisions over held-out states, and the
 * OpenAI-compatible server through the official openai client (plain and streaming), and
 * `scriptorium play` driven by a scripted player on stdin.
 */
import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { join } from "node:path";
import OpenAI from "openai";
import { loadModelTokenizer } from "../src/data/tokenizer.js";
import { checkDecision } from "../src/roles/director/rules/check.js";
import { buildNpcMessages } from "../src/roles/npc/prompt.js";
import { BASE, BookAgent, DirectorAgent, loadGameWorld, NpcAgent, Runtime, type GameWorld } from "../src/runtime/index.js";
import { GameServer } from "../src/runtime/server.js";
import { buildTinyModel, cli, tempDir, writeRecipe } from "./helpers.js";

let model = "";
let gguf = "";
let runs = "";
let runId = "";
let rt: Runtime;
let world: GameWorld;

before(async () => {
  const dir = tempDir("e2e-runtime-");
  runs = join(dir, "runs");
  model = await buildTinyModel();
  const r = cli(["train", writeRecipe(dir, model, ""), "--max-steps", "6"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(r.code, 0, r.stderr);
  runId = /run (\d{8}-\d{6}-tiny-npc)/.exec(r.stdout + r.stderr)![1]!;
  const e = cli(["export", runId, "--format", "gguf", "--outtype", "f32", "--lora-outtype", "f32", "--json"], { SCRIPTORIUM_RUNS: runs });
  assert.equal(e.code, 0, e.stderr);
  gguf = join((JSON.parse(e.stdout) as { dir: string }).dir, "gguf");
  world = loadGameWorld("world");
  rt = await Runtime.load({
    base: join(gguf, "base-f32.gguf"),
    adapters: [
      { name: "npc", role: "npc", path: join(gguf, "adapter-f32.gguf") },
      { name: "director", role: "director", path: join(gguf, "adapter-f32.gguf"), scale: 2 },
    ],
    threads: 2,
    contextSize: 1024,
  });
});

after(async () => {
  await rt?.dispose();
});

test("runtime: the prompt is the training chat template's, tokenized as the data stage tokenizes it", async () => {
  const tok = await loadModelTokenizer(model);
  const messages = buildNpcMessages(world.personas.get("aurelio")!, [{ role: "user", content: "¿Dónde está el Pozo? ñ «»" }], "compact");
  const text = rt.renderer.render(messages, true);
  assert.equal(text, tok.renderChat(messages, true));
  assert.deepEqual(rt.tokenizeChat(messages), tok.encode(text));
});

test("runtime: one base, two LoRA adapters in their own contexts; each changes the greedy reply and the second call reuses the prompt's KV cache", async () => {
  const messages = buildNpcMessages(world.personas.get("ines")!, [{ role: "user", content: "Hola, ¿quién eres?" }], "compact");
  const base = await rt.chat(BASE, messages, { maxTokens: 16 });
  const npc = await rt.chat("npc", messages, { maxTokens: 16 });
  const director = await rt.chat("director", messages, { maxTokens: 16 });
  assert.ok(base.tokens.length > 0 && npc.tokens.length > 0);
  assert.notDeepEqual(npc.tokens, base.tokens, "the adapter changes the reply");
  assert.notDeepEqual(director.tokens, npc.tokens, "scale 2 is not scale 1");
  const again = await rt.chat("npc", messages, { maxTokens: 16 });
  assert.deepEqual(again.tokens, npc.tokens, "greedy is deterministic");
  assert.equal(again.reusedTokens, again.promptTokens - 1, "the whole prompt but its last token came from the cache");
  const streamed: string[] = [];
  const s = await new NpcAgent(rt, world).reply("ines", [], "Hola, ¿quién eres?", { maxTokens: 16, onText: (t) => streamed.push(t) });
  assert.equal(s.adapter, "npc");
  assert.equal(s.style, "compact");
  assert.equal(streamed.join("").trim(), s.text);
  assert.ok(s.firstTokenMs !== null && s.firstTokenMs >= 0);
});

test("director: held-out states → 100% parseable, schema-valid, rules-legal decisions after retry/repair; reports the legal-first-try rate", async () => {
  const rows = readFileSync("world/datasets/director/test.jsonl", "utf8").split("\n").filter(Boolean).map((l) => JSON.parse(l) as { state: never });
  const director = new DirectorAgent(rt, world.director);
  assert.equal(director.adapterName, "director");
  const picked = rows.filter((_, i) => i % Math.ceil(rows.length / 12) === 0).slice(0, 12);
  let firstTry = 0;
  let repaired = 0;
  for (const row of picked) {
    const d = await director.decide(row.state, { maxAttempts: 2, maxTokens: 96 });
    const check = checkDecision(row.state, d.decision, world.director);
    assert.ok(check.legal, `${JSON.stringify(d.decision)}: ${check.violations.map((v) => v.message).join("; ")}`);
    assert.ok(d.attempts.length >= 1 && d.attempts.length <= 2);
    if (d.legal_first_try) firstTry++;
    if (d.repaired) repaired++;
  }
  const schemaOnly = await director.decide(picked[0]!.state, { constraint: "schema", maxAttempts: 1, maxTokens: 96 });
  assert.ok(checkDecision(picked[0]!.state, schemaOnly.decision, world.director).legal);
  console.log(`# director (tiny random model): ${picked.length} held-out states, legal first try ${firstTry}/${picked.length}, repaired ${repaired}`);
});

test("book: a style's excerpt through the Book prompt, seeded sampling is reproducible", async () => {
  const book = new BookAgent(rt);
  const a = await book.write({ title: "Crónica de los Purificadores", style: "chronicle" }, { maxTokens: 12, seed: 3 });
  const b = await book.write({ title: "Crónica de los Purificadores", style: "chronicle" }, { maxTokens: 12, seed: 3 });
  assert.equal(a.adapter, BASE, "no book adapter loaded: the base model writes");
  assert.deepEqual(a.tokens, b.tokens);
});

test("serve: the official openai client lists models, completes plain and streaming, gets legal Director JSON and OpenAI-shaped errors", async () => {
  const server = new GameServer(rt, world);
  const { url } = await server.listen({ port: 0 });
  try {
    const ai = new OpenAI({ baseURL: url, apiKey: "unused", maxRetries: 0 });
    const models = (await ai.models.list()).data.map((m) => m.id);
    for (const m of ["base", "npc", "director", "npc:aurelio", "book:poem"]) assert.ok(models.includes(m), `${m} in ${models.join(",")}`);

    const plain = await ai.chat.completions.create({ model: "npc:aurelio", messages: [{ role: "user", content: "Where is the Well?" }], max_tokens: 12, temperature: 0 });
    const text = plain.choices[0]!.message.content ?? "";
    assert.ok(text.length > 0);
    assert.ok(["stop", "length"].includes(plain.choices[0]!.finish_reason));
    assert.ok(plain.usage!.prompt_tokens > 0);

    const stream = await ai.chat.completions.create({ model: "npc:aurelio", messages: [{ role: "user", content: "Where is the Well?" }], max_tokens: 12, temperature: 0, stream: true });
    let streamed = "";
    let chunks = 0;
    let finish: string | null = null;
    for await (const c of stream) {
      chunks++;
      streamed += c.choices[0]?.delta.content ?? "";
      finish = c.choices[0]?.finish_reason ?? finish;
    }
    assert.equal(streamed.trim(), text, "streaming says what the plain call said");
    assert.ok(chunks >= 3, `${chunks} chunks`);
    assert.ok(finish === "stop" || finish === "length");

    const raw = await ai.chat.completions.create({ model: "base", messages: [{ role: "user", content: "Hi" }], max_tokens: 4 });
    assert.ok(raw.usage!.completion_tokens <= 4);

    const state = (JSON.parse(readFileSync("world/datasets/director/test.jsonl", "utf8").split("\n")[0]!) as { state: never }).state;
    const d = await ai.chat.completions.create({ model: "director", messages: [{ role: "user", content: JSON.stringify(state) }], max_tokens: 96 });
    assert.ok(checkDecision(state, JSON.parse(d.choices[0]!.message.content!), world.director).legal);

    await assert.rejects(ai.chat.completions.create({ model: "npc:nobody", messages: [{ role: "user", content: "x" }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.NotFoundError);
      assert.match(e.message, /no character 'nobody'/);
      return true;
    });
    await assert.rejects(ai.chat.completions.create({ model: "director", messages: [{ role: "user", content: "not a state" }] }), (e: unknown) => {
      assert.ok(e instanceof OpenAI.BadRequestError);
      assert.equal((e.error as { code?: string }).code, "invalid_game_state");
      return true;
    });
    const res = await fetch(`${url}/chat/completions`, { method: "POST", body: "{", headers: { "content-type": "application/json" } });
    assert.equal(res.status, 400);
    const body = (await res.json()) as { error: { message: string; type: string; code: string } };
    assert.equal(body.error.type, "invalid_request_error");
    assert.equal(body.error.code, "invalid_json");
  } finally {
    await server.close();
  }
});

test("play: a scripted player in the Reading Room — the NPC answers, a found book is written, every Director beat is legal in the state it was given; the exported run is found by itself", () => {
  const dir = tempDir("e2e-play-");
  const transcript = join(dir, "session.jsonl");
  const wrong = cli(["play", "--director", runId, "--threads", "2"], { SCRIPTORIUM_RUNS: runs }, "/quit\n");
  assert.equal(wrong.code, 1);
  assert.match(wrong.stderr, /trained the npc role/);

  const script = ["/look", "Hola, ¿quién eres?", "/talk nadie", "/read hexágono vacío", "/go pozo", "/wait", "/nonsense", "/quit", "never read"].join("\n") + "\n";
  const r = cli(["play", "--threads", "2", "--context-size", "1024", "--max-tokens", "12", "--director-tries", "1", "--seed", "1", "--transcript", transcript], { SCRIPTORIUM_RUNS: runs }, script);
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, new RegExp(`npc: run ${runId}`), "the NPC adapter comes from the exported run");
  assert.match(r.stdout, /director: the base model/);
  assert.match(r.stdout, /The Reading Room, chapter 1\. Here: Hermana Inés/);
  assert.match(r.stdout, /no one called 'nadie' is here/);
  assert.match(r.stdout, /unknown command \/nonsense/);
  assert.doesNotMatch(r.stdout, /never read/, "nothing after /quit is played");

  type Ev = { type: string; [k: string]: unknown };
  const events = readFileSync(transcript, "utf8").trim().split("\n").map((l) => JSON.parse(l) as Ev);
  const npc = events.filter((e) => e.type === "npc");
  assert.equal(npc.length, 1);
  assert.equal(npc[0]!.character, "ines");
  assert.equal(npc[0]!.adapter, "npc");
  assert.ok(String(npc[0]!.text).length > 0);
  const books = events.filter((e) => e.type === "book");
  assert.ok(books.some((b) => b.book_id === "tratado-hexagono-vacio" && String(b.text).length > 0), "the book asked for was written");
  const directed = events.filter((e) => e.type === "director") as unknown as { state: never; decision: unknown; turn: number }[];
  assert.equal(directed.length, 4, "one Director turn after speaking, reading, walking and waiting");
  for (const d of directed) assert.ok(checkDecision(d.state, d.decision, world.director).legal, JSON.stringify(d.decision));
  assert.deepEqual(directed.map((d) => d.turn), [1, 2, 3, 4]);
  const pozo = events.find((e) => e.type === "scene" && e.place === "pozo");
  assert.ok(pozo, "walking to the Well shows the new scene");
  assert.ok((directed[2]!.state as { location: { place: string } }).location.place === "pozo", "the Director reads the state after the walk");
});
