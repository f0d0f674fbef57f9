// M2N2 model merging (spec m2n2_qd.md): merging, competition, the archive, the loop, and the digits experiment.
export { Archive, type ArchiveOptions, type CompetitionEngine } from "./archive.js";
export { argminFirst, attraction, columnTotals, sharedFitness, sharingDivisors } from "./competition.js";
export { DIGITS_CLASSES, DIGITS_FEATURES, type DigitsSplit, type LabelledSet, loadDigits, parseDigitsCsv } from "./digits.js";
export { digitsTask, MlpTask, mnistTask } from "./digits-task.js";
export { DIGITS_METHODS, type DigitsMethod, type DigitsOptions, type DigitsResult, MERGE_DATASETS, type MergeDataset, runDigits } from "./experiment.js";
export { loadMnist, MNIST_MLP, type MnistSplit } from "./mnist.js";
export { type M2n2Engine, type M2n2Options, type M2n2Result, runM2n2, type ScoreEvaluator } from "./m2n2.js";
export { MAP_ELITES_BINS, type MapElitesResult, runMapElites } from "./map-elites.js";
export { DIGITS_MLP, type MlpShape, mlpParamCount } from "./mlp-shape.js";
export {
  competitionAttraction,
  competitionFitness,
  counterNormals,
  createMlpDataset,
  evaluateMlps,
  evaluateMlpsSync,
  type FusedChild,
  mergeBatch,
  mergeBatchSync,
  mergeMutateScoreSync,
  type MergePairs,
  mutateInPlace,
  scoreMlpSync,
} from "./native.js";
export { firstArgmax, type Interp, type MergeOptions, mergeReference, mlpLogitsReference, type OmegaMode } from "./reference.js";
export { drawTensorMerges, mergePerTensor, type TensorMerge } from "./per-tensor.js";
