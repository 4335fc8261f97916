import type { Command } from "commander";
import { UserError } from "../errors.js";
import { loadGameWorld } from "../runtime/game-world.js";
import { Runtime } from "../runtime/runtime.js";
import { GameServer } from "../runtime/server.js";
import { handle } from "./main.js";
import { addRuntimeFlags, runtimeOptions, type RuntimeFlags } from "./runtime-flags.js";

interface ServeFlags extends RuntimeFlags {
  port: string;
  host: string;
  json?: boolean;
}

export function registerServe(program: Command): void {
  addRuntimeFlags(
    program
      .command("serve")
      .description("an OpenAI-compatible chat server (POST /v1/chat/completions, streaming too; GET /v1/models) over the base model and role adapters")
      .option("--port <n>", "port (0 picks a free one)", "7871")
      .option("--host <address>", "address to bind; anything but loopback exposes the models to the network", "127.0.0.1")
      .option("--json", "print one JSON line {url, port, models} when ready"),
  )
    .addHelpText(
      "after",
      `
The request's \`model\` picks what answers:
  base                 the base model, messages as sent
  <adapter name>       that adapter, messages as sent (you write the system prompt)
  director             send a GameState JSON as the user message; get the rules-checked decision JSON
                       (grammar-constrained, retried, repaired: always legal); details in "scriptorium"
  npc:<character>      send the conversation; the persona card's prompt is added here (npc:aurelio)
  book:<style>         send a title; get the book's text (book:chronicle, book:poem, …)

Examples:
  scriptorium serve                                          # builtin base model only
  scriptorium serve --adapter npc=runs/<id>/export/gguf/adapter-f16.gguf \\
                    --adapter director=runs/<id2>/export/gguf/adapter-f16.gguf --threads 2
  curl -s localhost:7871/v1/chat/completions -H 'content-type: application/json' \\
    -d '{"model":"npc:aurelio","messages":[{"role":"user","content":"Where is the Well?"}]}'

  // from TypeScript, with the official client:
  const ai = new OpenAI({ baseURL: "http://127.0.0.1:7871/v1", apiKey: "unused" });
  const r = await ai.chat.completions.create({ model: "npc:ines", messages: [{ role: "user", content: "Hola" }] });`,
    )
    .action((o: ServeFlags, cmd: Command) =>
      handle(async () => {
        const port = Number(o.port);
        if (!Number.isInteger(port) || port < 0 || port > 65535) throw new UserError("bad_port", `--port ${o.port} is not a port number`, { hint: "0 to 65535; 0 picks a free port" });
        if (o.host !== "127.0.0.1" && o.host !== "localhost" && o.host !== "::1") {
          if (cmd.getOptionValueSource("host") !== "cli") throw new UserError("serve_host", `refusing to bind to ${o.host}`, { hint: "pass --host explicitly to bind beyond 127.0.0.1" });
          process.stderr.write(`warning: binding to ${o.host}: anyone who can reach this machine can use the models (no authentication)\n`);
        }
        const world = loadGameWorld(o.world);
        const runtime = await Runtime.load(runtimeOptions(o));
        const server = new GameServer(runtime, world);
        const { url, port: bound } = await server.listen({ port, host: o.host });
        const models = server.models();
        if (o.json) process.stdout.write(JSON.stringify({ url, port: bound, models, base: runtime.basePath, threads: runtime.threads }) + "\n");
        else {
          process.stdout.write(`serving on ${url} (base ${runtime.basePath}${runtime.defaultBase ? ", the builtin default" : ""}; ${runtime.adapters.length} adapter(s); ${runtime.threads} threads)\n`);
          process.stdout.write(`models: ${models.join(", ")}\nCtrl-C stops.\n`);
        }
        await new Promise<void>((resolve) => {
          const stop = () => resolve();
          process.once("SIGINT", stop);
          process.once("SIGTERM", stop);
        });
        await server.close();
        await runtime.dispose();
      }),
    );
}
