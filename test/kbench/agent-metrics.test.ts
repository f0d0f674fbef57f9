// The harness verdict as the evolution's metrics (score gated by correctness, feedback without
// hidden-shape details) and the kernel-as-program file helpers.
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import {
  type AgentKbenchResult,
  asEvolvable,
  kernelOf,
  kernelVerdict,
  parseHarnessResult,
  referenceSeed,
  withKernel,
  writeVerdict,
} from "../../lib/kbench/agent/index.js";
import { scaleKernel, TINY_TASK } from "./agent-fixtures.js";

function result(overrides: Partial<AgentKbenchResult> = {}): AgentKbenchResult {
  const shape = (config: string, hidden: boolean, speedup: number, correct = true) => ({
    config, hidden, correct, candidate_ms: 1 / speedup, reference_ms: 1, speedup, max_abs_error: 1e-7, rel_frobenius: 1e-8, flagged: [],
  });
  return {
    task: "tiny-scale", correct: true, ran: true, device: "H100", note: "",
    checks: [{ name: "inputs-unchanged", passed: true, detail: "ok" }],
    speedup: null, candidate_ms: 0.5, reference_ms: 1,
    shapes: [shape("N=1000", false, 2), shape("N=4096", false, 8), shape("N=777", true, 4)],
    compile: { ok: true, log: "", errors: [], resources: [{ kernel: "scale", registers: 12, spillBytes: 0, sharedBytes: 1024 }] },
    ...overrides,
  };
}

describe("kernelVerdict", () => {
  it("scores the geometric mean of the shapes' speedups when the harness gives none", () => {
    const verdict = kernelVerdict(result());
    expect(verdict.correct).toBe(true);
    expect(verdict.combined_score).toBeCloseTo(4, 12); // (2 * 8 * 4)^(1/3)
    expect(verdict.public.registers).toBe(12);
    expect(verdict.text_feedback).toContain("Shape N=4096: correct");
    expect(verdict.text_feedback).toContain("12 registers, 0 bytes spilled, 1024 bytes static shared memory");
    // Hidden shapes are counted in the score but never described.
    expect(verdict.text_feedback).not.toContain("N=777");
  });

  it("prefers the harness's aggregate speedup", () => {
    expect(kernelVerdict(result({ speedup: 3.5 })).combined_score).toBe(3.5);
  });

  it("is 0 with a reason for incorrect, uncompiled, failed-check or unmeasured kernels", () => {
    const hiddenWrong = result({ correct: false });
    hiddenWrong.shapes[2]!.correct = false;
    const wrong = kernelVerdict(hiddenWrong);
    expect(wrong).toMatchObject({ correct: false, combined_score: 0, error: "incorrect output" });
    expect(wrong.text_feedback).toContain("1 of 1 unseen shapes are INCORRECT");
    expect(wrong.text_feedback).not.toContain("N=777");

    const uncompiled = kernelVerdict(result({ compile: { ok: false, log: "", errors: ["k.cu(3): error: identifier \"q\" is undefined"], resources: [] }, ran: false, correct: null }));
    expect(uncompiled).toMatchObject({ correct: false, combined_score: 0, error: "compilation failed" });
    expect(uncompiled.text_feedback).toContain('identifier "q" is undefined');

    const checked = kernelVerdict(result({ checks: [{ name: "forbidden-symbols", passed: false, detail: "calls cublasSgemm" }] }));
    expect(checked.error).toBe("failed checks: forbidden-symbols");
    expect(checked.text_feedback).toContain("forbidden-symbols: calls cublasSgemm");

    const idle = kernelVerdict(result({ ran: false, correct: null, note: "no CUDA device" }));
    expect(idle).toMatchObject({ correct: false, combined_score: 0 });
    expect(idle.error).toContain("no CUDA device");
  });

  it("writes the engine's metrics.json and correct.json", () => {
    const dir = mkdtempSync(join(tmpdir(), "tansaku-kbench-verdict-"));
    writeVerdict(dir, kernelVerdict(result({ speedup: 2 })));
    expect(JSON.parse(readFileSync(join(dir, "metrics.json"), "utf8")).combined_score).toBe(2);
    expect(JSON.parse(readFileSync(join(dir, "correct.json"), "utf8"))).toEqual({ correct: true, error: null });
  });
});

describe("parseHarnessResult", () => {
  it("accepts a harness result and names what is missing from a bad one", () => {
    expect(parseHarnessResult(JSON.parse(JSON.stringify(result()))).shapes).toHaveLength(3);
    expect(() => parseHarnessResult({ task: "x", correct: true })).toThrow(/harness result: ran/);
  });
});

describe("kernels as programs", () => {
  it("wraps a kernel in one EVOLVE-BLOCK and replaces it without touching the header", () => {
    const program = asEvolvable("tiny-scale", scaleKernel(1));
    expect(program.split("\n")[1]).toBe("// EVOLVE-BLOCK-START");
    expect(kernelOf(program)).toBe(scaleKernel(1));
    const next = withKernel(program, `// EVOLVE-BLOCK-START\n${scaleKernel(4)}// EVOLVE-BLOCK-END\n`, "tiny-scale");
    expect(next.split("\n")[0]).toBe(program.split("\n")[0]);
    expect(kernelOf(next)).toBe(scaleKernel(4));
    expect(next.match(/EVOLVE-BLOCK-START/g)).toHaveLength(1);
  });

  it("seeds from the reference kernel with its own launch line", () => {
    const seed = referenceSeed(TINY_TASK);
    expect(seed.split("\n")[0]).toBe('// tansaku-launch: {"kernel":"scale_ref","grid":["ceil_div(N,256)"],"block":[256],"shared":"0","args":["x","y","i32:N"]}');
    expect(seed).toContain("extern \"C\" __global__ void scale_ref");
    expect(referenceSeed({ ...TINY_TASK, referenceSource: seed })).toBe(seed);
  });
});
