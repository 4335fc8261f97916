import { z } from "zod";
import { Job, PROTOCOL_VERSION } from "./job.js";

export const JOB_SCHEMA_FILE = "engine/scriptorium_engine/job.schema.json";

export function jobJsonSchemaText(): string {
  const schema = z.toJSONSchema(Job, { target: "draft-2020-12" });
  return JSON.stringify({ ...schema, title: `Scriptorium engine job, protocol v${PROTOCOL_VERSION}` }, null, 2) + "\n";
}
