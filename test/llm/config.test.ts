// Config resolution: defaults, file, command line, environment, and clear errors.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { Random } from "../../lib/random.js";
import { DEFAULT_PRICES, resolveLlmConfig, sampleCallKwargs } from "../../lib/llm/index.js";

describe("resolveLlmConfig", () => {
  it("fills defaults and takes the endpoint and key from the environment", () => {
    const config = resolveLlmConfig({
      cli: { models: "gpt-4o-mini, gpt-4.1" },
      env: { OPENAI_BASE_URL: "http://127.0.0.1:9/v1", OPENAI_API_KEY: "k-env" },
    });
    expect(config.base_url).toBe("http://127.0.0.1:9/v1");
    expect(config.api_key).toBe("k-env");
    expect(config.models.map((m) => m.name)).toEqual(["gpt-4o-mini", "gpt-4.1"]);
    expect(config.models[0]).toMatchObject({ temperatures: [0, 0.5, 1], max_tokens: [16384], reasoning_efforts: [] });
    expect(config.request_timeout_s).toBe(300);
    expect(config.max_retries).toBe(3);
    expect(config.budget_usd).toBeNull();
    expect(config.embedding_model).toBe("local");
    expect(config.prices["gpt-4o"]).toEqual(DEFAULT_PRICES["gpt-4o"]);
  });

  it("layers file < command line, and config values win over the environment", () => {
    const dir = mkdtempSync(join(tmpdir(), "llm-config-"));
    const path = join(dir, "run.json");
    writeFileSync(
      path,
      JSON.stringify({
        llm: {
          base_url: "http://file.example/v1",
          api_key: "k-file",
          models: [{ name: "gpt-4.1", temperatures: [0.2], max_tokens: 1000 }],
          llm_kwargs: { temperatures: [0.9], max_tokens: [10, 20] },
          budget_usd: 5,
          prices: { "my-model": { input: 1, output: 2 } },
        },
      }),
    );
    const config = resolveLlmConfig({
      file: path,
      cli: { budget_usd: 2, models: ["gpt-4.1", "my-model"] },
      env: { OPENAI_BASE_URL: "http://env.example/v1", OPENAI_API_KEY: "k-env" },
    });
    expect(config.base_url).toBe("http://file.example/v1");
    expect(config.api_key).toBe("k-file");
    expect(config.budget_usd).toBe(2);
    // The command line's list replaces the file's, so gpt-4.1 takes the llm_kwargs defaults.
    expect(config.models[0]).toMatchObject({ name: "gpt-4.1", temperatures: [0.9], max_tokens: [10, 20] });
    expect(config.prices["my-model"]).toEqual({ input: 1, output: 2 });
  });

  it("accepts ShinkaEvolve's key names", () => {
    const config = resolveLlmConfig({ file: { llm_models: ["gpt-5-mini"], max_api_costs: 3 }, env: {} });
    expect(config.models[0]!.name).toBe("gpt-5-mini");
    expect(config.budget_usd).toBe(3);
  });

  it("parses local/<model>@url?api_key_env=VAR model strings", () => {
    const config = resolveLlmConfig({ cli: { models: "local/qwen2.5-coder@http://127.0.0.1:8000/v1?api_key_env=VLLM_KEY" }, env: {} });
    expect(config.models[0]).toMatchObject({
      name: "local/qwen2.5-coder@http://127.0.0.1:8000/v1?api_key_env=VLLM_KEY",
      api_model: "qwen2.5-coder",
      base_url: "http://127.0.0.1:8000/v1",
      api_key_env: "VLLM_KEY",
    });
  });

  it("names the bad key in its error", () => {
    expect(() => resolveLlmConfig({ file: { models: [{ name: "m", temperatures: [5] }] }, env: {} })).toThrow(
      /invalid LLM config: models\.0.*temperatures/,
    );
    expect(() => resolveLlmConfig({ file: { request_timeout_s: -1 }, env: {} })).toThrow(/request_timeout_s/);
    expect(() => resolveLlmConfig({ file: { modles: [] }, env: {} })).toThrow(/modles/);
    expect(() => resolveLlmConfig({ cli: { budget_usd: -1 }, env: {} })).toThrow(/budget_usd/);
    expect(() => resolveLlmConfig({ env: { OPENAI_BASE_URL: "not a url" } })).toThrow(/OPENAI_BASE_URL/);
    expect(() => resolveLlmConfig({ cli: { models: "a,a" }, env: {} })).toThrow(/listed twice/);
    expect(() => resolveLlmConfig({ cli: { models: "local/x" }, env: {} })).toThrow(/local\/<model>@/);
    expect(() => resolveLlmConfig({ cli: { record: "a.jsonl", replay: "b.jsonl" }, env: {} })).toThrow(/both/);
    expect(() => resolveLlmConfig({ file: "/nonexistent/config.json", env: {} })).toThrow(/config file/);
    expect(() => resolveLlmConfig({ file: { llm: [] }, env: {} })).toThrow(TypeError);
  });
});

describe("sampleCallKwargs (§9.6)", () => {
  it("draws every setting uniformly and independently", () => {
    const rng = new Random(7);
    const counts = new Map<string, number>();
    for (let i = 0; i < 6000; i++) {
      const k = sampleCallKwargs({ temperatures: [0, 0.5, 1], max_tokens: [100, 200], reasoning_efforts: ["low", "high"] }, rng);
      const key = `${k.temperature}/${k.max_tokens}/${k.reasoning_effort}`;
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
    expect(counts.size).toBe(12);
    for (const n of counts.values()) expect(n).toBeGreaterThan(350); // expected 500 each
  });

  it("omits temperature and effort when their lists are empty, and repeats with the same seed", () => {
    const settings = { temperatures: [], max_tokens: 64, reasoning_efforts: [] };
    expect(sampleCallKwargs(settings, new Random(1))).toEqual({ max_tokens: 64 });
    const a = [1, 2, 3].map(() => sampleCallKwargs({ temperatures: [0, 1], max_tokens: [1, 2], reasoning_efforts: [] }, new Random(3)));
    expect(new Set(a.map((k) => JSON.stringify(k))).size).toBe(1);
  });
});
