/**
 * The Spanish proverbs from Debian's `fortunes-es`, as committed in
 * `world/sources/fortunes-es.txt` (written once by scripts/extract-fortunes-es.ts, since
 * a user's build cannot rely on apt): `#` lines are the header, every other non-blank
 * line is one proverb.
 */
export function parseFortunes(text: string): string[] {
  return text
    .split("\n")
    .map((l) => l.trim())
    .filter((l) => l.length > 0 && !l.startsWith("#"));
}
