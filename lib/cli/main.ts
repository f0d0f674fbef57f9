#!/usr/bin/env node
// The tansaku command line: thin commands over the library. Exit codes in errors.ts.
import { Command, CommanderError } from "commander";
import { benchCommand } from "./commands/bench.js";
import { esCommand } from "./commands/es.js";
import { evolveCommand } from "./commands/evolve.js";
import { gridworldCommand } from "./commands/gridworld.js";
import { infoCommand } from "./commands/info.js";
import { kbenchCommand } from "./commands/kbench.js";
import { mergeCommand } from "./commands/merge.js";
import { packCommand } from "./commands/pack.js";
import { EXIT_FAILED, EXIT_USAGE } from "./errors.js";

function exitCodeOf(error: unknown): number {
  if (error && typeof error === "object" && "exitCode" in error && typeof error.exitCode === "number") {
    return error.exitCode;
  }
  if (error instanceof TypeError || error instanceof RangeError) return EXIT_USAGE;
  return EXIT_FAILED;
}

const program = new Command("tansaku")
  .description("AI-driven discovery: program evolution, kernel evaluation, gridworlds, ES, merging")
  .exitOverride()
  .addCommand(infoCommand())
  .addCommand(packCommand())
  .addCommand(benchCommand())
  .addCommand(esCommand())
  .addCommand(gridworldCommand())
  .addCommand(evolveCommand())
  .addCommand(mergeCommand())
  .addCommand(kbenchCommand());

function applyExitOverride(command: Command): void {
  command.exitOverride();
  for (const sub of command.commands) applyExitOverride(sub);
}
applyExitOverride(program);

try {
  await program.parseAsync(process.argv);
} catch (error) {
  if (error instanceof CommanderError) {
    // Help and version exit 0; commander already printed its message for usage errors.
    process.exitCode = error.exitCode === 0 ? 0 : EXIT_USAGE;
  } else {
    const message = error instanceof Error ? error.message : String(error);
    process.stderr.write(`tansaku: ${message.split("\n")[0]}\n`);
    process.exitCode = exitCodeOf(error);
  }
}
