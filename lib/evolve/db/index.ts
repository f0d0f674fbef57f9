// The full program database and selection rules (evolve.md §3-§8).
export { type ArchiveDecision, archiveDecision } from "./archive.js";
export { crossoverPartner, type InspirationOrder, orderInspirations, selectInspirations } from "./inspirations.js";
export { initializedIslandStats, type IslandStats, migrationDue, type Move, planMigration, sampleIsland } from "./islands.js";
export type { Member } from "./member.js";
export {
  cosineSimilarity, judgeSaysNovel, mostSimilar, mostSimilarNormalized, normalized, noveltyDecision, type NoveltyJudge, type NoveltyVerdict,
} from "./novelty.js";
export { isBetter, publicMetricsMean, sortScore } from "./order.js";
export { powerLawProbabilities, selectParent, sigmoid, weightedProbabilities } from "./selection.js";
export { jsonText, openRunDatabase, SCHEMA, withBusyRetry } from "./sqlite.js";
export { FullStore, type FullStoreConfig } from "./store.js";
