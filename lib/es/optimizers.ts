// Optimisers that move the search mean along a gradient estimate (descent: m <- m - step), as in
// evosax: SGD, Adam (optax defaults, bias-corrected) and ClipUp (Toklu et al.).
import { z } from "zod";

export interface MeanOptimizer {
  /** Mutable, for learning-rate schedules (evosax v0.1's decay and floor). */
  learningRate: number;
  /** Updates mean in place from the gradient (same length). */
  step(mean: Float32Array, gradient: Float32Array): void;
}

export class Sgd implements MeanOptimizer {
  constructor(public learningRate: number) {}
  step(mean: Float32Array, gradient: Float32Array): void {
    for (let j = 0; j < mean.length; j++) mean[j]! -= this.learningRate * gradient[j]!;
  }
}

export class Adam implements MeanOptimizer {
  private readonly m: Float32Array;
  private readonly v: Float32Array;
  private t = 0;
  constructor(
    dim: number,
    public learningRate: number,
    readonly beta1 = 0.9,
    readonly beta2 = 0.999,
    readonly epsilon = 1e-8,
  ) {
    this.m = new Float32Array(dim);
    this.v = new Float32Array(dim);
  }
  /**
   * Counts a step taken elsewhere (a device that keeps its own m and v) and returns that step's
   * scalars; a strategy uses either this or `step`, never both.
   */
  deviceStep(): { learningRate: number; beta1: number; beta2: number; epsilon: number; correction1: number; correction2: number } {
    this.t += 1;
    const { learningRate, beta1, beta2, epsilon } = this;
    return { learningRate, beta1, beta2, epsilon, correction1: 1 - beta1 ** this.t, correction2: 1 - beta2 ** this.t };
  }
  step(mean: Float32Array, gradient: Float32Array): void {
    this.t += 1;
    const correction1 = 1 - this.beta1 ** this.t;
    const correction2 = 1 - this.beta2 ** this.t;
    const { m, v, beta1, beta2 } = this;
    for (let j = 0; j < mean.length; j++) {
      const g = gradient[j]!;
      m[j] = beta1 * m[j]! + (1 - beta1) * g;
      v[j] = beta2 * v[j]! + (1 - beta2) * g * g;
      mean[j]! -= (this.learningRate * (m[j]! / correction1)) / (Math.sqrt(v[j]! / correction2) + this.epsilon);
    }
  }
}

/** ClipUp: normalised gradient into a momentum velocity whose norm is capped at maxSpeed/lr. */
export class ClipUp implements MeanOptimizer {
  private readonly velocity: Float32Array;
  constructor(
    dim: number,
    public learningRate: number,
    private readonly maxSpeed: number,
    private readonly momentum = 0.9,
  ) {
    this.velocity = new Float32Array(dim);
  }
  step(mean: Float32Array, gradient: Float32Array): void {
    const gradientNorm = norm(gradient);
    const v = this.velocity;
    for (let j = 0; j < v.length; j++) v[j] = this.momentum * v[j]! + (gradientNorm > 0 ? gradient[j]! / gradientNorm : 0);
    const cap = this.maxSpeed / this.learningRate;
    const speed = norm(v);
    if (speed > cap) for (let j = 0; j < v.length; j++) v[j]! *= cap / speed;
    for (let j = 0; j < mean.length; j++) mean[j]! -= this.learningRate * v[j]!;
  }
}

export function norm(values: ArrayLike<number>): number {
  let total = 0;
  for (let j = 0; j < values.length; j++) total += values[j]! * values[j]!;
  return Math.sqrt(total);
}

export const OptimizerName = z.enum(["sgd", "adam"]);
export type OptimizerName = z.infer<typeof OptimizerName>;

/** beta1 applies to Adam only: optax's default is 0.9, evosax v0.1's own Adam (HaDES) used 0.99. */
export function createOptimizer(name: OptimizerName, dim: number, learningRate: number, beta1 = 0.9): MeanOptimizer {
  return name === "adam" ? new Adam(dim, learningRate, beta1) : new Sgd(learningRate);
}
