// Upstream's db_retry (evolve.md §3.1): a statement that meets SQLITE_BUSY or SQLITE_LOCKED is tried
// again up to 5 more times, waiting 0.1 s and doubling. better-sqlite3 is synchronous, so the wait
// blocks the thread (Atomics.wait), which is what a synchronous writer needs.

const RETRYABLE = new Set(["SQLITE_BUSY", "SQLITE_LOCKED", "SQLITE_BUSY_SNAPSHOT", "SQLITE_BUSY_RECOVERY", "SQLITE_LOCKED_SHAREDCACHE"]);

export const RETRY_ATTEMPTS = 5;
export const RETRY_FIRST_DELAY_MS = 100;

export function isRetryableSqliteError(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return typeof code === "string" && RETRYABLE.has(code);
}

function sleepSync(ms: number): void {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, ms);
}

/** Runs fn; on a busy/locked error retries up to `attempts` times with doubling delays. */
export function withRetry<T>(fn: () => T, attempts = RETRY_ATTEMPTS, firstDelayMs = RETRY_FIRST_DELAY_MS, sleep = sleepSync): T {
  let delay = firstDelayMs;
  for (let attempt = 0; ; attempt++) {
    try {
      return fn();
    } catch (error) {
      if (attempt >= attempts || !isRetryableSqliteError(error)) throw error;
      sleep(delay);
      delay *= 2;
    }
  }
}
