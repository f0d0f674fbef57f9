// createStrategy(name, options): the one entry point, validating options with zod. Names are
// evosax's class names in lower case. Each strategy's defaults are evosax v0.3.1's (spec section 5).
import { z } from "zod";
import { type Device, resolveDevice } from "../native/index.js";
import { Ars, ARS_DEFAULTS } from "./ars.js";
import { CMA_ES_DEFAULTS, CmaEs } from "./cma-es.js";
import { OPEN_ES_DEFAULTS, OpenEs } from "./open-es.js";
import { OptimizerName } from "./optimizers.js";
import { Pgpe, PGPE_DEFAULTS } from "./pgpe.js";
import { SEP_CMA_ES_DEFAULTS, SepCmaEs } from "./sep-cma-es.js";
import { SHAPINGS } from "./shaping.js";
import { SIMPLE_ES_DEFAULTS, SimpleEs } from "./simple-es.js";
import { Snes, SNES_DEFAULTS } from "./snes.js";
import type { Strategy, StrategyCore } from "./strategy.js";
import { Xnes, XNES_DEFAULTS } from "./xnes.js";

export const STRATEGY_NAMES = ["open_es", "snes", "xnes", "cma_es", "sep_cma_es", "pgpe", "ars", "simple_es"] as const;
export type StrategyName = (typeof STRATEGY_NAMES)[number];

/** Strategies that sample antithetic pairs need an even popsize. */
const ANTITHETIC: ReadonlySet<StrategyName> = new Set(["open_es", "pgpe", "ars"]);
/**
 * cma_es and xnes keep a full d x d matrix (CMA-ES's covariance, xNES's shape B) in Float64Arrays
 * and touch all of it every generation: 8 d^2 bytes (32 MB at d = 2000, 8 GB at d = 32768) and
 * O(N d^2) work per generation, plus CMA-ES's O(d^3) eigendecomposition per ask (native Householder
 * + QL; one CMA-ES generation at d = 2000, N = 16 measured about 10 s on the shared 2-core dev
 * machine). Past this d a generation takes minutes, so the limit is an error rather than a silent
 * stall; the diagonal strategies (sep_cma_es, snes, ...) are O(N d) and native.
 */
export const MAX_FULL_COVARIANCE_DIM = 2000;

/** The smallest population each strategy's update is defined for. */
export const MIN_POPSIZE: Readonly<Record<StrategyName, { popsize: number; why: string }>> = {
  open_es: { popsize: 2, why: "one antithetic pair" },
  pgpe: { popsize: 2, why: "one antithetic pair" },
  ars: { popsize: 2, why: "one antithetic pair" },
  snes: { popsize: 2, why: "utility weights need a best and a worst candidate" },
  xnes: { popsize: 2, why: "utility weights need a best and a worst candidate" },
  cma_es: { popsize: 2, why: "at least one parent (mu = floor(popsize / 2))" },
  sep_cma_es: { popsize: 2, why: "at least one parent (mu = floor(popsize / 2))" },
  simple_es: { popsize: 2, why: "at least one elite (floor(popsize / 2))" },
};

const positive = z.number().finite().positive();
const OptionsSchema = z
  .object({
    dim: z.number().int().min(1).max(2 ** 31),
    popsize: z.number().int().min(0).max(2 ** 24),
    seed: z.number().int().min(0).max(Number.MAX_SAFE_INTEGER).default(0),
    sigma_init: positive.optional(),
    learning_rate: positive.optional(),
    mean: z.union([z.custom<Float32Array>((value) => value instanceof Float32Array), z.array(z.number().finite())]).optional(),
    maximize: z.boolean().default(false),
    device: z.enum(["auto", "cpu", "cuda"]).default("auto"),
    // Strategy-specific.
    optimizer: OptimizerName.optional(),
    fitness_shaping: z.enum(SHAPINGS).optional(),
    antithetic: z.boolean().optional(),
    sigma_decay: positive.max(1).optional(),
    sigma_limit: z.number().finite().min(0).optional(),
    sigma_learning_rate: positive.optional(),
    elite_pairs: z.number().int().min(1).optional(),
    learning_rate_decay: positive.max(1).optional(),
    learning_rate_limit: z.number().finite().min(0).optional(),
    adam_beta1: z.number().finite().min(0).lt(1).optional(),
    temperature: positive.optional(),
  })
  .strict();

/** Options that only some strategies read; passing one to another strategy is an error, not a no-op. */
const SPECIFIC_OPTIONS: Record<string, readonly StrategyName[]> = {
  optimizer: ["open_es"],
  // Only these take "lower is better" shapes; the others use utility weights (spec section 3).
  fitness_shaping: ["open_es", "pgpe"],
  sigma_decay: ["open_es"],
  sigma_limit: ["open_es"],
  learning_rate_decay: ["open_es"],
  learning_rate_limit: ["open_es"],
  adam_beta1: ["open_es"],
  sigma_learning_rate: ["snes", "xnes", "pgpe"],
  elite_pairs: ["ars"],
  temperature: ["snes"],
  learning_rate: ["open_es", "snes", "xnes", "pgpe", "ars", "simple_es"],
};
export type StrategyOptions = z.input<typeof OptionsSchema> & { device?: Device };

export function createStrategy(name: string, options: StrategyOptions): Strategy {
  if (!(STRATEGY_NAMES as readonly string[]).includes(name)) {
    throw new RangeError(`strategy must be one of ${STRATEGY_NAMES.join(", ")}, got ${JSON.stringify(name)}`);
  }
  const strategy = name as StrategyName;
  const parsed = OptionsSchema.safeParse(options);
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!;
    const where = issue.path.join(".") || "options";
    const message = `${where}: ${issue.message}`;
    throw issue.code === "invalid_type" || issue.code === "unrecognized_keys" ? new TypeError(message) : new RangeError(message);
  }
  const o = parsed.data;
  for (const [option, strategies] of Object.entries(SPECIFIC_OPTIONS)) {
    if ((o as Record<string, unknown>)[option] !== undefined && !strategies.includes(strategy)) {
      throw new RangeError(`${option} does not apply to ${strategy} (only ${strategies.join(", ")})`);
    }
  }
  if (o.antithetic !== undefined && strategy !== "open_es" && o.antithetic !== ANTITHETIC.has(strategy)) {
    throw new RangeError(`antithetic can only be changed for open_es; ${strategy} always uses ${ANTITHETIC.has(strategy)}`);
  }
  const minimum = MIN_POPSIZE[strategy];
  if (o.popsize < minimum.popsize) {
    throw new RangeError(`popsize must be at least ${minimum.popsize} for ${strategy} (${minimum.why}), got ${o.popsize}`);
  }
  const antithetic = o.antithetic ?? ANTITHETIC.has(strategy);
  if (antithetic && o.popsize % 2 !== 0) {
    throw new RangeError(`popsize must be even for ${strategy}'s antithetic sampling, got ${o.popsize}`);
  }
  if ((strategy === "cma_es" || strategy === "xnes") && o.dim > MAX_FULL_COVARIANCE_DIM) {
    const megabytes = Math.round((8 * o.dim * o.dim) / 1e6);
    throw new RangeError(
      `dim must be at most ${MAX_FULL_COVARIANCE_DIM} for ${strategy}, got ${o.dim}: it keeps a full d x d matrix ` +
        `(${megabytes} MB at this d) updated in O(popsize d^2) per generation` +
        `${strategy === "cma_es" ? " plus an O(d^3) eigendecomposition per ask" : ""}; use sep_cma_es or snes (O(d) memory, native) instead`,
    );
  }
  if (o.mean !== undefined && o.mean.length !== o.dim) {
    throw new RangeError(`mean must have dim = ${o.dim} values, got ${o.mean.length}`);
  }
  const badMean = o.mean === undefined ? -1 : Array.from(o.mean).findIndex((value) => !Number.isFinite(value));
  if (badMean >= 0) throw new RangeError(`mean[${badMean}] must be finite, got ${o.mean![badMean]}`);
  const core: StrategyCore = {
    name: strategy,
    dim: o.dim,
    popsize: o.popsize,
    seed: o.seed,
    device: resolveDevice(o.device),
    mean: o.mean === undefined ? new Float32Array(o.dim) : Float32Array.from(o.mean),
    maximize: o.maximize,
  };
  switch (strategy) {
    case "open_es":
      return new OpenEs(core, {
        sigmaInit: o.sigma_init ?? OPEN_ES_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? OPEN_ES_DEFAULTS.learningRate,
        optimizer: o.optimizer ?? OPEN_ES_DEFAULTS.optimizer,
        shaping: o.fitness_shaping ?? OPEN_ES_DEFAULTS.shaping,
        antithetic,
        sigmaDecay: o.sigma_decay ?? OPEN_ES_DEFAULTS.sigmaDecay,
        sigmaLimit: o.sigma_limit ?? OPEN_ES_DEFAULTS.sigmaLimit,
        learningRateDecay: o.learning_rate_decay ?? OPEN_ES_DEFAULTS.learningRateDecay,
        learningRateLimit: o.learning_rate_limit ?? OPEN_ES_DEFAULTS.learningRateLimit,
        adamBeta1: o.adam_beta1 ?? OPEN_ES_DEFAULTS.adamBeta1,
      });
    case "snes":
      return new Snes(core, {
        sigmaInit: o.sigma_init ?? SNES_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? SNES_DEFAULTS.learningRate,
        sigmaLearningRate: o.sigma_learning_rate,
        temperature: o.temperature,
      });
    case "xnes":
      return new Xnes(core, {
        sigmaInit: o.sigma_init ?? XNES_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? XNES_DEFAULTS.learningRate,
        sigmaLearningRate: o.sigma_learning_rate,
        shapeLearningRate: o.sigma_learning_rate,
      });
    case "cma_es":
      return new CmaEs(core, { sigmaInit: o.sigma_init ?? CMA_ES_DEFAULTS.sigmaInit });
    case "sep_cma_es":
      return new SepCmaEs(core, { sigmaInit: o.sigma_init ?? SEP_CMA_ES_DEFAULTS.sigmaInit });
    case "pgpe":
      return new Pgpe(core, {
        ...PGPE_DEFAULTS,
        sigmaInit: o.sigma_init ?? PGPE_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? PGPE_DEFAULTS.learningRate,
        sigmaLearningRate: o.sigma_learning_rate ?? PGPE_DEFAULTS.sigmaLearningRate,
        shaping: o.fitness_shaping ?? PGPE_DEFAULTS.shaping,
      });
    case "ars":
      return new Ars(core, {
        sigmaInit: o.sigma_init ?? ARS_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? ARS_DEFAULTS.learningRate,
        elitePairs: o.elite_pairs,
      });
    case "simple_es":
      return new SimpleEs(core, {
        ...SIMPLE_ES_DEFAULTS,
        sigmaInit: o.sigma_init ?? SIMPLE_ES_DEFAULTS.sigmaInit,
        learningRate: o.learning_rate ?? SIMPLE_ES_DEFAULTS.learningRate,
      });
  }
}
