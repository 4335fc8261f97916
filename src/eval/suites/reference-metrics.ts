import type { Metric } from "../metric.js";
import { corpusBleu } from "../metrics/bleu.js";
import { corpusChrf } from "../metrics/chrf.js";
import { rougeScores } from "../metrics/rouge.js";

/**
 * Overlap with the held-out reference reply (sacrebleu's BLEU and chrF, rouge-score's ROUGE-L,
 * same numbers: test/metrics-parity.test.ts). For dialogue they reward saying it the way the data
 * does, not saying it well: one in-voice answer can share few n-grams with another; read them with
 * the role metrics.
 */
export function referenceMetrics<I extends { reference: string; output: string }>(): Metric<I>[] {
  return [
    {
      kind: "corpus",
      name: "bleu",
      description: "corpus BLEU vs the held-out reply (sacrebleu defaults: 13a tokens, 0–100)",
      direction: "higher",
      score: (items) => corpusBleu(items.map((i) => i.output), [items.map((i) => i.reference)]).score,
    },
    {
      kind: "corpus",
      name: "chrf",
      description: "corpus chrF vs the held-out reply (character 6-grams, β = 2, 0–100)",
      direction: "higher",
      score: (items) => corpusChrf(items.map((i) => i.output), [items.map((i) => i.reference)]),
    },
    {
      kind: "item",
      name: "rouge_l",
      description: "ROUGE-L F-measure vs the held-out reply (rouge-score tokens, Porter stemming, 0–1)",
      direction: "higher",
      score: (i) => rougeScores(i.output, i.reference, { stemmer: true }).rougeL.fmeasure,
    },
  ];
}
