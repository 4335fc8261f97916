// Deterministic synthetic chat JSONL for the data-prepare benchmark: ~40-word turns built from a
// Spanish/English vocabulary, with 4% exact duplicates (case/whitespace variants), 4% near duplicates
// (one word changed), and some HTML entities and zero-width characters for the cleaner to fix.
import { createWriteStream } from "node:fs";
import { once } from "node:events";

const WORDS = (
  "the library hexagon shelf book librarian well stair gallery lamp dust letter page volume catalogue heresy map " +
  "la biblioteca hexágono estante libro bibliotecario pozo escalera galería lámpara polvo letra página tomo catálogo herejía mapa " +
  "read write seek find lose keep open close silent endless infinite secret ancient hidden forgotten total " +
  "leer escribir buscar encontrar perder guardar abrir cerrar silencioso interminable infinito secreto antiguo oculto olvidado"
).split(" ");

function rng(seed: number): () => number {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function sentence(r: () => number, n: number): string {
  const out: string[] = [];
  for (let i = 0; i < n; i++) out.push(WORDS[Math.floor(r() * WORDS.length)]!);
  return out.join(" ");
}

export async function generate(path: string, n: number, seed = 7): Promise<number> {
  const r = rng(seed);
  const out = createWriteStream(path);
  const recent: { user: string; assistant: string }[] = [];
  let bytes = 0;
  for (let i = 0; i < n; i++) {
    let user: string;
    let assistant: string;
    const u = r();
    const prev = recent.length ? recent[Math.floor(r() * recent.length)]! : null;
    if (prev && u < 0.04) {
      user = prev.user.toUpperCase().replace(/ /g, "  ");
      assistant = prev.assistant;
    } else if (prev && u < 0.08) {
      const words = prev.assistant.split(" ");
      words[Math.floor(r() * words.length)] = WORDS[Math.floor(r() * WORDS.length)]!;
      user = prev.user;
      assistant = words.join(" ");
    } else {
      user = sentence(r, 12 + Math.floor(r() * 8)) + "?";
      assistant = sentence(r, 24 + Math.floor(r() * 16)) + ".";
    }
    if (r() < 0.02) assistant = assistant.replace(" ", " &amp; <b>") + "</b>";
    if (r() < 0.02) user = user.replace(" ", "\u200b ");
    if (recent.length < 1000) recent.push({ user, assistant });
    else recent[Math.floor(r() * 1000)] = { user, assistant };
    const line = JSON.stringify({ id: `g${i}`, messages: [{ role: "user", content: user }, { role: "assistant", content: assistant }] }) + "\n";
    bytes += Buffer.byteLength(line);
    if (!out.write(line)) await once(out, "drain");
  }
  out.end();
  await once(out, "finish");
  return bytes;
}
