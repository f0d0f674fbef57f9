// Native CPU kernels against the TypeScript reference on seeded random inputs.
import { describe, expect, it } from "vitest";
import { packingEnergy, packingEnergySync, referenceEnergy, referenceValidate, validatePackings } from "../lib/circles/index.js";
import { randomPackings, relativeError } from "./helpers.js";

const CASES = [
  { n: 1, batch: 7 },
  { n: 2, batch: 33 },
  { n: 26, batch: 200 },
  { n: 31, batch: 40 },
  { n: 100, batch: 5 },
];

describe("validation parity (native CPU = TypeScript reference, bit for bit)", () => {
  for (const { n, batch } of CASES) {
    for (const tolerance of [0, 1e-6]) {
      it(`n=${n} batch=${batch} tolerance=${tolerance}`, async () => {
        const { centers, radii } = randomPackings(batch, n, 1000 + n, { radius: n <= 2 ? 0.2 : 0.6 / Math.sqrt(n) });
        const native = await validatePackings(centers, radii, n, { tolerance, width: 1, height: 1, device: "cpu" });
        let valid = 0;
        for (let b = 0; b < batch; b++) {
          const ref = referenceValidate(centers, radii, n, b, 1, 1, tolerance);
          expect(native.sumRadii[b]).toBe(ref.sumRadii);
          expect(native.maxViolation[b]).toBe(ref.maxViolation);
          expect(native.valid[b] === 1).toBe(ref.valid);
          valid += ref.valid ? 1 : 0;
        }
        // The random inputs must exercise both verdicts for small n.
        if (n <= 2) expect(valid).toBeGreaterThan(0);
        expect(valid).toBeLessThan(batch);
      });
    }
  }

  it("agrees on a non-square box and on touching circles at the tolerance edge", async () => {
    // Two circles touching exactly: valid strictly. Push one by 5e-7: invalid strictly, valid at 1e-6.
    const centers = new Float64Array([0.25, 0.25, 0.75, 0.25]);
    const touching = new Float64Array([0.25, 0.25]);
    const strict = await validatePackings(centers, touching, 2, { width: 2, height: 0.5 });
    expect(strict.valid[0]).toBe(1);
    const overlapping = new Float64Array([0.25, 0.25 + 5e-7]);
    expect((await validatePackings(centers, overlapping, 2, { width: 2, height: 0.5 })).valid[0]).toBe(0);
    expect((await validatePackings(centers, overlapping, 2, { width: 2, height: 0.5, tolerance: 1e-6 })).valid[0]).toBe(1);
  });
});

describe("energy and gradient parity", () => {
  for (const { n, batch } of CASES) {
    it(`float64, n=${n} batch=${batch}`, async () => {
      const { centers, radii } = randomPackings(batch, n, 2000 + n, { radius: 0.8 / Math.sqrt(n) });
      const weight = 37.5;
      const native = await packingEnergy(centers, radii, n, { weight, width: 1, height: 1, device: "cpu" });
      const gc = new Float64Array(centers.length);
      const gr = new Float64Array(radii.length);
      for (let b = 0; b < batch; b++) {
        const e = referenceEnergy(centers, radii, n, b, 1, 1, weight, gc, gr);
        expect(relativeError(native.energy[b] as number, e)).toBeLessThan(1e-12);
      }
      for (let k = 0; k < gc.length; k++) expect(relativeError(native.gradCenters![k]!, gc[k]!)).toBeLessThan(1e-11);
      for (let k = 0; k < gr.length; k++) expect(relativeError(native.gradRadii![k]!, gr[k]!)).toBeLessThan(1e-11);
    });

    it(`float32, n=${n} batch=${batch}`, () => {
      const packings = randomPackings(batch, n, 3000 + n, { radius: 0.8 / Math.sqrt(n) });
      const centers = Float32Array.from(packings.centers);
      const radii = Float32Array.from(packings.radii);
      const weight = 10;
      const native = packingEnergySync(centers, radii, n, { weight, device: "cpu" });
      const gc = new Float64Array(centers.length);
      const gr = new Float64Array(radii.length);
      // The reference runs in double on the float32 inputs; float32 accumulation differs by rounding.
      const scale = Math.max(1, n / 10);
      for (let b = 0; b < batch; b++) {
        const e = referenceEnergy(centers, radii, n, b, 1, 1, weight, gc, gr);
        expect(relativeError(native.energy[b] as number, e)).toBeLessThan(2e-5 * scale);
      }
      for (let k = 0; k < gc.length; k++) expect(Math.abs(native.gradCenters![k]! - gc[k]!)).toBeLessThan(1e-4 * weight * scale);
      for (let k = 0; k < gr.length; k++) expect(Math.abs(native.gradRadii![k]! - gr[k]!)).toBeLessThan(1e-4 * weight * scale);
    });
  }

  it("matches a finite-difference gradient (the reference itself is checked)", () => {
    const n = 6;
    const { centers, radii } = randomPackings(1, n, 77, { radius: 0.3 });
    const weight = 5;
    const gc = new Float64Array(2 * n);
    const gr = new Float64Array(n);
    referenceEnergy(centers, radii, n, 0, 1, 1, weight, gc, gr);
    const h = 1e-6;
    const probe = (values: Float64Array, k: number) => {
      const saved = values[k]!;
      values[k] = saved + h;
      const up = referenceEnergy(centers, radii, n, 0, 1, 1, weight);
      values[k] = saved - h;
      const down = referenceEnergy(centers, radii, n, 0, 1, 1, weight);
      values[k] = saved;
      return (up - down) / (2 * h);
    };
    for (let k = 0; k < 2 * n; k++) expect(Math.abs(probe(centers, k) - gc[k]!)).toBeLessThan(1e-4);
    for (let k = 0; k < n; k++) expect(Math.abs(probe(radii, k) - gr[k]!)).toBeLessThan(1e-4);
  });

  it("gives coincident centres an energy but no centre gradient, and can skip the gradient", async () => {
    const centers = new Float64Array([0.5, 0.5, 0.5, 0.5]);
    const radii = new Float64Array([0.1, 0.1]);
    const withGrad = await packingEnergy(centers, radii, 2, { weight: 1 });
    expect(withGrad.energy[0]).toBeCloseTo(-0.2 + 0.04, 15);
    expect(Array.from(withGrad.gradCenters!)).toEqual([0, 0, 0, 0]);
    const energyOnly = await packingEnergy(centers, radii, 2, { weight: 1, gradient: false });
    expect(energyOnly.gradCenters).toBeNull();
    expect(energyOnly.energy[0]).toBe(withGrad.energy[0]);
  });
});
