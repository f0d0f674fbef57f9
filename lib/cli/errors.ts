// Exit codes of the CLI: 0 success, 1 a failed check, 2 bad usage or bad input.
export const EXIT_FAILED = 1;
export const EXIT_USAGE = 2;

/** Bad flags, files or values: exit code 2 with a one-line reason. */
export class UsageError extends Error {
  readonly exitCode = EXIT_USAGE;
}

/** A check that ran and failed (an invalid packing, a failed benchmark target): exit code 1. */
export class CheckFailed extends Error {
  readonly exitCode = EXIT_FAILED;
}

/** Parses a numeric flag; commander hands option parsers strings. */
export function numberOption(name: string, { integer = false, min = -Infinity } = {}) {
  return (text: string): number => {
    const value = Number(text);
    if (text.trim() === "" || !Number.isFinite(value)) throw new UsageError(`${name} must be a number, got "${text}"`);
    if (integer && !Number.isInteger(value)) throw new UsageError(`${name} must be an integer, got "${text}"`);
    if (value < min) throw new UsageError(`${name} must be >= ${min}, got "${text}"`);
    return value;
  };
}
