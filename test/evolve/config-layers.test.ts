// Config layers (evolve.md §18): JSON or YAML file, Shinka namespaces, --set overrides, errors
// that name the bad key.
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { applySetOverrides, readConfigFile, resolveEvolveConfig } from "../../lib/evolve/config.js";
import { mergeConfigLayers, presetLayers, PRESETS } from "../../lib/evolve/presets.js";
import { resolveLlmConfig } from "../../lib/llm/config.js";

const dir = mkdtempSync(join(tmpdir(), "evolve-config-"));
function file(name: string, text: string): string {
  const path = join(dir, name);
  writeFileSync(path, text);
  return path;
}

const SHINKA_YAML = `# a ShinkaEvolve-style config
evo_config:
  num_generations: 12
  patch_types: [diff, full]
  patch_type_probs: [0.7, 0.3]
  llm_models:
    - gpt-4.1-mini
  llm_kwargs:
    temperatures: [0.0, 0.8]
    max_tokens: 4096
  max_api_costs: 2.5
db_config:
  num_islands: 3
  archive_size: 20
  migration_rate: 0.05
job_config:
  numeric_threads_per_job: 2
llm:
  request_timeout_s: 60
`;

describe("config files", () => {
  it("reads a Shinka-style YAML file: namespaces flatten to run keys, llm_kwargs goes to the LLM layer", () => {
    const layers = readConfigFile(file("shinka.yaml", SHINKA_YAML));
    expect(layers.run).toEqual({
      num_generations: 12,
      patch_types: ["diff", "full"],
      patch_type_probs: [0.7, 0.3],
      llm_models: ["gpt-4.1-mini"],
      max_api_costs: 2.5,
      num_islands: 3,
      archive_size: 20,
      migration_rate: 0.05,
      numeric_threads_per_job: 2,
    });
    expect(layers.llm).toEqual({ llm_kwargs: { temperatures: [0, 0.8], max_tokens: 4096 }, request_timeout_s: 60 });
    const config = resolveEvolveConfig(layers.run);
    expect(config).toMatchObject({ num_generations: 12, num_islands: 3, max_api_costs: 2.5, numeric_threads_per_job: 2 });
    const llm = resolveLlmConfig({ file: layers.llm!, cli: { models: ["gpt-4.1-mini"] }, env: {} });
    expect(llm.models[0]).toMatchObject({ temperatures: [0, 0.8], max_tokens: [4096] });
    expect(llm.request_timeout_s).toBe(60);
  });

  it("reads .yml, JSON, and YAML content in a file with another extension", () => {
    expect(readConfigFile(file("a.yml", "num_islands: 4\n")).run).toEqual({ num_islands: 4 });
    expect(readConfigFile(file("a.json", '{"evo": {"seed": 7}}')).run).toEqual({ seed: 7 });
    expect(readConfigFile(file("a.conf", "seed: 9\n")).run).toEqual({ seed: 9 });
  });

  it("says which file is broken and why", () => {
    expect(() => readConfigFile(file("bad.yaml", "evo:\n  seed: [1, 2\n"))).toThrow(/bad\.yaml is not valid YAML/);
    expect(() => readConfigFile(file("bad.json", "{nope"))).toThrow(/bad\.json is not valid JSON/);
    expect(() => readConfigFile(file("list.yaml", "- 1\n- 2\n"))).toThrow(/list\.yaml must hold a mapping/);
    expect(() => readConfigFile(file("ns.yaml", "db_config: 3\n"))).toThrow(/db_config must be a mapping/);
    expect(() => readConfigFile(join(dir, "missing.yaml"))).toThrow(/missing\.yaml: ENOENT/);
  });

  it("names an unknown or badly typed key", () => {
    const layers = readConfigFile(file("typo.yaml", "evo_config:\n  num_generatoins: 5\n"));
    expect(() => resolveEvolveConfig(layers.run)).toThrow(/num_generatoins/);
    const typed = readConfigFile(file("typed.yaml", "db_config:\n  num_islands: two\n"));
    expect(() => resolveEvolveConfig(typed.run)).toThrow(/num_islands/);
  });
});

describe("--set overrides", () => {
  it("apply after the file, read values as YAML, and route llm.* to the LLM layer", () => {
    const layers = readConfigFile(file("base.yaml", SHINKA_YAML));
    const set = applySetOverrides(layers, [
      "db.num_islands=5",
      "evo.patch_type_probs=[0.5, 0.5]",
      "seed=3",
      "evo.use_text_feedback=true",
      "evo.max_api_costs=null",
      "llm.max_retries=7",
      "llm.llm_kwargs={temperatures: [1.0], max_tokens: 100}",
    ]);
    const config = resolveEvolveConfig(set.run);
    expect(config).toMatchObject({ num_islands: 5, patch_type_probs: [0.5, 0.5], seed: 3, use_text_feedback: true, max_api_costs: null, num_generations: 12 });
    expect(set.llm).toMatchObject({ max_retries: 7, request_timeout_s: 60, llm_kwargs: { temperatures: [1], max_tokens: 100 } });
    // The file's layers are not modified.
    expect(layers.run.num_islands).toBe(3);
  });

  it("rejects malformed assignments and unknown namespaces, naming them", () => {
    expect(() => applySetOverrides({ run: {} }, ["num_islands"])).toThrow(/--set num_islands: expected ns\.key=value/);
    expect(() => applySetOverrides({ run: {} }, ["=3"])).toThrow(/expected ns\.key=value/);
    expect(() => applySetOverrides({ run: {} }, ["foo.seed=1"])).toThrow(/unknown namespace "foo"/);
    expect(() => applySetOverrides({ run: {} }, ["evo.seed=[1"])).toThrow(/--set evo\.seed: cannot read the value/);
    const unknown = applySetOverrides({ run: {} }, ["evo.not_a_key=1"]);
    expect(() => resolveEvolveConfig(unknown.run)).toThrow(/not_a_key/);
  });
});

describe("presets", () => {
  it("every preset resolves to a valid run config and LLM config", () => {
    for (const name of Object.keys(PRESETS)) {
      const layers = presetLayers(name);
      expect(() => resolveEvolveConfig(layers.run), name).not.toThrow();
      expect(() => resolveLlmConfig({ file: layers.llm ?? {}, cli: { models: (layers.run.llm_models as string[]) ?? [] }, env: {} }), name).not.toThrow();
    }
    expect(resolveEvolveConfig(presetLayers("large").run)).toMatchObject({ num_islands: 5, num_archive_inspirations: 4, num_top_k_inspirations: 2, patch_type_probs: [0.4, 0.4, 0.2], num_generations: 300, max_patch_attempts: 3 });
    expect(resolveEvolveConfig(presetLayers("hill-climbing").run)).toMatchObject({ parent_selection_strategy: "power_law", exploitation_alpha: 100, exploitation_ratio: 1 });
  });

  it("sit under the file, which sits under --set; an unknown name lists the known ones", () => {
    const fromFile = readConfigFile(file("over.yaml", "db_config:\n  num_islands: 3\n"));
    const merged = applySetOverrides(mergeConfigLayers(presetLayers("circle-packing-hydra"), fromFile), ["evo.num_generations=7"]);
    const config = resolveEvolveConfig(merged.run);
    expect(config).toMatchObject({ num_islands: 3, num_archive_inspirations: 4, num_generations: 7 });
    expect(merged.llm).toEqual({ llm_kwargs: { temperatures: [0, 0.5, 1] } });
    // The preset table itself is not modified by merging.
    expect(PRESETS["circle-packing-hydra"]!.run.num_islands).toBe(5);
    expect(() => presetLayers("huge")).toThrow(/unknown preset "huge" \(one of: small, medium, large/);
  });
});
