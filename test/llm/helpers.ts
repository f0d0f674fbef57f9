// Shared setup for the LLM tests: a config pointing at the loopback server with tiny delays.
import { resolveLlmConfig, type LlmConfig, type LlmConfigInput } from "../../lib/llm/index.js";

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
