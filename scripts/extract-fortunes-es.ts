// npx tsx scripts/extract-fortunes-es.ts   (on Debian, after `apt-get install -y fortunes-es`)
// Run ONCE to (re)write world/sources/fortunes-es.txt, the committed extract the Book
// generator reads: a user's `world build` cannot rely on apt. Takes the traditional,
// anonymous refranes (presumed public domain, see world/sources/SOURCES.md), one a line,
// leaving out long ones, duplicates and those that mock people for their sex, origin or body.
import { execFileSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const SOURCE = "/usr/share/games/fortunes/es/refranes.fortunes";
const OUT = join(root, "world/sources/fortunes-es.txt");

// Lower-cased, accents stripped, matched as word stems.
const UNWANTED = [
  "mujer", "muger", "moza", "viuda", "puta", "ramera", "casada", "doncella", "suegra", "nuera", "hembra", "mozuela", "novia",
  "marido", "cornud", "judio", "moro", "gitan", "negr", "indio", "mulat", "marica", "culo", "mierda", "cag", "mea", "pedo",
  "cono", "teta", "cojon", "carajo", "polla", "braga", "companon", "putan", "follar", "joder", "jodid", "pene", "tuert", "coj",
  "manco", "jorobad", "ciego", "sordo", "feo", "fea", "gord", "enano", "borrach", "pegar", "palo", "azot", "mata", "muert",
  "gallega", "portugu", "frances", "castellan", "vizcain", "andaluz", "cura", "fraile", "monja", "abad", "obispo", "clerig",
];

const plain = (s: string): string => s.toLowerCase().normalize("NFD").replace(/\p{M}/gu, "");
const stems = (s: string): string[] => plain(s).match(/\p{L}+/gu) ?? [];

const version = execFileSync("dpkg-query", ["-W", "-f=${Version}", "fortunes-es"], { encoding: "utf8" }).trim();
const entries = readFileSync(SOURCE, "utf8").split(/^%$/m).map((e) => e.replace(/\s+/g, " ").trim());
const seen = new Set<string>();
const kept: string[] = [];
for (const e of entries) {
  if (!e || e.length > 90 || /["“”()\[\]«»]|--|\d/.test(e)) continue;
  if (stems(e).some((w) => UNWANTED.some((u) => w.startsWith(u)))) continue;
  const text = /[.!?…]$/.test(e) ? e.replace(/\s+([.!?,;:])/g, "$1") : `${e.replace(/\s+([.!?,;:])/g, "$1")}.`;
  const key = plain(text).replace(/[^a-z ]/g, "");
  if (seen.has(key)) continue;
  seen.add(key);
  kept.push(text);
}

const header = [
  "# Spanish proverbs (refranes) extracted from the Debian package fortunes-es",
  `# package: fortunes-es ${version} (Debian), file /usr/share/games/fortunes/es/refranes.fortunes`,
  "# licence: the fortunes' texts are presumed public domain (debian/copyright); the package's code is GPL-2+",
  `# written by scripts/extract-fortunes-es.ts: ${kept.length} of ${entries.length} entries, one per line`,
  "# (long ones, duplicates and those mocking people for sex, origin, faith or body left out).",
];
writeFileSync(OUT, `${header.join("\n")}\n${kept.join("\n")}\n`);
console.log(`wrote ${kept.length} proverbs to ${OUT}`);
