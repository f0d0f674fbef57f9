// tansaku gridworld conform / bench as a user runs them: JSON shapes and exit codes 0, 1, 2.
import { spawnSync } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { gunzipSync } from "node:zlib";
import { describe, expect, it } from "vitest";

const FIXTURE = "test/fixtures/minigrid/episodes.jsonl.gz";
const dir = mkdtempSync(join(tmpdir(), "tansaku-gridworld-"));

function tansaku(...args: string[]) {
  return tansakuWith({}, ...args);
}

function tansakuWith(env: Record<string, string>, ...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "1", ...env },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("tansaku gridworld", () => {
  it("conform prints the report and exits 0 on the shipped episodes", () => {
    const run = tansaku("gridworld", "conform", FIXTURE, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ episodes: 280, mismatched_steps: 0, mismatched_episodes: 0, first_mismatch: null });
    expect(Object.keys(report.by_env)).toHaveLength(70);
  });

  it("conform exits 1 when an episode does not replay", () => {
    const lines = gunzipSync(readFileSync(FIXTURE)).toString("utf8").split("\n");
    const episode = JSON.parse(lines[0] as string);
    episode.steps[0].dir = (episode.steps[0].dir + 1) % 4;
    const path = join(dir, "bad.jsonl");
    writeFileSync(path, `${JSON.stringify(episode)}\n`);
    const run = tansaku("gridworld", "conform", path, "--json");
    expect(run.code).toBe(1);
    expect(JSON.parse(run.stdout).first_mismatch).toMatchObject({ step: 0, episode: 0 });
  });

  it("conform exits 2 with one line on a corrupt or missing file", () => {
    const path = join(dir, "corrupt.jsonl.gz");
    writeFileSync(path, Buffer.from([0x1f, 0x8b, 0, 1, 2]));
    const corrupt = tansaku("gridworld", "conform", path);
    expect(corrupt.code).toBe(2);
    expect(corrupt.stderr.trim().split("\n")).toHaveLength(1);
    expect(tansaku("gridworld", "conform", join(dir, "missing.jsonl")).code).toBe(2);
  });

  it("bench prints the issue's JSON fields", () => {
    const run = tansaku("gridworld", "bench", "--env", "MiniGrid-Empty-8x8-v0", "--envs", "64", "--steps", "20", "--threads", "1", "--json");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ env: "MiniGrid-Empty-8x8-v0", device: "cpu", threads: 1, envs: 64, steps: 20, obs: "partial" });
    expect(result.steps_per_sec).toBeGreaterThan(0);
  });

  it("bench --baseline minigrid says why MiniGrid is unavailable, and --semantics navix runs NAVIX's rules", () => {
    const stand_in = join(dir, "no-minigrid");
    mkdirSync(join(stand_in, "gymnasium"), { recursive: true });
    writeFileSync(join(stand_in, "gymnasium", "__init__.py"), 'raise ImportError("stand-in without gymnasium")\n');
    const args = ["gridworld", "bench", "--env", "Navix-Dynamic-Obstacles-8x8-v0", "--envs", "32", "--steps", "10", "--threads", "1"];
    const run = tansakuWith({ MINIGRID_PYTHONPATH: stand_in }, ...args, "--semantics", "navix", "--obs", "navix-categorical-first-person", "--baseline", "minigrid", "--json");
    expect(run.code).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result).toMatchObject({ semantics: "navix", obs: "navix-categorical-first-person", minigrid_env: "MiniGrid-Dynamic-Obstacles-8x8-v0", minigrid_steps_per_sec: null });
    expect(result.minigrid_unavailable).toMatch(/stand-in without gymnasium/);
    expect(tansaku(...args, "--semantics", "jax").code).toBe(2);
    expect(tansaku(...args, "--baseline", "navix").code).toBe(2);
  });

  it("render writes a PNG of a generated layout", () => {
    const out = join(dir, "doorkey.png");
    const run = tansaku("gridworld", "render", "--env", "MiniGrid-DoorKey-5x5-v0", "--tile", "8", "--out", out);
    expect(run.code).toBe(0);
    const png = readFileSync(out);
    expect(png.subarray(1, 4).toString("ascii")).toBe("PNG");
    expect(png.readUInt32BE(16)).toBe(40);
  });

  it("bench rejects unknown ids and bad numbers with exit 2", () => {
    expect(tansaku("gridworld", "bench", "--env", "MiniGrid-Nope-v0").code).toBe(2);
    expect(tansaku("gridworld", "bench", "--env", "MiniGrid-Empty-8x8-v0", "--envs", "0").code).toBe(2);
    expect(tansaku("gridworld", "bench", "--env", "MiniGrid-Empty-8x8-v0", "--obs", "rgb").code).toBe(2);
  });
});
