// kbench: CUDA kernel tasks, the harness that judges candidates, and the kernel agent.
// (The catalogue and harness modules add their re-exports here.)
export * from "./agent/index.js";
