/**
 * Writes the engine protocol's JSON Schema into the Python package, where the
 * engine validates every job against it. Run: npm run gen:schema
 * A test checks the committed file equals this output.
 */
import { writeFileSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { jobJsonSchemaText } from "./json-schema.js";

const target = fileURLToPath(new URL("../../engine/scriptorium_engine/job.schema.json", import.meta.url));
writeFileSync(target, jobJsonSchemaText());
console.log(`wrote ${target}`);
