// Gymnasium-style vector environments over the native batch: reset() and step(actions) fill
// preallocated typed arrays in place (the addon writes them; nothing is copied), so the arrays a
// call returns are the same objects every time and change with the next call.
import { z } from "zod";
import type { GridworldAutoreset, GridworldObservationKind, ResolvedDevice } from "../native/binding.js";
import { type Device, DEVICES, loadNative, resolveDevice } from "../native/index.js";
import { missionOf } from "./mission.js";
import { loadMiniGridState, type MiniGridState, miniGridStateSchema } from "./minigrid-state.js";
import { envSpec, type EnvSpec } from "./registry.js";
import { renderPng } from "./render.js";
import { GridBatchState } from "./state.js";

export type ObservationKind = GridworldObservationKind;

export interface StepResult {
  /** partial: u8[B][V][V][3]; symbolic: u8[B][W][H][3] (padded); null for "none". x-major as MiniGrid.
   * rgb-partial: u8[B][V*tile][V*tile][3]; rgb-full: u8[B][H*tile][W*tile][3] (padded); row-major images.
   * navix-symbolic: u8[B][H][W][3] (padded), navix-symbolic-first-person: u8[B][V][V][3], both row-major;
   * navix-categorical: i32[B][H][W], navix-categorical-first-person: i32[B][V][V], as bytes (see obsInt32). */
  obs: Uint8Array | null;
  reward: Float32Array;
  terminated: Uint8Array;
  truncated: Uint8Array;
  /** obs as i32 tags for the navix-categorical kinds (the same memory), else null. */
  obsInt32: Int32Array | null;
  /** NAVIX's step type: 0 transition, 1 truncation, 2 termination (clip(truncated + 2 terminated, 0, 2)). */
  stepType: Uint8Array;
  /** Same-step autoreset only: the last observation of each environment that ended on this step
   * (obs then already shows the next episode); stale entries for the others. */
  finalObs: Uint8Array | null;
}

const optionsSchema = z.object({
  numEnvs: z.number().int().min(1).max(2 ** 26),
  // The state lives in host memory, so "cuda" copies it to the device and back on every call:
  // exact, but worth it only for big batches. "auto" therefore means the CPU here.
  device: z.enum(DEVICES as unknown as [Device, ...Device[]]).default("cpu"),
  seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
  // navix-symbolic: NAVIX's `symbolic` (u8[H][W][3] row-major); navix-symbolic-first-person: its
  // 7x7 `symbolic_first_person` (row-major, no occlusion, the agent's cell empty).
  // navix-categorical / navix-categorical-first-person: its i32 tag maps (obsInt32 views the bytes).
  observation: z
    .enum(["partial", "symbolic", "rgb-partial", "rgb-full", "navix-symbolic", "navix-symbolic-first-person", "navix-categorical", "navix-categorical-first-person", "none"])
    .default("partial"),
  // RGB pixels per cell: 8 as MiniGrid's RGB wrappers, 32 as its renderer.
  tile: z.number().int().min(1).max(64).default(8),
  // NAVIX's deviations (spec §9): "navix" turns on every one implemented here, and each flag below
  // overrides it. Unset, each environment follows its id: NAVIX semantics for Navix-* ids, MiniGrid's
  // for MiniGrid-* ids (per environment in a mixed batch).
  semantics: z.enum(["minigrid", "navix"]).optional(),
  // NAVIX's Markov reward: +1 on success instead of 1 - 0.9 t/T.
  markovReward: z.boolean().optional(),
  // NAVIX's penality_coeff c (rewards as its environment.py): on a terminating step the Markov reward
  // becomes reward - c t/T, on lava and ball deaths too. Default 0; setting it implies markovReward.
  // c = 0.9 gives MiniGrid's 1 - 0.9 t/T at the goal, bit for bit.
  navixPenaltyCoeff: z.number().finite().optional(),
  // NAVIX's max_steps: 100 for every id unless maxSteps is passed.
  navixMaxSteps: z.boolean().optional(),
  // NAVIX's doors: unlocking uses up the key, and an open door never closes again.
  navixKeyConsumed: z.boolean().optional(),
  // NAVIX's DistShift: lava does not end the episode.
  navixDistShiftLava: z.boolean().optional(),
  // NAVIX's pickup: keys only, and it overwrites the pocket (a held object is lost).
  navixPickup: z.boolean().optional(),
  // NAVIX's drop: the object goes down but the pocket is not cleared (it cannot be dropped twice).
  navixDrop: z.boolean().optional(),
  // NAVIX has no box toggle: toggling a box does nothing.
  navixNoBoxToggle: z.boolean().optional(),
  // NAVIX's Dynamic-Obstacles: 7 actions, balls take one cardinal step after the agent, contact
  // with a ball ends the episode with reward 0 (no -1 for a blocked forward step).
  navixDynamicObstacles: z.boolean().optional(),
  // NAVIX's GoToDoor: success as soon as the agent faces the target door; room side randint(5, n).
  navixGoToDoor: z.boolean().optional(),
  // NAVIX's generators: Empty-Random places the goal at random too; DoorKey starts at (1, 1) facing
  // east (Random ids: random start, goal anywhere in the right room) with the door row in [1, H-1).
  navixLayouts: z.boolean().optional(),
  autoreset: z.enum(["next-step", "same-step", "disabled"]).default("next-step"),
  maxSteps: z.number().int().min(1).optional(),
  seeThroughWalls: z.boolean().optional(),
  viewSize: z.number().int().min(3).max(15).refine((v) => v % 2 === 1, "viewSize must be odd").default(7),
  threads: z.number().int().min(0).max(1024).default(0),
});
export type VecEnvOptions = z.input<typeof optionsSchema>;

function parseOptions<T extends z.ZodType>(schema: T, options: unknown): z.infer<T> {
  const parsed = schema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const where = issue?.path.join(".") || "options";
    const message = `${where}: ${issue?.message ?? "invalid"}`;
    throw issue?.code === "invalid_type" ? new TypeError(message) : new RangeError(message);
  }
  return parsed.data;
}

type DeviationOptions = Pick<z.infer<typeof optionsSchema>, `navix${string}` & keyof z.infer<typeof optionsSchema>>;

// Bits of the native Deviation enum (native/core/gridworld.h) that TS itself needs to read back.
const NAVIX_DYNAMIC_OBSTACLES_BIT = 1 << 5;

// Bits of the native Deviation enum, in its order; each flag defaults to whether the environment
// runs NAVIX semantics.
function deviationBits(o: DeviationOptions, navix: boolean): number {
  const flags = [
    o.navixKeyConsumed,
    o.navixDistShiftLava,
    o.navixPickup,
    o.navixDrop,
    o.navixNoBoxToggle,
    o.navixDynamicObstacles,
    o.navixGoToDoor,
    o.navixLayouts,
  ];
  return flags.reduce<number>((bits, flag, i) => ((flag ?? navix) ? bits | (1 << i) : bits), 0);
}

/** NAVIX's reward rule per environment (spec §9), applied after the native step. */
export interface RewardRules {
  /** 1: Markov reward (a success pays 1). */
  markov: Uint8Array;
  /** penality_coeff per environment, as a float32 (0: none). */
  penaltyCoeff: Float32Array;
}

export class VecEnv {
  readonly obs: Uint8Array | null;
  /** The categorical observations as i32 tags: a view of obs's bytes (NAVIX kinds only). */
  readonly obsInt32: Int32Array | null;
  readonly reward: Float32Array;
  readonly terminated: Uint8Array;
  readonly truncated: Uint8Array;
  readonly stepType: Uint8Array;
  readonly finalObs: Uint8Array | null;
  /** Actions each environment accepts (actions[b] in [0, actionCounts[b])): 7, or 3 for
   * Dynamic-Obstacles under MiniGrid's rules (NAVIX's keeps all 7), as the addon checks them. */
  readonly actionCounts: Int32Array;
  private readonly directions: Int32Array;
  // Step counts before the step in flight (NAVIX's penalty needs t of a terminating step, which a
  // same-step autoreset has already cleared); allocated only when a penalty is in use.
  private readonly stepsBefore: Int32Array | null;
  private readonly native = loadNative();

  constructor(
    readonly state: GridBatchState,
    readonly observation: ObservationKind,
    readonly autoreset: GridworldAutoreset,
    readonly viewSize: number,
    readonly threads: number,
    readonly device: ResolvedDevice = "cpu",
    private readonly missions: string[] | null = null,
    readonly tile = 8,
    /** NAVIX's reward rule per environment; null: MiniGrid's rewards everywhere. */
    readonly rewardRules: RewardRules | null = null,
  ) {
    const n = state.numEnvs;
    const obsSize = {
      partial: viewSize * viewSize * 3,
      symbolic: state.width * state.height * 3,
      "navix-symbolic-first-person": viewSize * viewSize * 3,
      "navix-symbolic": state.width * state.height * 3,
      "navix-categorical": state.width * state.height * 4,
      "navix-categorical-first-person": viewSize * viewSize * 4,
      "rgb-partial": viewSize * tile * viewSize * tile * 3,
      "rgb-full": state.width * tile * state.height * tile * 3,
      none: 0,
    }[observation];
    this.obs = obsSize > 0 ? new Uint8Array(n * obsSize) : null;
    this.obsInt32 = this.obs && observation.startsWith("navix-categorical") ? new Int32Array(this.obs.buffer) : null;
    this.finalObs = obsSize > 0 && autoreset === "same-step" ? new Uint8Array(n * obsSize) : null;
    this.reward = new Float32Array(n);
    this.terminated = new Uint8Array(n);
    this.truncated = new Uint8Array(n);
    this.stepType = new Uint8Array(n);
    this.directions = new Int32Array(n);
    this.actionCounts = actionCounts(state);
    this.stepsBefore = rewardRules?.penaltyCoeff.some((c) => c !== 0) ? new Int32Array(n) : null;
  }

  get numEnvs(): number {
    return this.state.numEnvs;
  }

  /** Starts a new episode in every environment (generated layouts) and returns the observations. */
  reset(): { obs: Uint8Array | null; obsInt32: Int32Array | null } {
    this.native.gridworldReset(...this.state.args(), this.observation, this.viewSize, this.obs, this.threads, this.device, this.tile);
    return { obs: this.obs, obsInt32: this.obsInt32 };
  }

  /** The same reset on the libuv pool, for big batches. */
  async resetAsync(): Promise<{ obs: Uint8Array | null; obsInt32: Int32Array | null }> {
    await this.native.gridworldResetAsync(...this.state.args(), this.observation, this.viewSize, this.obs, this.threads, this.device, this.tile);
    return { obs: this.obs, obsInt32: this.obsInt32 };
  }

  /** The observation of the current state, without stepping (e.g. after fromMiniGridState). */
  observe(): { obs: Uint8Array | null; obsInt32: Int32Array | null } {
    this.native.gridworldObserve(...this.state.args(), this.observation, this.viewSize, this.obs, this.tile);
    return { obs: this.obs, obsInt32: this.obsInt32 };
  }

  step(actions: Int32Array): StepResult {
    this.checkActions(actions);
    this.rememberStepCounts();
    this.native.gridworldStep(...this.stepArgs(actions));
    return this.result();
  }

  /** The same step on the libuv pool, for big batches. */
  async stepAsync(actions: Int32Array): Promise<StepResult> {
    this.checkActions(actions);
    this.rememberStepCounts();
    await this.native.gridworldStepAsync(...this.stepArgs(actions));
    return this.result();
  }

  /** The agents' directions (0 east, 1 south, 2 west, 3 north), refreshed on each call. */
  direction(): Int32Array {
    for (let b = 0; b < this.numEnvs; b++) this.directions[b] = this.state.get(b, "agentDir");
    return this.directions;
  }

  /** A PNG of environment `env` (tile pixels per cell), the cells its agent sees highlighted. */
  render(env = 0, { tile = 32 }: { tile?: number } = {}): Buffer {
    if (!Number.isInteger(env) || env < 0 || env >= this.numEnvs) throw new RangeError(`env must be an integer in [0, ${this.numEnvs - 1}], got ${env}`);
    if (!Number.isInteger(tile) || tile < 1 || tile > 256) throw new RangeError(`tile must be an integer in [1, 256], got ${tile}`);
    const size = this.viewSize * this.viewSize * 3;
    const view = this.observation === "partial" && this.obs ? this.obs.subarray(env * size, (env + 1) * size) : null;
    return renderPng(this.state, env, tile, view, this.viewSize);
  }

  mission(env: number): string {
    return this.missions?.[env] ?? missionOf(this.state, env);
  }

  private checkActions(actions: Int32Array): void {
    if (!(actions instanceof Int32Array)) throw new TypeError("actions must be an Int32Array");
    if (actions.length !== this.numEnvs) {
      throw new RangeError(`actions must have ${this.numEnvs} elements (one per environment), got ${actions.length}`);
    }
  }

  private stepArgs(actions: Int32Array) {
    return [
      ...this.state.args(),
      actions,
      this.autoreset,
      this.observation,
      this.viewSize,
      this.obs,
      this.reward,
      this.terminated,
      this.truncated,
      this.threads,
      this.device,
      this.finalObs,
      this.tile,
      this.stepType,
    ] as const;
  }

  private rememberStepCounts(): void {
    if (!this.stepsBefore) return;
    for (let b = 0; b < this.numEnvs; b++) this.stepsBefore[b] = this.state.get(b, "stepCount");
  }

  private result(): StepResult {
    if (this.rewardRules) applyNavixRewards(this.rewardRules, this.reward, this.terminated, this.stepsBefore, this.state);
    return {
      obs: this.obs,
      obsInt32: this.obsInt32,
      reward: this.reward,
      terminated: this.terminated,
      truncated: this.truncated,
      stepType: this.stepType,
      finalObs: this.finalObs,
    };
  }
}

// The addon's env_action_count (native/core/gridworld.h) for every environment of a batch.
function actionCounts(state: GridBatchState): Int32Array {
  const dynamicObstacles = state.layout.kindCode.get("dynamic-obstacles");
  return Int32Array.from({ length: state.numEnvs }, (_, b) => {
    if (state.get(b, "kind") !== dynamicObstacles) return 7;
    return (state.get(b, "deviations") & NAVIX_DYNAMIC_OBSTACLES_BIT) !== 0 ? 7 : 3;
  });
}

// NAVIX's reward (environment.py's _step): the Markov reward, minus penality_coeff * t / T on a
// terminating step, in float32 as JAX computes it. Positive native rewards are only ever success
// rewards 1 - 0.9 t/T > 0, so mapping them to 1 gives NAVIX's +1. A terminating step's t is the step
// count before it plus one (the step that ends an episode is never a next-step reset).
function applyNavixRewards(rules: RewardRules, reward: Float32Array, terminated: Uint8Array, stepsBefore: Int32Array | null, state: GridBatchState): void {
  const f = Math.fround;
  for (let b = 0; b < reward.length; b++) {
    if (rules.markov[b] && (reward[b] as number) > 0) reward[b] = 1;
    const coeff = rules.penaltyCoeff[b] as number;
    if (coeff === 0 || !stepsBefore || !terminated[b]) continue;
    const t = (stepsBefore[b] as number) + 1;
    reward[b] = f((reward[b] as number) - f(coeff * f(t / state.get(b, "maxSteps"))));
  }
}

type RewardOptions = Pick<z.infer<typeof optionsSchema>, "markovReward" | "navixPenaltyCoeff">;

function checkPenalty(o: RewardOptions): void {
  if (o.navixPenaltyCoeff !== undefined && o.markovReward === false) {
    throw new RangeError("navixPenaltyCoeff: NAVIX's penalty applies to its Markov reward; it cannot be combined with markovReward: false");
  }
}

// NAVIX semantics or a penalty coefficient bring NAVIX's Markov reward unless markovReward says no.
function usesMarkovReward(o: RewardOptions, navix: boolean): boolean {
  return o.markovReward ?? (navix || o.navixPenaltyCoeff !== undefined);
}

function rewardRules(markov: Uint8Array, penaltyCoeff: Float32Array): RewardRules | null {
  return markov.some((m) => m !== 0) || penaltyCoeff.some((c) => c !== 0) ? { markov, penaltyCoeff } : null;
}

// "auto" stays on the CPU for host-resident state (see the device option); "cuda" needs a device.
function vecEnvDevice(device: Device): ResolvedDevice {
  return device === "auto" ? "cpu" : resolveDevice(device);
}

/**
 * B environments seeded seed, seed + 1, ...: all of one MiniGrid id, or a mixed batch with one id
 * per environment (ids.length = numEnvs; grids are padded to the largest).
 */
export function makeVecEnv(id: string | readonly string[], options: VecEnvOptions): VecEnv {
  if (typeof id !== "string" && !Array.isArray(id)) throw new TypeError("id must be a string or an array of strings");
  const o = parseOptions(optionsSchema, options);
  const ids = typeof id === "string" ? null : (id as readonly string[]);
  if (ids && ids.length !== o.numEnvs) throw new RangeError(`ids must have numEnvs = ${o.numEnvs} entries, got ${ids.length}`);
  const specs: EnvSpec[] = (ids ?? [id as string]).map((name) => {
    if (typeof name !== "string") throw new TypeError("every id must be a string");
    return envSpec(name);
  });
  const device = vecEnvDevice(o.device);
  checkPenalty(o);
  const markov = new Uint8Array(o.numEnvs);
  const penaltyCoeff = new Float32Array(o.numEnvs);
  const state = new GridBatchState(o.numEnvs, Math.max(...specs.map((s) => s.width)), Math.max(...specs.map((s) => s.height)));
  for (let b = 0; b < o.numEnvs; b++) {
    const spec = specs[ids ? b : 0] as EnvSpec;
    const kind = state.layout.kindCode.get(spec.kind);
    if (kind === undefined || !state.layout.generatorKinds.has(kind)) {
      throw new RangeError(`${spec.id} has no layout generator in this addon: load recorded layouts with fromMiniGridState`);
    }
    const seed = o.seed + b;
    const navix = (o.semantics ?? spec.source) === "navix";
    markov[b] = usesMarkovReward(o, navix) ? 1 : 0;
    penaltyCoeff[b] = o.navixPenaltyCoeff ?? 0;
    state.set(b, "kind", kind);
    state.set(b, "width", spec.width);
    state.set(b, "height", spec.height);
    state.set(b, "maxSteps", o.maxSteps ?? ((o.navixMaxSteps ?? navix) ? 100 : spec.maxSteps));
    state.set(b, "deviations", deviationBits(o, navix));
    state.set(b, "seeThrough", (o.seeThroughWalls ?? spec.seeThroughWalls) ? 1 : 0);
    state.set(b, "seedLow", (seed % 2 ** 32) | 0);
    state.set(b, "seedHigh", Math.floor(seed / 2 ** 32) | 0);
    spec.params.forEach((value, i) => state.set(b, "param0", value, i));
  }
  return new VecEnv(state, o.observation, o.autoreset, o.viewSize, o.threads, device, null, o.tile, rewardRules(markov, penaltyCoeff));
}

// The dynamics deviations and NAVIX's rewards apply to loaded states too (layout ones only matter
// for generation).
const loadOptionsSchema = optionsSchema
  .pick({
    observation: true,
    threads: true,
    device: true,
    tile: true,
    semantics: true,
    markovReward: true,
    navixPenaltyCoeff: true,
    navixKeyConsumed: true,
    navixDistShiftLava: true,
    navixPickup: true,
    navixDrop: true,
    navixNoBoxToggle: true,
    navixDynamicObstacles: true,
    navixGoToDoor: true,
  })
  .partial();

/** A batch holding exact MiniGrid states (e.g. conformance records); the caller resets (autoreset disabled). */
export function fromMiniGridState(
  states: readonly unknown[],
  options: z.input<typeof loadOptionsSchema> = {},
): VecEnv {
  if (!Array.isArray(states) || states.length === 0) throw new RangeError("states must be a non-empty array");
  const parsed: MiniGridState[] = states.map((s, i) => {
    const result = miniGridStateSchema.safeParse(s);
    if (!result.success) {
      const issue = result.error.issues[0];
      throw new RangeError(`states[${i}].${issue?.path.join(".") ?? ""}: ${issue?.message ?? "invalid"}`);
    }
    return result.data;
  });
  const o = parseOptions(loadOptionsSchema, options);
  checkPenalty(o);
  const device = vecEnvDevice(o.device ?? "cpu");
  const views = new Set(parsed.map((s) => s.agent_view_size));
  if (views.size !== 1) throw new RangeError("states must share one agent_view_size");
  const width = Math.max(...parsed.map((s) => s.width));
  const height = Math.max(...parsed.map((s) => s.height));
  const state = new GridBatchState(parsed.length, width, height);
  // Recorded states are MiniGrid's: its semantics unless asked otherwise.
  const deviations = deviationBits(o, o.semantics === "navix");
  parsed.forEach((s, b) => {
    loadMiniGridState(state, b, s);
    state.set(b, "deviations", deviations);
  });
  const markov = new Uint8Array(parsed.length).fill(usesMarkovReward(o, o.semantics === "navix") ? 1 : 0);
  const penaltyCoeff = new Float32Array(parsed.length).fill(o.navixPenaltyCoeff ?? 0);
  return new VecEnv(
    state,
    o.observation ?? "partial",
    "disabled",
    parsed[0]?.agent_view_size ?? 7,
    o.threads ?? 0,
    device,
    parsed.map((s) => s.mission),
    o.tile ?? 8,
    rewardRules(markov, penaltyCoeff),
  );
}
