// kbench: CUDA kernel tasks, the harness that judges candidates, and the kernel agent.
// (The catalogue and harness modules add their re-exports here.)
export * from "./agent/index.js";
export * from "./manifest.js";
export * from "./expr.js";
export * from "./configs.js";
export * from "./launch-plan.js";
export * from "./catalogue.js";
export * from "./reference.js";
export * from "./trivial.js";
export * from "./compile.js";
export * from "./static-checks.js";
export * from "./stats.js";
export * from "./runner-client.js";
export * from "./evaluate.js";
