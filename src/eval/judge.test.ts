import { after, before, test } from "node:test";
import assert from "node:assert/strict";
import { mkdtempSync, readFileSync } from "node:fs";
import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../errors.js";
import { metricValue } from "./metric.js";
import { judgeMessages, judgeMetric, parseVerdict, ROLE_RUBRICS, runJudge, type JudgeCase, type JudgeOptions } from "./judge.js";

/**
 * The judge through the official `openai` client against an OpenAI-compatible endpoint on
 * 127.0.0.1. The endpoint here is a small stand-in that speaks the chat-completions protocol and
 * judges by a fixed rule (does the reply carry the reference's key word?), so the scores are
 * known in advance; `scriptorium serve` (the runtime issue) will be the real local endpoint.
 */
interface Seen {
  model: string;
  temperature: number;
  messages: { role: string; content: string }[];
  auth: string | undefined;
}
const seen: Seen[] = [];
let failNext = 0;
let server: Server;
let url = "";

before(async () => {
  server = createServer((req, res) => {
    let body = "";
    req.on("data", (c: Buffer) => (body += c.toString()));
    req.on("end", () => {
      if (req.url !== "/v1/chat/completions") {
        res.writeHead(404, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "not found" } }));
        return;
      }
      if (failNext > 0) {
        failNext--;
        res.writeHead(500, { "content-type": "application/json" }).end(JSON.stringify({ error: { message: "overloaded", type: "server_error" } }));
        return;
      }
      const b = JSON.parse(body) as Seen;
      seen.push({ ...b, auth: req.headers.authorization });
      const user = b.messages[1]!.content;
      const reference = /## Reference answer[^\n]*\n([^\n]*)/.exec(user)![1]!;
      const reply = /## Reply to judge\n([\s\S]*)$/.exec(user)![1]!;
      const key = reference.split(/\s+/)[0]!.toLowerCase().replace(/[^\p{L}]/gu, "");
      const content = reply.includes("mumble")
        ? "Hard to say."
        : reply.includes("prose")
          ? "I would give it 4/5: decent."
          : JSON.stringify({ score: reply.toLowerCase().includes(key) ? 5 : 1, reason: "key word check" });
      res.writeHead(200, { "content-type": "application/json" }).end(
        JSON.stringify({
          id: `chatcmpl-${seen.length}`,
          object: "chat.completion",
          created: 0,
          model: b.model,
          choices: [{ index: 0, message: { role: "assistant", content }, finish_reason: "stop", logprobs: null }],
          usage: { prompt_tokens: 1, completion_tokens: 1, total_tokens: 2 },
        }),
      );
    });
  });
  await new Promise<void>((r) => server.listen(0, "127.0.0.1", r));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v1`;
});
after(() => new Promise<void>((r) => server.close(() => r())));

const opts = (o: Partial<JudgeOptions> = {}): JudgeOptions => ({
  enabled: true,
  base_url: url,
  model: "judge-1",
  api_key_env: "SCRIPTORIUM_TEST_JUDGE_KEY",
  rubric: null,
  max_examples: null,
  concurrency: 2,
  timeout_s: 10,
  ...o,
});

const cases: JudgeCase[] = [
  { id: "a", prompt: [{ role: "system", content: "You are Aurelio." }, { role: "user", content: "Where is the Well?" }], reference: "Below, amigo: H-0409." },
  { id: "b", prompt: [{ role: "user", content: "¿Dónde está el Pozo?" }], reference: "Abajo, en H-0409." },
];

test("parseVerdict: JSON first, then 'score: N' or 'N/5' prose; anything else is unreadable", () => {
  assert.equal(parseVerdict('{"score": 4, "reason": "ok"}').score, 4);
  assert.equal(parseVerdict('Sure! {"score": "2", "reason": "weak"} Hope that helps.').score, 2);
  assert.equal(parseVerdict("Score: 3 — flat but in character").score, 3);
  assert.equal(parseVerdict("I'd give it 5 out of 5.").score, 5);
  assert.equal(parseVerdict('{"score": 7}').score, null);
  assert.equal(parseVerdict('{"score": 2.5}').score, null);
  assert.equal(parseVerdict("Hard to say.").score, null);
});

test("judgeMessages: the role rubric and the answer format, then context, reference and reply", () => {
  const [system, user] = judgeMessages(ROLE_RUBRICS.npc, cases[0]!, "Below.");
  assert.ok(system!.content.startsWith(ROLE_RUBRICS.npc) && system!.content.includes('"score"'));
  assert.match(user!.content, /\[system\] You are Aurelio\.\n\[user\] Where is the Well\?/);
  assert.match(user!.content, /## Reference answer.*\nBelow, amigo: H-0409\./);
  assert.match(user!.content, /## Reply to judge\nBelow\.$/);
});

test("runJudge scores through the OpenAI client, asks each distinct reply once, retries a 500, caches verdicts", async () => {
  const cache = join(mkdtempSync(join(tmpdir(), "judge-")), "judge.jsonl");
  process.env.SCRIPTORIUM_TEST_JUDGE_KEY = "sk-test";
  seen.length = 0;
  failNext = 1;
  const pairs = [
    { c: cases[0]!, reply: "Below the Reading Room, amigo." }, // has "below": 5
    { c: cases[0]!, reply: "Ask somebody else." }, // 1
    { c: cases[0]!, reply: "Below the Reading Room, amigo." }, // same reply from another system: asked once
    { c: cases[1]!, reply: "Abajo del todo." }, // 5
    { c: cases[1]!, reply: "in prose then" }, // 4 from "4/5"
    { c: cases[1]!, reply: "mumble" }, // unreadable
  ];
  const r = await runJudge(opts(), "npc", pairs, cache);
  assert.equal(seen.length, 5);
  assert.equal(r.requested, 5);
  assert.equal(r.unreadable, 1);
  for (const s of seen) {
    assert.equal(s.model, "judge-1");
    assert.equal(s.temperature, 0);
    assert.equal(s.auth, "Bearer sk-test");
  }
  const m = judgeMetric<{ id: string; output: string }>(r.scores);
  const items = pairs.map((p) => ({ id: p.c.id, output: p.reply }));
  assert.equal(m.kind, "item");
  const one = m.score as (i: { id: string; output: string }) => number | null;
  assert.deepEqual(items.map((i) => one(i)), [1, 0, 1, 1, 0.75, null]);
  assert.equal(metricValue(m, items), (1 + 0 + 1 + 1 + 0.75) / 5);
  assert.equal(readFileSync(cache, "utf8").trim().split("\n").length, 5);

  // again: every verdict from the cache, no request
  seen.length = 0;
  const again = await runJudge(opts(), "npc", pairs, cache);
  assert.equal(seen.length, 0);
  assert.equal(again.cached, 5);
  assert.deepEqual([...again.scores.entries()], [...r.scores.entries()]);
  // another rubric is another question
  await runJudge(opts({ rubric: "5: short. 1: long." }), "npc", pairs.slice(0, 1), cache);
  assert.equal(seen.length, 1);
  assert.ok(seen[0]!.messages[0]!.content.startsWith("5: short. 1: long."));
});

test("runJudge: a missing endpoint or model is a clear error; a failing endpoint names its URL and status", async () => {
  const cache = join(mkdtempSync(join(tmpdir(), "judge-")), "judge.jsonl");
  await assert.rejects(runJudge(opts({ model: null }), "npc", [], cache), (e: unknown) => e instanceof UserError && /no model/.test(e.message));
  const saved = process.env.OPENAI_BASE_URL;
  delete process.env.OPENAI_BASE_URL;
  await assert.rejects(runJudge(opts({ base_url: null }), "npc", [], cache), (e: unknown) => e instanceof UserError && /no base_url/.test(e.message));
  if (saved !== undefined) process.env.OPENAI_BASE_URL = saved;
  await assert.rejects(
    runJudge(opts({ base_url: url.replace("/v1", "/nope") }), "npc", [{ c: cases[0]!, reply: "x" }], cache),
    (e: unknown) => e instanceof UserError && e.message.includes("/nope") && /HTTP 404/.test(e.message),
  );
});
