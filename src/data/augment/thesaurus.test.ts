import { test } from "node:test";
import assert from "node:assert/strict";
import { copyFileSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { UserError } from "../../errors.js";
import { detectLanguage, normalizeLang, resolveLanguage } from "./language.js";
import { englishPlural, matchCase, MYTHES_ES_DEFAULT, mythesEsPath, MyThesThesaurus, spanishPlural, Thesauri, WordNetThesaurus } from "./thesaurus.js";

const en = new WordNetThesaurus();
const es = new MyThesThesaurus();

test("English synonyms come from WordNet: single words, not the word itself, in its case", () => {
  assert.ok(en.synonyms("happy").includes("glad"));
  assert.deepEqual(en.synonyms("Happy"), en.synonyms("happy").map((w) => w[0]!.toUpperCase() + w.slice(1)));
  assert.ok(en.synonyms("HAPPY").includes("GLAD"));
  const quick = en.synonyms("quick");
  assert.ok(quick.includes("fast") && quick.includes("speedy"), quick.join(","));
  for (const w of ["happy", "quick", "book", "staircase", "travel", "shelf", "burn"]) {
    for (const s of en.synonyms(w)) {
      assert.match(s, /^[a-z][a-z'-]*$/, `${w} → ${s}`);
      assert.notEqual(s, w);
    }
  }
  assert.deepEqual(en.synonyms("the"), []);
  assert.deepEqual(en.synonyms("H-0412"), []);
  assert.deepEqual(en.synonyms("xyzzyplugh"), []);
  assert.equal(en.known("xyzzyplugh"), false);
  assert.equal(en.known("lamp"), true);
});

test("English morphology: plurals and -s verbs are looked up by their lemma and re-inflected", () => {
  assert.ok(en.synonyms("cities").includes("metropolises"));
  assert.ok(en.synonyms("books").every((s) => s.endsWith("s")));
  assert.ok(en.synonyms("books").includes("volumes"));
  assert.equal(englishPlural("box"), "boxes");
  assert.equal(englishPlural("city"), "cities");
  assert.equal(englishPlural("day"), "days");
  // -ed / -ing forms that are no entry get nothing rather than a wrong form.
  assert.deepEqual(en.synonyms("wandered"), []);
});

test("rare synonyms are dropped by the SemCor tag count (week ↛ hebdomad); minTagCount 0 keeps them", () => {
  assert.ok(!en.synonyms("week").includes("hebdomad"));
  assert.ok(new WordNetThesaurus(undefined, 3, 0).synonyms("week").includes("hebdomad"));
  assert.ok(en.tagCount("glad") > 0);
  assert.equal(en.tagCount("hebdomad"), 0);
});

test("Spanish synonyms come from MyThes (ISO-8859-1 decoded), in the word's case", () => {
  const r = es.synonyms("rápido");
  assert.ok(r.includes("veloz") && r.includes("raudo"), r.join(","));
  assert.ok(es.synonyms("Rápido").includes("Veloz"));
  assert.ok(es.synonyms("feliz").includes("dichoso"));
  assert.ok(es.synonyms("libro").includes("volumen"));
  for (const w of ["rápido", "feliz", "libro", "escalera", "camino"]) {
    for (const s of es.synonyms(w)) {
      assert.match(s, /^[a-záéíóúüñ]+$/, `${w} → ${s}`);
      assert.notEqual(s, w);
    }
  }
  // Antonyms and annotated entries are left out: "ahorrativo" lists "gastador (Antónimo)".
  assert.ok(!es.synonyms("ahorrativo").includes("gastador"));
  assert.deepEqual(es.synonyms("el"), []);
  assert.equal(es.known("zzzqqq"), false);
});

test("Spanish morphology: plurals and the feminine of -o adjectives are re-inflected", () => {
  assert.ok(es.synonyms("rápidos").includes("veloces"));
  assert.ok(es.synonyms("rápida").includes("ligera"));
  assert.ok(es.synonyms("rápidas").includes("raudas"));
  assert.ok(!es.synonyms("rápida").includes("aprisa"), "an -a adverb is not the feminine of an -o adjective");
  assert.ok(es.synonyms("libros").includes("tomos"));
  assert.ok(!es.synonyms("libros").some((s) => s.endsWith("mentes")));
  assert.ok(es.synonyms("canciones").every((s) => !s.endsWith("ións")));
  assert.equal(spanishPlural("voz"), "voces");
  assert.equal(spanishPlural("canción"), "canciones");
  assert.equal(spanishPlural("papel"), "papeles");
  assert.equal(spanishPlural("volumen"), null, "volúmenes needs the stress: no guess");
});

test("the Spanish thesaurus file: env override, and a clear UserError naming apt-get when missing", () => {
  const old = process.env.SCRIPTORIUM_MYTHES_ES;
  try {
    delete process.env.SCRIPTORIUM_MYTHES_ES;
    assert.equal(mythesEsPath(), MYTHES_ES_DEFAULT);
    const dir = mkdtempSync(join(tmpdir(), "mythes-"));
    copyFileSync(MYTHES_ES_DEFAULT, join(dir, "th.dat"));
    copyFileSync(MYTHES_ES_DEFAULT.replace(/\.dat$/, ".idx"), join(dir, "th.idx"));
    process.env.SCRIPTORIUM_MYTHES_ES = join(dir, "th.dat");
    assert.ok(new MyThesThesaurus().synonyms("rápido").includes("veloz"));
    process.env.SCRIPTORIUM_MYTHES_ES = join(dir, "missing.dat");
    assert.throws(
      () => new MyThesThesaurus().synonyms("rápido"),
      (e: unknown) => e instanceof UserError && e.code === "thesaurus-missing" && /missing\.dat/.test(e.message),
    );
    assert.throws(() => new MyThesThesaurus("/nonexistent/th_es_ES_v2.dat").synonyms("rápido"), (e: unknown) => e instanceof UserError && /apt-get install mythes-es/.test(e.hint ?? ""));
  } finally {
    if (old === undefined) delete process.env.SCRIPTORIUM_MYTHES_ES;
    else process.env.SCRIPTORIUM_MYTHES_ES = old;
  }
});

test("the Spanish file is only needed once Spanish text is looked up", () => {
  const th = new Thesauri({ es: () => new MyThesThesaurus("/nonexistent/th.dat") });
  assert.ok(th.synonyms("happy", "en").includes("glad"));
  assert.throws(() => th.synonyms("feliz", "es"), UserError);
});

test("matchCase keeps UPPER, Capitalized and lower-case", () => {
  assert.equal(matchCase("Rápido", "veloz"), "Veloz");
  assert.equal(matchCase("RÁPIDO", "veloz"), "VELOZ");
  assert.equal(matchCase("rápido", "veloz"), "veloz");
  assert.equal(matchCase("A", "one"), "One");
});

test("language: the heuristic when clear, else the caller's hint", () => {
  assert.equal(detectLanguage("¿Dónde está el Pozo? Tome nota, por favor."), "es");
  assert.equal(detectLanguage("What can you tell me about the Well?"), "en");
  assert.equal(detectLanguage("Gracias."), null);
  assert.equal(resolveLanguage("Gracias.", "es"), "es");
  assert.equal(resolveLanguage("Gracias.", "spa"), "es");
  assert.equal(resolveLanguage("Thank you, and where is the lamp?", "es"), "en", "a clear turn wins over the record's language");
  assert.equal(resolveLanguage("Calma.", null), null);
  assert.equal(normalizeLang("es-ES"), "es");
  assert.equal(normalizeLang("eng"), "en");
  assert.equal(normalizeLang("fr"), null);
});

test("timing: synonym lookups per second (cold and cached)", () => {
  const words = "the quick brown fox jumps over the lazy dog while many readers wander through endless galleries counting books and lamps".split(" ");
  const esWords = "el lector rápido busca libros en la galería oscura y cuenta los peldaños de la escalera".split(" ");
  const cold = new WordNetThesaurus();
  let t = performance.now();
  for (const w of words) cold.synonyms(w);
  const coldMs = performance.now() - t;
  t = performance.now();
  let n = 0;
  for (let i = 0; i < 500; i++) for (const w of words) (n++, cold.synonyms(w));
  for (let i = 0; i < 500; i++) for (const w of esWords) (n++, es.synonyms(w));
  const perS = n / ((performance.now() - t) / 1000);
  // Distinct words of the starter data, each looked up once in a fresh thesaurus: the uncached rate.
  const vocab = [...new Set(readFileSync("world/starter/npc-conversations.jsonl", "utf8").toLowerCase().match(/\p{L}+/gu) ?? [])];
  const freshEn = new WordNetThesaurus();
  const freshEs = new MyThesThesaurus();
  t = performance.now();
  for (const w of vocab) (freshEn.synonyms(w), freshEs.synonyms(w));
  const uncached = (2 * vocab.length) / ((performance.now() - t) / 1000);
  console.log(
    `  thesaurus: ${words.length} cold English lookups in ${coldMs.toFixed(1)} ms (first index reads); ` +
      `${vocab.length} distinct words × 2 languages uncached: ${Math.round(uncached).toLocaleString("en")} lookups/s; cached ${Math.round(perS).toLocaleString("en")} lookups/s`,
  );
  assert.ok(perS > 10_000);
});
