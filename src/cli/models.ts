import type { Command } from "commander";
import { BUILTIN_MODELS, builtinCacheDir, findBuiltin, listCachedModels, prepareBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
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
        if (o.json) return printJson({ builtins, cache: cached });
        const rows: (string | number)[][] = [["builtin", "licence", "cached", "description"]];
        for (const b of builtins) rows.push([b.name, b.licence, b.cached ? "yes" : "no (scriptorium models prepare)", b.description]);
        process.stdout.write(table(rows) + "\n\ncache:\n");
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
