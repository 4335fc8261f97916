/**
 * scriptorium/runtime — the game SDK: one base GGUF, role adapters on it, and the three roles.
 *
 *   const rt = await Runtime.load({ adapters: [{ name: "npc", role: "npc", path: "adapter-f16.gguf" }], threads: 2 });
 *   const world = loadGameWorld("world");
 *   const npc = new NpcAgent(rt, world);
 *   const r = await npc.reply("aurelio", [], "¿Dónde está la escalera?", { onText: (t) => process.stdout.write(t) });
 *   await rt.dispose();
 */
export { Runtime, BASE, ROLES, defaultThreads, type AdapterSpec, type RoleName, type RuntimeOptions } from "./runtime.js";
export { builtinGgufPath } from "./base-gguf.js";
export { chatRendererFor, type ChatRenderer } from "./chat-template.js";
export type { GenerateOptions, GenerateResult } from "./generate.js";
export { loadGameWorld, personaOf, type GameWorld } from "./game-world.js";
export { NpcAgent, type NpcReply, type NpcReplyOptions } from "./npc.js";
export { DirectorAgent, repairDecision, type DirectorAttempt, type DirectorOptions, type DirectorResult } from "./director.js";
export { directorGrammarSchema, decisionJsonSchema, type DirectorConstraint } from "./director-grammar.js";
export { BookAgent, type BookText, type BookWriteRequest } from "./book.js";
export { parseAdapterArg } from "./adapter-arg.js";
export { Scene, SCENE_HELP, type SceneEvent, type SceneOptions } from "./scene.js";
