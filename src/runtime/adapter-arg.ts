import { UserError } from "../errors.js";
import { BOOK_STYLES, type BookStyle } from "../roles/canon/schema.js";
import { ROLES, type AdapterSpec, type RoleName } from "./runtime.js";

/**
 * `--adapter name=path[:role]` → an AdapterSpec. The role defaults to the name when the name
 * is a role; `npc:<character>` and `book:<style>` names tie an adapter to one character or style.
 *
 *   npc=runs/x/export/gguf/adapter-f16.gguf              role npc, any character
 *   npc:ines=ines.gguf                                    role npc, only Inés
 *   gm=director.gguf:director                             role director, named gm
 *   npc=a.gguf:npc?scale=0.8&prompt=full                  options
 */
export function parseAdapterArg(arg: string): AdapterSpec {
  const eq = arg.indexOf("=");
  if (eq <= 0) throw bad(arg, "expected name=path[:role]");
  const name = arg.slice(0, eq);
  let rest = arg.slice(eq + 1);
  let query = "";
  const q = rest.lastIndexOf("?");
  if (q >= 0) {
    query = rest.slice(q + 1);
    rest = rest.slice(0, q);
  }
  let path = rest;
  let role: string | undefined;
  const colon = rest.lastIndexOf(":");
  if (colon > 0 && (ROLES as readonly string[]).includes(rest.slice(colon + 1))) {
    path = rest.slice(0, colon);
    role = rest.slice(colon + 1);
  }
  const [head, key] = name.split(":", 2) as [string, string | undefined];
  role ??= (ROLES as readonly string[]).includes(head) ? head : undefined;
  if (!role) throw bad(arg, `the role of '${name}' is not clear: add :director, :npc or :book after the path`);
  if (!path) throw bad(arg, "the path is empty");
  const spec: AdapterSpec = { name, role: role as RoleName, path };
  if (key !== undefined && head === role) {
    if (role === "npc") spec.character = key;
    else if (role === "book") {
      if (!(BOOK_STYLES as readonly string[]).includes(key)) throw bad(arg, `book style '${key}' is not one of ${BOOK_STYLES.join(", ")}`);
      spec.style = key as BookStyle;
    }
  }
  for (const [k, v] of new URLSearchParams(query)) {
    if (k === "scale" && Number.isFinite(Number(v))) spec.scale = Number(v);
    else if (k === "prompt" && (v === "full" || v === "compact")) spec.npcPrompt = v;
    else throw bad(arg, `unknown option ${k}=${v} (scale=<number>, prompt=full|compact)`);
  }
  return spec;
}

function bad(arg: string, why: string): UserError {
  return new UserError("runtime_bad_adapter_arg", `--adapter ${arg}: ${why}`, {
    hint: "--adapter npc=runs/<id>/export/gguf/adapter-f16.gguf, --adapter gm=file.gguf:director, --adapter npc:ines=ines.gguf?prompt=compact",
  });
}
