import assert from "node:assert/strict";
import { readFileSync } from "node:fs";
import { describe, it } from "node:test";
import { franc } from "franc-min";
import {
  countGendered,
  detectLanguage,
  guessEsEn,
  lexiconSizes,
  luhnValid,
  maskPii,
  maskTerm,
  scanPii,
  scanToxicity,
  type PiiType,
} from "./scan.js";

const types = (text: string): PiiType[] => scanPii(text).map((h) => h.type);
const hitTexts = (text: string): string[] => scanPii(text).map((h) => h.text);

describe("scanPii", () => {
  it("finds emails", () => {
    const text = "Escríbeme a ines.bibliotecaria@example.org o a j.doe+lib@mail.co.uk.";
    assert.deepEqual(hitTexts(text), ["ines.bibliotecaria@example.org", "j.doe+lib@mail.co.uk"]);
    assert.deepEqual(types(text), ["email", "email"]);
    const [h] = scanPii(text);
    assert.equal(text.slice(h!.start, h!.end), h!.text);
  });

  it("finds Spanish, international and North American phone numbers", () => {
    assert.deepEqual(hitTexts("Llámame al +34 612 345 678 mañana"), ["+34 612 345 678"]);
    assert.deepEqual(hitTexts("o al 0034 912 34 56 78"), ["0034 912 34 56 78"]);
    assert.deepEqual(hitTexts("mi móvil: 612 34 56 78"), ["612 34 56 78"]);
    assert.deepEqual(hitTexts("fijo 912-345-678"), ["912-345-678"]);
    assert.deepEqual(hitTexts("teléfono: 612345678"), ["612345678"]);
    assert.deepEqual(hitTexts("Call +1 (555) 123-4567 or 555-123-4567 or (555) 987.6543"), ["+1 (555) 123-4567", "555-123-4567", "(555) 987.6543"]);
    assert.deepEqual(hitTexts("London: +44 20 7946 0958."), ["+44 20 7946 0958"]);
    assert.ok(types("+34 612 345 678").every((t) => t === "phone"));
  });

  it("finds IPv4 and IPv6 addresses", () => {
    assert.deepEqual(scanPii("server 192.168.1.20 and 10.0.0.1."), [
      { type: "ipv4", start: 7, end: 19, text: "192.168.1.20" },
      { type: "ipv4", start: 24, end: 32, text: "10.0.0.1" },
    ]);
    assert.deepEqual(hitTexts("v6 at 2001:db8::8a2e:370:7334 or fe80::1ff:fe23:4567:890a, ::1 too"), ["2001:db8::8a2e:370:7334", "fe80::1ff:fe23:4567:890a"]);
    assert.deepEqual(types("2001:0db8:85a3:0000:0000:8a2e:0370:7334"), ["ipv6"]);
  });

  it("finds API keys and secrets", () => {
    assert.deepEqual(types("aws AKIAIOSFODNN7EXAMPLE here"), ["aws_key"]);
    assert.deepEqual(types("OPENAI_API_KEY=sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z"), ["openai_key"]);
    assert.deepEqual(types("token ghp_1234567890abcdefghijABCDEFGHIJ123456"), ["github_token"]);
    assert.deepEqual(hitTexts('api_key = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"'), ["9f86d081884c7d659a2feaa0c55ad015a3bf4f1b"]);
    assert.deepEqual(types("la contraseña es Xk9mP2vQ7rT4wZ8nB5cD"), ["secret"]);
    assert.deepEqual(types("Authorization: Bearer eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjM0NTY3ODkwIn0.dozjgNryP4J3jVmNHl0w5N_XgL0n3I9PlFUP0THsR8U"), ["secret"]);
  });

  it("finds card numbers that pass the Luhn check", () => {
    assert.deepEqual(hitTexts("visa 4111 1111 1111 1111, mc 5555-5555-5555-4444, amex 378282246310005"), ["4111 1111 1111 1111", "5555-5555-5555-4444", "378282246310005"]);
    assert.deepEqual(types("visa 4111 1111 1111 1111"), ["credit_card"]);
    assert.deepEqual(scanPii("not a card 4111 1111 1111 1112"), []);
    assert.equal(luhnValid("79927398713"), true);
    assert.equal(luhnValid("79927398710"), false);
  });

  it("does not fire on game text: hexagons, years, chapters, counts, times, versions", () => {
    const nearMisses = [
      "Avoid H-0440 on the nights they burn books; H-0412 is safe.",
      "Year 1962 of the Dim Lamp, chapter 3, leaf 410.",
      "Hoja 67. Salida de H-0401 a la segunda lámpara. — H-0401 → H-0402: subiendo por la escalera del norte, 83 peldaños; 8 lámparas.",
      "I've mapped 392 hexagons with these two feet; 7 hexagons up, 280 steps.",
      "Meet me at 12:30:45 by the clock, ratio 3:1.",
      "version 1.2.3 of the catalogue, released 2024-01-15.",
      "ISBN 978-3-16-148410-0, shelf 4, wall 2.",
      "The key to the archive is the third staircase. A token of gratitude.",
      "sk-learn is a library; ghp_short is not a token.",
      "Cuenta: 6 hexágonos, 394 peldaños, 19 lámparas (3 parpadeando), 4 lectores.",
      "Call me at noon. Number 123456789 of the index.",
      "The secret is the-key-to-the-old-archive-of-babel.",
      "Lamp 1.2.3.4.5 of the corridor.",
      "Chapter XXX; «Registro de Confiscaciones» sits in H-0430.",
    ];
    for (const t of nearMisses) assert.deepEqual(scanPii(t), [], t);
  });

  it("finds nothing in the world data sets", () => {
    let texts = 0;
    for (const role of ["npc", "director", "book"]) {
      for (const split of ["train", "validation", "test"]) {
        for (const line of readFileSync(`world/datasets/${role}/${split}.jsonl`, "utf8").split("\n")) {
          if (!line) continue;
          texts++;
          assert.deepEqual(scanPii(line), [], line.slice(0, 200));
        }
      }
    }
    assert.ok(texts > 6000);
  });

  it("masks hits", () => {
    assert.equal(maskPii("email", "ines.bibliotecaria@example.org"), "in************@ex*****.org");
    assert.equal(maskPii("phone", "+34 612 345 678"), "+34 6** *** *78");
    assert.equal(maskPii("credit_card", "4111 1111 1111 1111"), "41** **** **** **11");
    const key = maskPii("openai_key", "sk-proj-Ab3dEf6hIj9kLm2nOp5qRs8tUv1wXy4z");
    assert.ok(key.startsWith("sk-p") && key.endsWith("4z") && key.includes("*") && key.length < 40);
  });
});

describe("scanToxicity", () => {
  it("loads both lexicons", () => {
    const sizes = lexiconSizes();
    assert.ok(sizes.en > 300 && sizes.es > 40, JSON.stringify(sizes));
  });

  it("matches whole words, any case, with or without accents", () => {
    assert.deepEqual(
      scanToxicity("You FUCKING idiot").map((h) => [h.term, h.language, h.text]),
      [["fucking", "en", "FUCKING"]],
    );
    assert.deepEqual(
      scanToxicity("¡Eres un cabrón! Un Cabron, vaya.").map((h) => [h.term, h.language, h.text]),
      [
        ["cabron", "es", "cabrón"],
        ["cabron", "es", "Cabron"],
      ],
    );
    assert.deepEqual(scanToxicity("La mierda del pozo"), [{ term: "mierda", language: "es", start: 3, end: 9, text: "mierda" }]);
  });

  it("prefers the longest phrase", () => {
    const hits = scanToxicity("Ese hijo de puta se fue");
    assert.deepEqual(
      hits.map((h) => h.term),
      ["hijo de puta"],
    );
    assert.equal(hits[0]!.text, "hijo de puta");
  });

  it("does not match inside words, ordinary words of the prose, or names", () => {
    for (const t of [
      "The class assassin drank a cocktail in Scunthorpe on the grass.",
      "Con el martillo bajó al infierno de la biblioteca: una puerta maciza, una concha.",
      "«Cartographer's Log, Leaf XXX», the escort of the Purifiers.",
      "Call me Ishmael; then they gave chase to Moby Dick.",
      "Heroína del índice, asesinato en el hexágono.",
    ]) {
      assert.deepEqual(scanToxicity(t), [], t);
    }
    assert.equal(scanToxicity("what a dick").length, 1);
  });

  it("uses only the lexicons asked for", () => {
    assert.equal(scanToxicity("el gato negro", ["es"]).length, 0);
    assert.equal(scanToxicity("el gato negro", ["en"]).length, 1);
  });

  it("masks terms", () => {
    assert.equal(maskTerm("fuck"), "f**k");
    assert.equal(maskTerm("hijo de puta"), "h**o d* p**a");
    assert.equal(maskTerm("ass"), "a*s");
    assert.equal(maskTerm("xx"), "x*");
  });
});

describe("countGendered", () => {
  it("counts English masculine and feminine terms", () => {
    assert.deepEqual(countGendered("He gave his sword to the King; she thanked him.", ["en"]), { masc: 4, fem: 1 });
    assert.deepEqual(countGendered("Her mother and the Queen's ladies, ma'am.", ["en"]), { masc: 0, fem: 5 });
    assert.deepEqual(countGendered("The shelves hold books.", ["en"]), { masc: 0, fem: 0 });
  });

  it("counts Spanish terms accent-sensitively (él is 'he', el is 'the')", () => {
    assert.deepEqual(countGendered("Él habló con la reina y el señor.", ["es"]), { masc: 2, fem: 1 });
    assert.deepEqual(countGendered("El libro y el índice.", ["es"]), { masc: 0, fem: 0 });
    assert.deepEqual(countGendered("Ella y sus hermanas; doña Inés.", ["es"]), { masc: 0, fem: 3 });
  });

  it("skips words that belong to the other language when the language is unknown", () => {
    assert.deepEqual(countGendered("he visto a mi hijo", ["es"]), { masc: 1, fem: 0 });
    assert.deepEqual(countGendered("he visto a mi hijo"), { masc: 1, fem: 0 });
    assert.deepEqual(countGendered("son of the king", ["en"]), { masc: 2, fem: 0 });
    assert.deepEqual(countGendered("ellos son muchos", ["es"]), { masc: 1, fem: 0 });
  });

  it("skips words inside identifiers but not in two-part compounds", () => {
    assert.deepEqual(countGendered('{"books_on_shelf":["evangelio-hombre-libro"],"place":"sala_del_rey_viejo"}', ["es"]), { masc: 0, fem: 0 });
    assert.deepEqual(countGendered("his step-mother and the king-like man", ["en"]), { masc: 3, fem: 1 });
  });
});

describe("language detection", () => {
  const spanish = [
    "La biblioteca es infinita y cada hexágono tiene cinco estantes por pared.",
    "Inés guarda el índice de los índices en la bóveda del catálogo, y nadie más lo ha visto.",
    "No sé qué buscas, viajero, pero los purificadores queman libros en la escalera del este.",
  ];
  const english = [
    "The library is infinite and every hexagon has five shelves on each wall.",
    "Aurelio counts the steps twice, because the maps have lied to him before.",
    "I can tell you where the book is, but you will have to climb the broken staircase.",
  ];

  it("franc-min tells these Spanish and English sentences apart", () => {
    for (const s of spanish) assert.equal(franc(s), "spa", s);
    for (const s of english) assert.equal(franc(s), "eng", s);
  });

  it("detectLanguage: spa, eng, and und for short texts", () => {
    for (const s of spanish) assert.equal(detectLanguage(s), "spa", s);
    for (const s of english) assert.equal(detectLanguage(s), "eng", s);
    assert.equal(detectLanguage("Hola, amigo."), "und");
    assert.equal(detectLanguage("H-0412, 83"), "und");
  });

  it("keeps English with Spanish words in it English", () => {
    assert.equal(detectLanguage("Cuidado on the stairs, amigo: my rope says seven hexagons up, more or less, and the lamp is dim."), "eng");
  });

  it("says zxx for letter soup and reports clearly foreign text", () => {
    assert.equal(detectLanguage("fddvprihpsfzii  a ivbihet.vgbalorg mf gp gtsvspgrna lnuagt oauz eaazmtngcdzduhcz rfvzumfinmtf ifvov fz uuic"), "zxx");
    assert.equal(detectLanguage("Le bibliothécaire a perdu la clé de la salle des cartes, et personne ne sait où elle se trouve maintenant."), "fra");
    assert.equal(detectLanguage("Wir sind stundenlang die Treppe hinaufgestiegen, ohne eine einzige brennende Lampe zu finden."), "deu");
    assert.equal(detectLanguage("Библиотека бесконечна, и каждый шестиугольник имеет пять полок на каждой стене."), "rus");
  });

  it("guessEsEn uses function words", () => {
    assert.equal(guessEsEn("¿Dónde está el libro?"), "es");
    assert.equal(guessEsEn("Where is the book?"), "en");
    assert.equal(guessEsEn("Amigo."), null);
  });
});
