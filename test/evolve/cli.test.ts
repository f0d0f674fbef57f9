// `tansaku evolve` as a user runs it: the offline default end to end, the JSON summary, the
// results directory, and a run killed with SIGKILL and resumed without losing anything evaluated.
import { spawn, spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import Database from "better-sqlite3";
import { describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "tansaku-evolve-cli-"));
const CLI = ["--import", "tsx", "lib/cli/main.ts"];

function tansaku(...args: string[]) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

interface Row {
  id: string;
  generation: number;
  correct: number;
  combined_score: number;
  source_job_id: string;
  metadata: string;
}

function programs(dir: string): Row[] {
  const db = new Database(join(dir, "programs.sqlite"), { readonly: true, fileMustExist: true });
  try {
    return db.prepare("SELECT id, generation, correct, combined_score, source_job_id, metadata FROM programs").all() as Row[];
  } finally {
    db.close();
  }
}

function evaluated(dir: string): Row[] {
  return programs(dir).filter((row) => !JSON.parse(row.metadata)._is_island_copy);
}

function generationDirs(dir: string): number[] {
  return readdirSync(dir)
    .map((name) => /^gen_(\d+)$/.exec(name)?.[1])
    .filter((g): g is string => g !== undefined)
    .map(Number)
    .sort((a, b) => a - b);
}

describe("tansaku evolve circle-packing (offline mutation operator)", () => {
  it("runs N generations, prints the JSON summary and writes the results directory", () => {
    const dir = join(root, "run");
    const run = tansaku("evolve", "circle-packing", "--generations", "12", "--seed", "7", "--results-dir", dir, "--concurrency", "2", "--json");
    expect(run.stderr).not.toMatch(/Error/);
    expect(run.code).toBe(0);
    const summary = JSON.parse(run.stdout);
    expect(Object.keys(summary)).toEqual(
      expect.arrayContaining(["initial_score", "best_score", "best_program", "evaluations", "valid_evaluations", "results_dir"]),
    );
    expect(summary.initial_score).toBe(0.9597642169962064);
    expect(summary.best_score).toBeGreaterThanOrEqual(summary.initial_score);
    expect(summary.results_dir).toBe(dir);
    expect(summary.best_program).toBe(join(dir, "best", "main.mjs"));
    const rows = evaluated(dir);
    expect(rows.length).toBe(summary.evaluations);
    expect(rows.filter((r) => r.correct === 1).length).toBe(summary.valid_evaluations);
    // Every generation ID handed out is below the cap; each has a stored program or a failure record.
    const gens = generationDirs(dir);
    expect(Math.max(...gens)).toBeLessThan(12);
    for (const g of gens) {
      const stored = rows.some((r) => r.generation === g);
      expect(stored || existsSync(join(dir, `gen_${g}`, "failure.json"))).toBe(true);
    }
    expect(rows.filter((r) => JSON.parse(r.metadata).model_name === "offline-mutation").length).toBe(rows.length - 1);
    // The best program, its packing and the report.
    const best = Math.max(...rows.filter((r) => r.correct === 1).map((r) => r.combined_score));
    expect(summary.best_score).toBe(best);
    expect(readFileSync(summary.best_program, "utf8")).toMatch(/EVOLVE-BLOCK-START/);
    expect(readFileSync(join(dir, "best", "packing.svg"), "utf8")).toMatch(/^<svg[\s\S]*<circle[\s\S]*<\/svg>/);
    const html = readFileSync(join(dir, "report.html"), "utf8");
    expect(html).toMatch(/<svg[^>]*aria-label="best score against evaluations"/);
    expect(html).toMatch(/aria-label="lineage tree"/);
    expect(html).toMatch(/aria-label="per-model bandit statistics"/);
    expect(html).toContain("offline-mutation");
    expect(html).not.toMatch(/<script|https?:\/\/(?!www\.w3\.org)/);
  });

  it("reads a JSON config (namespaced keys) under the flags, and rejects unknown keys", () => {
    const dir = join(root, "configured");
    const file = join(root, "config.json");
    writeFileSync(file, JSON.stringify({ evo: { num_generations: 30, num_islands: 3 }, db: { archive_size: 10 }, seed: 5 }));
    const run = tansaku("evolve", "circle-packing", "--config", file, "--generations", "6", "--results-dir", dir, "--json");
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout).generations).toBe(6);
    const saved = JSON.parse(readFileSync(join(dir, "run_config.json"), "utf8"));
    expect(saved.config).toMatchObject({ num_generations: 6, num_islands: 3, archive_size: 10, seed: 5 });
    // Generation 0 and its copies: one program per island.
    expect(programs(dir).filter((r) => r.generation === 0)).toHaveLength(3);
    const bad = join(root, "bad-config.json");
    writeFileSync(bad, JSON.stringify({ evo: { num_islandz: 3 } }));
    const refused = tansaku("evolve", "circle-packing", "--config", bad, "--results-dir", join(root, "never"));
    expect(refused.code).toBe(2);
    expect(refused.stderr).toMatch(/num_islandz/);
    expect(existsSync(join(root, "never"))).toBe(false);
  });

  it("exits 2 with a one-line reason on bad usage", () => {
    for (const args of [
      ["evolve"],
      ["evolve", "no-such-task", "--results-dir", join(root, "x")],
      ["evolve", "circle-packing", "--generations", "0"],
      ["evolve", "--resume", join(root, "nothing-here")],
    ]) {
      const run = tansaku(...args);
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr.trim().split("\n").length, run.stderr).toBeLessThanOrEqual(2);
    }
  });

  it("resumes after SIGKILL: nothing evaluated is lost and no generation ID reaches the cap", async () => {
    const dir = join(root, "killed");
    const cap = 24;
    const child = spawn(
      process.execPath,
      [...CLI, "evolve", "circle-packing", "--generations", String(cap), "--results-dir", dir, "--concurrency", "3", "--quiet"],
      { env: { ...process.env, CI: "1" }, stdio: "ignore" },
    );
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    // Wait until a few programs are stored (a condition, not a duration), then kill without warning.
    let before: Row[] = [];
    for (;;) {
      if (existsSync(join(dir, "programs.sqlite"))) {
        try {
          before = evaluated(dir);
        } catch {
          before = [];
        }
      }
      if (before.length >= 5) break;
      if (child.exitCode !== null) throw new Error("the run finished before it could be killed");
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGKILL");
    await exited;
    before = evaluated(dir);
    expect(before.length).toBeLessThan(cap);
    const proposedBeforeKill = generationDirs(dir).filter((g) => existsSync(join(dir, `gen_${g}`, "proposal.json")));

    const resumed = tansaku("evolve", "--resume", dir, "--json");
    expect(resumed.code, resumed.stderr).toBe(0);
    const summary = JSON.parse(resumed.stdout);
    const after = evaluated(dir);
    // Everything stored before the kill is still there, once.
    for (const row of before) expect(after.filter((r) => r.source_job_id === row.source_job_id)).toHaveLength(1);
    expect(new Set(after.map((r) => r.source_job_id)).size).toBe(after.length);
    // Candidates proposed but not stored when killed were evaluated on resume.
    for (const g of proposedBeforeKill) expect(after.some((r) => r.generation === g)).toBe(true);
    expect(Math.max(...after.map((r) => r.generation), ...generationDirs(dir))).toBeLessThan(cap);
    expect(summary.evaluations).toBe(after.length);
    expect(summary.generations).toBe(cap);
    // Every ID is stored, failed, or a gap left by a proposal in flight at the kill.
    const gaps = [...Array(cap).keys()].filter((g) => !after.some((r) => r.generation === g) && !existsSync(join(dir, `gen_${g}`, "failure.json")));
    expect(gaps.length).toBeLessThanOrEqual(3);
  });

  it("drains on SIGTERM: proposals in flight are stored, nothing new starts, exit code 130", async () => {
    const dir = join(root, "terminated");
    const child = spawn(
      process.execPath,
      [...CLI, "evolve", "circle-packing", "--generations", "200", "--results-dir", dir, "--concurrency", "3", "--quiet", "--json"],
      { env: { ...process.env, CI: "1" }, stdio: ["ignore", "pipe", "pipe"] },
    );
    let stdout = "";
    child.stdout!.on("data", (chunk) => (stdout += chunk));
    const exited = new Promise<number | null>((resolve) => child.on("exit", (code) => resolve(code)));
    for (;;) {
      let stored = 0;
      try {
        stored = existsSync(join(dir, "programs.sqlite")) ? evaluated(dir).length : 0;
      } catch {
        stored = 0;
      }
      if (stored >= 4) break;
      if (child.exitCode !== null) throw new Error("the run finished before the signal");
      await new Promise((r) => setTimeout(r, 100));
    }
    child.kill("SIGTERM");
    expect(await exited).toBe(130);
    const summary = JSON.parse(stdout);
    expect(summary.stop_reason).toBe("interrupted");
    expect(summary.generations).toBeLessThan(200);
    const rows = evaluated(dir);
    expect(summary.evaluations).toBe(rows.length);
    // Drained: every generation handed out was stored or recorded as failed; none is pending.
    for (const g of generationDirs(dir)) {
      expect(rows.some((r) => r.generation === g) || existsSync(join(dir, `gen_${g}`, "failure.json"))).toBe(true);
    }
  });
});
