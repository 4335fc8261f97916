import { test } from "node:test";
import assert from "node:assert/strict";
import { porterStem } from "./porter.js";

// Worked by hand from Porter (1980) and NLTK's extensions; the parity test checks 10k more words against NLTK.
test("Porter steps on the paper's examples", () => {
  const cases: [string, string][] = [
    ["caresses", "caress"], // 1a sses → ss
    ["ponies", "poni"], // 1a ies → i
    ["cats", "cat"], // 1a s →
    ["feed", "feed"], // 1b eed needs m > 0
    ["plastered", "plaster"], // 1b ed
    ["motoring", "motor"], // 1b ing
    ["sing", "sing"], // 1b: no vowel before "ing"
    ["hopping", "hop"], // 1b double consonant → single
    ["falling", "fall"], // … except l, s, z
    ["relational", "relat"], // 2 ational → ate, then 5a drops e (m = 2)
    ["conditional", "condit"], // 2 tional → tion, 4 ion after t
    ["generously", "gener"], // 2 ousli → ous, 4 ous
    ["hopeful", "hope"], // 3 ful
    ["goodness", "good"], // 3 ness
    ["adjustment", "adjust"], // 4 ment
    ["controll", "control"], // 5b ll → l (m > 1)
    ["roll", "roll"], // 5b needs m > 1
  ];
  for (const [w, s] of cases) assert.equal(porterStem(w), s, w);
});

test("NLTK extensions: irregular forms, short words, y → i after a consonant only", () => {
  assert.equal(porterStem("skies"), "sky");
  assert.equal(porterStem("dying"), "die");
  assert.equal(porterStem("ties"), "tie"); // 4-letter "ies" → "ie"
  assert.equal(porterStem("happy"), "happi");
  assert.equal(porterStem("enjoy"), "enjoy");
  assert.equal(porterStem("is"), "is"); // words of 1–2 letters are left alone
  assert.equal(porterStem("Running"), "run"); // lower-cased first
});
