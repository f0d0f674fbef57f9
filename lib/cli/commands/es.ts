// `tansaku es run`: minimise a benchmark problem with one of the evolution strategies.
import { Command } from "commander";
import { PROBLEMS, type ProblemName, runProblem, STRATEGY_NAMES } from "../../es/index.js";
import { DEVICES, type Device } from "../../native/index.js";
import { numberOption, UsageError } from "../errors.js";
import { ProgressLine } from "../progress.js";

function choice<T extends string>(flag: string, allowed: readonly T[]) {
  return (text: string): T => {
    if (!allowed.includes(text as T)) throw new UsageError(`${flag} must be one of ${allowed.join(", ")}, got "${text}"`);
    return text as T;
  };
}

interface RunFlags {
  strategy: string;
  problem: ProblemName;
  dim: number;
  popsize: number;
  generations: number;
  seed: number;
  device: Device;
  sigmaInit?: number;
  learningRate?: number;
  fused?: boolean;
  json?: boolean;
}

function runCommand(): Command {
  return new Command("run")
    .description("minimise sphere, rosenbrock or rastrigin from a mean drawn uniformly in [-5, 5]^D")
    .requiredOption("--strategy <name>", STRATEGY_NAMES.join(" | "), choice("--strategy", STRATEGY_NAMES))
    .requiredOption("--problem <name>", PROBLEMS.join(" | "), choice("--problem", PROBLEMS))
    .requiredOption("--dim <D>", "dimensions", numberOption("--dim", { integer: true, min: 1 }))
    .requiredOption("--popsize <P>", "population size", numberOption("--popsize", { integer: true, min: 2 }))
    .requiredOption("--generations <G>", "generations", numberOption("--generations", { integer: true, min: 0 }))
    .option("--seed <S>", "seed of the initial mean and the noise", numberOption("--seed", { integer: true, min: 0 }), 0)
    .option("--device <device>", DEVICES.join(" | "), choice("--device", DEVICES), "auto")
    .option("--sigma-init <s>", "initial step size (strategy default otherwise)", numberOption("--sigma-init", { min: Number.MIN_VALUE }))
    .option("--learning-rate <lr>", "mean learning rate (strategy default otherwise)", numberOption("--learning-rate", { min: Number.MIN_VALUE }))
    .option("--fused", "compute the fitness while sampling, never storing the population (not cma_es or xnes)")
    .option("--json", "print JSON")
    .action(async (flags: RunFlags) => {
      const progress = new ProgressLine(Boolean(flags.json));
      const options: Record<string, number> = {};
      if (flags.sigmaInit !== undefined) options.sigma_init = flags.sigmaInit;
      if (flags.learningRate !== undefined) options.learning_rate = flags.learningRate;
      const result = await runProblem({
        strategy: flags.strategy,
        problem: flags.problem,
        dim: flags.dim,
        popsize: flags.popsize,
        generations: flags.generations,
        seed: flags.seed,
        device: flags.device,
        fused: Boolean(flags.fused),
        options,
        onGeneration: (generation, best) =>
          progress.update(generation / flags.generations, `generation ${generation}/${flags.generations}, best ${best.toPrecision(6)}`),
      });
      progress.done();
      if (flags.json) {
        console.log(JSON.stringify(result));
      } else {
        console.log(
          `${flags.strategy} on ${flags.problem} (D=${flags.dim}, P=${flags.popsize}): best fitness ${result.best_fitness} after ` +
            `${result.generations} generations, ${result.ms_per_generation.toFixed(3)} ms per generation`,
        );
      }
    });
}

export function esCommand(): Command {
  return new Command("es").description("evolution strategies (evosax's ask/tell algorithms)").addCommand(runCommand());
}
