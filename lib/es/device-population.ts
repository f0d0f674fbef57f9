// A population resident in CUDA device memory (native es::gpu::DeviceSession): ask samples it there
// from the same counter-based noise as the CPU, native evaluators read it there, and only the
// fitness values (P numbers), or the rows asked for, come back to the host.
import type { EsDeviceHandle, EsProblemName } from "../native/binding.js";
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

  /** Samples mean + sigma * (+/-) z of (seed, generation) into device memory. */
  sample(mean: Float32Array, sigma: Float32Array, seed: number, generation: number): Promise<void> {
    return this.native.esDeviceSample(this.live(), mean, sigma, seed, generation);
  }

  /** The problem's value for each resident candidate, evaluated on the device. */
  async evaluate(problem: EsProblemName): Promise<Float64Array> {
    const fitness = new Float64Array(this.popsize);
    await this.native.esDeviceEvaluate(this.live(), problem, fitness);
    return fitness;
  }

  /** The fused ask: the values of the population `sample` would write, which is never stored. */
  async sampleEvaluate(mean: Float32Array, sigma: Float32Array, seed: number, generation: number, problem: EsProblemName): Promise<Float64Array> {
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
