/**
 * Typed user errors: a code, a message naming file/line/field where known, and a hint.
 * Anything that is not a UserError is a bug and is reported as one by the CLI.
 */
export interface ErrorLocation {
  file?: string;
  line?: number;
  field?: string;
}

export class UserError extends Error {
  readonly code: string;
  readonly hint: string | undefined;
  readonly location: ErrorLocation;

  constructor(code: string, message: string, options: { hint?: string; location?: ErrorLocation; cause?: unknown } = {}) {
    super(message, options.cause === undefined ? undefined : { cause: options.cause });
    this.name = "UserError";
    this.code = code;
    this.hint = options.hint;
    this.location = options.location ?? {};
  }

  /** "file:line field: message\n  hint: …" — the form every user error is printed in. */
  format(): string {
    const { file, line, field } = this.location;
    const where = [file ? (line ? `${file}:${line}` : file) : undefined, field ? `field '${field}'` : undefined]
      .filter(Boolean)
      .join(" ");
    const head = `error[${this.code}]${where ? ` ${where}` : ""}: ${this.message}`;
    return this.hint ? `${head}\n  hint: ${this.hint}` : head;
  }
}

export function isUserError(e: unknown): e is UserError {
  return e instanceof UserError;
}
