// Batched validation (native, CPU or CUDA) and a detailed report for one packing.
import { type Device, loadNative, resolveDevice } from "../native/index.js";
import type { NativeViolation } from "../native/binding.js";
import { type Box, checkBatch, checkBox, checkCount, type Packing } from "./packing.js";

export interface ValidationBatch {
  sumRadii: Float64Array;
  maxViolation: Float64Array;
  valid: Uint8Array;
}

export interface ValidateOptions extends Box {
  /** Absolute tolerance of every check (0 = strict, 1e-6 = the paper-era evaluators). */
  tolerance?: number;
  device?: Device;
}

function checkTolerance(tolerance: number): number {
  if (typeof tolerance !== "number") throw new TypeError("tolerance must be a number");
  if (!Number.isFinite(tolerance) || tolerance < 0) throw new RangeError(`tolerance must be >= 0, got ${tolerance}`);
  return tolerance;
}

/** Validates many packings of n circles at once: centers [batch][n][2], radii [batch][n]. */
export async function validatePackings(
  centers: Float64Array,
  radii: Float64Array,
  n: number,
  options: ValidateOptions = {},
): Promise<ValidationBatch> {
  const batch = checkBatch(centers, radii, n);
  const { width, height } = checkBox(options);
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const out = {
    sumRadii: new Float64Array(batch),
    maxViolation: new Float64Array(batch),
    valid: new Uint8Array(batch),
  };
  await loadNative().circlesValidate(
    centers,
    radii,
    n,
    width,
    height,
    tolerance,
    out.sumRadii,
    out.maxViolation,
    out.valid,
    resolveDevice(options.device),
  );
  return out;
}

export type Violation = NativeViolation;

export interface PackingReport {
  n: number;
  valid: boolean;
  sumRadii: number;
  maxViolation: number;
  tolerance: number;
  /** How many checks fail in all; `violations` lists the first few. */
  violationCount: number;
  violations: Violation[];
}

/** Validates one packing and lists its first violations, each naming the circles or the wall. */
export async function evaluatePacking(
  packing: Packing,
  options: { tolerance?: number; maxViolations?: number } = {},
): Promise<PackingReport> {
  const n = checkCount(packing.radii.length, "radii.length");
  const tolerance = checkTolerance(options.tolerance ?? 0);
  const box = checkBox(packing);
  const row = await validatePackings(packing.centers, packing.radii, n, { ...box, tolerance, device: "cpu" });
  const listed = loadNative().circlesViolations(
    packing.centers,
    packing.radii,
    n,
    box.width,
    box.height,
    tolerance,
    options.maxViolations ?? 10,
  );
  return {
    n,
    valid: row.valid[0] === 1,
    sumRadii: row.sumRadii[0] as number,
    maxViolation: row.maxViolation[0] as number,
    tolerance,
    violationCount: listed.total,
    violations: listed.violations,
  };
}

/** A one-line description of a violation, e.g. "circles 3 and 7 overlap by 1.2e-3". */
export function describeViolation(v: Violation): string {
  const amount = v.amount.toPrecision(3);
  switch (v.kind) {
    case "overlap":
      return `circles ${v.i} and ${v.j} overlap by ${amount}`;
    case "negative_radius":
      return `circle ${v.i} has a negative radius (${(-v.amount).toPrecision(3)})`;
    default:
      return `circle ${v.i} crosses the ${v.kind} wall by ${amount}`;
  }
}
