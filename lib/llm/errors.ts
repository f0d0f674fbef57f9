// One error type for everything that can go wrong in an LLM exchange, with a `kind` the runner
// can branch on (record and go on for malformed/empty replies, stop proposing on budget).

export type LlmErrorKind =
  | "rate_limit" // 429 after every retry
  | "server" // 5xx after every retry
  | "timeout" // no reply within the per-request timeout, after every retry
  | "connection" // the endpoint could not be reached, after every retry
  | "auth" // 401/403: a missing or wrong key
  | "request" // 400/404/422: the server refused what we sent
  | "malformed" // a 2xx reply that is not a chat completion / embedding list
  | "empty" // a well-formed reply with no content
  | "budget" // the call's upper-bound cost does not fit the remaining budget
  | "replay_missing"; // replay mode and no recorded reply for this request

const RETRYABLE: ReadonlySet<LlmErrorKind> = new Set(["rate_limit", "server", "timeout", "connection"]);

export class LlmError extends Error {
  override readonly name = "LlmError";

  constructor(
    readonly kind: LlmErrorKind,
    message: string,
    readonly details: { model?: string; status?: number; attempts?: number; retry_after_ms?: number } = {},
  ) {
    super(message);
  }

  get retryable(): boolean {
    return RETRYABLE.has(this.kind);
  }
}
