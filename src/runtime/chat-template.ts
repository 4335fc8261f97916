import { Template } from "@huggingface/jinja";
import type { LlamaModel } from "node-llama-cpp";
import { UserError } from "../errors.js";
import type { ChatMessage } from "../spec/chat.js";

/**
 * Renders chat messages exactly as training did: the engine calls the HF tokenizer's
 * `apply_chat_template(messages, add_generation_prompt=True)`; here the same Jinja template,
 * read from the GGUF's `tokenizer.chat_template` (llama.cpp's converter copies it from the
 * tokenizer), runs in @huggingface/jinja — the renderer the data stage's token counts use.
 */
export interface ChatRenderer {
  readonly source: string;
  render(messages: readonly ChatMessage[], addGenerationPrompt?: boolean): string;
}

export function chatRendererFor(model: LlamaModel, modelPath: string): ChatRenderer {
  const source = model.fileInfo.metadata.tokenizer?.chat_template;
  if (typeof source !== "string" || source.length === 0) {
    throw new UserError("runtime_no_chat_template", `${modelPath} has no tokenizer.chat_template in its GGUF metadata`, {
      hint: "export the model from a tokenizer that has a chat template (an instruct model); scriptorium export copies it",
      location: { file: modelPath },
    });
  }
  const template = new Template(source);
  const special = (id: number | null): string | undefined => (id === null ? undefined : model.detokenize([id as never], true));
  const vars: Record<string, string> = {};
  const bos = special(model.tokens.bos);
  const eos = special(model.tokens.eos);
  if (bos) vars.bos_token = bos;
  if (eos) vars.eos_token = eos;
  return {
    source,
    render(messages, addGenerationPrompt = true) {
      return template.render({ ...vars, messages: messages.map((m) => ({ role: m.role, content: m.content })), add_generation_prompt: addGenerationPrompt });
    },
  };
}
