import cliProgress from "cli-progress";
import type { EngineEvent } from "../spec/index.js";

export type ReporterMode = "tty" | "lines" | "json";

export interface Reporter {
  onEvent(event: EngineEvent): void;
  note(message: string): void;
  stop(): void;
}

export function reporterMode(json: boolean): ReporterMode {
  if (json) return "json";
  return process.stderr.isTTY ? "tty" : "lines";
}

const fmt = (x: number, digits = 4) => (Number.isFinite(x) ? x.toFixed(digits) : "n/a");

/**
 * Shows engine events to a person (a progress bar with step, loss, lr, tokens/s and ETA
 * on a terminal; a line every few steps otherwise) or to a script (--json: each event
 * as one JSON line on stdout). People's output goes to stderr so stdout stays clean.
 */
export function createReporter(mode: ReporterMode, label = "train"): Reporter {
  if (mode === "json") {
    return {
      onEvent: (e) => process.stdout.write(JSON.stringify(e) + "\n"),
      note: () => {},
      stop: () => {},
    };
  }
  let bar: cliProgress.SingleBar | undefined;
  let lastLine = 0;
  const say = (msg: string) => {
    if (bar) bar.stop();
    process.stderr.write(msg + "\n");
    bar = undefined;
  };
  return {
    note: say,
    stop: () => bar?.stop(),
    onEvent(e) {
      switch (e.event) {
        case "hello":
          say(`engine: torch ${e.torch}, transformers ${e.transformers}, peft ${e.peft} on ${e.device} (${e.threads} threads, bf16 ${e.bf16_supported ? "yes" : "no"})`);
          break;
        case "model":
          say(`model: ${e.name} — ${(e.params_trainable / 1e6).toFixed(2)}M trainable of ${(e.params_total / 1e6).toFixed(1)}M, precision ${e.precision}${e.compiled_layers ? `, ${e.compiled_layers} layers compiled (the first step compiles them)` : ""}`);
          break;
        case "step": {
          const payload = { loss: fmt(e.loss), lr: e.lr.toExponential(2), tps: Math.round(e.tokens_per_s) };
          if (mode === "tty") {
            if (!bar) {
              bar = new cliProgress.SingleBar(
                {
                  format: `${label} [{bar}] step {value}/{total} | loss {loss} | lr {lr} | {tps} tok/s | ETA {eta_formatted}`,
                  stream: process.stderr,
                  etaBuffer: 20,
                  hideCursor: true,
                },
                cliProgress.Presets.shades_classic,
              );
              bar.start(e.total_steps, e.step, payload);
            } else bar.update(e.step, payload);
          } else {
            const every = Math.max(1, Math.floor(e.total_steps / 20));
            if (e.step - lastLine >= every || e.step === e.total_steps) {
              lastLine = e.step;
              const eta = e.step > 0 ? (e.elapsed_s / e.step) * (e.total_steps - e.step) : 0;
              say(`${label} step ${e.step}/${e.total_steps} loss ${payload.loss} lr ${payload.lr} ${payload.tps} tok/s ETA ${Math.round(eta)}s`);
            }
          }
          break;
        }
        case "eval":
          say(`eval @ step ${e.step}: loss ${fmt(e.loss)}, perplexity ${fmt(e.perplexity, 2)} over ${e.tokens} tokens`);
          break;
        case "samples": {
          const scores = (e as { scores?: Record<string, number> }).scores ?? {};
          const shown = Object.entries(scores)
            .filter(([k]) => !/bleu|chrf|rouge/.test(k))
            .slice(0, 4)
            .map(([k, v]) => `${k.replace(/^samples\//, "")} ${fmt(v, 2)}`);
          say(`samples @ step ${e.step}: ${e.outputs.length} replies in ${fmt(e.seconds, 1)}s${shown.length ? ` — ${shown.join(", ")}` : ""}`);
          break;
        }
        case "checkpoint":
          say(`checkpoint (${e.reason}) at step ${e.step}: ${e.path}`);
          break;
        case "warning":
          say(`warning: ${e.message}`);
          break;
        case "progress":
          if (mode === "lines" || e.done === e.total || e.done === 0) say(`${e.stage} ${e.done}/${e.total}`);
          break;
        default:
          break;
      }
    },
  };
}
