// Every benchmark by name. Each writes bench/results/<name>.json (with the GPU's name when one ran).
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { packageRoot } from "../lib/paths.js";
import { formatCircleBench, runCircleBench } from "./circle.js";
import { formatEsBench, runEsBench } from "./es.js";
import { formatEvolveOverheadBench, runEvolveOverheadBench } from "./evolve-overhead.js";
import { formatGridworldBench, runGridworldBench } from "./gridworld.js";
import { formatKbenchOverheadBench, runKbenchOverheadBench } from "./kbench-overhead.js";
import { formatLlmProposalsBench, runLlmProposalsBench } from "./llm-proposals.js";
import { formatMergeBench, runMergeBench } from "./merge.js";
import { formatMergeStepBench, runMergeStepBench } from "./merge-step.js";

export const BENCHMARKS = {
  circle: {
    description: "circle-packing energy + gradient throughput, native vs TypeScript (and CUDA)",
    run: runCircleBench,
    format: formatCircleBench,
  },
  "llm-proposals": {
    description: "LLM proposals per second through the openai client against a loopback server, concurrency 1/4/16",
    run: runLlmProposalsBench,
    format: formatLlmProposalsBench,
  },
  es: {
    description: "one OpenAI-ES generation (ask + sphere + tell) at P=1024 D=1e4/1e5 and P=256 D=1e6, native vs numpy (and CUDA)",
    run: runEsBench,
    format: formatEsBench,
  },
  "evolve-overhead": {
    description: "evolution engine overhead per candidate (selection + inspirations + novelty + insert) at 1,000 and 10,000 programs, against re-reading the database per proposal",
    run: runEvolveOverheadBench,
    format: formatEvolveOverheadBench,
  },
  gridworld: {
    description: "gridworld steps/s (native CPU, 7x7 view every step) over 7 ids and 2 batch sizes, against MiniGrid in python3 when importable; on CUDA, 65,536 environments against NAVIX's H100 figures",
    run: runGridworldBench,
    format: formatGridworldBench,
  },
  merge: {
    description: "M2N2 merge of two 1e8-parameter float32 vectors (linear, SLERP) against a plain copy, and the digits step's merge share",
    run: runMergeBench,
    format: formatMergeBench,
  },
  "kbench-overhead": {
    description: "kbench harness per candidate on the CPU: compile (temp dir, process group, cache, ptxas parsing) + static checks, against a plain nvcc -cubin in the same run",
    run: runKbenchOverheadBench,
    format: formatKbenchOverheadBench,
  },
  "merge-step": {
    description: "the M2N2 digits loop fused (native competition, one call per child) against the previous unfused path in the same run, and one step's parts",
    run: runMergeStepBench,
    format: formatMergeStepBench,
  },
} as const;

export type BenchmarkName = keyof typeof BENCHMARKS;

export function saveResult(name: string, result: { device: string }): string {
  const directory = join(packageRoot(), "bench", "results");
  mkdirSync(directory, { recursive: true });
  const suffix = result.device === "cpu" ? "" : `-${result.device.replace(/[^A-Za-z0-9]+/g, "_")}`;
  const path = join(directory, `${name}${suffix}.json`);
  writeFileSync(path, `${JSON.stringify(result, null, 2)}\n`);
  return path;
}
