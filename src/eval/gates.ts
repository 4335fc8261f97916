import type { Gate } from "../config/recipe.js";
import type { EvalReport, MetricReport } from "./run-eval.js";

/**
 * Release gates over an evaluation report. A gate names a metric (or "*": every metric of the
 * suite) and a condition on the tuned model: a bound (`min`/`max`), the most it may get worse than
 * a reference (`max_drop`, in the metric's units), or a baseline it must significantly beat
 * (`must_beat`). A gate that has nothing to compare with (no reference report yet: the first
 * version) is skipped and says so; one naming a metric the suite does not have fails.
 */
export interface GateResult {
  gate: Gate;
  metric: string;
  status: "passed" | "failed" | "skipped";
  detail: string;
}

const f = (x: number | undefined) => (x === undefined || !Number.isFinite(x) ? "n/a" : Number(x.toPrecision(4)).toString());

/** How much worse `value` is than `ref` in the metric's direction (negative: better). */
export function worseBy(m: Pick<MetricReport, "direction">, value: number, ref: number): number {
  return m.direction === "higher" ? ref - value : value - ref;
}

export function evaluateGates(gates: readonly Gate[], report: EvalReport, reference: EvalReport | null): GateResult[] {
  const out: GateResult[] = [];
  for (const gate of gates) {
    const targets = gate.metric === "*" ? report.metrics : report.metrics.filter((m) => m.name === gate.metric);
    if (targets.length === 0) {
      out.push({ gate, metric: gate.metric, status: "failed", detail: `the ${report.role} suite has no metric "${gate.metric}" (it has: ${report.metrics.map((m) => m.name).join(", ")})` });
      continue;
    }
    for (const m of targets) out.push(...checkOne(gate, m, report, reference));
  }
  return out;
}

function checkOne(gate: Gate, m: MetricReport, report: EvalReport, reference: EvalReport | null): GateResult[] {
  const results: GateResult[] = [];
  const value = m.values.tuned?.value;
  const res = (status: GateResult["status"], detail: string) => results.push({ gate, metric: m.name, status, detail });
  if (value === undefined || !Number.isFinite(value)) {
    // Named on purpose: a gate that cannot be checked fails. Under "*": the metric did not apply here.
    res(gate.metric === "*" ? "skipped" : "failed", `${m.name}: the tuned model has no value (no held-out item it applies to)`);
    return results;
  }
  if (gate.min !== undefined) res(value >= gate.min ? "passed" : "failed", `${m.name} = ${f(value)} ${value >= gate.min ? "≥" : "<"} min ${gate.min}`);
  if (gate.max !== undefined) res(value <= gate.max ? "passed" : "failed", `${m.name} = ${f(value)} ${value <= gate.max ? "≤" : ">"} max ${gate.max}`);
  if (gate.max_drop !== undefined) {
    let ref: number | undefined;
    let against: string = gate.against;
    if (gate.against === "reference") {
      if (!reference) {
        res("skipped", `${m.name}: no reference report to compare with (first version, or pass --against <run|report.json>)`);
      } else {
        ref = reference.metrics.find((r) => r.name === m.name)?.values.tuned?.value;
        against = `reference ${reference.run}`;
        if (ref === undefined) res("skipped", `${m.name}: the reference report (${reference.run}) has no such metric`);
      }
    } else {
      ref = m.values[gate.against]?.value;
      if (ref === undefined) res("skipped", `${m.name}: this evaluation has no ${gate.against} baseline`);
    }
    if (ref !== undefined && Number.isFinite(ref)) {
      const drop = worseBy(m, value, ref);
      res(drop <= gate.max_drop + 1e-12 ? "passed" : "failed", `${m.name} = ${f(value)} vs ${f(ref)} (${against}): ${drop > 0 ? `worse by ${f(drop)}` : "not worse"}, allowed ${gate.max_drop}`);
    }
  }
  if (gate.must_beat) {
    const cmp = gate.must_beat === "base" ? m.tuned_vs_base : m.tuned_vs_few_shot;
    if (!cmp) res("failed", `${m.name}: no ${gate.must_beat} baseline in this evaluation to beat`);
    else
      res(
        cmp.verdict === "better" ? "passed" : "failed",
        `${m.name}: tuned − ${gate.must_beat} = ${f(cmp.diff.value)} (interval ${f(cmp.diff.lo)} … ${f(cmp.diff.hi)}): ${cmp.verdict}`,
      );
  }
  return results;
}

export const gatesFailed = (results: readonly GateResult[]): GateResult[] => results.filter((r) => r.status === "failed");
