// Batched MiniGrid-compatible gridworlds on the native addon (spec: ../shared/specs/gridworld.md).
export { ACTION_NAMES, COLOUR_NAMES, colourCode, OBJECT_NAMES, objectCode } from "./codes.js";
export { type ConformanceReport, type Mismatch, replayEpisodes } from "./conformance.js";
export { type Episode, EpisodeFileError, parseEpisodes, readEpisodes } from "./episodes.js";
export { type MiniGridState, miniGridStateSchema } from "./minigrid-state.js";
export { type EnvSpec, envIds, envSpec, type KindName } from "./registry.js";
export { encodePng } from "./png.js";
export { drawTile, renderPng, renderRgb, renderViewRgb } from "./render.js";
export { GridBatchState } from "./state.js";
export { fromMiniGridState, makeVecEnv, type ObservationKind, type StepResult, VecEnv, type VecEnvOptions } from "./vec-env.js";
export { type GridBenchOptions, type GridBenchResult, runGridBench } from "./bench.js";
export { type MiniGridBaseline, miniGridBaseline } from "./minigrid-baseline.js";
