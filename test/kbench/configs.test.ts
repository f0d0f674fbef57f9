import { describe, expect, it } from "vitest";
import { expandConfigs, smallConfig } from "../../lib/kbench/configs.js";
import { resolveLaunch, parseCandidateLaunch } from "../../lib/kbench/launch-plan.js";
import { parseManifest, taskHash } from "../../lib/kbench/manifest.js";

function manifest(overrides: Record<string, unknown> = {}) {
  return {
    name: "toy",
    family: "softmax",
    pass: "forward",
    description: "Row-wise softmax of x (B, D).",
    inputs: [
      { name: "x", dtype: "f32", shape: ["B", "D"], init: "normal" },
      { name: "w", dtype: "f32", shape: ["D"], init: "ones" },
    ],
    outputs: [{ name: "y", dtype: "f32", shape: ["B", "D"] }],
    scalars: [{ name: "eps", type: "f32", value: 1e-5 }],
    configs: {
      single: { input: [{ B: 2, D: 8 }], init: [{}], shared: [{}] },
      multi: {
        input: [{ B: 4, D: 16 }, { B: 8, D: 32 }],
        init: [{}, { "x.init": "large" }],
        shared: [{}, { D: 64 }],
      },
      hidden: [{ B: 3, D: 4095, "x.init": "ties" }],
    },
    smallConfig: { B: 1, D: 3 },
    reference: { cpu: "softmax", kernel: "toy_ref", launch: { grid: ["B"], block: [256], shared: "256*8", args: ["x", "y", "i32:B", "i32:D", "f32:eps"] } },
    launch: { kernel: "toy", grid: ["ceil_div(B*D,128)"], block: [128], shared: "0", args: ["x", "w", "y", "i64:B*D"] },
    flops: "5*B*D",
    bytes: "8*B*D",
    ...overrides,
  };
}

describe("kbench manifest", () => {
  it("parses a valid manifest and fills defaults", () => {
    const m = parseManifest(manifest());
    expect(m.tolerance).toEqual({ atol: 1e-4, rtol: 1e-4 });
    expect(m.policy.allowTF32).toBe(false);
    expect(m.configs.hidden).toHaveLength(1);
  });

  it("names the file and every bad field", () => {
    const bad = manifest({ family: "magic", inputs: [{ name: "x", dtype: "f16", shape: ["B"], init: "normal" }] });
    expect(() => parseManifest(bad, "tasks/toy/task.json")).toThrow(TypeError);
    try {
      parseManifest(bad, "tasks/toy/task.json");
    } catch (e) {
      const msg = (e as Error).message;
      expect(msg).toMatch(/^tasks\/toy\/task.json: invalid kbench manifest/);
      expect(msg).toMatch(/family/);
      expect(msg).toMatch(/inputs\.0\.dtype/);
    }
  });

  it("rejects unknown inits, unknown fields and duplicate tensor names", () => {
    expect(() => parseManifest(manifest({ inputs: [{ name: "x", dtype: "f32", shape: ["B"], init: "gaussian" }] }))).toThrow(/init must be one of/);
    expect(() => parseManifest({ ...manifest(), extra: 1 })).toThrow(/extra|Unrecognized/i);
    expect(() => parseManifest(manifest({ outputs: [{ name: "x", dtype: "f32", shape: ["B"] }] }))).toThrow(/"x" is used twice/);
    expect(() => parseManifest(manifest({ configs: { single: { input: [] } } }))).toThrow(/configs\.single\.input/);
  });

  it("hashes task names with FNV-1a", () => {
    expect(taskHash("")).toBe(0x811c9dc5);
    expect(taskHash("a")).toBe(0xe40c292c);
    expect(taskHash("softmax")).not.toBe(taskHash("softmin"));
  });
});

describe("kbench config expansion", () => {
  const task = parseManifest(manifest());

  it("expands single, then multi as input × init × shared with shared merged last", () => {
    const configs = expandConfigs(task);
    expect(configs.map((c) => c.id)).toEqual(["single-0", ...Array.from({ length: 8 }, (_, i) => `multi-${i}`)]);
    const multi = configs.filter((c) => c.id.startsWith("multi"));
    // input-major order: (input 0: init 0: shared 0, shared 1), (input 0: init 1: ...), (input 1: ...)
    expect(multi.map((c) => [c.vars.B, c.vars.D, c.inputs[0]!.init])).toEqual([
      [4, 16, "normal"],
      [4, 64, "normal"],
      [4, 16, "large"],
      [4, 64, "large"],
      [8, 32, "normal"],
      [8, 64, "normal"],
      [8, 32, "large"],
      [8, 64, "large"],
    ]);
    expect(multi[1]!.inputs[0]!.shape).toEqual([4, 64]);
    expect(multi[1]!.outputs[0]!.shape).toEqual([4, 64]);
    expect(multi[1]!.flops).toBe(5 * 4 * 64);
    expect(configs.every((c) => !c.hidden)).toBe(true);
    expect(configs.map((c) => c.index)).toEqual(configs.map((_, i) => i));
  });

  it("adds hidden configurations only when asked, with their init overrides", () => {
    const all = expandConfigs(task, { includeHidden: true });
    const hidden = all.at(-1)!;
    expect(hidden.id).toBe("hidden-0");
    expect(hidden.hidden).toBe(true);
    expect(hidden.inputs[0]).toEqual({ name: "x", dtype: "f32", shape: [3, 4095], init: "ties" });
    expect(hidden.inputs[1]!.init).toBe("ones");
    expect(hidden.scalars).toEqual({ eps: 1e-5 });
    expect(smallConfig(task).vars).toEqual({ B: 1, D: 3 });
  });

  it("reports bad config dictionaries clearly", () => {
    const badInit = parseManifest(manifest({ configs: { single: { input: [{ B: 2, D: 2, "z.init": "ones" }] } } }));
    expect(() => expandConfigs(badInit)).toThrow(/overrides the init of unknown input "z"/);
    const missing = parseManifest(manifest({ configs: { single: { input: [{ B: 2 }] } } }));
    expect(() => expandConfigs(missing)).toThrow(/unknown name "D"/);
    const zero = parseManifest(manifest({ configs: { single: { input: [{ B: 0, D: 2 }] } } }));
    expect(() => expandConfigs(zero)).toThrow(/is zero/);
  });
});

describe("kbench launch plans", () => {
  const task = parseManifest(manifest());
  const config = expandConfigs(task)[0]!; // B=2, D=8

  it("resolves grid, block, shared memory and typed arguments", () => {
    expect(resolveLaunch(task.reference.launch, task, config)).toEqual({
      kernel: "toy_ref",
      grid: [2, 1, 1],
      block: [256, 1, 1],
      sharedBytes: 2048,
      args: [
        { kind: "tensor", name: "x" },
        { kind: "tensor", name: "y" },
        { kind: "i32", value: 2 },
        { kind: "i32", value: 8 },
        { kind: "f32", value: 1e-5 },
      ],
    });
    const cand = resolveLaunch(task.launch, task, config);
    expect(cand.kernel).toBe("toy");
    expect(cand.args.at(-1)).toEqual({ kind: "i64", value: 16 });
  });

  it("rejects unknown tensors, oversized blocks and bad scalars", () => {
    const plan = { ...task.launch };
    expect(() => resolveLaunch({ ...plan, args: ["q"] }, task, config)).toThrow(/argument "q" is neither a tensor/);
    expect(() => resolveLaunch({ ...plan, block: [64, 32] }, task, config)).toThrow(/2048 threads/);
    expect(() => resolveLaunch({ ...plan, grid: ["B-2"] }, task, config)).toThrow(/grid\[0\].*outside/);
    expect(() => resolveLaunch({ ...plan, args: ["i32:3000000000"] }, task, config)).toThrow(/not an i32/);
    expect(() => resolveLaunch({ ...plan, shared: "300000" }, task, config)).toThrow(/dynamic shared memory/);
  });

  it("parses a candidate's tansaku-launch comment", () => {
    const src = '#include <cuda.h>\n  // tansaku-launch: {"kernel": "toy_v2", "grid": ["B"], "block": [512], "shared": "0", "args": ["x", "y", "i32:D"]}\nextern "C" __global__ void toy_v2() {}';
    expect(parseCandidateLaunch(src)).toEqual({ kernel: "toy_v2", grid: ["B"], block: [512], shared: "0", args: ["x", "y", "i32:D"] });
    expect(parseCandidateLaunch("// no plan here\n")).toBeNull();
    expect(() => parseCandidateLaunch("// tansaku-launch: {kernel: toy}")).toThrow(/not valid JSON/);
    expect(() => parseCandidateLaunch('// tansaku-launch: {"kernel": "k", "grid": [], "block": [1], "args": ["x"]}')).toThrow(/grid/);
  });
});
