import { closeSync, fsyncSync, mkdirSync, openSync, renameSync, writeSync } from "node:fs";
import { dirname } from "node:path";

/**
 * A JSONL file written record by record through a buffer, then renamed into place on
 * close: readers see the previous file or the finished one, never a half-written split.
 */
export class JsonlWriter {
  private readonly tmp: string;
  private fd: number;
  private buffer: string[] = [];
  private size = 0;
  count = 0;

  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
    this.tmp = `${path}.tmp-${process.pid}`;
    this.fd = openSync(this.tmp, "w");
  }

  write(value: unknown): void {
    const line = JSON.stringify(value) + "\n";
    this.buffer.push(line);
    this.size += line.length;
    this.count += 1;
    if (this.size > 1 << 20) this.flush();
  }

  private flush(): void {
    if (this.buffer.length) writeSync(this.fd, this.buffer.join(""));
    this.buffer = [];
    this.size = 0;
  }

  async close(): Promise<void> {
    if (this.fd < 0) return;
    this.flush();
    fsyncSync(this.fd);
    closeSync(this.fd);
    this.fd = -1;
    renameSync(this.tmp, this.path);
  }
}
