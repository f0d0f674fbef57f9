// The trusted half of the circle-packing evaluator: it reads the raw packing a candidate wrote and
// scores it with the native validator, never with the candidate's own numbers (evolve.md 16.2, 17.1).
import { z } from "zod";
import { evaluatePacking, numpySum, validatePackings } from "../../circles/index.js";

export interface PackingVariant {
  /** The task name, e.g. "circle-packing". */
  name: string;
  n: number;
  /** "unit-square": 1 x 1; "rectangle-perimeter-4": the candidate chooses width w, height is 2 - w. */
  container: "unit-square" | "rectangle-perimeter-4";
  /** The best value known (for the public ratio), and who found it. */
  best_known: number;
  best_known_source: string;
  initial_program: string;
}

export type ToleranceMode = "strict" | "relaxed";
export const TOLERANCE: Record<ToleranceMode, number> = { strict: 0, relaxed: 1e-6 };

export interface PackingVerdict {
  correct: boolean;
  error: string | null;
  combined_score: number;
  public: Record<string, unknown>;
  private: Record<string, unknown>;
  text_feedback: string;
  extra_data?: Record<string, unknown>;
}

// The candidate's raw output. Non-finite numbers travel as the strings "NaN", "Infinity", "-Infinity"
// (JSON has no spelling for them) so that the check can name them.
const rawNumber = z.union([z.number(), z.enum(["NaN", "Infinity", "-Infinity"]).transform(Number), z.null().transform(() => Number.NaN)]);
export const RawPackingSchema = z.object({
  centers: z.array(z.union([rawNumber, z.array(rawNumber)])),
  radii: z.array(rawNumber),
  reported_sum: rawNumber,
  width: rawNumber.optional(),
});
export type RawPacking = z.input<typeof RawPackingSchema>;

function fail(error: string, extra: Partial<PackingVerdict> = {}): PackingVerdict {
  return { correct: false, error, combined_score: 0, public: {}, private: {}, text_feedback: error, ...extra };
}

function shapeOf(centers: (number | number[])[]): string {
  if (centers.every((row) => Array.isArray(row))) {
    const widths = new Set(centers.map((row) => (row as number[]).length));
    return widths.size === 1 ? `(${centers.length}, ${[...widths][0]})` : `(${centers.length}, ragged)`;
  }
  return `(${centers.length},)`;
}

function centersString(centers: Float64Array, n: number): string {
  const lines: string[] = [];
  for (let i = 0; i < n; i++) lines.push(`  centers[${i}] = (${centers[2 * i]!.toFixed(4)}, ${centers[2 * i + 1]!.toFixed(4)})`);
  return lines.join("\n");
}

/** numpy.isclose(a, b) with its default tolerances (rtol 1e-5, atol 1e-8). */
function isClose(actual: number, reported: number): boolean {
  return Math.abs(actual - reported) <= 1e-8 + 1e-5 * Math.abs(reported);
}

/** The first failing check of the validity rules in order, at the given tolerance, or null. */
async function firstViolation(centers: Float64Array, radii: Float64Array, width: number, height: number, tolerance: number): Promise<string | null> {
  const n = radii.length;
  const report = await evaluatePacking({ centers, radii, width, height }, { tolerance, maxViolations: n * n });
  if (report.valid) return null;
  const walls = report.violations.filter((v) => v.kind !== "overlap" && v.kind !== "negative_radius");
  const wall = walls[0];
  if (wall) {
    const i = wall.i;
    return `circle ${i} at (${centers[2 * i]}, ${centers[2 * i + 1]}) with radius ${radii[i]} crosses the ${wall.kind} wall by ${wall.amount.toPrecision(3)}`;
  }
  const pair = report.violations.find((v) => v.kind === "overlap");
  if (pair && pair.j !== null) {
    const { i, j } = pair;
    const dx = centers[2 * i]! - centers[2 * j]!;
    const dy = centers[2 * i + 1]! - centers[2 * j + 1]!;
    const dist = Math.sqrt(dx * dx + dy * dy);
    return `circles ${i} and ${j} overlap: distance ${dist} < r_${i} + r_${j} = ${radii[i]! + radii[j]!}`;
  }
  return `the packing is invalid (${report.violationCount} violations)`;
}

/**
 * Scores a candidate's raw output: shape, finiteness, negative radii, the reported sum, then
 * containment and overlaps with the native validator at 0 and 1e-6. combined_score is the verified
 * sum under `mode` when valid under it, else 0.
 */
export async function judgePacking(raw: unknown, variant: PackingVariant, mode: ToleranceMode = "strict"): Promise<PackingVerdict> {
  const parsed = RawPackingSchema.safeParse(raw);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    return fail(`the program's output is malformed: ${issue?.path.join(".") || "output"}: ${issue?.message ?? "invalid"}`);
  }
  const { n } = variant;
  const out = parsed.data;
  // 1. Shapes: centers (n, 2) as pairs, or interleaved [x0, y0, x1, ...] as tansaku's tools use.
  const flat = out.centers.every((row) => !Array.isArray(row));
  const pairs = out.centers.every((row) => Array.isArray(row) && row.length === 2);
  if (!(pairs && out.centers.length === n) && !(flat && out.centers.length === 2 * n)) {
    return fail(`centers has shape ${shapeOf(out.centers)}, expected (${n}, 2)`);
  }
  if (out.radii.length !== n) return fail(`radii has shape (${out.radii.length},), expected (${n},)`);
  const centers = Float64Array.from(flat ? (out.centers as number[]) : (out.centers as number[][]).flat());
  const radii = Float64Array.from(out.radii);
  let width = 1;
  if (variant.container === "rectangle-perimeter-4") {
    if (out.width === undefined) return fail("the rectangle's width is missing: return it with the packing (height = 2 - width)");
    width = out.width;
    if (!Number.isFinite(width) || width <= 0 || width >= 2) return fail(`width must be a finite number in (0, 2), got ${width}`);
  }
  const height = variant.container === "rectangle-perimeter-4" ? 2 - width : 1;
  // 2. Finite values.
  const nonFinite = [...centers, ...radii, out.reported_sum].findIndex((v) => !Number.isFinite(v));
  if (nonFinite >= 0) {
    const where = nonFinite < 2 * n ? `centers[${Math.floor(nonFinite / 2)}][${nonFinite % 2}]` : nonFinite < 3 * n ? `radii[${nonFinite - 2 * n}]` : "reported_sum";
    return fail(`${where} is not finite`);
  }
  // 3. Negative radii.
  const negative = [...radii.keys()].filter((i) => radii[i]! < 0);
  if (negative.length) return fail(`negative radii at indices ${negative.join(", ")}`);
  // 4. The reported sum.
  const verified = numpySum(radii);
  if (!isClose(verified, out.reported_sum)) {
    return fail(`reported sum ${out.reported_sum} does not match the sum of the radii ${verified}`);
  }
  // 5 and 6. Containment and overlaps, at both tolerances, natively.
  const box = { width, height, device: "cpu" as const };
  const [strictRow, relaxedRow] = await Promise.all([
    validatePackings(centers, radii, n, { ...box, tolerance: TOLERANCE.strict }),
    validatePackings(centers, radii, n, { ...box, tolerance: TOLERANCE.relaxed }),
  ]);
  const validStrict = strictRow.valid[0] === 1;
  const validRelaxed = relaxedRow.valid[0] === 1;
  const valid = mode === "strict" ? validStrict : validRelaxed;
  const score = valid ? verified : 0;
  const publicMetrics: Record<string, unknown> = {
    num_circles: n,
    centers_str: centersString(centers, n),
    valid_strict: validStrict,
    valid_relaxed: validRelaxed,
    sum_of_radii: verified,
    ratio_to_best_known: verified / variant.best_known,
    tolerance_mode: mode,
    ...(variant.container === "rectangle-perimeter-4" ? { width, height } : {}),
  };
  const privateMetrics = {
    reported_sum_of_radii: out.reported_sum,
    verified_sum: verified,
    sum_strict: validStrict ? verified : 0,
    sum_relaxed: validRelaxed ? verified : 0,
    max_violation: strictRow.maxViolation[0],
  };
  const extra_data = { centers: Array.from(centers), radii: Array.from(radii), width, height, sum_strict: privateMetrics.sum_strict, sum_relaxed: privateMetrics.sum_relaxed };
  if (!valid) {
    const error = (await firstViolation(centers, radii, width, height, TOLERANCE[mode])) ?? "the packing is invalid";
    const note = mode === "strict" && validRelaxed ? " (valid at the 1e-6 tolerance, not strictly)" : "";
    return fail(error + note, { public: publicMetrics, private: privateMetrics, extra_data });
  }
  return {
    correct: true,
    error: null,
    combined_score: score,
    public: publicMetrics,
    private: privateMetrics,
    text_feedback: `valid packing of ${n} circles, sum of radii ${verified} (${((100 * verified) / variant.best_known).toFixed(2)}% of the best known ${variant.best_known})`,
    extra_data,
  };
}
