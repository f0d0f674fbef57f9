import { readFileSync, writeFileSync } from "node:fs";
import { Command } from "commander";
import {
  describeViolation,
  evaluatePacking,
  packCircles,
  type Packing,
  PackingFormatError,
  packingToJson,
  packingToSvg,
  parsePacking,
} from "../../circles/index.js";
import { DEVICES, type Device } from "../../native/index.js";
import { CheckFailed, numberOption, UsageError } from "../errors.js";
import { ProgressLine } from "../progress.js";

function readPacking(file: string): Packing {
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    throw new UsageError(`cannot read ${file}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
  try {
    return parsePacking(text);
  } catch (error) {
    if (error instanceof PackingFormatError) throw new UsageError(`${file}: ${error.message}`);
    throw error;
  }
}

function deviceOption(text: string): Device {
  if (!DEVICES.includes(text as Device)) throw new UsageError(`--device must be one of ${DEVICES.join(", ")}, got "${text}"`);
  return text as Device;
}

function writeFile(path: string, contents: string): void {
  try {
    writeFileSync(path, contents);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
  }
}

function evaluateCommand(): Command {
  return new Command("evaluate")
    .description("validate a packing file; exit code 1 when it is invalid")
    .argument("<file>", 'JSON {"centers": [[x, y], ...], "radii": [...], "width"?: 1, "height"?: 1}')
    .option("--tolerance <atol>", "absolute tolerance of every check (0 strict, 1e-6 relaxed)", numberOption("--tolerance", { min: 0 }), 0)
    .option("--json", "print JSON")
    .action(async (file: string, options: { tolerance: number; json?: boolean }) => {
      const packing = readPacking(file);
      const report = await evaluatePacking(packing, { tolerance: options.tolerance });
      if (options.json) {
        const violations = report.violations.map((v) => ({ ...v, message: describeViolation(v) }));
        console.log(
          JSON.stringify({
            n: report.n,
            valid: report.valid,
            sum_radii: report.sumRadii,
            max_violation: report.maxViolation,
            tolerance: report.tolerance,
            violation_count: report.violationCount,
            violations,
          }),
        );
      } else {
        const mode = report.tolerance === 0 ? "strict" : `tolerance ${report.tolerance}`;
        console.log(`${report.valid ? "valid" : "INVALID"} (${mode}): ${report.n} circles, sum of radii ${report.sumRadii}`);
        console.log(`largest violation ${report.maxViolation}`);
        for (const v of report.violations) console.log(`  ${describeViolation(v)}`);
        if (report.violationCount > report.violations.length) {
          console.log(`  ... and ${report.violationCount - report.violations.length} more`);
        }
      }
      if (!report.valid) throw new CheckFailed(`the packing is invalid (${report.violationCount} violations)`);
    });
}

function solveCommand(): Command {
  return new Command("solve")
    .description("find a packing of n circles that maximises the sum of radii")
    .requiredOption("--n <count>", "number of circles", numberOption("--n", { integer: true, min: 1 }))
    .option("--width <w>", "box width", numberOption("--width", { min: Number.MIN_VALUE }), 1)
    .option("--height <h>", "box height", numberOption("--height", { min: Number.MIN_VALUE }), 1)
    .option("--seconds <s>", "time budget", numberOption("--seconds", { min: 0 }), 10)
    .option("--seed <k>", "random seed", numberOption("--seed", { integer: true, min: 0 }), 0)
    .option("--device <device>", "auto, cpu or cuda", deviceOption, "auto" as Device)
    .option("--out <file>", "write the packing as JSON")
    .option("--svg <file>", "write an SVG picture")
    .option("--json", "print JSON")
    .action(async (options: {
      n: number;
      width: number;
      height: number;
      seconds: number;
      seed: number;
      device: Device;
      out?: string;
      svg?: string;
      json?: boolean;
    }) => {
      const progress = new ProgressLine(Boolean(options.json));
      const result = await packCircles({
        ...options,
        onProgress: (p) =>
          progress.update(
            options.seconds > 0 ? p.elapsedSeconds / options.seconds : 1,
            `${p.elapsedSeconds.toFixed(1)}s  ${p.starts} starts  best sum of radii ${p.bestSum.toFixed(6)}`,
          ),
      });
      progress.done();
      const report = await evaluatePacking(result, { tolerance: 0 });
      if (options.out) writeFile(options.out, packingToJson(result));
      if (options.svg) writeFile(options.svg, packingToSvg(result, { title: `n=${options.n} sum=${result.sumRadii}` }));
      if (options.json) {
        console.log(
          JSON.stringify({
            n: options.n,
            width: result.width,
            height: result.height,
            sum_radii: result.sumRadii,
            valid: report.valid,
            starts: result.starts,
            seconds: result.seconds,
            device: result.device,
            centers: Array.from({ length: options.n }, (_, i) => [result.centers[2 * i], result.centers[2 * i + 1]]),
            radii: Array.from(result.radii),
          }),
        );
      } else {
        console.log(
          `n=${options.n}: sum of radii ${result.sumRadii.toFixed(9)} (${report.valid ? "strictly valid" : "INVALID"}), ` +
            `${result.starts} starts in ${result.seconds.toFixed(1)} s on ${result.device}`,
        );
        if (options.out) console.log(`wrote ${options.out}`);
        if (options.svg) console.log(`wrote ${options.svg}`);
      }
      if (!report.valid) throw new CheckFailed("the solver returned an invalid packing");
    });
}

export function packCommand(): Command {
  return new Command("pack")
    .description("circle packing: evaluate a packing file or solve for a new one")
    .addCommand(evaluateCommand())
    .addCommand(solveCommand());
}
