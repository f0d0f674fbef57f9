// Plain TypeScript references of validation and energy: straightforward loops over typed arrays.
// They define the semantics the native kernels are tested against, and are the benchmarks' baseline.

export interface ValidationRow {
  sumRadii: number;
  maxViolation: number;
  valid: boolean;
}

/** numpy's float64 summation order (pairwise with 8 accumulators), as Python evaluators sum. */
export function numpySum(values: ArrayLike<number>, start = 0, count = values.length - start): number {
  if (count < 8) {
    let sum = 0;
    for (let i = 0; i < count; i++) sum += values[start + i] as number;
    return sum;
  }
  if (count <= 128) {
    const r = new Float64Array(8);
    for (let k = 0; k < 8; k++) r[k] = values[start + k] as number;
    let i = 8;
    for (; i < count - (count % 8); i += 8) {
      for (let k = 0; k < 8; k++) (r[k] as number) += values[start + i + k] as number;
    }
    let sum = ((r[0]! + r[1]!) + (r[2]! + r[3]!)) + ((r[4]! + r[5]!) + (r[6]! + r[7]!));
    for (; i < count; i++) sum += values[start + i] as number;
    return sum;
  }
  let half = Math.floor(count / 2);
  half -= half % 8;
  return numpySum(values, start, half) + numpySum(values, start + half, count - half);
}

function add(values: Float32Array | Float64Array, index: number, amount: number): void {
  values[index] = (values[index] as number) + amount;
}

/** Validates packing b of a batch with atol = tolerance (ShinkaEvolve's checks and comparison forms). */
export function referenceValidate(
  centers: ArrayLike<number>,
  radii: ArrayLike<number>,
  n: number,
  b: number,
  width: number,
  height: number,
  tolerance: number,
): ValidationRow {
  const c = 2 * n * b;
  const o = n * b;
  let worst = 0;
  let valid = true;
  const note = (amount: number, ok: boolean) => {
    if (!ok) valid = false;
    if (Number.isNaN(amount)) worst = Number.NaN;
    else if (amount > worst) worst = amount;
  };
  for (let i = 0; i < n; i++) {
    const r = radii[o + i] as number;
    note(-r, r >= 0);
  }
  for (let i = 0; i < n; i++) {
    const x = centers[c + 2 * i] as number;
    const y = centers[c + 2 * i + 1] as number;
    const r = radii[o + i] as number;
    note(r - x, x - r >= -tolerance);
    note(x + r - width, x + r <= width + tolerance);
    note(r - y, y - r >= -tolerance);
    note(y + r - height, y + r <= height + tolerance);
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (centers[c + 2 * i] as number) - (centers[c + 2 * j] as number);
      const dy = (centers[c + 2 * i + 1] as number) - (centers[c + 2 * j + 1] as number);
      const dist = Math.sqrt(dx * dx + dy * dy);
      const reach = (radii[o + i] as number) + (radii[o + j] as number);
      note(reach - dist, dist >= reach - tolerance);
    }
  }
  let sum = numpySum(radii, o, n);
  if (n === 0) sum = 0;
  return { sumRadii: sum, maxViolation: worst, valid };
}

/**
 * Penalty energy of packing b and, when grad arrays are given, its gradient:
 * E = -sum r + w * (sum_{i<j} max(0, r_i + r_j - d_ij)^2 + sum_i wall and negative-radius terms^2).
 */
export function referenceEnergy(
  centers: ArrayLike<number>,
  radii: ArrayLike<number>,
  n: number,
  b: number,
  width: number,
  height: number,
  weight: number,
  gradCenters?: Float32Array | Float64Array,
  gradRadii?: Float32Array | Float64Array,
): number {
  const c = 2 * n * b;
  const o = n * b;
  let penalty = 0;
  let sumR = 0;
  if (gradCenters) for (let k = 0; k < 2 * n; k++) gradCenters[c + k] = 0;
  if (gradRadii) for (let i = 0; i < n; i++) gradRadii[o + i] = -1;
  for (let i = 0; i < n; i++) {
    const x = centers[c + 2 * i] as number;
    const y = centers[c + 2 * i + 1] as number;
    const r = radii[o + i] as number;
    sumR += r;
    const left = Math.max(0, r - x);
    const right = Math.max(0, x + r - width);
    const bottom = Math.max(0, r - y);
    const top = Math.max(0, y + r - height);
    const negative = Math.max(0, -r);
    penalty += left * left + right * right + bottom * bottom + top * top + negative * negative;
    if (gradCenters && gradRadii) {
      add(gradCenters, c + 2 * i, weight * 2 * (right - left));
      add(gradCenters, c + 2 * i + 1, weight * 2 * (top - bottom));
      add(gradRadii, o + i, weight * 2 * (left + right + bottom + top - negative));
    }
  }
  for (let i = 0; i < n; i++) {
    for (let j = i + 1; j < n; j++) {
      const dx = (centers[c + 2 * i] as number) - (centers[c + 2 * j] as number);
      const dy = (centers[c + 2 * i + 1] as number) - (centers[c + 2 * j + 1] as number);
      const d = Math.sqrt(dx * dx + dy * dy);
      const overlap = Math.max(0, (radii[o + i] as number) + (radii[o + j] as number) - d);
      if (overlap === 0) continue;
      penalty += overlap * overlap;
      if (gradCenters && gradRadii) {
        add(gradRadii, o + i, weight * 2 * overlap);
        add(gradRadii, o + j, weight * 2 * overlap);
        if (d > 0) {
          const along = (-2 * weight * overlap) / d;
          add(gradCenters, c + 2 * i, along * dx);
          add(gradCenters, c + 2 * i + 1, along * dy);
          add(gradCenters, c + 2 * j, -(along * dx));
          add(gradCenters, c + 2 * j + 1, -(along * dy));
        }
      }
    }
  }
  return -sumR + weight * penalty;
}
