// The MiniGrid CPU baseline's plumbing, with python stand-ins for gymnasium and minigrid written
// to a temporary MINIGRID_PYTHONPATH (the real packages are not needed, and their absence must be
// reported, not thrown). Skips when python3 itself is missing.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { miniGridBaseline } from "../lib/gridworld/index.js";

const hasPython = spawnSync("python3", ["-c", "pass"]).status === 0;
const saved = process.env.MINIGRID_PYTHONPATH;

function pythonPath(modules: Record<string, string>): string {
  const dir = mkdtempSync(join(tmpdir(), "tansaku-minigrid-"));
  for (const [name, source] of Object.entries(modules)) {
    mkdirSync(join(dir, name));
    writeFileSync(join(dir, name, "__init__.py"), source);
  }
  return dir;
}

// A stand-in env that records the actions it was given, so the test can check their range.
const GYMNASIUM = `
__version__ = "stand-in"
class _Space:
    n = 3
class _Env:
    action_space = _Space()
    def reset(self, seed=None):
        return None, {}
    def step(self, action):
        assert 0 <= action < 3, action
        return None, 0.0, False, False, {}
def make(env_id):
    assert env_id == "MiniGrid-Dynamic-Obstacles-8x8-v0", env_id
    return _Env()
`;

afterEach(() => {
  if (saved === undefined) delete process.env.MINIGRID_PYTHONPATH;
  else process.env.MINIGRID_PYTHONPATH = saved;
});

describe.skipIf(!hasPython)("MiniGrid baseline", () => {
  it("runs python3 against MINIGRID_PYTHONPATH and reports steps/s with the versions, actions in the env's own space", () => {
    process.env.MINIGRID_PYTHONPATH = pythonPath({ gymnasium: GYMNASIUM, minigrid: '__version__ = "3.1.0"\n' });
    const result = miniGridBaseline("MiniGrid-Dynamic-Obstacles-8x8-v0", 200);
    expect(result).toMatchObject({ available: true, steps: 200, minigrid_version: "3.1.0", gymnasium_version: "stand-in" });
    expect(result.available && result.steps_per_sec).toBeGreaterThan(0);
  });

  it("says why when MiniGrid cannot be imported", () => {
    process.env.MINIGRID_PYTHONPATH = pythonPath({ gymnasium: GYMNASIUM, minigrid: 'raise ImportError("stand-in without MiniGrid")\n' });
    const result = miniGridBaseline("MiniGrid-Dynamic-Obstacles-8x8-v0", 10);
    expect(result.available).toBe(false);
    expect(!result.available && result.reason).toMatch(/stand-in without MiniGrid/);
  });
});
