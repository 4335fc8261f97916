import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { z } from "zod";
import { UserError } from "../errors.js";
import { BOOK_STYLES, BookStyle } from "../roles/canon/schema.js";
import { decisionJson } from "../roles/director/decision.js";
import { GameState } from "../roles/director/game-state.js";
import type { NpcTurn } from "../roles/npc/prompt.js";
import { BookAgent } from "./book.js";
import { DirectorAgent } from "./director.js";
import type { GameWorld } from "./game-world.js";
import type { GenerateResult } from "./generate.js";
import { NpcAgent } from "./npc.js";
import { BASE, type Runtime } from "./runtime.js";

/**
 * An OpenAI-compatible chat server over the runtime (POST /v1/chat/completions, streaming
 * too; GET /v1/models), so any OpenAI client or tool can talk to the game's models.
 * `model` picks what answers:
 *
 *   base | <adapter name>   the messages as sent, through that adapter's chat template
 *   director                the last user message is a GameState (JSON); the reply is the
 *                           rules-checked decision as JSON (retried/repaired as needed)
 *   npc:<character>         the messages are the conversation; the persona card's prompt is built here
 *   book:<style>            the last user message is the title; the Book role's prompt is built here
 */
const Message = z.object({ role: z.enum(["system", "user", "assistant", "developer"]), content: z.union([z.string(), z.array(z.object({ type: z.string(), text: z.string().optional() }))]) });
const Request = z.object({
  model: z.string().min(1),
  messages: z.array(Message).min(1),
  stream: z.boolean().optional(),
  max_tokens: z.number().int().positive().nullish(),
  max_completion_tokens: z.number().int().positive().nullish(),
  temperature: z.number().min(0).max(2).nullish(),
  top_p: z.number().min(0).max(1).nullish(),
  seed: z.number().int().nullish(),
});
type Request = z.infer<typeof Request>;

export interface ServeOptions {
  port?: number;
  host?: string;
}

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
    readonly type: string,
    readonly code: string,
  ) {
    super(message);
  }
}

const text = (m: z.infer<typeof Message>): string => (typeof m.content === "string" ? m.content : m.content.map((p) => p.text ?? "").join(""));

export class GameServer {
  private readonly npc: NpcAgent;
  private readonly director: DirectorAgent;
  private readonly book: BookAgent;
  private server: Server | null = null;
  private readonly created = Math.floor(Date.now() / 1000);

  constructor(
    readonly runtime: Runtime,
    readonly world: GameWorld,
  ) {
    this.npc = new NpcAgent(runtime, world);
    this.director = new DirectorAgent(runtime, world.director);
    this.book = new BookAgent(runtime);
  }

  /** Every `model` id this server answers to. */
  models(): string[] {
    return [
      BASE,
      ...this.runtime.adapters.map((a) => a.name),
      "director",
      ...[...this.world.personas.keys()].map((c) => `npc:${c}`),
      ...BOOK_STYLES.map((s) => `book:${s}`),
    ].filter((m, i, all) => all.indexOf(m) === i);
  }

  async listen(opts: ServeOptions = {}): Promise<{ url: string; port: number }> {
    const server = createServer((req, res) => void this.handle(req, res));
    this.server = server;
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(opts.port ?? 7871, opts.host ?? "127.0.0.1", () => resolve());
    });
    const { port, address } = server.address() as AddressInfo;
    return { url: `http://${address}:${port}/v1`, port };
  }

  async close(): Promise<void> {
    const s = this.server;
    this.server = null;
    if (s) await new Promise<void>((r) => s.close(() => r()));
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    try {
      const path = (req.url ?? "/").split("?")[0];
      if (req.method === "GET" && path === "/v1/models") {
        return json(res, 200, { object: "list", data: this.models().map((id) => ({ id, object: "model", created: this.created, owned_by: "scriptorium" })) });
      }
      if (path === "/v1/chat/completions") {
        if (req.method !== "POST") throw new HttpError(405, "use POST for /v1/chat/completions", "invalid_request_error", "method_not_allowed");
        return await this.chat(await body(req), res);
      }
      throw new HttpError(404, `no route ${req.method} ${path}: this server has GET /v1/models and POST /v1/chat/completions`, "invalid_request_error", "not_found");
    } catch (e) {
      const err =
        e instanceof HttpError
          ? e
          : e instanceof UserError
            ? new HttpError(400, e.hint ? `${e.message} (${e.hint})` : e.message, "invalid_request_error", e.code)
            : new HttpError(500, `internal error (a bug): ${(e as Error).message}`, "server_error", "internal_error");
      if (res.headersSent) {
        res.write(`data: ${JSON.stringify({ error: { message: err.message, type: err.type, code: err.code } })}\n\n`);
        res.end();
      } else json(res, err.status, { error: { message: err.message, type: err.type, param: null, code: err.code } });
    }
  }

  private async chat(raw: unknown, res: ServerResponse): Promise<void> {
    const parsed = Request.safeParse(raw);
    if (!parsed.success) {
      const i = parsed.error.issues[0]!;
      throw new HttpError(400, `${i.path.join(".") || "body"}: ${i.message}`, "invalid_request_error", "invalid_request");
    }
    const r = parsed.data;
    const id = `chatcmpl-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 8)}`;
    const gen = {
      ...(r.max_tokens || r.max_completion_tokens ? { maxTokens: (r.max_completion_tokens ?? r.max_tokens)! } : {}),
      ...(r.temperature != null ? { temperature: r.temperature } : {}),
      ...(r.top_p != null ? { topP: r.top_p } : {}),
      ...(r.seed != null ? { seed: r.seed } : {}),
    };
    const stream = r.stream === true ? sse(res, id, r.model, this.created) : null;
    const onText = stream ? (d: string) => stream.delta(d) : undefined;
    let result: { text: string; finish: "stop" | "length"; usage: { prompt: number; completion: number }; extra?: Record<string, unknown> };
    const fromGen = (g: GenerateResult) => ({ text: g.text, finish: g.finishReason === "length" ? ("length" as const) : ("stop" as const), usage: { prompt: g.promptTokens, completion: g.tokens.length } });
    const [head, key] = r.model.split(":", 2) as [string, string | undefined];
    const lastUser = [...r.messages].reverse().find((m) => m.role === "user");
    if (r.model === "director") {
      const state = GameState.safeParse(safeJson(lastUser ? text(lastUser) : ""));
      if (!state.success) throw new HttpError(400, `model director: the last user message must be a GameState as JSON (${state.error.issues[0]!.path.join(".")}: ${state.error.issues[0]!.message})`, "invalid_request_error", "invalid_game_state");
      const d = await this.director.decide(state.data, { ...(gen.temperature !== undefined ? { temperature: gen.temperature } : {}), ...(gen.seed !== undefined ? { seed: gen.seed } : {}) });
      const content = decisionJson(d.decision);
      onText?.(content);
      result = { text: content, finish: "stop", usage: { prompt: 0, completion: d.attempts.reduce((s, a) => s + a.tokens, 0) }, extra: { attempts: d.attempts.length, legal_first_try: d.legal_first_try, repaired: d.repaired, raw: d.raw, adapter: d.adapter } };
    } else if (head === "npc" && key !== undefined) {
      if (!this.world.personas.has(key)) throw new HttpError(404, `model ${r.model}: no character '${key}' (characters: ${[...this.world.personas.keys()].join(", ")})`, "invalid_request_error", "model_not_found");
      const turns = r.messages.filter((m) => m.role === "user" || m.role === "assistant").map((m) => ({ role: m.role, content: text(m) }) as NpcTurn);
      const last = turns.pop();
      if (!last || last.role !== "user") throw new HttpError(400, `model ${r.model}: the last message must be the player's (role user)`, "invalid_request_error", "invalid_request");
      const g = await this.npc.reply(key, turns, last.content, { ...gen, ...(onText ? { onText } : {}) });
      result = { ...fromGen(g), extra: { adapter: g.adapter, prompt_style: g.style } };
    } else if (head === "book" && key !== undefined) {
      const style = BookStyle.safeParse(key);
      if (!style.success) throw new HttpError(404, `model ${r.model}: no book style '${key}' (styles: ${BOOK_STYLES.join(", ")})`, "invalid_request_error", "model_not_found");
      if (!lastUser) throw new HttpError(400, `model ${r.model}: send the book's title as a user message`, "invalid_request_error", "invalid_request");
      const g = await this.book.write({ title: text(lastUser).trim(), style: style.data }, { ...gen, ...(onText ? { onText } : {}) });
      result = { ...fromGen(g), extra: { adapter: g.adapter } };
    } else if (r.model === BASE || this.runtime.adapter(r.model)) {
      const messages = r.messages.map((m) => ({ role: m.role === "developer" ? ("system" as const) : m.role, content: text(m) }));
      result = fromGen(await this.runtime.chat(r.model, messages, { ...gen, ...(onText ? { onText } : {}) }));
    } else {
      throw new HttpError(404, `The model '${r.model}' does not exist here; models: ${this.models().join(", ")}`, "invalid_request_error", "model_not_found");
    }
    const usage = { prompt_tokens: result.usage.prompt, completion_tokens: result.usage.completion, total_tokens: result.usage.prompt + result.usage.completion };
    if (stream) return stream.end(result.finish, usage);
    json(res, 200, {
      id,
      object: "chat.completion",
      created: Math.floor(Date.now() / 1000),
      model: r.model,
      choices: [{ index: 0, message: { role: "assistant", content: result.text, refusal: null }, logprobs: null, finish_reason: result.finish }],
      usage,
      ...(result.extra ? { scriptorium: result.extra } : {}),
    });
  }
}

function safeJson(s: string): unknown {
  try {
    return JSON.parse(s);
  } catch {
    return undefined;
  }
}

function json(res: ServerResponse, status: number, value: unknown): void {
  const b = JSON.stringify(value);
  res.writeHead(status, { "content-type": "application/json", "content-length": Buffer.byteLength(b) });
  res.end(b);
}

/** Server-sent events in OpenAI's chunk format: a role chunk, content deltas, a finish chunk, then [DONE]. */
function sse(res: ServerResponse, id: string, model: string, _created: number) {
  let opened = false;
  const send = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) => {
    if (!opened) {
      res.writeHead(200, { "content-type": "text/event-stream", "cache-control": "no-cache", connection: "keep-alive" });
      opened = true;
      res.write(`data: ${JSON.stringify(chunk({ role: "assistant", content: "" }, null))}\n\n`);
    }
    res.write(`data: ${JSON.stringify(chunk(delta, finish, usage))}\n\n`);
  };
  const chunk = (delta: Record<string, unknown>, finish: string | null, usage?: unknown) => ({
    id,
    object: "chat.completion.chunk",
    created: Math.floor(Date.now() / 1000),
    model,
    choices: [{ index: 0, delta, logprobs: null, finish_reason: finish }],
    ...(usage ? { usage } : {}),
  });
  return {
    delta: (content: string) => send({ content }, null),
    end: (finish: string, usage: unknown) => {
      send({}, finish, usage);
      res.write("data: [DONE]\n\n");
      res.end();
    },
  };
}

async function body(req: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const c of req) {
    size += (c as Buffer).length;
    if (size > 4 * 1024 * 1024) throw new HttpError(413, "request body over 4 MiB", "invalid_request_error", "body_too_large");
    chunks.push(c as Buffer);
  }
  try {
    return JSON.parse(Buffer.concat(chunks).toString("utf8"));
  } catch (e) {
    throw new HttpError(400, `the body is not JSON: ${(e as Error).message}`, "invalid_request_error", "invalid_json");
  }
}
