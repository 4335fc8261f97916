import { z } from "zod";

/** One chat turn, the shape every role's prompt builder produces and the engine consumes. */
export const ChatRole = z.enum(["system", "user", "assistant"]);
export type ChatRole = z.infer<typeof ChatRole>;

export const ChatMessage = z.object({
  role: ChatRole,
  content: z.string(),
});
export type ChatMessage = z.infer<typeof ChatMessage>;

/** A training/eval example as written to the JSONL files the engine reads. */
export const ChatExample = z.object({
  id: z.string().min(1),
  messages: z.array(ChatMessage).min(2),
});
export type ChatExample = z.infer<typeof ChatExample>;
