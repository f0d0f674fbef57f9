export { type EnergyOptions, type EnergyResult, packingEnergy, packingEnergySync } from "./energy.js";
export {
  type Box,
  checkBatch,
  type Packing,
  type PackingFile,
  PackingFileSchema,
  PackingFormatError,
  packingToJson,
  parsePacking,
} from "./packing.js";
export { type LpStatus, optimalRadii, shrinkToStrict } from "./radii.js";
export { numpySum, referenceEnergy, referenceValidate, type ValidationRow } from "./reference.js";
export { type PackOptions, type PackResult, packCircles } from "./solve.js";
export { packingToSvg } from "./svg.js";
export {
  describeViolation,
  evaluatePacking,
  type PackingReport,
  type ValidateOptions,
  type ValidationBatch,
  validatePackings,
  type Violation,
} from "./validate.js";
