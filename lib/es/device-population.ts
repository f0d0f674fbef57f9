// A search distribution resident in CUDA device memory (native es::gpu::DeviceSession): ask samples
// the population there from the same counter-based noise as the CPU, native evaluators read it
// there, and strategies with element-wise updates keep their mean and sigma there too (moments and
// step run on the device), so a generation moves only O(P) numbers plus what the caller downloads.
import type { EsDeviceHandle, EsProblemName, EsStepRule, EsStepScalars } from "../native/binding.js";
import { loadNative } from "../native/index.js";

export class DevicePopulation {
  private readonly native = loadNative();
  private readonly handle: EsDeviceHandle;
  private released = false;

  constructor(
    readonly popsize: number,
    readonly dim: number,
    readonly sigmaLength: number,
    readonly antithetic: boolean,
  ) {
    this.handle = this.native.esDeviceCreate(popsize, dim, sigmaLength, antithetic);
  }

  /** Samples mean + sigma * (+/-) z of (seed, generation) into device memory (null: the resident ones). */
  sample(mean: Float32Array | null, sigma: Float32Array | null, seed: number, generation: number): Promise<void> {
    return this.native.esDeviceSample(this.live(), mean, sigma, seed, generation);
  }

  /** The problem's value for each resident candidate, evaluated on the device. */
  async evaluate(problem: EsProblemName): Promise<Float64Array> {
    const fitness = new Float64Array(this.popsize);
    await this.native.esDeviceEvaluate(this.live(), problem, fitness);
    return fitness;
  }

  /** The fused ask: the values of the population `sample` would write, which is never stored. */
  async sampleEvaluate(
    mean: Float32Array | null,
    sigma: Float32Array | null,
    seed: number,
    generation: number,
    problem: EsProblemName,
  ): Promise<Float64Array> {
    const fitness = new Float64Array(this.popsize);
    await this.native.esDeviceSampleEvaluate(this.live(), mean, sigma, seed, generation, problem, fitness);
    return fitness;
  }

  download(out: Float32Array): Promise<void> {
    return this.native.esDeviceDownload(this.live(), out);
  }

  downloadRow(row: number, out: Float32Array): Promise<void> {
    return this.native.esDeviceDownloadRow(this.live(), row, out);
  }

  /** Copies the resident mean and/or sigma to host arrays. */
  getState(meanOut: Float32Array | null, sigmaOut: Float32Array | null): Promise<void> {
    return this.native.esDeviceGetState(this.live(), meanOut, sigmaOut);
  }

  /** tell's noise sums (first = sum a_r z_r, second = sum b_r z_r^2), left in device memory. */
  moments(seed: number, generation: number, a: ArrayLike<number>, b: ArrayLike<number> | null): Promise<void> {
    return this.native.esDeviceMoments(this.live(), seed, generation, Float32Array.from(a), b ? Float32Array.from(b) : null);
  }

  /** One element-wise pass over the resident mean, sigma and strategy vectors; resolves to its sum. */
  step(rule: EsStepRule, scalars: EsStepScalars): Promise<number> {
    return this.native.esDeviceStep(this.live(), rule, scalars);
  }

  /** Copies a resident strategy vector (sep-CMA-ES's covariance, ...) to the host. */
  getVector(which: "velocity" | "path_sigma" | "path_c" | "covariance", out: Float32Array): Promise<void> {
    return this.native.esDeviceGetVector(this.live(), which, out);
  }

  /** Frees the device memory now rather than when the handle is collected. */
  release(): void {
    if (this.released) return;
    this.released = true;
    this.native.esDeviceRelease(this.handle);
  }

  private live(): EsDeviceHandle {
    if (this.released) throw new Error("this device population was released");
    return this.handle;
  }
}
