// The native ES kernels bound to one seed and device. Noise is a pure function of (seed, generation,
// row, element), so `tell` regenerates exactly the noise that `ask` drew for the same generation.
import type { EsProblemName } from "../native/binding.js";
import type { NativeBinding, ResolvedDevice } from "../native/index.js";
import { loadNative } from "../native/index.js";

export class EsKernels {
  private readonly native: NativeBinding = loadNative();

  constructor(
    readonly seed: number,
    readonly device: ResolvedDevice,
  ) {}

  /** population = mean + sigma * (+/-) z; sigma has 1 or dim elements. */
  sample(mean: Float32Array, sigma: Float32Array, generation: number, popsize: number, antithetic: boolean, out: Float32Array): Promise<void> {
    return this.native.esSample(mean, sigma, this.seed, generation, popsize, antithetic, out, this.device);
  }

  /** The sphere fitness of the population that `sample` would write, without writing it. */
  sampleSphere(mean: Float32Array, sigma: Float32Array, generation: number, popsize: number, antithetic: boolean, out: Float64Array): Promise<void> {
    return this.native.esSampleSphere(mean, sigma, this.seed, generation, popsize, antithetic, out, this.device);
  }

  /** The problem's value of each candidate `sample` would write, computed without writing them. */
  sampleEvaluate(
    problem: EsProblemName,
    mean: Float32Array,
    sigma: Float32Array,
    generation: number,
    popsize: number,
    antithetic: boolean,
    out: Float64Array,
  ): Promise<void> {
    return this.native.esSampleEvaluate(problem, mean, sigma, this.seed, generation, popsize, antithetic, out, this.device);
  }

  /** The raw noise rows z (rows x dim), on the CPU. */
  async noise(generation: number, rows: number, dim: number): Promise<Float32Array> {
    const out = new Float32Array(rows * dim);
    await this.native.esNoise(this.seed, generation, rows, dim, out);
    return out;
  }

  /** first[j] = sum_r a[r] z_r[j]; second[j] = sum_r b[r] z_r[j]^2 when b is given. */
  async moments(generation: number, dim: number, a: ArrayLike<number>, b?: ArrayLike<number>): Promise<{ first: Float32Array; second: Float32Array }> {
    const first = new Float32Array(dim);
    const second = new Float32Array(b ? dim : 0);
    await this.native.esNoiseMoments(
      this.seed,
      generation,
      a.length,
      dim,
      Float32Array.from(a),
      b ? Float32Array.from(b) : null,
      first,
      b ? second : null,
      this.device,
    );
    return { first, second };
  }
}
