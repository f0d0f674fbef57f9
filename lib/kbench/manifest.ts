// The task manifest (lib/kbench/tasks/<name>/task.json): the zod schema that validates it at the
// boundary and the KbenchTask type the harness and agent share. Expressions (shapes, launches,
// FLOP/byte counts) stay strings here; expr.ts evaluates them per configuration.
import { readFileSync } from "node:fs";
import { z } from "zod";

const expression = z.union([z.string().min(1), z.number().int()]);
const identifier = z.string().regex(/^[A-Za-z_][A-Za-z0-9_]*$/, "must be an identifier");

/** Input distributions and robust-kbench init methods (randint:<KEY> draws in [0, config[KEY])). */
export const INIT_KINDS = [
  "normal",
  "uniform",
  "kaiming_uniform",
  "xavier_normal",
  "ones",
  "zeros",
  "bias",
  "large",
  "negative",
  "ties",
  "positive",
  "sparse",
  "row_scaled",
] as const;
export const initSchema = z
  .string()
  .refine((s) => (INIT_KINDS as readonly string[]).includes(s) || /^randint:[A-Za-z_][A-Za-z0-9_]*$/.test(s), {
    message: `init must be one of ${INIT_KINDS.join(", ")} or randint:<KEY>`,
  });

export const dtypeSchema = z.enum(["f32", "i32"]);

const tensorSchema = z.object({
  name: identifier,
  dtype: dtypeSchema,
  shape: z.array(expression).min(1),
});
export const inputSchema = tensorSchema.extend({ init: initSchema.default("normal") }).strict();
export const outputSchema = tensorSchema.strict();
export const scalarSchema = z
  .object({ name: identifier, type: z.enum(["f32", "f64", "i32", "i64"]), value: z.number() })
  .strict();

/** A configuration dictionary: shape variables (integers) and "<tensor>.init" overrides. */
export const configDictSchema = z.record(z.string(), z.union([z.number().int(), z.string()]));

const configGroupSchema = z
  .object({
    input: z.array(configDictSchema).min(1),
    init: z.array(configDictSchema).min(1).default([{}]),
    shared: z.array(configDictSchema).min(1).default([{}]),
  })
  .strict();

export const launchPlanSchema = z
  .object({
    kernel: identifier,
    grid: z.array(expression).min(1).max(3),
    block: z.array(expression).min(1).max(3),
    shared: expression.default("0"),
    args: z.array(z.string().min(1)).min(1),
  })
  .strict();
export type LaunchPlan = z.infer<typeof launchPlanSchema>;

export const manifestSchema = z
  .object({
    name: z.string().regex(/^[a-z0-9][a-z0-9_-]*$/, "must be lower-case letters, digits, - or _"),
    family: z.enum(["gemm", "activation", "softmax", "norm", "pool", "reduction", "scan", "conv", "loss", "custom"]),
    pass: z.enum(["forward", "backward"]),
    description: z.string().min(10),
    inputs: z.array(inputSchema).min(1),
    outputs: z.array(outputSchema).min(1),
    scalars: z.array(scalarSchema).default([]),
    configs: z
      .object({
        single: configGroupSchema,
        multi: configGroupSchema.optional(),
        hidden: z.array(configDictSchema).default([]),
      })
      .strict(),
    smallConfig: configDictSchema,
    reference: z
      .object({
        cpu: identifier,
        kernel: identifier,
        launch: launchPlanSchema.omit({ kernel: true }).extend({ kernel: identifier.optional() }),
      })
      .strict(),
    launch: launchPlanSchema,
    tolerance: z.object({ atol: z.number().nonnegative(), rtol: z.number().nonnegative() }).strict().default({ atol: 1e-4, rtol: 1e-4 }),
    flops: expression,
    bytes: expression,
    policy: z
      .object({
        allowLibraries: z.array(z.string()).default([]),
        allowTF32: z.boolean().default(false),
        fastMath: z.boolean().default(false),
        allowHostCode: z.boolean().default(true),
      })
      .strict()
      .default({ allowLibraries: [], allowTF32: false, fastMath: false, allowHostCode: true }),
    filters: z.unknown().optional(),
  })
  .strict()
  .superRefine((m, ctx) => {
    const names = [...m.inputs, ...m.outputs].map((t) => t.name);
    const dup = names.find((n, i) => names.indexOf(n) !== i);
    if (dup) ctx.addIssue({ code: "custom", path: ["outputs"], message: `tensor name "${dup}" is used twice` });
    for (const [i, s] of m.scalars.entries()) {
      if (names.includes(s.name)) ctx.addIssue({ code: "custom", path: ["scalars", i, "name"], message: `scalar "${s.name}" clashes with a tensor` });
    }
  });

export type KbenchManifest = z.infer<typeof manifestSchema>;
export type KbenchInput = KbenchManifest["inputs"][number];
export type KbenchOutput = KbenchManifest["outputs"][number];

/** A loaded task: the validated manifest plus where it lives and its naive CUDA reference. */
export type KbenchTask = KbenchManifest & {
  /** Absolute path of the task folder. */
  dir: string;
  /** reference.cu, the naive but correct CUDA kernel. */
  referenceSource: string;
  /** 32-bit FNV-1a of the task name: the first Philox key word, so tasks draw different inputs. */
  hash: number;
};

/** Parses a manifest object, throwing a TypeError that names the file and every bad field. */
export function parseManifest(raw: unknown, source = "task.json"): KbenchManifest {
  const result = manifestSchema.safeParse(raw);
  if (!result.success) {
    const lines = result.error.issues.map((i) => `${i.path.length ? i.path.join(".") : "(root)"}: ${i.message}`);
    throw new TypeError(`${source}: invalid kbench manifest: ${lines.join("; ")}`);
  }
  return result.data;
}

/** Reads and validates a task.json file. */
export function readManifest(path: string): KbenchManifest {
  let raw: unknown;
  try {
    raw = JSON.parse(readFileSync(path, "utf8"));
  } catch (e) {
    throw new TypeError(`${path}: not valid JSON (${(e as Error).message})`);
  }
  return parseManifest(raw, path);
}

/** 32-bit FNV-1a of a string (task names are ASCII). */
export function taskHash(name: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < name.length; i++) {
    h ^= name.charCodeAt(i) & 0xff;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}
