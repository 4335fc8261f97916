import type { Command } from "commander";
import { UserError } from "../errors.js";
import { EXPORT_FORMATS, exportRun, type ExportFormat } from "../export/export.js";
import { GGUF_OUTTYPES, LORA_OUTTYPES, type GgufOuttype, type LoraOuttype } from "../export/llama-cpp.js";
import { handle, printJson, table } from "./main.js";

interface ExportCliOptions {
  format: string;
  outtype: string;
  loraOuttype: string;
  merged?: boolean;
  json?: boolean;
}

function pick<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!(allowed as readonly string[]).includes(value)) throw new UserError("bad_option", `${flag} ${value} is not one of ${allowed.join(", ")}`);
  return value as T;
}

const mib = (b: number) => `${(b / 2 ** 20).toFixed(1)} MiB`;

export function registerExport(program: Command): void {
  program
    .command("export <run>")
    .description("turn a trained run (or a registry model) into files a game loads: merged safetensors (hf) or GGUF base + GGUF LoRA (gguf)")
    .option("--format <list>", `comma-separated: ${EXPORT_FORMATS.join(", ")}`, "gguf")
    .option("--outtype <type>", `GGUF type of the base (LoRA runs) or merged model: ${GGUF_OUTTYPES.join(", ")} (q8_0 is quantized)`, "f16")
    .option("--lora-outtype <type>", `GGUF type of the LoRA adapter: ${LORA_OUTTYPES.join(", ")}`, "f16")
    .option("--merged", "LoRA runs: also write one merged GGUF (base with the adapter folded in) beside base + adapter")
    .option("--json", "print the export manifest as JSON")
    .addHelpText(
      "after",
      `
<run> is a run id (or unique prefix, or \`latest\`, or a run folder) or a registry model:
\`npc-librarian\` (its production version) or \`npc-librarian@3\`.

What lands in runs/<id>/export/:
  hf/                      base + artifact merged, safetensors + tokenizer (--format hf)
  gguf/base-<type>.gguf    LoRA runs: the base model, converted by llama.cpp's convert_hf_to_gguf.py
  gguf/adapter-<type>.gguf LoRA runs: the adapter, by llama.cpp's convert_lora_to_gguf.py —
                           the runtime loads one base and switches role adapters on it
  gguf/base-q4_1.gguf      the builtin base model's packaged quantized GGUF (the weights it trained on)
  gguf/merged-<type>.gguf  full fine-tunes and QLoRA (or --merged): one model
  manifest.json            every file's sha256 and size, the parent run, the llama.cpp release

Examples:
  scriptorium export latest                          # GGUF base (f16) + GGUF LoRA (f16)
  scriptorium export latest --outtype q8_0           # quantized base for small machines
  scriptorium export npc-librarian --format hf,gguf  # the production version, both formats
  scriptorium export latest --json | jq '.files[] | {path, sha256}'

Bottleneck adapters and prefix/prompt tuning cannot be exported: llama.cpp cannot load them and
no merge expresses them (the error says why). Other quantizations (Q4_K_M…) need llama.cpp's
llama-quantize tool on the f16 GGUF.`,
    )
    .action((ref: string, o: ExportCliOptions) =>
      handle(async () => {
        const formats = [...new Set(o.format.split(",").map((f) => f.trim()).filter(Boolean))].map((f) => pick("--format", f, EXPORT_FORMATS)) as ExportFormat[];
        if (formats.length === 0) throw new UserError("bad_option", "--format needs at least one of hf, gguf");
        const t0 = Date.now();
        let lastProgress = 0;
        const { dir, manifest } = await exportRun(ref, {
          formats,
          outtype: pick("--outtype", o.outtype, GGUF_OUTTYPES) as GgufOuttype,
          loraOuttype: pick("--lora-outtype", o.loraOuttype, LORA_OUTTYPES) as LoraOuttype,
          merged: Boolean(o.merged),
          onLine: (line) => {
            // our steps, and the converters' progress bars one every 2 s (their logs come back if they fail)
            if (/^\s+Writing:/.test(line)) {
              if (Date.now() - lastProgress < 2000) return;
              lastProgress = Date.now();
            } else if (/^\s/.test(line)) return;
            if (!o.json || !line.startsWith(" ")) process.stderr.write(`${line}\n`);
          },
        });
        if (o.json) return printJson({ dir, ...manifest });
        process.stdout.write(`exported run ${manifest.parent_run.id} (${manifest.parent_run.role}, ${manifest.parent_run.method}) to ${dir} in ${((Date.now() - t0) / 1000).toFixed(1)} s\n`);
        const shown = manifest.files.filter((f) => f.kind !== "merged-hf");
        const hf = manifest.files.filter((f) => f.kind === "merged-hf");
        const rows: (string | number)[][] = [["file", "kind", "type", "size", "sha256"]];
        for (const f of shown) rows.push([f.path, f.kind, f.outtype ?? "", mib(f.bytes), f.sha256.slice(0, 12)]);
        if (hf.length) rows.push(["hf/", `merged-hf (${hf.length} files)`, "", mib(hf.reduce((a, f) => a + f.bytes, 0)), ""]);
        process.stdout.write(table(rows) + "\n");
      }),
    );
}
