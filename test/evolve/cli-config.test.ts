// `tansaku evolve` with a YAML config, --set overrides and ShinkaEvolve's flag spellings.
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const root = mkdtempSync(join(tmpdir(), "tansaku-evolve-config-"));
const CLI = ["--import", "tsx", "lib/cli/main.ts"];

function tansaku(...args: string[]) {
  const result = spawnSync(process.execPath, [...CLI, ...args], { encoding: "utf8", env: { ...process.env, CI: "1" } });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

describe("tansaku evolve config layers", () => {
  it("YAML file < --set < flags, with --results_dir and --num_generations", () => {
    const dir = join(root, "yaml-run");
    const file = join(root, "config.yaml");
    writeFileSync(file, "evo_config:\n  num_generations: 30\n  seed: 5\ndb_config:\n  num_islands: 3\n  archive_size: 10\n");
    const run = tansaku(
      "evolve", "circle-packing", "--config", file,
      "--set", "db.archive_size=12", "--set", "evo.seed=8", "--set", "evo.num_generations=20",
      "--num_generations", "5", "--results_dir", dir, "--json", "--quiet",
    );
    expect(run.code, run.stderr).toBe(0);
    expect(JSON.parse(run.stdout)).toMatchObject({ generations: 5, results_dir: dir });
    const saved = JSON.parse(readFileSync(join(dir, "run_config.json"), "utf8"));
    expect(saved.config).toMatchObject({ num_generations: 5, num_islands: 3, archive_size: 12, seed: 8 });
  }, 240_000);

  it("--preset sits under the config file", () => {
    const dir = join(root, "preset-run");
    const file = join(root, "preset.yml");
    writeFileSync(file, "db_config:\n  num_islands: 2\n");
    const run = tansaku("evolve", "circle-packing", "--preset", "large", "--config", file, "--generations", "4", "--results-dir", dir, "--json", "--quiet");
    expect(run.code, run.stderr).toBe(0);
    const saved = JSON.parse(readFileSync(join(dir, "run_config.json"), "utf8"));
    expect(saved.config).toMatchObject({ num_islands: 2, num_archive_inspirations: 4, num_top_k_inspirations: 2, max_patch_attempts: 3, num_generations: 4 });
    const unknown = tansaku("evolve", "circle-packing", "--preset", "huge", "--results-dir", join(root, "never-preset"));
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/unknown preset "huge"/);
  }, 240_000);

  it("exits 2 naming a bad --set key or namespace, before creating anything", () => {
    const never = join(root, "never");
    const unknown = tansaku("evolve", "circle-packing", "--set", "evo.num_islandz=3", "--results-dir", never);
    expect(unknown.code).toBe(2);
    expect(unknown.stderr).toMatch(/num_islandz/);
    const namespace = tansaku("evolve", "circle-packing", "--set", "bogus.seed=3", "--results-dir", never);
    expect(namespace.code).toBe(2);
    expect(namespace.stderr).toMatch(/unknown namespace "bogus"/);
    expect(existsSync(never)).toBe(false);
  }, 120_000);
});
