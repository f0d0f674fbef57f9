// The ShinkaEvolve seed program's packing (evolve.md section 17.2): its known score pins down
// numpy's summation order, and its repaired form must be strictly valid.
import { describe, expect, it } from "vitest";
import { evaluatePacking, numpySum, validatePackings } from "../lib/circles/index.js";

function seedPacking(passes: number): { centers: Float64Array; radii: Float64Array } {
  const n = 26;
  const points: [number, number][] = [[0.5, 0.5]];
  for (let k = 0; k < 8; k++) {
    const angle = (2 * Math.PI * k) / 8;
    points.push([0.5 + 0.3 * Math.cos(angle), 0.5 + 0.3 * Math.sin(angle)]);
  }
  for (let k = 0; k < 16; k++) {
    const angle = (2 * Math.PI * k) / 16;
    points.push([0.5 + 0.7 * Math.cos(angle), 0.5 + 0.7 * Math.sin(angle)]);
  }
  points.push([0, 0]);
  const clip = (v: number) => Math.min(0.99, Math.max(0.01, v));
  const centers = new Float64Array(points.flatMap(([x, y]) => [clip(x), clip(y)]));
  const radii = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = centers[2 * i]!;
    const y = centers[2 * i + 1]!;
    radii[i] = Math.min(x, y, 1 - x, 1 - y);
  }
  for (let pass = 0; pass < passes; pass++) {
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = centers[2 * i]! - centers[2 * j]!;
        const dy = centers[2 * i + 1]! - centers[2 * j + 1]!;
        const dist = Math.sqrt(dx * dx + dy * dy);
        if (radii[i]! + radii[j]! > dist) {
          const scale = dist / (radii[i]! + radii[j]!);
          radii[i] = radii[i]! * scale;
          radii[j] = radii[j]! * scale;
        }
      }
    }
  }
  return { centers, radii };
}

describe("numpy's summation order", () => {
  // Expected values recorded with numpy 1.x/2.x np.sum on the same float64 arrays; a left-to-right
  // sum differs in the last digits for each of them.
  const recorded: [number, number][] = [
    [26, 53382354.834523976],
    [200, 81867121.76270449],
    [1000, 104688087.82448013],
  ];
  for (const [n, expected] of recorded) {
    it(`matches np.sum for n=${n} in TypeScript and natively`, async () => {
      const values = Float64Array.from({ length: n }, (_, i) => (i % 7 === 0 ? 1e8 : 1) / (i + 3));
      let leftToRight = 0;
      for (const v of values) leftToRight += v;
      expect(leftToRight).not.toBe(expected);
      expect(numpySum(values)).toBe(expected);
      const native = await validatePackings(new Float64Array(2 * n).fill(0.5), values, n, { width: 1e9, height: 1e9 });
      expect(native.sumRadii[0]).toBe(expected);
    });
  }
});

describe("ShinkaEvolve's seed packing", () => {
  it("sums to the known score 0.9597642169962064", async () => {
    const { centers, radii } = seedPacking(2);
    expect(numpySum(radii)).toBe(0.9597642169962064);
    const native = await validatePackings(centers, radii, 26);
    expect(native.sumRadii[0]).toBe(0.9597642169962064);
    expect(native.valid[0]).toBe(1);
  });

  it("fails the strict validator after one pass (circles 7 and 8 overlap by about 2.8e-17)", async () => {
    const { centers, radii } = seedPacking(1);
    const report = await evaluatePacking({ centers, radii, width: 1, height: 1 });
    expect(report.valid).toBe(false);
    expect(report.violations).toHaveLength(1);
    expect(report.violations[0]).toMatchObject({ kind: "overlap", i: 7, j: 8 });
    expect(report.maxViolation).toBeGreaterThan(0);
    expect(report.maxViolation).toBeLessThan(1e-16);
    const relaxed = await evaluatePacking({ centers, radii, width: 1, height: 1 }, { tolerance: 1e-6 });
    expect(relaxed.valid).toBe(true);
  });
});
