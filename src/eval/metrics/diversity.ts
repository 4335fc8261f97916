/**
 * Diversity and repetition of generated text, on lower-cased word tokens (\p{L}\p{N} runs, so
 * Spanish accents and ñ are letters). Pure functions; the NPC and Book suites build metrics on them.
 */

/** Lower-cased word tokens of a text. */
export function words(text: string): string[] {
  return text.toLowerCase().match(/[\p{L}\p{N}]+(?:['’][\p{L}]+)*/gu) ?? [];
}

function ngrams(tokens: readonly string[], n: number): string[] {
  const out: string[] = [];
  for (let i = 0; i + n <= tokens.length; i++) out.push(tokens.slice(i, i + n).join("\u0001"));
  return out;
}

/**
 * distinct-n (Li et al., 2016): distinct n-grams ÷ all n-grams over the whole set of texts.
 * 0 when the texts have no n-gram at all.
 */
export function distinctN(texts: readonly string[], n: number): number {
  const seen = new Set<string>();
  let total = 0;
  for (const t of texts) {
    for (const g of ngrams(words(t), n)) {
      seen.add(g);
      total++;
    }
  }
  return total ? seen.size / total : 0;
}

/**
 * Repetition inside one text: the share of its n-grams that repeat an earlier n-gram of the
 * same text (0 = none repeated, → 1 = a loop). Texts shorter than n words score 0.
 */
export function repetitionRate(text: string, n = 3): number {
  const grams = ngrams(words(text), n);
  if (!grams.length) return 0;
  const seen = new Set<string>();
  let repeated = 0;
  for (const g of grams) {
    if (seen.has(g)) repeated++;
    else seen.add(g);
  }
  return repeated / grams.length;
}
