// How long to wait before retry number `attempt` (0-based): the server's Retry-After when it
// sent one, else exponential backoff base * 2^attempt; both capped at max. No jitter, so a
// seeded run waits the same way every time.

export interface BackoffSettings {
  base_ms: number;
  max_ms: number;
}

export function backoffDelayMs(attempt: number, settings: BackoffSettings, retryAfterMs?: number): number {
  if (retryAfterMs !== undefined && Number.isFinite(retryAfterMs) && retryAfterMs >= 0) {
    return Math.min(retryAfterMs, settings.max_ms);
  }
  return Math.min(settings.base_ms * 2 ** attempt, settings.max_ms);
}

/**
 * Reads `retry-after-ms` (OpenAI's) or `retry-after` (seconds or an HTTP date) from response
 * headers; undefined when absent or unreadable.
 */
export function retryAfterMs(headers: { get(name: string): string | null } | undefined, now = Date.now()): number | undefined {
  if (!headers) return undefined;
  const ms = headers.get("retry-after-ms");
  if (ms !== null && ms.trim() !== "" && Number.isFinite(Number(ms))) return Math.max(0, Number(ms));
  const value = headers.get("retry-after");
  if (value === null || value.trim() === "") return undefined;
  const seconds = Number(value);
  if (Number.isFinite(seconds)) return Math.max(0, seconds * 1000);
  const date = Date.parse(value);
  return Number.isNaN(date) ? undefined : Math.max(0, date - now);
}

export function sleep(ms: number): Promise<void> {
  return new Promise((resolve) => setTimeout(resolve, ms));
}
