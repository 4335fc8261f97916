#!/usr/bin/env node
import { Command } from "commander";
import { registerDashboard } from "./dashboard.js";
import { registerData } from "./data.js";
import { registerDoctor } from "./doctor.js";
import { registerEval } from "./eval.js";
import { registerExport } from "./export.js";
import { registerMlflowSync } from "./mlflow-sync.js";
import { registerModels } from "./models.js";
import { registerPlay } from "./play.js";
import { registerRegistry } from "./registry.js";
import { registerRun } from "./run.js";
import { registerRuns } from "./runs.js";
import { registerSchema } from "./schema.js";
import { registerServe } from "./serve.js";
import { registerTensorboard } from "./tensorboard.js";
import { registerTrain } from "./train.js";
import { registerWorld } from "./world.js";

// `scriptorium … | head` closes the pipe early: that is the reader being done, not a crash.
process.stdout.on("error", (e: NodeJS.ErrnoException) => {
  if (e.code === "EPIPE") process.exit(0);
  throw e;
});

const program = new Command("scriptorium")
  .description(
    "Fine-tune the language models of La Biblioteca Eterna (Director, NPCs, Books) on your CPU or GPU.\n" +
      "A recipe (YAML) names the base model, the data and the method; runs land in runs/<id>/.",
  )
  .version("0.1.0")
  .enablePositionalOptions() // options after a subcommand are its own (`registry show <name> --version 2`), not the root's -V, --version
  .addHelpText(
    "after",
    `
Start here:
  scriptorium doctor                  # is this machine ready?
  scriptorium run recipes/npc.yaml    # fine-tune an NPC voice and compare perplexity with the base model
  scriptorium runs show latest        # what that run produced
  scriptorium data prepare recipes/npc.yaml   # just the data stage, with its quality report`,
  );

registerRun(program);
registerTrain(program);
registerEval(program);
registerExport(program);
registerData(program);
registerRuns(program);
registerRegistry(program);
registerMlflowSync(program);
registerServe(program);
registerPlay(program);
registerDashboard(program);
registerTensorboard(program);
registerModels(program);
registerDoctor(program);
registerSchema(program);
registerWorld(program);

await program.parseAsync(process.argv);
