// The untrusted half of the circle-packing evaluator. It runs in the sandboxed child: imports the
// candidate, calls its run_packing(tools) and writes whatever came back as JSON. Nothing here is
// believed by the parent, which re-checks the output itself (verdict.ts).
//   node harness.js --program_path P --output OUT --n N
import { writeFileSync } from "node:fs";
import { resolve } from "node:path";
import { pathToFileURL } from "node:url";
import * as circles from "../../circles/index.js";

function argument(name: string): string {
  const index = process.argv.indexOf(`--${name}`);
  const value = index >= 0 ? process.argv[index + 1] : undefined;
  if (value === undefined) {
    console.error(`harness: --${name} is required`);
    process.exit(2);
  }
  return value;
}

/** Plain arrays of numbers, with non-finite values spelled as strings so they survive JSON. */
function plain(value: unknown): unknown {
  if (typeof value === "number") return Number.isFinite(value) ? value : String(value);
  if (ArrayBuffer.isView(value) && !(value instanceof DataView)) return Array.from(value as unknown as ArrayLike<number>, plain);
  if (Array.isArray(value)) return value.map(plain);
  return value ?? null;
}

const programPath = resolve(argument("program_path"));
const output = resolve(argument("output"));
const n = Number(argument("n"));
const tools = {
  n,
  optimalRadii: circles.optimalRadii,
  shrinkToStrict: circles.shrinkToStrict,
  packingEnergy: circles.packingEnergy,
  packingEnergySync: circles.packingEnergySync,
  packCircles: circles.packCircles,
  validatePackings: circles.validatePackings,
  evaluatePacking: circles.evaluatePacking,
  numpySum: circles.numpySum,
};

const program = (await import(pathToFileURL(programPath).href)) as { run_packing?: unknown };
if (typeof program.run_packing !== "function") {
  console.error(`harness: ${programPath} does not export a function run_packing`);
  process.exit(3);
}
const result: unknown = await (program.run_packing as (t: typeof tools) => unknown)(tools);
let packing: Record<string, unknown>;
if (Array.isArray(result)) {
  // Shinka's tuple: (centers, radii, reported_sum), and the width for the rectangle variant.
  const [centers, radii, reported_sum, width] = result as unknown[];
  packing = { centers, radii, reported_sum, width };
} else if (result && typeof result === "object") {
  packing = result as Record<string, unknown>;
} else {
  console.error(`harness: run_packing returned ${typeof result}, expected [centers, radii, reported_sum]`);
  process.exit(4);
}
writeFileSync(
  output,
  `${JSON.stringify({
    centers: plain(packing.centers),
    radii: plain(packing.radii),
    reported_sum: plain(packing.reported_sum),
    ...(packing.width === undefined ? {} : { width: plain(packing.width) }),
  })}\n`,
);
