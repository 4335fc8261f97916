import { existsSync, readFileSync, statSync } from "node:fs";
import { join, resolve } from "node:path";
import { Tokenizer } from "@huggingface/tokenizers";
import { Template } from "@huggingface/jinja";
import type { ChatMessage } from "../spec/chat.js";
import { UserError } from "../errors.js";

/**
 * Token counting in TypeScript with the model's own tokenizer (tokenizer.json through
 * @huggingface/tokenizers, the chat template through @huggingface/jinja), with exactly
 * the engine's semantics (engine/scriptorium_engine/chat_data.py):
 *
 * - a chat record is rendered with the chat template (no generation prompt) and encoded
 *   without added special tokens: `total` is that token count;
 * - assistant spans are found in the rendered text the way the engine does (the render of
 *   messages[:i] with the generation prompt … the render of messages[:i+1]); a token is an
 *   assistant token when its whole range lies inside a span (`a >= s && b <= e && b > a`);
 * - a text record is its tokens plus the EOS the engine appends.
 *
 * The JS tokenizer returns no offsets, so they are rebuilt by aligning each token's bytes
 * with the UTF-8 bytes of the text (byte-level BPE: a token's string maps 1:1 to its bytes;
 * added tokens are their content). Ranges are kept in UTF-8 bytes, spans too: a token that
 * holds part of a multi-byte character lies inside a (character-aligned) span exactly when
 * the whole character does, which is how the Python fast tokenizer's offsets behave.
 */
export interface ChatCount {
  /** Tokens of the rendered conversation (no special tokens added by the tokenizer). */
  total: number;
  /** Of those, the tokens inside assistant turns: the training targets. */
  assistant: number;
}

export interface ModelTokenizer {
  /** The model folder, resolved. */
  readonly dir: string;
  /** The EOS token id (the engine ends text records with it), or null if the tokenizer has none. */
  readonly eosTokenId: number | null;
  /** Whether the folder has a chat template (renderChat/countChat need one). */
  readonly hasChatTemplate: boolean;
  /** Token ids of `text`, with no special tokens added. */
  encode(text: string): number[];
  /**
   * Token ids of `text` (no special tokens added) with each token's [start, end) in `text`
   * (UTF-16 string indices). A token holding part of a character gets the whole character,
   * as the Python fast tokenizer's offsets do. `offsets` is null when the tokens cannot be
   * aligned with the text (a normalizer that rewrites it).
   */
  encodeWithOffsets(text: string): { ids: number[]; offsets: [number, number][] | null };
  /** Text of `ids` (special tokens kept, no clean-up of spaces). */
  decode(ids: number[]): string;
  /** The conversation rendered by the model's chat template, as transformers' apply_chat_template(tokenize=False). */
  renderChat(messages: ChatMessage[], addGenerationPrompt: boolean): string;
  /** Total and assistant (target) tokens of a chat record, as the engine counts them. */
  countChat(messages: ChatMessage[]): ChatCount;
  /** Tokens of a text record as the engine trains on it: encode(text).length + EOS. */
  countText(text: string): number;
}

/** GPT-2's byte ↔ printable-character table used by byte-level BPE token strings. */
const UNICODE_TO_BYTE: Map<string, number> = (() => {
  const bs: number[] = [];
  for (let b = 0x21; b <= 0x7e; b++) bs.push(b);
  for (let b = 0xa1; b <= 0xac; b++) bs.push(b);
  for (let b = 0xae; b <= 0xff; b++) bs.push(b);
  const cs = [...bs];
  let n = 0;
  for (let b = 0; b < 256; b++) {
    if (!bs.includes(b)) {
      bs.push(b);
      cs.push(256 + n);
      n += 1;
    }
  }
  return new Map(bs.map((b, i) => [String.fromCharCode(cs[i]!), b]));
})();

interface AddedTokenInfo {
  content: Buffer;
  lstrip: boolean;
  rstrip: boolean;
}

interface TokenizerJson {
  added_tokens?: { id: number; content: string; lstrip?: boolean; rstrip?: boolean }[];
  pre_tokenizer?: { type?: string; pretokenizers?: { type?: string }[] } | null;
  decoder?: { type?: string; decoders?: { type?: string }[] } | null;
}

type SpecialToken = string | { content?: string } | null | undefined;

interface TokenizerConfig {
  chat_template?: string | { name: string; template: string }[];
  bos_token?: SpecialToken;
  eos_token?: SpecialToken;
  unk_token?: SpecialToken;
  pad_token?: SpecialToken;
  [key: string]: unknown;
}

function readJson<T>(path: string, what: string): T {
  if (!existsSync(path)) {
    throw new UserError("tokenizer_missing", `${path} does not exist: the model folder has no ${what}`, {
      hint:
        "a model folder needs the Hugging Face fast-tokenizer files tokenizer.json and tokenizer_config.json; " +
        "re-save it with `AutoTokenizer.from_pretrained(...).save_pretrained(folder)`, or use a builtin model (smollm2-135m-instruct)",
      location: { file: path },
    });
  }
  try {
    return JSON.parse(readFileSync(path, "utf8")) as T;
  } catch (e) {
    throw new UserError("tokenizer_invalid", `${path} is not valid JSON: ${(e as Error).message}`, {
      hint: "the tokenizer file is damaged; download or save the model's tokenizer files again",
      location: { file: path },
      cause: e,
    });
  }
}

function tokenString(t: SpecialToken): string | undefined {
  if (typeof t === "string") return t;
  if (t && typeof t === "object" && typeof t.content === "string") return t.content;
  return undefined;
}

function usesType(node: { type?: string; pretokenizers?: { type?: string }[]; decoders?: { type?: string }[] } | null | undefined, type: string): boolean {
  if (!node) return false;
  if (node.type === type) return true;
  return [...(node.pretokenizers ?? []), ...(node.decoders ?? [])].some((n) => n.type === type);
}

/** The chat template as transformers picks it: chat_template.jinja wins over tokenizer_config.json's entry. */
function chatTemplateSource(dir: string, config: TokenizerConfig): string | undefined {
  const file = join(dir, "chat_template.jinja");
  if (existsSync(file)) return readFileSync(file, "utf8");
  const t = config.chat_template;
  if (typeof t === "string") return t;
  if (Array.isArray(t)) return t.find((x) => x.name === "default")?.template ?? t[0]?.template;
  return undefined;
}

class HfModelTokenizer implements ModelTokenizer {
  readonly eosTokenId: number | null;
  readonly hasChatTemplate: boolean;
  private readonly template: Template | undefined;
  private readonly templateVars: Record<string, string>;
  private readonly added: Map<number, AddedTokenInfo>;
  private readonly byteLevel: boolean;

  constructor(
    readonly dir: string,
    private readonly tok: Tokenizer,
    json: TokenizerJson,
    config: TokenizerConfig,
  ) {
    this.added = new Map(
      (json.added_tokens ?? []).map((t) => [t.id, { content: Buffer.from(t.content, "utf8"), lstrip: !!t.lstrip, rstrip: !!t.rstrip }]),
    );
    this.byteLevel = usesType(json.pre_tokenizer, "ByteLevel") || usesType(json.decoder, "ByteLevel");
    const eos = tokenString(config.eos_token);
    this.eosTokenId = eos === undefined ? null : (tok.token_to_id(eos) ?? null);
    this.templateVars = {};
    for (const key of ["bos_token", "eos_token", "unk_token", "pad_token"] as const) {
      const v = tokenString(config[key]);
      if (v !== undefined) this.templateVars[key] = v;
    }
    const source = chatTemplateSource(dir, config);
    this.hasChatTemplate = source !== undefined;
    if (source !== undefined) {
      try {
        this.template = new Template(source);
      } catch (e) {
        throw new UserError("chat_template_invalid", `the chat template of ${dir} could not be parsed: ${(e as Error).message}`, {
          hint: "check chat_template.jinja or tokenizer_config.json's chat_template",
          location: { file: dir },
          cause: e,
        });
      }
    }
  }

  encode(text: string): number[] {
    return this.tok.encode(text, { add_special_tokens: false }).ids;
  }

  encodeWithOffsets(text: string): { ids: number[]; offsets: [number, number][] | null } {
    const enc = this.tok.encode(text, { add_special_tokens: false });
    const bytes = this.byteOffsets(text, enc.ids, enc.tokens);
    if (!bytes) return { ids: enc.ids, offsets: null };
    const { charStart, charEnd } = byteToStringIndex(text);
    return { ids: enc.ids, offsets: bytes.map(([a, b]) => [charStart[a]!, charEnd[b]!]) };
  }

  decode(ids: number[]): string {
    return this.tok.decode(ids, { skip_special_tokens: false, clean_up_tokenization_spaces: false });
  }

  renderChat(messages: ChatMessage[], addGenerationPrompt: boolean): string {
    if (!this.template) {
      throw new UserError("no_chat_template", `the tokenizer of ${this.dir} has no chat template; chat records need one`, {
        hint: "use an instruct model, or add chat_template.jinja to the model folder",
        location: { file: this.dir },
      });
    }
    try {
      return this.template.render({
        ...this.templateVars,
        messages: messages.map((m) => ({ role: m.role, content: m.content })),
        add_generation_prompt: addGenerationPrompt,
      });
    } catch (e) {
      // e.g. the template's raise_exception("Conversation roles must alternate…"): the engine would fail the same way.
      throw new UserError("chat_template_error", `the chat template of ${this.dir} refused the conversation: ${(e as Error).message}`, {
        hint: "the model's chat template does not accept this conversation's turn layout (roles, order); fix the records or use another model",
        location: { file: this.dir },
        cause: e,
      });
    }
  }

  countText(text: string): number {
    return this.encode(text).length + (this.eosTokenId === null ? 0 : 1);
  }

  countChat(messages: ChatMessage[]): ChatCount {
    const text = this.renderChat(messages, false);
    // Assistant spans exactly as chat_data.assistant_char_spans finds them, in UTF-8 bytes.
    const spans: [number, number][] = [];
    for (let i = 0; i < messages.length; i++) {
      if (messages[i]!.role !== "assistant") continue;
      const upTo = this.renderChat(messages.slice(0, i + 1), false);
      if (!text.startsWith(upTo)) {
        throw new UserError("chat_template_not_prefix_stable", "chat template does not render conversations prefix-stably; cannot mask assistant turns", {
          hint: "the template must render a prefix of a conversation as a prefix of its text (as ChatML templates do)",
          location: { file: this.dir },
        });
      }
      const start = Buffer.byteLength(this.renderChat(messages.slice(0, i), true), "utf8");
      spans.push([start, Buffer.byteLength(upTo, "utf8")]);
    }
    const enc = this.tok.encode(text, { add_special_tokens: false });
    const offsets = this.byteOffsets(text, enc.ids, enc.tokens);
    let assistant = 0;
    if (offsets) {
      for (const [a, b] of offsets) {
        if (b > a && spans.some(([s, e]) => a >= s && b <= e)) assistant += 1;
      }
    } else {
      // Tokens could not be aligned with the text (an unusual normalizer): count each span on its own.
      const bytes = Buffer.from(text, "utf8");
      for (const [s, e] of spans) assistant += this.encode(bytes.subarray(s, e).toString("utf8")).length;
    }
    return { total: enc.ids.length, assistant };
  }

  /** The bytes a (non-added) token stands for. */
  private tokenBytes(token: string): Buffer | undefined {
    if (this.byteLevel) {
      const out = Buffer.alloc(token.length);
      for (let i = 0; i < token.length; i++) {
        const b = UNICODE_TO_BYTE.get(token[i]!);
        if (b === undefined) return undefined;
        out[i] = b;
      }
      return out;
    }
    // SentencePiece-style vocabularies: byte-fallback pieces and "▁" for spaces.
    const m = /^<0x([0-9A-Fa-f]{2})>$/.exec(token);
    if (m) return Buffer.from([parseInt(m[1]!, 16)]);
    return Buffer.from(token.replace(/\u2581/g, " "), "utf8");
  }

  /** [start, end) of each token in the UTF-8 bytes of `text`, or undefined if the tokens do not align with it. */
  private byteOffsets(text: string, ids: number[], tokens: string[]): [number, number][] | undefined {
    const bytes = Buffer.from(text, "utf8");
    const out: [number, number][] = [];
    let cur = 0;
    const isSpace = (b: number | undefined) => b === 0x20 || b === 0x09 || b === 0x0a || b === 0x0d;
    for (let i = 0; i < ids.length; i++) {
      const added = this.added.get(ids[i]!);
      const piece = added ? added.content : this.tokenBytes(tokens[i]!);
      if (!piece) return undefined;
      let start = cur;
      if (added?.lstrip) while (isSpace(bytes[start])) start++;
      if (bytes.subarray(start, start + piece.length).equals(piece)) {
        let end = start + piece.length;
        if (added?.rstrip) while (isSpace(bytes[end])) end++;
        out.push([added?.lstrip ? cur : start, end]);
        cur = end;
      } else if (piece[0] === 0x20 && bytes.subarray(cur, cur + piece.length - 1).equals(piece.subarray(1))) {
        // a space the tokenizer prepended (SentencePiece "▁" at the start of a word): not in the text
        out.push([cur, cur + piece.length - 1]);
        cur += piece.length - 1;
      } else {
        return undefined;
      }
    }
    return cur === bytes.length ? out : undefined;
  }
}

/**
 * For each UTF-8 byte position of `text`: the string index where the character holding that
 * byte starts (charStart), and for an exclusive end position the string index where the
 * character holding the byte before it ends (charEnd). At character boundaries both are the plain index.
 */
function byteToStringIndex(text: string): { charStart: Int32Array; charEnd: Int32Array } {
  const n = Buffer.byteLength(text, "utf8");
  const charStart = new Int32Array(n + 1);
  const charEnd = new Int32Array(n + 1);
  let b = 0;
  for (let i = 0; i < text.length; ) {
    const cp = text.codePointAt(i)!;
    const units = cp > 0xffff ? 2 : 1;
    const nb = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4; // lone surrogates: 3 bytes (U+FFFD), as Buffer writes them
    charEnd[b] = i;
    for (let k = 0; k < nb; k++) {
      charStart[b + k] = i;
      charEnd[b + k + 1] = i + units;
    }
    b += nb;
    i += units;
  }
  charStart[n] = text.length;
  charEnd[n] = text.length;
  return { charStart, charEnd };
}

const cache = new Map<string, Promise<ModelTokenizer>>();

/** Loads (once per folder) the tokenizer and chat template of a Hugging Face model folder. */
export function loadModelTokenizer(modelDir: string): Promise<ModelTokenizer> {
  const dir = resolve(modelDir);
  let p = cache.get(dir);
  if (!p) {
    p = Promise.resolve().then(() => load(dir));
    cache.set(dir, p);
    p.catch(() => cache.delete(dir)); // a failed load is retried next time (the user may fix the folder)
  }
  return p;
}

function load(dir: string): ModelTokenizer {
  if (!existsSync(dir) || !statSync(dir).isDirectory()) {
    throw new UserError("model_dir_not_found", `model folder ${dir} does not exist`, {
      hint: "pass a Hugging Face model folder (tokenizer.json, tokenizer_config.json…), or a builtin model name",
      location: { file: dir },
    });
  }
  const json = readJson<TokenizerJson>(join(dir, "tokenizer.json"), "tokenizer.json");
  const config = readJson<TokenizerConfig>(join(dir, "tokenizer_config.json"), "tokenizer_config.json");
  let tok: Tokenizer;
  try {
    tok = new Tokenizer(json, config);
  } catch (e) {
    throw new UserError("tokenizer_unsupported", `the tokenizer in ${join(dir, "tokenizer.json")} could not be loaded: ${(e as Error).message}`, {
      hint: "tokenizer.json uses a component @huggingface/tokenizers does not support",
      location: { file: join(dir, "tokenizer.json") },
      cause: e,
    });
  }
  return new HfModelTokenizer(dir, tok, json, config);
}
