import { isUserError } from "../errors.js";
import { EngineCrash } from "../engine/client.js";

/** Runs a command body and turns errors into the user-facing form: user errors without a stack, bugs marked as bugs. */
export async function handle(body: () => Promise<void>, opts: { debug?: boolean } = {}): Promise<void> {
  try {
    await body();
  } catch (e) {
    if (isUserError(e)) {
      process.stderr.write(e.format() + "\n");
      if (opts.debug && e.stack) process.stderr.write(e.stack + "\n");
      process.exitCode = e.code === "cancelled" ? 3 : 1;
    } else if (e instanceof EngineCrash) {
      process.stderr.write(`error[engine_crash]: ${e.message}\n--- last lines from the engine ---\n${e.tail}\n`);
      process.exitCode = 1;
    } else {
      const err = e as Error;
      process.stderr.write(`internal error (this is a bug in Scriptorium, please report it): ${err?.message ?? String(e)}\n`);
      if (err?.stack) process.stderr.write(err.stack + "\n");
      process.exitCode = 1;
    }
  }
}

export function printJson(value: unknown): void {
  process.stdout.write(JSON.stringify(value, null, 2) + "\n");
}

export function table(rows: (string | number)[][]): string {
  const widths = rows[0]!.map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? "").length)));
  return rows.map((r) => r.map((c, i) => String(c).padEnd(widths[i]!)).join("  ").trimEnd()).join("\n");
}
