/** Turns an onText-callback generation into an async iterator of pieces plus the final result. */
export function streamText<R>(run: (onText: (delta: string) => void) => Promise<R>): { pieces: AsyncIterable<string>; done: Promise<R> } {
  const queue: string[] = [];
  let wake: (() => void) | null = null;
  let finished = false;
  const done = run((d) => {
    queue.push(d);
    wake?.();
  }).finally(() => {
    finished = true;
    wake?.();
  });
  async function* pieces(): AsyncGenerator<string> {
    for (;;) {
      if (queue.length > 0) {
        yield queue.shift()!;
        continue;
      }
      if (finished) break;
      await new Promise<void>((r) => (wake = r));
      wake = null;
    }
    await done; // rethrows a generation error to the reader
  }
  return { pieces: pieces(), done };
}
