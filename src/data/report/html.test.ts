import assert from "node:assert/strict";
import { mkdtempSync, readdirSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, it } from "node:test";
import { ReportThresholds } from "../../config/recipe.js";
import type { DataRecord } from "../record.js";
import { ReportBuilder, type DataReport } from "./builder.js";
import { escapeHtml, renderReportHtml, REPORT_SECTIONS } from "./html.js";
import { writeReport } from "./write.js";

const EVIL = `<script>alert("x")</script>`;

function record(id: string, tags: Record<string, string>, user: string, assistant: string): DataRecord {
  return {
    kind: "chat",
    id,
    group: id,
    source: { file: "x.jsonl", line: 1 },
    origin: "original",
    tags,
    messages: [
      { role: "user", content: user },
      { role: "assistant", content: assistant },
    ],
  };
}

function hostileReport(): DataReport {
  const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ expected_languages: ["spa", "eng"] }), title: `Report ${EVIL}`, personas: ["ines", EVIL] });
  b.add(record(`id-${EVIL}`, { role: "npc", persona: EVIL, act: EVIL }, `mail ${EVIL} a@b.com`, `${EVIL} The books on the third shelf speak of the northern staircases, he said to the king.`), "train", { total: 50, assistant: 20 });
  b.add(record("ines-1", { role: "npc", persona: "ines" }, "¿Qué hay aquí?", "Los libros del tercer estante hablan de las escaleras del norte, dijo ella."), "validation", { total: 40, assistant: 18 });
  b.add(record("d-1", { role: "director", beat: EVIL, scenario: EVIL }, "state", `{"beat":"quiet_moment"}`), "test", { total: 30, assistant: 10 });
  b.add(record("b-1", { role: "book", style: EVIL, language: "en" }, "write", "Year 525 of the Dim Lamp, first volume of the chronicle of the east staircase."), "train", { total: 80, assistant: 60 });
  b.addDuplicate({ kept: EVIL, merged: `${EVIL}2`, kind: "near", similarity: 0.95 });
  b.addLeak({ heldOut: EVIL, split: "test", train: "ines-1", similarity: 0.93, action: "reported" });
  return b.finish({
    stages: [{ stage: EVIL, in: 5, kept: 4, rejected: 1, merged: 0, added: 0, out: 4, reasons: { [EVIL]: 1 }, changes: {} }],
    extra: { source: EVIL, nested: { a: EVIL } },
  });
}

describe("renderReportHtml", () => {
  it("escapes every string from the data", () => {
    const html = renderReportHtml(hostileReport());
    assert.ok(!/<script/i.test(html), "no <script> survives");
    assert.ok(html.includes("&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;"));
    assert.equal(escapeHtml(`<a href="x">'&'</a>`), "&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;");
  });

  it("has every section, warnings first", () => {
    const report = hostileReport();
    assert.ok(report.warnings.length > 0);
    const html = renderReportHtml(report);
    for (const [id, name] of REPORT_SECTIONS) {
      assert.ok(html.includes(`<section id="${id}"`), `section ${id}`);
      assert.ok(html.includes(`href="#${id}">${name.replace("&", "&amp;")}</a>`), `nav ${id}`);
    }
    assert.ok(html.indexOf('id="warnings"') < html.indexOf('id="splits"'));
    assert.ok(html.includes('class="warnbox"'));
    for (const w of report.warnings) assert.ok(html.includes(escapeHtml(w.message)), w.code);
    assert.ok(html.includes("<svg"), "charts are inline SVG");
  });

  it("is self-contained", () => {
    const html = renderReportHtml(hostileReport());
    assert.ok(!/<link|<script|@import|url\(|@font-face/i.test(html));
    assert.ok(!/(?:src|href)="(?:https?:)?\/\//i.test(html));
    assert.ok(html.startsWith("<!doctype html>"));
  });

  it("says so when there are no warnings", () => {
    const b = new ReportBuilder({ thresholds: ReportThresholds.parse({ min_examples_per_persona: 0 }), title: "empty" });
    const html = renderReportHtml(b.finish({ stages: [] }));
    assert.ok(html.includes('class="okbox"'));
    assert.ok(html.includes("no Director records"));
  });
});

describe("writeReport", () => {
  it("writes report.json and report.html atomically", () => {
    const dir = mkdtempSync(join(tmpdir(), "report-"));
    try {
      const report = hostileReport();
      const out = writeReport(join(dir, "sub"), report);
      assert.deepEqual(JSON.parse(readFileSync(out.json, "utf8")), report);
      assert.equal(readFileSync(out.html, "utf8"), renderReportHtml(report));
      assert.deepEqual(readdirSync(join(dir, "sub")).sort(), ["report.html", "report.json"]);
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
