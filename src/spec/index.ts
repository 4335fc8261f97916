export * from "./chat.js";
export * from "./job.js";
export * from "./events.js";
