import { mkdirSync } from "node:fs";
import { join } from "node:path";
import { writeFileAtomic, writeJsonAtomic } from "../../fs-atomic.js";
import type { DataReport } from "./builder.js";
import { renderReportHtml } from "./html.js";

/** Writes `report.json` and `report.html` into `dir` (created if needed), each atomically. */
export function writeReport(dir: string, report: DataReport): { json: string; html: string } {
  mkdirSync(dir, { recursive: true });
  const json = join(dir, "report.json");
  const html = join(dir, "report.html");
  writeJsonAtomic(json, report);
  writeFileAtomic(html, renderReportHtml(report));
  return { json, html };
}
