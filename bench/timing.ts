// Throughput measurement: repeat a call until enough time has passed, keep the best of a few runs
// (the least disturbed by other work on a noisy machine).
import { performance } from "node:perf_hooks";

export async function bestSecondsPerCall(
  call: () => unknown | Promise<unknown>,
  { minSeconds = 0.3, runs = 3 }: { minSeconds?: number; runs?: number } = {},
): Promise<number> {
  await call(); // warm-up: JIT, caches, first-touch allocation
  let best = Infinity;
  for (let run = 0; run < runs; run++) {
    let calls = 0;
    const start = performance.now();
    let elapsed = 0;
    do {
      await call();
      calls++;
      elapsed = (performance.now() - start) / 1000;
    } while (elapsed < minSeconds);
    best = Math.min(best, elapsed / calls);
  }
  return best;
}
