// Edit errors carry a stable code (for logs and tests) and a message written for the model that
// made the patch: it is sent back verbatim in the one Reflexion retry (evolve.md §11.4).

export type EditErrorCode =
  | "NO_EVOLVE_BLOCKS"
  | "NO_DIFF_BLOCKS"
  | "MALFORMED_BLOCK"
  | "SEARCH_NOT_FOUND"
  | "EDIT_OUTSIDE_EVOLVE_BLOCK"
  | "MARKER_VALIDATION_FAILED"
  | "CODE_EXTRACTION_FAILED"
  | "AMBIGUOUS_REGIONS"
  | "SYNTAX_ERROR";

export class EditError extends Error {
  constructor(
    readonly code: EditErrorCode,
    message: string,
  ) {
    super(message);
    this.name = "EditError";
  }
}
