import { Command } from "commander";
import { BENCHMARKS, type BenchmarkName, saveResult } from "../../../bench/index.js";
import { UsageError } from "../errors.js";

export function benchCommand(): Command {
  const names = Object.keys(BENCHMARKS) as BenchmarkName[];
  return new Command("bench")
    .description(`run a benchmark by name (${names.join(", ")}) or all; results go to bench/results/`)
    .argument("<name>", `${names.join(", ")} or all`)
    .option("--json", "print JSON")
    .option("--no-save", "do not write bench/results/<name>.json")
    .action(async (name: string, options: { json?: boolean; save: boolean }) => {
      const selected = name === "all" ? names : [name];
      for (const entry of selected) {
        if (!(entry in BENCHMARKS)) throw new UsageError(`unknown benchmark "${entry}"; known: ${names.join(", ")}, all`);
      }
      for (const entry of selected as BenchmarkName[]) {
        const benchmark = BENCHMARKS[entry];
        const result = await benchmark.run();
        const path = options.save ? saveResult(entry, result) : null;
        if (options.json) console.log(JSON.stringify(result));
        else {
          // Each entry's format takes what its own run returned; the union of entries cannot say so.
          console.log((benchmark.format as (result: unknown) => string)(result));
          if (path) console.log(`  wrote ${path}`);
        }
      }
    });
}
