// The shape of the native addon (native/addon/*.cc). Keep in step with kAbiVersion in addon.cc.
export const ABI_VERSION = 1;

export type FloatArray = Float32Array | Float64Array;
/** Where native work runs once "auto" is resolved. */
export type ResolvedDevice = "cpu" | "cuda";

export interface NativeGpuDevice {
  index: number;
  name: string;
  computeCapability: string;
  totalMemoryBytes: number;
  multiprocessors: number;
}

export interface NativeGpuInfo {
  compiled: boolean;
  architectures: string;
  runtimeVersion: number;
  driverVersion: number;
  devices: NativeGpuDevice[];
  errorCode: number;
  error: string | null;
}

export interface NativeViolation {
  kind: "overlap" | "left" | "right" | "bottom" | "top" | "negative_radius";
  i: number;
  j: number | null;
  amount: number;
}

export interface NativeSolveResult {
  centers: Float64Array;
  radii: Float64Array;
  sumRadii: number;
  starts: number;
  seconds: number;
}

export interface NativeSolveProgress {
  elapsedSeconds: number;
  starts: number;
  bestSum: number;
}

/** circlesEnergy's arguments: all arrays Float32Array, or all Float64Array. */
export type EnergyArgs<T extends FloatArray> = [
  centers: T,
  radii: T,
  n: number,
  width: number,
  height: number,
  weight: number,
  energyOut: T,
  gradCentersOut: T | null,
  gradRadiiOut: T | null,
  device: ResolvedDevice,
];

/** Gridworld state buffers: (numEnvs, paddedWidth, paddedHeight, grid, contents, info). */
export type GridworldStateArgs = [
  numEnvs: number,
  width: number,
  height: number,
  grid: Uint8Array,
  contents: Uint8Array,
  info: Int32Array,
];
export type GridworldObservationKind =
  | "partial"
  | "symbolic"
  | "rgb-partial"
  | "rgb-full"
  | "navix-symbolic"
  | "navix-symbolic-first-person"
  | "navix-categorical"
  | "navix-categorical-first-person"
  | "none";
export type GridworldAutoreset = "next-step" | "same-step" | "disabled";
export type GridworldStepArgs = [
  ...GridworldStateArgs,
  actions: Int32Array,
  autoreset: GridworldAutoreset,
  observation: GridworldObservationKind,
  viewSize: number,
  obsOut: Uint8Array | null,
  rewardOut: Float32Array,
  terminatedOut: Uint8Array,
  truncatedOut: Uint8Array,
  threads: number,
  device?: ResolvedDevice,
  finalObsOut?: Uint8Array | null,
  tile?: number,
  stepTypeOut?: Uint8Array | null,
];
export interface GridworldNativeLayout {
  infoFields: number;
  maxView: number;
  maxSide: number;
  fields: Record<string, number>;
  kinds: string[];
  generatorKinds: number[];
}

/** mergeBatch's arguments: parents is (numParents x dim); one entry per merge in the Int32/Float32 arrays. */
export type MergeBatchArgs = [
  parents: Float32Array,
  dim: number,
  pairA: Int32Array,
  pairB: Int32Array,
  split: Int32Array,
  w: Float32Array,
  interp: "linear" | "slerp",
  omega: "global" | "per-segment",
  childrenOut: Float32Array,
  device?: ResolvedDevice,
];
/** The benchmark problems of the ES addon. */
export type EsProblemName = "sphere" | "rosenbrock" | "rastrigin";

/** The element-wise updates the ES device session can run (native/core/es_update.h). */
export type EsStepRule =
  | "sgd"
  | "adam"
  | "snes"
  | "simple_es"
  | "pgpe_gradient_norm"
  | "pgpe_velocity"
  | "pgpe_apply"
  | "sep_cma_paths"
  | "sep_cma_covariance";

/** Vectors of one CPU step (esDiagonalStep); those a rule does not use may be left out. */
export interface EsStepVectors {
  mean: Float32Array;
  sigma: Float32Array;
  first: Float32Array;
  second?: Float32Array;
  moment1?: Float32Array;
  moment2?: Float32Array;
  velocity?: Float32Array;
  pathSigma?: Float32Array;
  pathC?: Float32Array;
  covariance?: Float32Array;
}

/** Their scalars; Adam's corrections are 1 - beta^t of this step. */
export interface EsStepScalars {
  learningRate?: number;
  beta1?: number;
  beta2?: number;
  epsilon?: number;
  correction1?: number;
  correction2?: number;
  sigmaRate?: number;
  weightTotal?: number;
  gradientNorm?: number;
  maxSigmaChange?: number;
  momentum?: number;
  speedScale?: number;
  pathSigmaDecay?: number;
  pathSigmaRate?: number;
  pathCDecay?: number;
  pathCRate?: number;
  covarianceDecay?: number;
  c1?: number;
  cMu?: number;
  newSigma?: number;
}

/** An opaque handle of a device-resident ES population (its fields are read-only copies). */
export interface EsDeviceHandle {
  readonly popsize: number;
  readonly dim: number;
  readonly sigmaLength: number;
  readonly antithetic: boolean;
}

/** An opaque handle of a dataset prepared for mlpScoreSync (its fields are read-only copies). */
export interface MlpDatasetHandle {
  readonly samples: number;
  readonly inputs: number;
  readonly outputs: number;
  readonly nonzeros: number;
}

/** mergeMutateScoreSync's arguments: parents is (rows x dim), dim the MLP's parameter count. */
export type MergeMutateScoreArgs = [
  parents: Float32Array,
  dim: number,
  a: number,
  b: number,
  split: number,
  w: number,
  interp: "linear" | "slerp",
  omega: "global" | "per-segment",
  sigma: number,
  seed: number,
  hidden: number,
  dataset: MlpDatasetHandle,
  childOut: Float32Array,
  scoresOut: Float32Array,
  device?: ResolvedDevice,
];

/** mlpEvaluate's arguments: params is (models x P), x is (samples x inputs). */
export type MlpEvaluateArgs = [
  params: Float32Array,
  models: number,
  inputs: number,
  hidden: number,
  outputs: number,
  x: Float32Array,
  labels: Int32Array,
  correctOut: Uint8Array,
  logitsOut: Float32Array | null,
  device?: ResolvedDevice,
];

export interface NativeBinding {
  abiVersion(): number;
  threadCount(): number;
  gpuInfo(): NativeGpuInfo;
  circlesValidate(
    centers: Float64Array,
    radii: Float64Array,
    n: number,
    width: number,
    height: number,
    tolerance: number,
    sumOut: Float64Array,
    maxViolationOut: Float64Array,
    validOut: Uint8Array,
    device: ResolvedDevice,
  ): Promise<void>;
  circlesViolations(
    centers: Float64Array,
    radii: Float64Array,
    n: number,
    width: number,
    height: number,
    tolerance: number,
    maxCount: number,
  ): { total: number; violations: NativeViolation[] };
  circlesEnergy<T extends FloatArray>(...args: EnergyArgs<T>): Promise<void>;
  /** The same on the calling thread, for small batches. */
  circlesEnergySync<T extends FloatArray>(...args: EnergyArgs<T>): void;
  circlesOptimalRadii(
    centers: Float64Array,
    n: number,
    width: number,
    height: number,
    radiiOut: Float64Array,
    statusOut: Int32Array,
  ): Promise<void>;
  circlesShrinkToStrict(centers: Float64Array, radii: Float64Array, n: number, width: number, height: number): void;
  circlesSolve(
    options: { n: number; width: number; height: number; seconds: number; seed: number; device: ResolvedDevice },
    onProgress?: (progress: NativeSolveProgress) => void,
  ): Promise<NativeSolveResult>;
  circlesCudaBenchmark(n: number, batch: number, repetitions: number): Promise<{ evalsPerSec: number; medianMs: number }>;
  /** Evolution strategies (native/addon/es_addon.cc): populationOut = mean + sigma * (+/-) z from counter-based noise. */
  esSample(
    mean: Float32Array,
    sigma: Float32Array,
    seed: number,
    generation: number,
    popsize: number,
    antithetic: boolean,
    populationOut: Float32Array,
    device: ResolvedDevice,
  ): Promise<void>;
  /** The sphere fitness of each candidate, computed while sampling (population never stored). */
  esSampleSphere(
    mean: Float32Array,
    sigma: Float32Array,
    seed: number,
    generation: number,
    popsize: number,
    antithetic: boolean,
    fitnessOut: Float64Array,
    device: ResolvedDevice,
  ): Promise<void>;
  esNoise(seed: number, generation: number, rows: number, dim: number, out: Float32Array): Promise<void>;
  /** firstOut[j] = sum_r a[r] z_r[j]; secondOut[j] = sum_r b[r] z_r[j]^2 (both or neither of b, secondOut). */
  esNoiseMoments(
    seed: number,
    generation: number,
    rows: number,
    dim: number,
    a: Float32Array,
    b: Float32Array | null,
    firstOut: Float32Array,
    secondOut: Float32Array | null,
    device: ResolvedDevice,
  ): Promise<void>;
  esEvaluate(
    problem: "sphere" | "rosenbrock" | "rastrigin",
    population: Float32Array,
    popsize: number,
    dim: number,
    fitnessOut: Float64Array,
  ): Promise<void>;
  esCudaBenchmark(
    popsize: number,
    dim: number,
    repetitions: number,
  ): Promise<{ storedMs: number; fusedMs: number; floorMs: number; copyBytesPerSecond: number }>;
  /** The fitness under problem of each candidate esSample would write, computed while sampling. */
  esSampleEvaluate(
    problem: EsProblemName,
    mean: Float32Array,
    sigma: Float32Array,
    seed: number,
    generation: number,
    popsize: number,
    antithetic: boolean,
    fitnessOut: Float64Array,
    device: ResolvedDevice,
  ): Promise<void>;
  /** Device-resident ES populations (native/addon/es_device_addon.cc; CUDA only). */
  esDeviceCreate(popsize: number, dim: number, sigmaLength: number, antithetic: boolean): EsDeviceHandle;
  esDeviceRelease(session: EsDeviceHandle): void;
  /** mean and sigma null: sample from the resident ones. */
  esDeviceSample(session: EsDeviceHandle, mean: Float32Array | null, sigma: Float32Array | null, seed: number, generation: number): Promise<void>;
  esDeviceEvaluate(session: EsDeviceHandle, problem: EsProblemName, fitnessOut: Float64Array): Promise<void>;
  esDeviceSampleEvaluate(
    session: EsDeviceHandle,
    mean: Float32Array | null,
    sigma: Float32Array | null,
    seed: number,
    generation: number,
    problem: EsProblemName,
    fitnessOut: Float64Array,
  ): Promise<void>;
  esDeviceDownload(session: EsDeviceHandle, populationOut: Float32Array): Promise<void>;
  esDeviceDownloadRow(session: EsDeviceHandle, row: number, out: Float32Array): Promise<void>;
  /** Resident state (null keeps it): upload or download the session's mean and sigma. */
  esDeviceSetState(session: EsDeviceHandle, mean: Float32Array | null, sigma: Float32Array | null): Promise<void>;
  esDeviceGetState(session: EsDeviceHandle, meanOut: Float32Array | null, sigmaOut: Float32Array | null): Promise<void>;
  /** The noise sums of tell (first from a, second from b), kept in device memory for esDeviceStep. */
  esDeviceMoments(session: EsDeviceHandle, seed: number, generation: number, a: Float32Array, b: Float32Array | null): Promise<void>;
  /** One element-wise pass over the resident state; resolves to the pass's sum (a squared norm, or 0). */
  esDeviceStep(session: EsDeviceHandle, rule: EsStepRule, scalars: EsStepScalars): Promise<number>;
  esDeviceGetVector(session: EsDeviceHandle, which: "velocity" | "path_sigma" | "path_c" | "covariance", out: Float32Array): Promise<void>;
  /** The same pass on the CPU, in place; returns its sum. */
  esDiagonalStep(rule: EsStepRule, scalars: EsStepScalars, vectors: EsStepVectors): number;
  /** matrix (n x n, symmetric) = V diag(values) V^T, values ascending, column k of vectorsOut the k-th vector. */
  esSymmetricEigen(matrix: Float64Array, n: number, valuesOut: Float64Array, vectorsOut: Float64Array): Promise<void>;
  /** In place: C <- decay C + c1 path path^T + cMu sum_k weights[k] y_k y_k^T, y_k row k of steps (popsize x d). */
  esCovarianceUpdate(
    covariance: Float64Array,
    d: number,
    decay: number,
    c1: number,
    path: Float64Array,
    cMu: number,
    weights: Float64Array,
    steps: Float64Array,
    popsize: number,
  ): Promise<void>;
  /** Gridworld (native/addon/gridworld_addon.cc): the state layout, then batch reset/step/observe in place. */
  gridworldLayout(): GridworldNativeLayout;
  gridworldReset(
    ...args: [...GridworldStateArgs, observation: GridworldObservationKind, viewSize: number, obsOut: Uint8Array | null, threads: number, device?: ResolvedDevice, tile?: number]
  ): void;
  gridworldResetAsync(
    ...args: [...GridworldStateArgs, observation: GridworldObservationKind, viewSize: number, obsOut: Uint8Array | null, threads: number, device?: ResolvedDevice, tile?: number]
  ): Promise<void>;
  gridworldStep(...args: GridworldStepArgs): void;
  gridworldStepAsync(...args: GridworldStepArgs): Promise<void>;
  gridworldObserve(...args: [...GridworldStateArgs, observation: GridworldObservationKind, viewSize: number, obsOut: Uint8Array | null, tile?: number]): void;
  /** Random-action throughput of a reset batch (observations written every step unless "none"). */
  gridworldBenchmark(
    ...args: [
      ...GridworldStateArgs,
      observation: GridworldObservationKind,
      viewSize: number,
      steps: number,
      threads: number,
      actionSeed: number,
      device?: ResolvedDevice,
    ]
  ): Promise<{ seconds: number; checksum: number }>;
  /** M2N2 (native/addon/merge_addon.cc): childrenOut row r = merge(parents[pairA[r]], parents[pairB[r]], split[r], w[r]). */
  mergeBatch(...args: MergeBatchArgs): Promise<void>;
  mergeBatchSync(...args: MergeBatchArgs): void;
  /** child += sigma * N(0, 1), drawn from a stream seeded with seed (an integer below 2^53). */
  mergeMutate(child: Float32Array, sigma: number, seed: number): void;
  /** correctOut[m * samples + j] = argmax of model m's logits on sample j equals labels[j]. */
  mlpEvaluate(...args: MlpEvaluateArgs): Promise<void>;
  mlpEvaluateSync(...args: MlpEvaluateArgs): void;
  /** M2N2 fast step (native/addon/merge_step_addon.cc): a dataset held natively as nonzero rows, checked once. */
  mlpDatasetCreate(x: Float32Array, labels: Int32Array, inputs: number, outputs: number): MlpDatasetHandle;
  /** scoresOut[j] = 1 when the MLP (inputs-hidden-outputs) classifies sample j right, else 0. */
  mlpScoreSync(params: Float32Array, hidden: number, dataset: MlpDatasetHandle, scoresOut: Float32Array, device?: ResolvedDevice): void;
  /** childOut = merge(parents[a], parents[b]) + sigma * mergeNormals(seed), then its scores: one call per child. */
  mergeMutateScoreSync(...args: MergeMutateScoreArgs): void;
  /** out[k] = the counter-based normal at element first + k of the stream for seed. */
  mergeNormals(seed: number, first: number, out: Float32Array): void;
  /** M2N2 shared fitness f (rows) of the first rows x samples scores. */
  competitionFitness(scores: Float32Array, rows: number, samples: number, alpha: number, capacity: Float64Array | null, fOut: Float64Array): void;
  /** M2N2 attraction g_k = sum_j max(0, F_kj - F_aj). */
  competitionAttraction(scores: Float32Array, rows: number, samples: number, alpha: number, capacity: Float64Array | null, a: number, gOut: Float64Array): void;
  /** kbench (native/addon/kbench_reference.cc): Philox inputs; tensor i draws from stream i of the key. */
  kbenchGenerateInputs(key: KbenchInputKey, tensors: KbenchInputSpec[]): (Float32Array | Int32Array)[];
  /** kbench CPU fp64 reference `id`; outputs in the order given. RangeError for unknown ids or bad shapes. */
  kbenchCpuReference(
    id: string,
    inputs: { name: string; shape: number[]; data: Float32Array | Int32Array }[],
    scalars: Record<string, number>,
    vars: Record<string, number>,
    outputs: { name: string; shape: number[] }[],
  ): Float64Array[];
  kbenchReferenceIds(): string[];
}

/** Which Philox stream kbench inputs come from (all words are u32). */
export interface KbenchInputKey {
  taskHash: number;
  configIndex: number;
  trial: number;
  seed: number;
}
export interface KbenchInputSpec {
  name: string;
  dtype: "f32" | "i32";
  shape: number[];
  init: string;
  /** Exclusive upper bound for randint:<KEY> inits. */
  high?: number;
}

/** Every function the addon must export; a test checks the loaded module against it. */
export const NATIVE_FUNCTIONS: readonly (keyof NativeBinding)[] = [
  "abiVersion",
  "threadCount",
  "gpuInfo",
  "circlesValidate",
  "circlesViolations",
  "circlesEnergy",
  "circlesEnergySync",
  "circlesOptimalRadii",
  "circlesShrinkToStrict",
  "circlesSolve",
  "circlesCudaBenchmark",
  "esSample",
  "esSampleSphere",
  "esNoise",
  "esNoiseMoments",
  "esEvaluate",
  "esCudaBenchmark",
  "esSampleEvaluate",
  "esDeviceCreate",
  "esDeviceRelease",
  "esDeviceSample",
  "esDeviceEvaluate",
  "esDeviceSampleEvaluate",
  "esDeviceDownload",
  "esDeviceDownloadRow",
  "esDeviceSetState",
  "esDeviceGetState",
  "esDeviceMoments",
  "esDeviceStep",
  "esDeviceGetVector",
  "esDiagonalStep",
  "esSymmetricEigen",
  "esCovarianceUpdate",
  "gridworldLayout",
  "gridworldReset",
  "gridworldResetAsync",
  "gridworldStep",
  "gridworldStepAsync",
  "gridworldObserve",
  "gridworldBenchmark",
  "mergeBatch",
  "mergeBatchSync",
  "mergeMutate",
  "mlpEvaluate",
  "mlpEvaluateSync",
  "mlpDatasetCreate",
  "mlpScoreSync",
  "mergeMutateScoreSync",
  "mergeNormals",
  "competitionFitness",
  "competitionAttraction",
  "kbenchGenerateInputs",
  "kbenchCpuReference",
  "kbenchReferenceIds",
];
