// A packing: n circles in a width x height box. Centres are interleaved [x0, y0, x1, y1, ...].
import { z } from "zod";

export interface Packing {
  centers: Float64Array;
  radii: Float64Array;
  width: number;
  height: number;
}

export interface Box {
  width?: number;
  height?: number;
}

/** The JSON file format: {"centers": [[x, y], ...], "radii": [...], "width"?: 1, "height"?: 1}. */
const finite = z.number().refine(Number.isFinite, { message: "must be a finite number" });
export const PackingFileSchema = z
  .object({
    centers: z.array(z.tuple([finite, finite]), { message: "centers must be an array of [x, y] pairs" }).min(1),
    radii: z.array(finite, { message: "radii must be an array of numbers" }).min(1),
    width: finite.positive().default(1),
    height: finite.positive().default(1),
  })
  .refine((file) => file.centers.length === file.radii.length, {
    message: "centers and radii must have the same length",
    path: ["radii"],
  });
export type PackingFile = z.input<typeof PackingFileSchema>;

export class PackingFormatError extends Error {
  readonly code = "ERR_TANSAKU_PACKING_FORMAT";
}

/** Parses the JSON text of a packing file; throws PackingFormatError naming the first problem. */
export function parsePacking(text: string): Packing {
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch (error) {
    throw new PackingFormatError(`not valid JSON: ${(error as Error).message}`);
  }
  const parsed = PackingFileSchema.safeParse(data);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.length ? issue.path.join(".") : "packing";
    throw new PackingFormatError(`${where}: ${issue?.message ?? "invalid"}`);
  }
  const { centers, radii, width, height } = parsed.data;
  return { centers: Float64Array.from(centers.flat()), radii: Float64Array.from(radii), width, height };
}

export function packingToJson(packing: Packing): string {
  const centers: [number, number][] = [];
  for (let i = 0; i < packing.radii.length; i++) {
    centers.push([packing.centers[2 * i] as number, packing.centers[2 * i + 1] as number]);
  }
  return `${JSON.stringify({ centers, radii: Array.from(packing.radii), width: packing.width, height: packing.height })}\n`;
}

/** Checks the box; returns it with defaults filled in. */
export function checkBox(box: Box = {}): { width: number; height: number } {
  const width = box.width ?? 1;
  const height = box.height ?? 1;
  for (const [name, value] of [
    ["width", width],
    ["height", height],
  ] as const) {
    if (typeof value !== "number") throw new TypeError(`${name} must be a number`);
    if (!Number.isFinite(value) || value <= 0) throw new RangeError(`${name} must be a positive finite number, got ${value}`);
  }
  return { width, height };
}

export function checkCount(n: unknown, name = "n"): number {
  if (typeof n !== "number") throw new TypeError(`${name} must be a number`);
  if (!Number.isInteger(n) || n < 1) throw new RangeError(`${name} must be an integer >= 1, got ${n}`);
  return n;
}

type AnyFloatArray = Float32Array | Float64Array;

/** Checks a batch of packings: returns the batch size implied by radii.length / n. */
export function checkBatch(centers: AnyFloatArray, radii: AnyFloatArray, n: number, finiteRequired = true): number {
  checkCount(n);
  if (!(centers instanceof Float64Array || centers instanceof Float32Array)) {
    throw new TypeError("centers must be a Float32Array or Float64Array");
  }
  if (!(radii instanceof Float64Array || radii instanceof Float32Array)) {
    throw new TypeError("radii must be a Float32Array or Float64Array");
  }
  if (radii.length === 0 || radii.length % n !== 0) {
    throw new RangeError(`radii length ${radii.length} is not a positive multiple of n = ${n}`);
  }
  if (centers.length !== 2 * radii.length) {
    throw new RangeError(`centers must have 2 * radii.length = ${2 * radii.length} values, got ${centers.length}`);
  }
  if (finiteRequired) {
    checkFinite(centers, "centers");
    checkFinite(radii, "radii");
  }
  return radii.length / n;
}

export function checkFinite(values: ArrayLike<number>, name: string): void {
  for (let i = 0; i < values.length; i++) {
    const value = values[i] as number;
    if (!Number.isFinite(value)) throw new RangeError(`${name}[${i}] must be finite, got ${value}`);
  }
}
