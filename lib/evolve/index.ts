// The evolution engine: tasks and sandboxed evaluation, the runner (async pipeline, resume,
// results directory, report) and its configuration.
export {
  evolveConfigSchema,
  OFFLINE_DEFAULTS,
  OFFLINE_MODEL,
  readConfigFile,
  resolveEvolveConfig,
  applySetOverrides,
  splitConfigObject,
  type ConfigFileLayers,
  type EvolveConfig,
  type EvolveConfigInput,
} from "./config.js";
export { mergeConfigLayers, presetLayers, PRESETS } from "./presets.js";
export { Pipeline, Semaphore, type PipelineJobs, type PipelineLimits } from "./pipeline.js";
export { DATABASE_FILE, ResultsDir } from "./results.js";
export { bestScoreChart, banditChart, lineageChart, renderReport, type ReportData, type ReportProgram } from "./report.js";
export { exportBest, packingFromExtra } from "./best.js";
export { llmMutator, offlineMutator, type Mutator } from "./mutator.js";
export type { EvolutionStore, ParentChoice, StoredProgram } from "./store.js";
export type { PatchOutcome, PatchTools, PatchType, PromptRequest } from "./patch-tools.js";
export { EvolutionRunner, generationRandom, type Candidate, type Progress, type RunnerParts, type RunSummary } from "./runner.js";
export { resumeRun, RunSetupError, startRun, type PreparedRun, type ResumeOptions, type StartOptions } from "./engine.js";
export { runSandboxed, sandboxCapabilities, type SandboxOptions, type SandboxResult } from "./sandbox.js";
export { evaluateCandidate, type EvaluateOptions, type EvaluationResult } from "./evaluate.js";
export { builtInTaskNames, loadTask, loadTaskDir, registerTask, TaskError, type Task, type TaskLanguage } from "./task.js";
export { parseEvalArgs, runEval, type RunEvalOptions, type RunEvalResult } from "./run-eval.js";
export { isIslandCopy, ProgramDatabase, type AttemptLogEntry, type GenerationEvent, type ProgramQuery } from "./database.js";
export { bestOf, isBetter, meanPublicMetric, scoreOf, type MigrationRecord, type Program, type ProgramSummary } from "./program.js";
export { initializedIslands, islandCopies, islandStats, planMigration, sampleIsland, shouldMigrate, type IslandStats, type IslandStrategy } from "./islands.js";
export { archiveDecision, archiveScores, updateArchive, type ArchiveConfig, type ArchiveDecision } from "./archive.js";
export { fixModeParent, powerLawProbabilities, selectParent, weightedProbabilities, type ParentStrategy, type SelectionConfig } from "./selection.js";
export { crossoverPartner, orderInspirations, selectInspirations, type InspirationConfig, type Inspirations } from "./inspirations.js";
export {
  checkNovelty,
  chatJudge,
  DEFAULT_NOVELTY_THRESHOLD,
  EmbeddingIndex,
  maxSimilarity,
  parseJudgeReply,
  type NoveltyDecision,
  type NoveltyJudge,
} from "./novelty.js";
export { DatabaseStore, type DatabaseStoreConfig } from "./database/evolution-store.js";
export { applyPatch, EditError, mutableCode, unifiedDiff, type PatchResult } from "./edit/index.js";
export { editPatchTools } from "./edit/patch-tools.js";
export { buildPatchMessages, fitPatchMessages, type FittedPrompt, FULL_VARIANTS, patchRetryMessage, samplePatchType, type PatchPromptInput, type PromptProgram } from "./prompts.js";
export { OFFLINE_MUTATION_MODEL, offlineMutationReply } from "./offline-mutation.js";
export { MetaScratchpad, type MetaScratchpadOptions, type ScratchpadProgram } from "./scratchpad.js";
export { codeMetrics, type CodeMetrics } from "./code-metrics.js";
export { DEFAULT_EMBEDDING_CLUSTERS, embeddingMap, kMeans, pca, type EmbeddingMap, type EmbeddingMapEntry, type KMeansResult, type PcaResult } from "./embedding-map.js";
export { activatedCommand, checkSchedulerOptions, THREAD_VARIABLES, threadCapEnv, type LocalSchedulerOptions } from "./scheduler.js";
export { HealthMonitor, type HealthEvent, type HealthMonitorOptions } from "./health.js";
export type { Scratchpad } from "./runner.js";
