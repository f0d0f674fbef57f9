// Shared setup for the LLM tests: configs and clients pointing at loopback servers with tiny delays.
import { expect } from "vitest";
import { LlmClient, LlmError, resolveLlmConfig, type LlmConfig, type LlmConfigInput } from "../../lib/llm/index.js";

export function loopbackConfig(url: string, overrides: Partial<LlmConfigInput> = {}): LlmConfig {
  return resolveLlmConfig({
    file: {
      base_url: url,
      api_key: "test-key",
      models: ["gpt-4o-mini"],
      request_timeout_s: 2,
      max_retries: 3,
      retry_base_delay_s: 0.001,
      retry_max_delay_s: 0.05,
      ...overrides,
    },
    env: {},
  });
}

export const HELLO = [
  { role: "system" as const, content: "You write code." },
  { role: "user" as const, content: "Say hello." },
];

/** A client of the native Anthropic or Gemini provider at `url`, with that provider's test key. */
export function providerClient(api: "anthropic" | "gemini", url: string, overrides: Partial<LlmConfigInput> = {}, env: Record<string, string> = {}): LlmClient {
  const config = resolveLlmConfig({
    file: {
      [`${api}_base_url`]: url,
      request_timeout_s: 2,
      max_retries: 3,
      retry_base_delay_s: 0.001,
      retry_max_delay_s: 0.05,
      ...overrides,
    },
    env: {},
  });
  const keys = api === "anthropic" ? { ANTHROPIC_API_KEY: "ak-test" } : { GEMINI_API_KEY: "gk-test" };
  return new LlmClient(config, { env: { ...keys, ...env }, onWarning: () => {} });
}

/** The LlmError a call rejects with (the test fails if it resolves or rejects with anything else). */
export async function failure(promise: Promise<unknown>): Promise<LlmError> {
  const error = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(LlmError);
  return error as LlmError;
}
