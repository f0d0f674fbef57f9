// Launch plans: how a kernel is launched for one configuration (grid, block, dynamic shared
// memory, argument list). The task declares one for the reference and a default for candidates;
// a candidate may declare its own in a "// tansaku-launch: {...}" comment line.
import type { ResolvedConfig } from "./configs.js";
import { evalCount, evalExpr } from "./expr.js";
import { launchPlanSchema, type KbenchManifest, type LaunchPlan } from "./manifest.js";

export type LaunchArg = { kind: "tensor"; name: string } | { kind: "i32" | "i64" | "f32" | "f64"; value: number };

export interface ResolvedLaunch {
  kernel: string;
  grid: [number, number, number];
  block: [number, number, number];
  sharedBytes: number;
  args: LaunchArg[];
}

/** A plan whose kernel name may be left to the task (the reference's plan names it separately). */
export type PlanLike = Omit<LaunchPlan, "kernel"> & { kernel?: string };

const MAX_GRID = [2 ** 31 - 1, 65535, 65535];
const MAX_BLOCK = [1024, 1024, 64];
const MAX_DYNAMIC_SHARED = 227 * 1024; // H100 per-block opt-in limit

function dims(exprs: (string | number)[], env: Record<string, number>, what: string, max: number[]): [number, number, number] {
  const out: [number, number, number] = [1, 1, 1];
  exprs.forEach((e, d) => {
    const v = evalCount(e, env, `${what}[${d}]`);
    if (v < 1 || v > max[d]!) throw new RangeError(`${what}[${d}] "${e}" gives ${v}, outside 1..${max[d]}`);
    out[d] = v;
  });
  return out;
}

/** Resolves a plan for one configuration; the kernel defaults to the task's reference kernel. */
export function resolveLaunch(
  plan: PlanLike,
  task: Pick<KbenchManifest, "name" | "inputs" | "outputs" | "reference">,
  config: ResolvedConfig,
): ResolvedLaunch {
  const where = `task ${task.name} config ${config.id} launch`;
  const kernel = plan.kernel ?? task.reference.kernel;
  const env = { ...config.scalars, ...config.vars };
  const grid = dims(plan.grid, env, `${where}: grid`, MAX_GRID);
  const block = dims(plan.block, env, `${where}: block`, MAX_BLOCK);
  if (block[0] * block[1] * block[2] > 1024) throw new RangeError(`${where}: block has ${block[0] * block[1] * block[2]} threads, more than 1024`);
  const sharedBytes = evalCount(plan.shared ?? "0", env, `${where}: shared`);
  if (sharedBytes > MAX_DYNAMIC_SHARED) throw new RangeError(`${where}: ${sharedBytes} bytes of dynamic shared memory, more than ${MAX_DYNAMIC_SHARED}`);
  const tensors = new Set([...task.inputs, ...task.outputs].map((t) => t.name));
  const args = plan.args.map((arg): LaunchArg => {
    const m = /^(i32|i64|f32|f64):(.+)$/.exec(arg);
    if (!m) {
      if (!tensors.has(arg)) throw new RangeError(`${where}: argument "${arg}" is neither a tensor of the task nor i32:/i64:/f32:/f64:<expr>`);
      return { kind: "tensor", name: arg };
    }
    const kind = m[1] as "i32" | "i64" | "f32" | "f64";
    const value = evalExpr(m[2]!, env);
    if (kind === "i32" && (!Number.isInteger(value) || value < -(2 ** 31) || value >= 2 ** 31)) throw new RangeError(`${where}: "${arg}" gives ${value}, not an i32`);
    if (kind === "i64" && !Number.isSafeInteger(value)) throw new RangeError(`${where}: "${arg}" gives ${value}, not an exact i64`);
    return { kind, value };
  });
  return { kernel, grid, block, sharedBytes, args };
}

const LAUNCH_LINE = /^[ \t]*\/\/[ \t]*tansaku-launch:[ \t]*(.*)$/m;

/** The launch plan a candidate declares in a "// tansaku-launch: {...}" line, or null if none.
 * A line that is present but malformed throws a TypeError (the candidate meant to declare one). */
export function parseCandidateLaunch(source: string): LaunchPlan | null {
  const m = LAUNCH_LINE.exec(source);
  if (!m) return null;
  let raw: unknown;
  try {
    raw = JSON.parse(m[1]!.trim());
  } catch (e) {
    throw new TypeError(`tansaku-launch comment is not valid JSON: ${(e as Error).message}`);
  }
  const parsed = launchPlanSchema.safeParse(raw);
  if (!parsed.success) {
    const why = parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`).join("; ");
    throw new TypeError(`tansaku-launch comment is not a valid launch plan: ${why}`);
  }
  return parsed.data;
}
