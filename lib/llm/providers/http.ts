// HTTP for the providers that speak their own API (Anthropic, Gemini) over Node's fetch: a JSON
// POST with a deadline, an SSE POST with a stall watchdog, and HTTP failures turned into typed
// LlmErrors (status -> kind, Retry-After kept, the server's own message quoted).
import { retryAfterMs } from "../backoff.js";
import { LlmError } from "../errors.js";
import type { ProviderTimeouts } from "./provider.js";
import { StallWatchdog } from "./watchdog.js";

export interface HttpTarget {
  url: string;
  headers: Record<string, string>;
  body: unknown;
  /** For messages: the model name as configured. */
  model: string;
  /** Told to the user on 401/403, e.g. "set ANTHROPIC_API_KEY". */
  key_hint: string;
}

export interface SseEvent {
  event: string | undefined;
  data: string;
}

function describe(text: string): string {
  return text.length > 200 ? `${text.slice(0, 200)}...` : text;
}

/** The server's error message from a JSON error body ({error: {message}} in both APIs). */
function serverMessage(text: string): string {
  try {
    const parsed = JSON.parse(text) as { error?: { message?: unknown } };
    if (typeof parsed?.error?.message === "string") return parsed.error.message;
  } catch {
    // not JSON: quote the text
  }
  return describe(text.trim()) || "(no body)";
}

/** Gemini puts its retry hint in the body: error.details[].retryDelay = "12s". */
function bodyRetryDelayMs(text: string): number | undefined {
  try {
    const details = (JSON.parse(text) as { error?: { details?: unknown } })?.error?.details;
    if (!Array.isArray(details)) return undefined;
    for (const detail of details) {
      const delay = (detail as { retryDelay?: unknown })?.retryDelay;
      const match = typeof delay === "string" ? /^(\d+(?:\.\d+)?)s$/.exec(delay) : null;
      if (match) return Number(match[1]) * 1000;
    }
  } catch {
    // no hint
  }
  return undefined;
}

export function statusError(status: number, headers: Headers, text: string, target: Pick<HttpTarget, "model" | "key_hint">): LlmError {
  const retry_after_ms = retryAfterMs(headers) ?? (status === 429 ? bodyRetryDelayMs(text) : undefined);
  const details = { model: target.model, status, ...(retry_after_ms !== undefined ? { retry_after_ms } : {}) };
  const message = `model "${target.model}": HTTP ${status}: ${serverMessage(text)}`;
  if (status === 429) return new LlmError("rate_limit", message, details);
  if (status === 408) return new LlmError("timeout", message, details);
  // 529 is Anthropic's "overloaded"; every 5xx is worth another try.
  if (status >= 500) return new LlmError("server", message, details);
  if (status === 401 || status === 403) return new LlmError("auth", `${message} (${target.key_hint})`, details);
  return new LlmError("request", message, details);
}

function transportError(error: unknown, target: HttpTarget, watchdog: StallWatchdog): LlmError {
  if (error instanceof LlmError) return error;
  if (watchdog.fired) return new LlmError("timeout", `model "${target.model}": ${watchdog.fired}`, { model: target.model });
  const cause = (error as { cause?: unknown })?.cause;
  const reason = cause instanceof Error ? cause.message : error instanceof Error ? error.message : String(error);
  return new LlmError("connection", `model "${target.model}": cannot reach the endpoint (${reason})`, { model: target.model });
}

async function send(target: HttpTarget, signal: AbortSignal, accept: string): Promise<Response> {
  return fetch(target.url, {
    method: "POST",
    headers: { "content-type": "application/json", accept, ...target.headers },
    body: JSON.stringify(target.body),
    signal,
  });
}

/** POSTs JSON and returns the parsed reply; the whole exchange must finish within request_ms. */
export async function postJson(target: HttpTarget, timeouts: ProviderTimeouts): Promise<unknown> {
  const controller = new AbortController();
  const watchdog = new StallWatchdog(timeouts.request_ms, timeouts.request_ms, () => controller.abort());
  let text: string;
  let response: Response;
  try {
    response = await send(target, controller.signal, "application/json");
    text = await response.text();
  } catch (error) {
    throw transportError(error, target, watchdog);
  } finally {
    watchdog.stop();
  }
  if (!response.ok) throw statusError(response.status, response.headers, text, target);
  try {
    return JSON.parse(text);
  } catch {
    throw new LlmError("malformed", `model "${target.model}" sent a body that is not JSON: ${describe(text)}`, { model: target.model });
  }
}

/**
 * POSTs and reads the reply as server-sent events, handing each to `onEvent`, which returns true
 * when the event carried tokens (that moves the stall deadline). The first token must come within
 * request_ms, each later one within stall_ms; otherwise the request is aborted with kind "timeout".
 * A non-2xx status is read as a JSON error body.
 */
export async function postSse(target: HttpTarget, timeouts: ProviderTimeouts, onEvent: (event: SseEvent) => boolean): Promise<void> {
  const controller = new AbortController();
  const watchdog = new StallWatchdog(timeouts.request_ms, timeouts.stall_ms, () => controller.abort());
  try {
    const response = await send(target, controller.signal, "text/event-stream");
    if (!response.ok) throw statusError(response.status, response.headers, await response.text(), target);
    if (!response.body) throw new LlmError("malformed", `model "${target.model}" sent no body`, { model: target.model });
    const decoder = new TextDecoder();
    let buffer = "";
    const dispatch = (block: string) => {
      let event: string | undefined;
      const data: string[] = [];
      for (const line of block.split(/\r?\n/)) {
        if (line === "" || line.startsWith(":")) continue;
        const colon = line.indexOf(":");
        const field = colon < 0 ? line : line.slice(0, colon);
        const value = colon < 0 ? "" : line.slice(colon + 1).replace(/^ /, "");
        if (field === "event") event = value;
        else if (field === "data") data.push(value);
      }
      if (data.length > 0 || event !== undefined) {
        if (onEvent({ event, data: data.join("\n") })) watchdog.tick();
      }
    };
    for await (const chunk of response.body as unknown as AsyncIterable<Uint8Array>) {
      buffer += decoder.decode(chunk, { stream: true });
      let boundary: RegExpExecArray | null;
      while ((boundary = /\r?\n\r?\n/.exec(buffer)) !== null) {
        const block = buffer.slice(0, boundary.index);
        buffer = buffer.slice(boundary.index + boundary[0].length);
        dispatch(block);
      }
    }
    buffer += decoder.decode();
    if (buffer.trim() !== "") dispatch(buffer);
  } catch (error) {
    controller.abort();
    throw transportError(error, target, watchdog);
  } finally {
    watchdog.stop();
  }
}

/** Parses one event's JSON data, or throws kind "malformed" quoting it. */
export function eventJson(event: SseEvent, model: string): unknown {
  try {
    return JSON.parse(event.data);
  } catch {
    throw new LlmError("malformed", `model "${model}" sent a stream event that is not JSON: ${describe(event.data)}`, { model });
  }
}

/** Joins a base URL and a path without doubling slashes or a trailing /v1 given in the base. */
export function endpointUrl(base: string, path: string): string {
  return `${base.replace(/\/+$/, "").replace(/\/v1(beta)?$/, "")}${path}`;
}
