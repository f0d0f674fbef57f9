// The edit protocol's failures (evolve.md §11.4): a stable code plus a message a model can act on.

export type PatchErrorCode =
  | "NO_EVOLVE_BLOCKS"
  | "NO_DIFF_BLOCKS"
  | "MALFORMED_BLOCK"
  | "SEARCH_NOT_FOUND"
  | "EDIT_OUTSIDE_EVOLVE_BLOCK"
  | "MARKER_VALIDATION_FAILED"
  | "CODE_EXTRACTION_FAILED"
  | "AMBIGUOUS_REGIONS"
  | "SYNTAX_ERROR";

export interface PatchFailure {
  ok: false;
  code: PatchErrorCode;
  error: string;
}

export function fail(code: PatchErrorCode, error: string): PatchFailure {
  return { ok: false, code, error: `${code}: ${error}` };
}
