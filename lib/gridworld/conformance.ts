// Replays MiniGrid episodes on the native gridworld (all episodes in one mixed batch, autoreset
// disabled) and compares every step: image, direction, reward (1e-6), termination, truncation,
// position, carried object and changed cells (spec §10).
import { decodeHex } from "./minigrid-state.js";
import type { Episode, EpisodeStep } from "./episodes.js";
import { fromMiniGridState } from "./vec-env.js";

export interface Mismatch {
  episode: number;
  env_id: string;
  seed: number;
  /** -1 for the observation after reset. */
  step: number;
  field: string;
  expected: unknown;
  actual: unknown;
}

export interface ConformanceReport {
  episodes: number;
  steps: number;
  mismatched_steps: number;
  mismatched_episodes: number;
  by_env: Record<string, { episodes: number; steps: number; mismatched_steps: number }>;
  first_mismatch: Mismatch | null;
}

const hexDigits = "0123456789abcdef";

function toHex(values: Uint8Array): string {
  let out = "";
  for (const v of values) out += hexDigits[v] ?? "?";
  return out;
}

function sameTriple(a: readonly number[] | null, b: readonly number[] | null): boolean {
  if (a === null || b === null) return a === b;
  return a[0] === b[0] && a[1] === b[1] && a[2] === b[2];
}

function changeKey(c: readonly number[]): string {
  return c.join(",");
}

export function replayEpisodes(episodes: readonly Episode[], { device = "cpu" as "cpu" | "cuda" } = {}): ConformanceReport {
  const env = fromMiniGridState(episodes, { observation: "partial", device });
  const { state } = env;
  const n = episodes.length;
  const viewCells = env.viewSize * env.viewSize * 3;
  const report: ConformanceReport = {
    episodes: n,
    steps: 0,
    mismatched_steps: 0,
    mismatched_episodes: 0,
    by_env: {},
    first_mismatch: null,
  };
  const episodeBad = new Uint8Array(n);
  for (const e of episodes) {
    const entry = (report.by_env[e.env_id] ??= { episodes: 0, steps: 0, mismatched_steps: 0 });
    entry.episodes += 1;
    entry.steps += e.steps.length;
    report.steps += e.steps.length;
  }
  const note = (b: number, step: number, field: string, expected: unknown, actual: unknown) => {
    const e = episodes[b] as Episode;
    report.first_mismatch ??= { episode: b, env_id: e.env_id, seed: e.seed, step, field, expected, actual };
    episodeBad[b] = 1;
  };

  const obs = env.observe().obs as Uint8Array;
  episodes.forEach((e, b) => {
    const image = toHex(obs.subarray(b * viewCells, (b + 1) * viewCells));
    if (image !== e.obs0.image.toLowerCase()) note(b, -1, "obs0.image", e.obs0.image, image);
    if (state.get(b, "agentDir") !== e.obs0.direction) note(b, -1, "obs0.direction", e.obs0.direction, state.get(b, "agentDir"));
  });

  const longest = Math.max(...episodes.map((e) => e.steps.length));
  const actions = new Int32Array(n);
  const before = new Uint8Array(state.grid.length);
  for (let t = 0; t < longest; t++) {
    for (let b = 0; b < n; b++) actions[b] = (episodes[b] as Episode).steps[t]?.a ?? 0;
    before.set(state.grid);
    const result = env.step(actions);
    for (let b = 0; b < n; b++) {
      const recorded = (episodes[b] as Episode).steps[t];
      if (!recorded) continue;
      const problem = compareStep(env.state, b, t, recorded, (result.obs as Uint8Array).subarray(b * viewCells, (b + 1) * viewCells), result, before);
      if (problem) {
        note(b, t, problem.field, problem.expected, problem.actual);
        report.mismatched_steps += 1;
        (report.by_env[(episodes[b] as Episode).env_id] as { mismatched_steps: number }).mismatched_steps += 1;
      }
    }
  }
  report.mismatched_episodes = episodeBad.reduce((sum, v) => sum + v, 0);
  return report;
}

function compareStep(
  state: ReturnType<typeof fromMiniGridState>["state"],
  b: number,
  t: number,
  recorded: EpisodeStep,
  image: Uint8Array,
  result: { reward: Float32Array; terminated: Uint8Array; truncated: Uint8Array },
  before: Uint8Array,
): { field: string; expected: unknown; actual: unknown } | null {
  void t;
  const actualImage = toHex(image);
  if (actualImage !== recorded.image.toLowerCase()) return { field: "image", expected: recorded.image, actual: actualImage };
  const dir = state.get(b, "agentDir");
  if (dir !== recorded.dir) return { field: "dir", expected: recorded.dir, actual: dir };
  const reward = result.reward[b] as number;
  if (!(Math.abs(reward - recorded.r) <= 1e-6)) return { field: "reward", expected: recorded.r, actual: reward };
  if ((result.terminated[b] === 1) !== recorded.term) return { field: "term", expected: recorded.term, actual: result.terminated[b] === 1 };
  if ((result.truncated[b] === 1) !== recorded.trunc) return { field: "trunc", expected: recorded.trunc, actual: result.truncated[b] === 1 };
  const pos = [state.get(b, "agentX"), state.get(b, "agentY")];
  if (pos[0] !== recorded.pos[0] || pos[1] !== recorded.pos[1]) return { field: "pos", expected: recorded.pos, actual: pos };
  const carryType = state.get(b, "carryType");
  const carrying = carryType === 0 ? null : [carryType, state.get(b, "carryColour"), state.get(b, "carryState")];
  if (!sameTriple(carrying, recorded.carrying)) return { field: "carrying", expected: recorded.carrying, actual: carrying };
  const changes: number[][] = [];
  const width = state.get(b, "width");
  const height = state.get(b, "height");
  for (let x = 0; x < width; x++) {
    for (let y = 0; y < height; y++) {
      const i = state.cellIndex(b, x, y);
      if (state.grid[i] !== before[i] || state.grid[i + 1] !== before[i + 1] || state.grid[i + 2] !== before[i + 2]) {
        changes.push([x, y, state.grid[i] as number, state.grid[i + 1] as number, state.grid[i + 2] as number]);
      }
    }
  }
  const expected = new Set(recorded.changes.map(changeKey));
  if (changes.length !== expected.size || changes.some((c) => !expected.has(changeKey(c)))) {
    return { field: "changes", expected: recorded.changes, actual: changes };
  }
  return null;
}

export { decodeHex };
