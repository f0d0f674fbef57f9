// tansaku's public API: each system's index, re-exported.
export * from "./circles/index.js";
export * from "./native/index.js";
export * from "./llm/index.js";
export * from "./es/index.js";
export * from "./gridworld/index.js";
export * from "./evolve/index.js";
export * from "./merge/index.js";
export * as kbench from "./kbench/index.js";
