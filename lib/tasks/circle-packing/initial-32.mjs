// Circle packing, n = 32: place 32 circles in the unit square without overlap and maximise the sum
// of radii. The seed is a plain lattice: the first 32 points of a 7 x 7 grid, radii limited by the
// walls and scaled down pair by pair (sum about 1.3601: much room left).

// EVOLVE-BLOCK-START
/**
 * Places the circles and returns their centres [[x, y], ...] and radii.
 * `tools` holds tansaku's packing tools (interleaved centres [x0, y0, x1, y1, ...]):
 *   await tools.optimalRadii(Float64Array centres, n) -> { radii, status } (LP radii, strictly valid),
 *   await tools.packCircles({ n, seconds, seed }), tools.shrinkToStrict(centres, radii), tools.numpySum(values).
 */
async function construct_packing(tools) {
  const n = 32;
  const columns = 7;
  const spacing = 1 / columns;
  const centers = [];
  for (let k = 0; k < n; k++) {
    const row = Math.floor(k / columns);
    const column = k % columns;
    centers.push([spacing * (column + 0.5), spacing * (row + 0.5)]);
  }
  return { centers, radii: compute_max_radii(centers) };
}

/** Radii limited by the walls, then each overlapping pair scaled down until none overlaps. */
function compute_max_radii(centers) {
  const n = centers.length;
  const radii = centers.map(([x, y]) => Math.min(x, y, 1 - x, 1 - y));
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
