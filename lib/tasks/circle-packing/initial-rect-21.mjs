// Circle packing in a rectangle of perimeter 4: choose the width w (the height is 2 - w), place 21
// circles inside without overlap and maximise the sum of radii. The seed is the unit square with the
// first 21 points of a 5 x 5 grid, radii limited by the walls and scaled pair by pair (sum about 1.4778).

// EVOLVE-BLOCK-START
/**
 * Returns the width and the circles' centres [[x, y], ...] and radii, in the box [0, w] x [0, 2 - w].
 * `tools` holds tansaku's packing tools (interleaved centres [x0, y0, x1, y1, ...]; pass { width, height }):
 *   await tools.optimalRadii(Float64Array centres, n, { width, height }) -> { radii, status },
 *   await tools.packCircles({ n, width, height, seconds, seed }), tools.numpySum(values).
 */
async function construct_packing(tools) {
  const n = 21;
  const width = 1;
  const height = 2 - width;
  const columns = 5;
  const rows = 5;
  const centers = [];
  for (let k = 0; k < n; k++) {
    const row = Math.floor(k / columns);
    const column = k % columns;
    centers.push([(width * (column + 0.5)) / columns, (height * (row + 0.5)) / rows]);
  }
  return { width, centers, radii: compute_max_radii(centers, width, height) };
}

/** Radii limited by the walls, then each overlapping pair scaled down until none overlaps. */
function compute_max_radii(centers, width, height) {
  const n = centers.length;
  const radii = centers.map(([x, y]) => Math.min(x, y, width - x, height - y));
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

/** The entry point the evaluator calls (not evolved): returns [centers, radii, reported_sum, width]. */
export async function run_packing(tools) {
  const { width, centers, radii } = await construct_packing(tools);
  return [centers, radii, tools.numpySum(radii), width];
}
