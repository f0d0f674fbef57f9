// The CLI as a user runs it: exit codes, JSON output, files written, one-line errors.
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";

const dir = mkdtempSync(join(tmpdir(), "tansaku-cli-"));

function tansaku(...args: string[]) {
  const result = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", ...args], {
    encoding: "utf8",
    env: { ...process.env, CI: "1" },
  });
  return { code: result.status, stdout: result.stdout, stderr: result.stderr };
}

function file(name: string, contents: string): string {
  const path = join(dir, name);
  writeFileSync(path, contents);
  return path;
}

describe("tansaku pack evaluate", () => {
  it("accepts a valid packing (exit 0) and prints the JSON report", () => {
    const path = file("ok.json", JSON.stringify({ centers: [[0.25, 0.5], [0.75, 0.5]], radii: [0.25, 0.25] }));
    const run = tansaku("pack", "evaluate", path, "--json");
    expect(run.code).toBe(0);
    const report = JSON.parse(run.stdout);
    expect(report).toMatchObject({ n: 2, valid: true, sum_radii: 0.5, max_violation: 0, violations: [] });
  });

  it("rejects an invalid packing with exit 1, naming circles and walls", () => {
    const path = file(
      "bad.json",
      JSON.stringify({ centers: [[0.25, 0.5], [0.7, 0.5], [0.95, 0.5]], radii: [0.25, 0.25, 0.1], width: 1 }),
    );
    const run = tansaku("pack", "evaluate", path, "--json");
    expect(run.code).toBe(1);
    const report = JSON.parse(run.stdout);
    expect(report.valid).toBe(false);
    const messages = report.violations.map((v: { message: string }) => v.message);
    expect(messages).toContain("circle 2 crosses the right wall by 0.0500");
    expect(messages).toContain("circles 0 and 1 overlap by 0.0500");
    expect(tansaku("pack", "evaluate", path).stdout).toMatch(/INVALID/);
  });

  it("honours --tolerance", () => {
    const path = file("tol.json", JSON.stringify({ centers: [[0.25, 0.5], [0.75, 0.5]], radii: [0.25, 0.2500005] }));
    expect(tansaku("pack", "evaluate", path).code).toBe(1);
    expect(tansaku("pack", "evaluate", path, "--tolerance", "1e-6").code).toBe(0);
  });

  it("exits 2 with a one-line reason on bad files and flags", () => {
    const cases = [
      [join(dir, "missing.json")],
      [file("syntax.json", "{ not json")],
      [file("inf.json", '{"centers": [[0.5, 1e999]], "radii": [0.1]}')],
      [file("sizes.json", '{"centers": [[0.5, 0.5]], "radii": [0.1, 0.1]}')],
      [file("ok2.json", '{"centers": [[0.5, 0.5]], "radii": [0.1]}'), "--tolerance", "abc"],
    ];
    for (const args of cases) {
      const run = tansaku("pack", "evaluate", ...(args as string[]));
      expect(run.code, args.join(" ")).toBe(2);
      expect(run.stderr.trim().split("\n")).toHaveLength(1);
    }
  });
});

describe("tansaku pack solve", () => {
  it("finds a strictly valid packing and writes JSON and SVG files", () => {
    const out = join(dir, "solved.json");
    const svg = join(dir, "solved.svg");
    const run = tansaku("pack", "solve", "--n", "5", "--seconds", "0.5", "--seed", "3", "--out", out, "--svg", svg, "--json");
    expect(run.code).toBe(0);
    const printed = JSON.parse(run.stdout);
    expect(printed.valid).toBe(true);
    expect(printed.radii).toHaveLength(5);
    expect(printed.sum_radii).toBeGreaterThan(1.0);
    const written = JSON.parse(readFileSync(out, "utf8"));
    expect(written.radii).toEqual(printed.radii);
    expect(tansaku("pack", "evaluate", out).code).toBe(0);
    expect(readFileSync(svg, "utf8")).toMatch(/^<svg[\s\S]*<circle[\s\S]*<\/svg>\s*$/);
  });

  it("exits 2 on bad usage", () => {
    expect(tansaku("pack", "solve").code).toBe(2);
    expect(tansaku("pack", "solve", "--n", "0").code).toBe(2);
    expect(tansaku("pack", "solve", "--n", "3", "--device", "tpu").code).toBe(2);
    expect(tansaku("bench", "nothing").code).toBe(2);
    expect(tansaku("frobnicate").code).toBe(2);
  });
});

describe("tansaku info", () => {
  it("prints the addon and GPU status as JSON", () => {
    const run = tansaku("info", "--json");
    expect(run.code).toBe(0);
    const info = JSON.parse(run.stdout);
    expect(info.abiVersion).toBe(1);
    expect(typeof info.gpu.compiled).toBe("boolean");
    expect(tansaku("info").stdout).toMatch(/CUDA/);
  });
});
