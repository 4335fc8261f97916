import { appendFileSync, mkdirSync, writeFileSync } from "node:fs";
import { dirname } from "node:path";
import { createInterface } from "node:readline";
import type { Command } from "commander";
import { UserError } from "../errors.js";
import { gameAdapters } from "../export/game-adapters.js";
import { loadGameWorld } from "../runtime/game-world.js";
import { Runtime, type RoleName } from "../runtime/runtime.js";
import { Scene, SCENE_HELP, type SceneEvent } from "../runtime/scene.js";
import { handle } from "./main.js";
import { addRuntimeFlags, runtimeOptions, type RuntimeFlags } from "./runtime-flags.js";

interface PlayFlags extends RuntimeFlags {
  director?: string;
  npc?: string;
  book?: string;
  discover: boolean;
  chapter: string;
  place?: string;
  seed?: string;
  maxTokens: string;
  directorTries: string;
  transcript?: string;
  json?: boolean;
}

export function registerPlay(program: Command): void {
  addRuntimeFlags(
    program
      .command("play")
      .description("play a scene in the library in the terminal: you type, the Director picks beats, NPCs answer in voice, found books are written by the Book model")
      .option("--director <run|model>", "the Director adapter: a run id (or latest, a prefix, a folder) or a registry model (name, name@version)")
      .option("--npc <run|model>", "the NPC adapter (same forms)")
      .option("--book <run|model>", "the Book adapter (same forms)")
      .option("--no-discover", "do not pick the newest exported run of a role that was not named (that role plays on the base model)")
      .option("--chapter <n>", "the chapter to start in", "1")
      .option("--place <place>", "where to start: a place id, hexagon or name (default the Reading Room)")
      .option("--seed <n>", "seed for sampling and the Director's retries")
      .option("--max-tokens <n>", "longest NPC reply in tokens (books get twice this)", "96")
      .option("--director-tries <n>", "the Director's tries before its decision is repaired to the nearest legal one", "3")
      .option("--transcript <file>", "append every event of the session as JSON lines to this file")
      .option("--json", "print events as JSON lines on stdout instead of prose"),
  )
    .addHelpText(
      "after",
      `
In the scene:
  ${SCENE_HELP.join("\n  ")}

Which models play: for each role, the run or registry model you name (--director, --npc, --book),
else the newest finished run of that role with a GGUF export in the runs folder, else the base
model (the builtin SmolLM2-135M-Instruct Q4_1 unless --base names another). --adapter adds
adapters by file, as for \`scriptorium serve\`. Export a run first: \`scriptorium export <run>\`.

Examples:
  scriptorium play                                        # whatever is exported; the base model for the rest
  scriptorium play --npc latest --director director@2 --threads 2   # a run and a registry version
  printf 'Hola, Inés\\n/read hexágono vacío\\n/go pozo\\n/quit\\n' | scriptorium play --transcript session.jsonl`,
    )
    .action((o: PlayFlags) =>
      handle(async () => {
        const int = (flag: string, v: string) => {
          const n = Number(v);
          if (!Number.isInteger(n) || n < 0) throw new UserError("bad_option", `${flag} ${v} is not a whole number`);
          return n;
        };
        const world = loadGameWorld(o.world);
        const named: Partial<Record<RoleName, string>> = { ...(o.director ? { director: o.director } : {}), ...(o.npc ? { npc: o.npc } : {}), ...(o.book ? { book: o.book } : {}) };
        const found = gameAdapters(named, o.discover);
        const rtOpts = runtimeOptions(o);
        const byName = new Map([...found.adapters, ...(rtOpts.adapters ?? [])].map((a) => [a.name, a]));
        const base = rtOpts.base ?? found.base;
        const runtime = await Runtime.load({ ...rtOpts, ...(base ? { base } : {}), adapters: [...byName.values()] });
        const out = (s: string) => process.stdout.write(s);
        if (o.transcript) {
          mkdirSync(dirname(o.transcript), { recursive: true });
          writeFileSync(o.transcript, "", { flag: "a" });
        }
        let streamed = false;
        const emit = (e: SceneEvent) => {
          if (o.transcript) appendFileSync(o.transcript, JSON.stringify({ t: new Date().toISOString(), ...e }) + "\n");
          if (o.json) return out(JSON.stringify(e) + "\n");
          // a streamed text already stands on screen: end its line instead of printing it again
          const shown = streamed && (e.type === "npc" || e.type === "book");
          streamed = false;
          out(shown ? "\n" : prose(e, scene, !process.stdin.isTTY));
        };
        const scene = new Scene(runtime, world, {
          chapter: int("--chapter", o.chapter),
          ...(o.place ? { place: o.place } : {}),
          ...(o.seed ? { seed: int("--seed", o.seed) } : {}),
          maxTokens: int("--max-tokens", o.maxTokens),
          directorTries: Math.max(1, int("--director-tries", o.directorTries)),
          onText: (piece) => {
            if (o.json) return;
            streamed = true;
            out(piece);
          },
        });
        if (!o.json) {
          out(`La Biblioteca Eterna — base ${runtime.basePath}${runtime.defaultBase ? " (builtin)" : ""}, ${runtime.threads} threads\n`);
          for (const n of found.notes) out(`  ${n}\n`);
          out("Type /help for the commands, /quit to leave.\n\n");
        }
        scene.start(emit);
        const rl = createInterface({ input: process.stdin, terminal: process.stdin.isTTY });
        const ask = () => process.stdin.isTTY && out("\n> ");
        ask();
        for await (const line of rl) {
          const go = await scene.step(line, emit);
          if (!go) break;
          ask();
        }
        rl.close();
        await runtime.dispose();
      }),
    );
}

function prose(e: SceneEvent, scene: Scene, echo: boolean): string {
  switch (e.type) {
    case "scene": {
      const who = e.present.map((id) => scene.name(id)).join(", ") || "no one";
      const books = e.books_on_shelf.map((id) => scene.name(id)).join("; ") || "nothing you can read";
      return `— ${e.place_name.charAt(0).toUpperCase()}${e.place_name.slice(1)}, chapter ${e.chapter}. Here: ${who}. On the shelf: ${books}.\n`;
    }
    case "player":
      return echo ? `> ${e.text}\n` : "";
    case "speaking":
      return `${e.who}: `;
    case "npc":
    case "book":
      return `${e.text}\n`;
    case "director": {
      const how = e.legal_first_try ? "legal first try" : e.repaired ? `repaired after ${e.attempts} tries` : `legal on try ${e.attempts}`;
      return `  [director: ${e.decision.beat}${e.decision.targets.length ? ` → ${e.decision.targets.join(", ")}` : ""}, intensity ${e.decision.intensity}, ${how}, ${Math.round(e.ms)} ms]\n`;
    }
    case "narration":
      return `  ${e.text}\n`;
    case "chapter":
      return `\n=== Chapter ${e.chapter} ===\n`;
    case "info":
      return `${e.text}\n`;
  }
}
