// The 8x8 digits data set (data/digits/digits.csv.gz) with M2N2's unshuffled split: the first 1,437
// rows are the fitness (training) set, the last 360 the test set. Pixels stay unnormalised (0..16).
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { packageRoot } from "../paths.js";

export const DIGITS_FEATURES = 64;
export const DIGITS_CLASSES = 10;
export const DIGITS_ROWS = 1797;
export const DIGITS_TRAIN_ROWS = 1437;

/** Row-major features (samples x features) and one integer label per sample. */
export interface LabelledSet {
  x: Float32Array;
  labels: Int32Array;
  samples: number;
  features: number;
}

export interface DigitsSplit {
  train: LabelledSet;
  test: LabelledSet;
}

export function digitsPath(): string {
  return join(packageRoot(), "data", "digits", "digits.csv.gz");
}

/** Parses the CSV (64 pixels then the label per line); throws on a malformed row. */
export function parseDigitsCsv(text: string): LabelledSet {
  const lines = text.split("\n").filter((line) => line.trim() !== "");
  const x = new Float32Array(lines.length * DIGITS_FEATURES);
  const labels = new Int32Array(lines.length);
  lines.forEach((line, row) => {
    const fields = line.split(",").map(Number);
    if (fields.length !== DIGITS_FEATURES + 1 || fields.some((v) => !Number.isFinite(v))) {
      throw new RangeError(`digits row ${row} must hold ${DIGITS_FEATURES + 1} numbers`);
    }
    const label = fields[DIGITS_FEATURES]!;
    if (!Number.isInteger(label) || label < 0 || label >= DIGITS_CLASSES) throw new RangeError(`digits row ${row} has label ${label}`);
    x.set(fields.slice(0, DIGITS_FEATURES), row * DIGITS_FEATURES);
    labels[row] = label;
  });
  return { x, labels, samples: lines.length, features: DIGITS_FEATURES };
}

/** Rows [begin, end) of a set, sharing no memory with it. */
export function sliceSet(set: LabelledSet, begin: number, end: number): LabelledSet {
  return {
    x: set.x.slice(begin * set.features, end * set.features),
    labels: set.labels.slice(begin, end),
    samples: end - begin,
    features: set.features,
  };
}

let cached: DigitsSplit | undefined;

/** The digits split, read once per process. */
export function loadDigits(path: string = digitsPath()): DigitsSplit {
  if (cached && path === digitsPath()) return cached;
  const all = parseDigitsCsv(gunzipSync(readFileSync(path)).toString("utf8"));
  if (all.samples !== DIGITS_ROWS) throw new RangeError(`digits file must hold ${DIGITS_ROWS} rows, got ${all.samples}`);
  const split = { train: sliceSet(all, 0, DIGITS_TRAIN_ROWS), test: sliceSet(all, DIGITS_TRAIN_ROWS, DIGITS_ROWS) };
  if (path === digitsPath()) cached = split;
  return split;
}
