import { describe, expect, it } from "vitest";
import { optimalRadii, shrinkToStrict, validatePackings } from "../lib/circles/index.js";
import { randomPackings } from "./helpers.js";

describe("optimal radii for fixed centres", () => {
  it("solves small cases exactly", async () => {
    const two = await optimalRadii(new Float64Array([0.25, 0.5, 0.75, 0.5]), 2);
    expect(two.status).toEqual(["optimal"]);
    expect(two.radii[0]! + two.radii[1]!).toBeCloseTo(0.5, 12);
    const grid = await optimalRadii(new Float64Array([0.25, 0.25, 0.75, 0.25, 0.25, 0.75, 0.75, 0.75]), 4);
    for (const r of grid.radii) expect(r).toBeCloseTo(0.25, 12);
    const single = await optimalRadii(new Float64Array([0.3, 0.5]), 1, { width: 2, height: 1 });
    expect(single.radii[0]).toBeCloseTo(0.3, 12);
  });

  it("returns strictly valid, locally unimprovable radii for random centres, batched", async () => {
    const n = 26;
    const batch = 20;
    const { centers } = randomPackings(batch, n, 5);
    for (let k = 0; k < centers.length; k++) centers[k] = Math.min(1, Math.max(0, centers[k]!));
    const { radii, status } = await optimalRadii(centers, n);
    expect(status.every((s) => s === "optimal")).toBe(true);
    const check = await validatePackings(centers, radii, n, { tolerance: 0 });
    expect(Array.from(check.valid)).toEqual(new Array(batch).fill(1));
    // No radius can grow: each is blocked by a wall or a neighbour (within round-off).
    for (let b = 0; b < batch; b++) {
      for (let i = 0; i < n; i++) {
        const x = centers[2 * (b * n + i)]!;
        const y = centers[2 * (b * n + i) + 1]!;
        let slack = Math.min(x, 1 - x, y, 1 - y) - radii[b * n + i]!;
        for (let j = 0; j < n; j++) {
          if (j === i) continue;
          const dx = x - centers[2 * (b * n + j)]!;
          const dy = y - centers[2 * (b * n + j) + 1]!;
          slack = Math.min(slack, Math.sqrt(dx * dx + dy * dy) - radii[b * n + i]! - radii[b * n + j]!);
        }
        expect(slack).toBeLessThan(1e-9);
      }
    }
  });

  it("reports centres outside the box", async () => {
    const result = await optimalRadii(new Float64Array([1.5, 0.5, 0.5, 0.5]), 2);
    expect(result.status).toEqual(["center_outside"]);
    expect(Array.from(result.radii)).toEqual([0, 0]);
  });
});

describe("shrink to strict", () => {
  it("repairs a packing that overlaps by round-off and loses almost nothing", async () => {
    const centers = new Float64Array([0.25, 0.5, 0.75, 0.5]);
    const radii = new Float64Array([0.25 + 1e-12, 0.25 + 3e-17]);
    expect((await validatePackings(centers, radii, 2)).valid[0]).toBe(0);
    const shrunk = shrinkToStrict(centers, radii);
    expect((await validatePackings(centers, shrunk, 2)).valid[0]).toBe(1);
    expect(radii[0]! - shrunk[0]!).toBeLessThan(1e-11);
    expect(radii[0]).toBe(0.25 + 1e-12); // the input is not modified
  });
});
