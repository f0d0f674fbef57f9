// JSON columns (evolve.md §3.1): NaN and ±Infinity anywhere inside become null, as upstream stores
// them, so every value written can be parsed back by any JSON reader.

export function toJsonText(value: unknown): string {
  // JSON.stringify itself writes NaN and ±Infinity as null, wherever they are (no replacer needed,
  // and a replacer function makes every write several times slower).
  return JSON.stringify(value);
}

export function toJsonOrNull(value: unknown): string | null {
  return value === null || value === undefined ? null : toJsonText(value);
}

export function parseJson<T>(text: unknown, fallback: T): T {
  if (typeof text !== "string" || text === "") return fallback;
  try {
    return JSON.parse(text) as T;
  } catch {
    // A column written by another tool may hold plain text; keep it rather than failing the read.
    return fallback;
  }
}
