// The offline operator: its replies go through applyPatch like a model's, they change only
// literals inside the EVOLVE-BLOCKs, and a seeded hill-climb with it improves a program whose
// score depends on its numeric parameters (a toy, and the circle-packing seed).
import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { applyPatch, mutableCode } from "../../lib/evolve/edit/index.js";
import { literalSites, OFFLINE_MUTATION_MODEL, offlineMutationReply } from "../../lib/evolve/offline-mutation.js";
import { buildPatchMessages, type PromptPatchType } from "../../lib/evolve/prompts.js";
import { Random } from "../../lib/random.js";

const TOY = [
  "// Score: how close params() is to a hidden target.",
  "const unused = 7.5;",
  "// EVOLVE-BLOCK-START",
  "function params() {",
  "  const a = 0.5; // weight 2.0 in a comment stays",
  "  const b = 2.0;",
  '  const label = "v1.5";',
  "  const c = 1.0;",
  "  return [a, b, c];",
  "}",
  "// EVOLVE-BLOCK-END",
  "",
].join("\n");

function toyScore(code: string): number {
  const [a, b, c] = new Function(`${code}\nreturn params();`)() as number[];
  return -((a! - 1.3) ** 2 + (b! - 0.7) ** 2 + (c! - 3) ** 2);
}

function messages(code: string, score: number, patchType: PromptPatchType, rng: Random, others: string[] = []) {
  return buildPatchMessages({
    patch_type: patchType,
    task_sys_msg: "Tune the parameters.",
    parent: { code, combined_score: score, correct: true },
    inspirations: others.map((o) => ({ code: o, combined_score: 0, correct: true })),
    language: "javascript",
    rng,
  });
}

async function hillClimb(initial: string, score: (code: string) => Promise<number> | number, steps: number, seed: number) {
  const rng = new Random(seed);
  let best = initial;
  let bestScore = await score(initial);
  let applied = 0;
  for (let step = 0; step < steps; step++) {
    const patchType: PromptPatchType = rng.bernoulli(0.6) ? "diff" : "full";
    const reply = offlineMutationReply(messages(best, bestScore, patchType, rng), rng);
    const result = await applyPatch(best, reply, patchType, "javascript", { syntax_check: false });
    if (!result.ok) continue;
    applied++;
    const value = await score(result.code);
    if (value > bestScore) {
      best = result.code;
      bestScore = value;
    }
  }
  return { best, bestScore, applied };
}

describe("offline mutation operator", () => {
  it("is named offline-mutation and finds literals only in the blocks' code (not comments or strings)", () => {
    expect(OFFLINE_MUTATION_MODEL).toBe("offline-mutation");
    expect(literalSites(TOY, "javascript").map((s) => s.text)).toEqual(["0.5", "2.0", "1.0"]);
    const py = "x = 3.0\n# EVOLVE-BLOCK-START\ny = 0.25  # not 9.0\ns = '1.5'\nz = 1e-6\n# EVOLVE-BLOCK-END\n";
    expect(literalSites(py, "python").map((s) => s.text)).toEqual(["0.25"]);
  });

  it("answers diff and full prompts in the tagged protocol, and applyPatch (with the syntax check) accepts them", async () => {
    const rng = new Random(3);
    for (const patchType of ["diff", "full"] as const) {
      const reply = offlineMutationReply(messages(TOY, toyScore(TOY), patchType, rng), rng);
      expect(reply).toMatch(/^<NAME>offline_perturbation_\d<\/NAME>\n<DESCRIPTION>/);
      expect(reply).toContain(patchType === "diff" ? "<<<<<<< SEARCH" : "```js");
      const result = await applyPatch(TOY, reply, patchType, "javascript");
      expect(result.ok).toBe(true);
      if (!result.ok) return;
      expect(result.code).not.toBe(TOY);
      // Outside the block and in comments and strings, nothing changed.
      expect(result.code.split("// EVOLVE-BLOCK-START")[0]).toBe(TOY.split("// EVOLVE-BLOCK-START")[0]);
      expect(result.code).toContain("weight 2.0 in a comment stays");
      expect(result.code).toContain('"v1.5"');
    }
  });

  it("is deterministic for a seed", () => {
    const a = offlineMutationReply(messages(TOY, 0, "diff", new Random(9)), new Random(11));
    const b = offlineMutationReply(messages(TOY, 0, "diff", new Random(9)), new Random(11));
    expect(a).toBe(b);
  });

  it("recombines same-shaped parameter lines with a reference program", async () => {
    const reference = TOY.replace("const a = 0.5;", "const a = 1.25;").replace("const b = 2.0;", "const b = 0.75;").replace("const c = 1.0;", "const c = 2.5;");
    const seen = new Set<string>();
    for (let seed = 0; seed < 20; seed++) {
      const rng = new Random(seed);
      const reply = offlineMutationReply(messages(TOY, 0, "diff", rng, [reference]), rng);
      if (!reply.includes("recombination")) continue;
      const result = await applyPatch(TOY, reply, "diff", "javascript", { syntax_check: false });
      expect(result.ok).toBe(true);
      if (!result.ok) continue;
      const values = new Function(`${result.code}\nreturn params();`)() as number[];
      values.forEach((v, i) => expect([[0.5, 1.25], [2, 0.75], [1, 2.5]][i]).toContain(v));
      seen.add(values.join(","));
    }
    expect(seen.size).toBeGreaterThan(1);
  });

  it("needs context for SEARCH text that occurs earlier in the file", async () => {
    const code = ["const a = 0.5;", "// EVOLVE-BLOCK-START", "const a2 = 1;", "const a = 0.5;", "// EVOLVE-BLOCK-END", ""].join("\n");
    const rng = new Random(1);
    const reply = offlineMutationReply(messages(code, 0, "diff", rng), rng);
    const result = await applyPatch(code, reply, "diff", "javascript", { syntax_check: false });
    expect(result.ok).toBe(true);
    if (result.ok) expect(result.code.startsWith("const a = 0.5;\n")).toBe(true);
  });

  it("a seeded hill-climb improves a program whose score depends on its literals", async () => {
    const initial = toyScore(TOY);
    const { bestScore, applied } = await hillClimb(TOY, toyScore, 300, 42);
    expect(applied).toBe(300);
    expect(bestScore).toBeGreaterThan(initial + 5);
    expect(bestScore).toBeGreaterThan(-1);
  });

  it("produces valid, varied patches on the circle-packing seed, and a short hill-climb raises its sum of radii", async () => {
    const initial = readFileSync(new URL("../../lib/tasks/circle-packing/initial.mjs", import.meta.url), "utf8");
    const sumOfRadii = async (code: string): Promise<number> => {
      const module = await import(`data:text/javascript;base64,${Buffer.from(code).toString("base64")}`);
      const [centers, radii] = (await module.run_packing({ numpySum: (v: number[]) => v.reduce((a, b) => a + b, 0) })) as [number[][], number[]];
      if (centers.length !== 26) return 0;
      for (let i = 0; i < 26; i++) {
        const [x, y] = centers[i]!;
        const r = radii[i]!;
        if (!(r >= 0) || x! - r < -1e-12 || y! - r < -1e-12 || x! + r > 1 + 1e-12 || y! + r > 1 + 1e-12) return 0;
        for (let j = 0; j < i; j++) if (Math.hypot(x! - centers[j]![0]!, y! - centers[j]![1]!) < r + radii[j]! - 1e-9) return 0;
      }
      return radii.reduce((a, b) => a + b, 0);
    };
    const rng = new Random(5);
    const variants = new Set<string>();
    for (let i = 0; i < 12; i++) {
      const patchType = i % 2 === 0 ? "diff" : "full";
      const reply = offlineMutationReply(messages(initial, 0.96, patchType, rng), rng);
      const result = await applyPatch(initial, reply, patchType, "javascript", { syntax_check: i < 2 });
      expect(result.ok).toBe(true);
      if (result.ok) variants.add(mutableCode(result.code));
    }
    expect(variants.size).toBeGreaterThanOrEqual(10);
    const start = await sumOfRadii(initial);
    expect(start).toBeCloseTo(0.9597642169962064, 12);
    const { bestScore } = await hillClimb(initial, sumOfRadii, 120, 2);
    expect(bestScore).toBeGreaterThan(start + 0.2);
  });
});
