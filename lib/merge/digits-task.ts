// The digits-from-scratch task (spec m2n2_qd.md §7): a 64-256-10 MLP scored by per-image
// correctness on the 1,437 training images, with accuracy on the 360 test images for reporting.
// MNIST (784-64-10, lib/merge/mnist.ts) is the same kind of task on another dataset.
import { loadDigits, type LabelledSet } from "./digits.js";
import type { MlpDatasetHandle, ResolvedDevice } from "../native/binding.js";
import { type Device, resolveDevice } from "../native/index.js";
import type { ScoreEvaluator } from "./m2n2.js";
import { DIGITS_MLP, type MlpShape, mlpParamCount } from "./mlp-shape.js";
import { loadMnist, MNIST_MLP } from "./mnist.js";
import { createMlpDataset, evaluateMlpsSync, type FusedChild, mergeMutateScoreSync, scoreMlpSync } from "./native.js";

export class MlpTask implements ScoreEvaluator {
  readonly dim: number;
  readonly samples: number;
  private readonly correct: Uint8Array;
  private dataset: MlpDatasetHandle | undefined;
  /** Where score and mergeMutateScore evaluate: the CPU kernel, or the CUDA device (dataset resident there). */
  readonly device: ResolvedDevice;

  constructor(
    readonly shape: MlpShape,
    readonly train: LabelledSet,
    readonly test: LabelledSet,
    device: Device = "auto",
  ) {
    this.device = resolveDevice(device);
    this.dim = mlpParamCount(shape);
    this.samples = train.samples;
    this.correct = new Uint8Array(train.samples);
  }

  /** The training set held natively (nonzero rows), made on first use. */
  private trainDataset(): MlpDatasetHandle {
    this.dataset ??= createMlpDataset(this.train.x, this.train.labels, this.shape.inputs, this.shape.outputs);
    return this.dataset;
  }

  /** Per-image correctness on the training set (the one-model AVX-512 kernel where the CPU has it). */
  score(params: Float32Array, out: Float32Array): void {
    scoreMlpSync(params, this.shape.hidden, this.trainDataset(), out, this.device);
  }

  mergeMutateScore(parents: Float32Array, child: FusedChild, childOut: Float32Array, scoresOut: Float32Array): void {
    mergeMutateScoreSync(parents, this.dim, child, this.shape.hidden, this.trainDataset(), childOut, scoresOut, this.device);
  }

  /** The batched kernel (mlpEvaluate) the unfused reference loop uses. */
  scoreUnfused(params: Float32Array, out: Float32Array): void {
    evaluateMlpsSync(params, 1, this.shape, this.train.x, this.train.labels, this.correct);
    for (let j = 0; j < this.samples; j++) out[j] = this.correct[j]!;
  }

  /** Accuracy of one model on a labelled set. */
  accuracy(params: Float32Array, set: LabelledSet): number {
    const correct = new Uint8Array(set.samples);
    evaluateMlpsSync(params, 1, this.shape, set.x, set.labels, correct);
    return correct.reduce((sum, v) => sum + v, 0) / set.samples;
  }
}

export function digitsTask(device: Device = "auto"): MlpTask {
  const { train, test } = loadDigits();
  return new MlpTask(DIGITS_MLP, train, test, device);
}

/** MNIST (lib/merge/mnist.ts): 784-64-10 on 8,000 training images, 2,000 test images. */
export function mnistTask(device: Device = "auto"): MlpTask {
  const { train, test } = loadMnist();
  return new MlpTask(MNIST_MLP, train, test, device);
}
