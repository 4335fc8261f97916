import { spawn } from "node:child_process";
import { existsSync, mkdirSync, writeFileSync } from "node:fs";
import { createInterface } from "node:readline";
import { dirname, join } from "node:path";
import { EngineEvent, EXIT, Job, type DoneEvent } from "../spec/index.js";
import { UserError } from "../errors.js";
import { enginePython, REPO_ROOT } from "../paths.js";

export interface EngineRunOptions {
  /** Where the job file is written (kept beside the run for reproducibility). */
  jobPath: string;
  onEvent?: (event: EngineEvent) => void;
  /** Echo the engine's stderr (library logs) as it arrives. */
  verbose?: boolean;
}

export class EngineCrash extends Error {
  constructor(
    message: string,
    readonly tail: string,
  ) {
    super(message);
    this.name = "EngineCrash";
  }
}

/** Thrown when the user cancelled (Ctrl-C) and the engine wrote a checkpoint before exiting 3. */
export class EngineCancelled extends UserError {
  constructor(message: string, hint: string) {
    super("cancelled", message, { hint });
  }
}

const TAIL_LINES = 25;

/**
 * Runs one engine command: writes the job, spawns `python -m scriptorium_engine`,
 * parses its JSONL events, forwards Ctrl-C once (the engine checkpoints, exits 3).
 * Resolves with the `done` event's result.
 */
export async function runEngine(job: Job, options: EngineRunOptions): Promise<DoneEvent["result"]> {
  const checked = Job.parse(job); // a bad job is our bug: fail here, not in Python
  const python = enginePython();
  if (!existsSync(python)) {
    throw new UserError("engine_missing", `the engine's Python was not found at ${python}`, {
      hint: "run `make setup` (creates .venv with the pinned engine packages) or set SCRIPTORIUM_PYTHON",
    });
  }
  mkdirSync(dirname(options.jobPath), { recursive: true });
  writeFileSync(options.jobPath, JSON.stringify(checked, null, 2) + "\n");

  // Own process group: a terminal Ctrl-C reaches only us, and we forward exactly one SIGINT
  // (a second one would tell the engine to stop without its checkpoint).
  const child = spawn(python, ["-m", "scriptorium_engine", checked.command, "--job", options.jobPath], {
    cwd: REPO_ROOT,
    env: { ...process.env, PYTHONPATH: join(REPO_ROOT, "engine"), PYTHONUNBUFFERED: "1" },
    stdio: ["ignore", "pipe", "pipe"],
    detached: true,
  });
  const tail: string[] = [];
  let done: DoneEvent | undefined;
  let lastError: Extract<EngineEvent, { event: "error" }> | undefined;

  let interrupts = 0;
  const onSigint = () => {
    interrupts += 1;
    if (interrupts === 1) {
      process.stderr.write("\nstopping after this step and writing a checkpoint… (Ctrl-C again to stop at once)\n");
    }
    child.kill("SIGINT");
  };
  const onExit = () => child.kill("SIGKILL");
  process.on("SIGINT", onSigint);
  process.on("SIGTERM", onSigint);
  process.on("exit", onExit);

  createInterface({ input: child.stderr! }).on("line", (line) => {
    tail.push(line);
    if (tail.length > TAIL_LINES) tail.shift();
    if (options.verbose) process.stderr.write(line + "\n");
  });
  const lines = createInterface({ input: child.stdout! });
  lines.on("line", (line) => {
    if (!line.trim()) return;
    let parsed: EngineEvent;
    try {
      parsed = EngineEvent.parse(JSON.parse(line));
    } catch {
      tail.push(`[unparsed stdout] ${line}`);
      return;
    }
    if (parsed.event === "done") done = parsed;
    if (parsed.event === "error") lastError = parsed;
    options.onEvent?.(parsed);
  });

  const [code, signal] = await new Promise<[number | null, NodeJS.Signals | null]>((resolveExit, reject) => {
    child.on("error", reject);
    child.on("close", (c, s) => resolveExit([c, s]));
  });
  process.off("SIGINT", onSigint);
  process.off("SIGTERM", onSigint);
  process.off("exit", onExit);

  if (code === EXIT.ok && done) return done.result;
  if (code === EXIT.cancelled) {
    throw new EngineCancelled(lastError?.message ?? "cancelled", "resume with the same command plus --resume");
  }
  const tailText = (lastError?.traceback ?? tail.join("\n")).trim().split("\n").slice(-TAIL_LINES).join("\n");
  if (code === EXIT.badJob) {
    throw new EngineCrash(`the engine rejected its job (a Scriptorium bug): ${lastError?.message ?? "no message"}`, tailText);
  }
  const how = signal ? `was killed by ${signal}` : `exited with code ${code}`;
  throw new EngineCrash(`the engine ${how}: ${lastError?.message ?? "no error event (see the traceback below)"}`, tailText);
}
