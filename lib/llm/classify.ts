// Turns whatever the openai client threw into an LlmError with a kind, keeping the status and
// the server's Retry-After so the retry loop can honour it.
import OpenAI from "openai";
import { retryAfterMs } from "./backoff.js";
import { LlmError } from "./errors.js";

export function classifyError(error: unknown, model: string): LlmError {
  if (error instanceof LlmError) return error;
  if (error instanceof OpenAI.APIConnectionTimeoutError) {
    return new LlmError("timeout", `model "${model}": no reply within the request timeout`, { model });
  }
  if (error instanceof OpenAI.APIConnectionError) {
    const cause = (error as { cause?: unknown }).cause;
    const reason = cause instanceof Error ? cause.message : error.message;
    return new LlmError("connection", `model "${model}": cannot reach the endpoint (${reason})`, { model });
  }
  if (error instanceof OpenAI.APIError && typeof error.status === "number") {
    const status = error.status;
    const retry_after_ms = retryAfterMs(error.headers ?? undefined);
    const details = { model, status, ...(retry_after_ms !== undefined ? { retry_after_ms } : {}) };
    const message = `model "${model}": HTTP ${status}: ${error.message}`;
    if (status === 429) return new LlmError("rate_limit", message, details);
    if (status === 408) return new LlmError("timeout", message, details);
    if (status >= 500) return new LlmError("server", message, details);
    if (status === 401 || status === 403) {
      return new LlmError("auth", `${message} (set OPENAI_API_KEY, llm.api_key or the model's api_key_env)`, details);
    }
    return new LlmError("request", message, details);
  }
  if (error instanceof OpenAI.APIError && error.status === undefined) {
    // An error event inside a stream (the server failed mid-reply): worth another try.
    return new LlmError("server", `model "${model}": the stream reported an error: ${error.message}`, { model });
  }
  if (error instanceof SyntaxError) {
    return new LlmError("malformed", `model "${model}" sent a body that is not JSON: ${error.message}`, { model });
  }
  const message = error instanceof Error ? error.message : String(error);
  return new LlmError("request", `model "${model}": ${message}`, { model });
}
