// Circle packing: place 26 circles in the unit square without overlap and maximise the sum of radii.
// The seed is ShinkaEvolve's constructor (evolve.md 17.2): one circle in the centre, rings of 8 and
// 16 around it, radii limited by the walls and then scaled down pair by pair. Sum: 0.9597642169962064.

// EVOLVE-BLOCK-START
/**
 * Places the circles and returns their centres [[x, y], ...] and radii.
 * `tools` holds tansaku's packing tools (all take interleaved centres [x0, y0, x1, y1, ...]):
 *   await tools.optimalRadii(Float64Array centres, n) -> { radii, status }: the LP-optimal radii
 *     for fixed centres, already strictly valid;
 *   await tools.packCircles({ n, seconds, seed }) -> { centers, radii, sumRadii }: a native solver;
 *   tools.packingEnergySync(...), tools.shrinkToStrict(centres, radii), tools.numpySum(values).
 */
async function construct_packing(tools) {
  const n = 26;
  const centers = [[0.5, 0.5]];
  for (let k = 0; k < 8; k++) {
    const angle = (2 * Math.PI * k) / 8;
    centers.push([0.5 + 0.3 * Math.cos(angle), 0.5 + 0.3 * Math.sin(angle)]);
  }
  for (let k = 0; k < 16; k++) {
    const angle = (2 * Math.PI * k) / 16;
    centers.push([0.5 + 0.7 * Math.cos(angle), 0.5 + 0.7 * Math.sin(angle)]);
  }
  centers.push([0, 0]);
  const clip = (v) => Math.min(0.99, Math.max(0.01, v));
  const placed = centers.slice(0, n).map(([x, y]) => [clip(x), clip(y)]);
  return { centers: placed, radii: compute_max_radii(placed) };
}

/** Radii limited by the walls, then each overlapping pair scaled down until none overlaps. */
function compute_max_radii(centers) {
  const n = centers.length;
  const radii = centers.map(([x, y]) => Math.min(x, y, 1 - x, 1 - y));
  // One pass can leave a pair overlapping by a rounding error; repeat until a pass changes nothing.
  for (let changed = true; changed; ) {
    changed = false;
    for (let i = 0; i < n; i++) {
      for (let j = i + 1; j < n; j++) {
        const dx = centers[i][0] - centers[j][0];
        const dy = centers[i][1] - centers[j][1];
        const dist = Math.sqrt(dx * dx + dy * dy);
        if (radii[i] + radii[j] > dist) {
          const scale = dist / (radii[i] + radii[j]);
          radii[i] *= scale;
          radii[j] *= scale;
          changed = true;
        }
      }
    }
  }
  return radii;
}
// EVOLVE-BLOCK-END

/** The entry point the evaluator calls (not evolved): returns [centers, radii, reported_sum]. */
export async function run_packing(tools) {
  const { centers, radii } = await construct_packing(tools);
  return [centers, radii, tools.numpySum(radii)];
}
