// A node:test reporter that prints, after the run, the wall time each test file took (the files run
// one after another, so a file's time runs from the previous file's last event to its own last),
// slowest first — so the `make test` budget stays visible. Used by run-node-tests.mjs beside `spec`.
import { relative } from "node:path";

export default async function* fileTimes(source) {
  const last = new Map();
  const order = [];
  const start = Date.now();
  for await (const event of source) {
    const file = event.data?.file;
    if (!file) continue;
    if (!last.has(file)) order.push(file);
    last.set(file, Date.now());
  }
  let prev = start;
  const rows = [];
  for (const file of [...order].sort((a, b) => last.get(a) - last.get(b))) {
    rows.push([relative(process.cwd(), file), (last.get(file) - prev) / 1000]);
    prev = last.get(file);
  }
  rows.sort((a, b) => b[1] - a[1]);
  const total = (prev - start) / 1000;
  yield `\nper-file wall time (s), slowest first — ${rows.length} files, ${total.toFixed(1)} s:\n`;
  for (const [f, s] of rows) yield `${s.toFixed(1).padStart(8)}  ${f}\n`;
}
