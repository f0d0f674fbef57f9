// MiniGrid itself as the CPU baseline: one environment stepped with random actions in python3 (its
// own observation, the 7x7 partial view dict, computed every step), construction and the first
// reset excluded. Runs only when python3 can import minigrid and gymnasium; MINIGRID_PYTHONPATH may
// point at their sources (prepended to PYTHONPATH). Never throws: an unavailable baseline is a
// result with the reason, so benchmarks can say so.
import { spawnSync } from "node:child_process";
import { z } from "zod";

export type MiniGridBaseline =
  | { available: true; env: string; steps: number; steps_per_sec: number; minigrid_version: string; gymnasium_version: string }
  | { available: false; env: string; reason: string };

// Random actions over the environment's own action space (3 for Dynamic-Obstacles), from a seeded
// generator; an ended episode is reset inside the timed loop, as a vector env's autoreset would.
const SCRIPT = `
import sys, time, random, json
import gymnasium as gym
import minigrid
env = gym.make(sys.argv[1])
env.reset(seed=0)
rng = random.Random(0)
n = env.action_space.n
steps = int(sys.argv[2])
start = time.perf_counter()
for _ in range(steps):
    _, _, term, trunc, _ = env.step(rng.randrange(n))
    if term or trunc:
        env.reset()
seconds = time.perf_counter() - start
print(json.dumps({"steps_per_sec": steps / seconds, "minigrid": minigrid.__version__, "gymnasium": gym.__version__}))
`;

const outputSchema = z.object({ steps_per_sec: z.number().positive(), minigrid: z.string(), gymnasium: z.string() });

/** Steps per second of one MiniGrid environment `env` over `steps` random actions. */
export function miniGridBaseline(env: string, steps = 5000, timeoutMs = 300_000): MiniGridBaseline {
  const vars = { ...process.env };
  const extra = process.env.MINIGRID_PYTHONPATH;
  if (extra) vars.PYTHONPATH = [extra, process.env.PYTHONPATH].filter(Boolean).join(":");
  const run = spawnSync("python3", ["-c", SCRIPT, env, String(steps)], { encoding: "utf8", env: vars, timeout: timeoutMs });
  if (run.error) return { available: false, env, reason: `python3 could not run: ${run.error.message}` };
  if (run.status !== 0) {
    const lines = (run.stderr ?? "").trim().split("\n");
    const last = lines[lines.length - 1] || `exit code ${run.status}`;
    const hint = /No module named '(minigrid|gymnasium)'/.test(last) ? " (set MINIGRID_PYTHONPATH to their sources)" : "";
    return { available: false, env, reason: `MiniGrid is not usable from python3: ${last}${hint}` };
  }
  const lastLine = run.stdout.trim().split("\n").pop() ?? "";
  let parsed: z.infer<typeof outputSchema>;
  try {
    parsed = outputSchema.parse(JSON.parse(lastLine));
  } catch {
    return { available: false, env, reason: `unexpected output from the MiniGrid run: ${lastLine.slice(0, 200)}` };
  }
  return { available: true, env, steps, steps_per_sec: parsed.steps_per_sec, minigrid_version: parsed.minigrid, gymnasium_version: parsed.gymnasium };
}
