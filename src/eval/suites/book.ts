import type { BookStyle } from "../../roles/canon/schema.js";
import type { BookLanguage, BookRecord } from "../../roles/book/record.js";
import { bookMetrics, type BookEvalItem } from "../../roles/book/scorers.js";
import { referenceMetrics } from "./reference-metrics.js";
import { buildCases, type Suite, type SuiteInput } from "./suite.js";

/** Books written for held-out titles, scored against the training shelf of their style. */
export function bookSuite(input: SuiteInput): Suite<BookEvalItem> {
  const { cases, references, raws, notes, groupOfId } = buildCases(input, (r) => String(r.style));
  const shelf = input.train.flatMap((t) => {
    const r = input.raw.get(t.id);
    return r ? [r as unknown as BookRecord] : [];
  });
  return {
    role: "book",
    maxNewTokens: 256,
    cases,
    notes,
    groupOf: groupOfId,
    metrics: [...bookMetrics(shelf), ...referenceMetrics<BookEvalItem>()],
    item(i, output) {
      const raw = raws[i]!;
      return {
        id: cases[i]!.id,
        style: raw.style as BookStyle,
        language: raw.language as BookLanguage,
        title: String(raw.title),
        reference: references[i]!,
        output,
      };
    },
  };
}
