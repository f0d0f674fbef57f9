// Evolution strategies with evosax's ask/tell interface and update rules (spec es_hades.md).
export { Ars, arsPairWeights } from "./ars.js";
export { CmaEs } from "./cma-es.js";
export { cmaConstants, type CmaConstants } from "./cma-constants.js";
export { DevicePopulation } from "./device-population.js";
export { createStrategy, MAX_FULL_COVARIANCE_DIM, MIN_POPSIZE, STRATEGY_NAMES, type StrategyName, type StrategyOptions } from "./create.js";
export { OpenEs, pairWeights } from "./open-es.js";
export { Adam, ClipUp, type MeanOptimizer, Sgd } from "./optimizers.js";
export { Pgpe } from "./pgpe.js";
export { evaluateProblem, PROBLEMS, type ProblemName, problemValue } from "./problems.js";
export { initialMean, type RunOptions, type RunResult, runProblem } from "./run.js";
export { SepCmaEs } from "./sep-cma-es.js";
export { averageRanks, centeredRanks, normalize, type Shaping, shapeFitness, standardize, utilityWeights, weightsByRank } from "./shaping.js";
export { eliteWeights, SimpleEs } from "./simple-es.js";
export { desWeights, Snes, snesSigmaLearningRate } from "./snes.js";
export { type AskEvaluateOptions, type DiagonalSearch, Strategy, type TellMetrics } from "./strategy.js";
export { Xnes, xnesLearningRate } from "./xnes.js";
