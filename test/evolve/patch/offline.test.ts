// The offline mutation operator: replies in the tagged protocol that apply cleanly, touch only
// numeric literals inside the EVOLVE-BLOCK, recombine with a program of the same shape, and
// improve a toy program whose score depends on its literals in a short seeded hill climb.
import { describe, expect, it } from "vitest";
import type { PatchType } from "../../../lib/evolve/patch-tools.js";
import { applyPatch, fullPatchTools, literals, mutableCode, offlineMutationReply } from "../../../lib/evolve/patch/index.js";
import { Random } from "../../../lib/random.js";
import { program, task } from "./fixtures.js";

const TOY = [
  "const items = [1, 2, 3];",
  "// EVOLVE-BLOCK-START",
  "const a = 0.5;",
  "const b = 2.0;",
  "const c = [0.1, 0.9];",
  "const label = \"v1.5\";",
  "const steps = 4;",
  "// EVOLVE-BLOCK-END",
  "export const first = items[0];",
].join("\n");

/** Trusted test code: the toy's score is minus the squared distance of its literals from a target. */
function score(code: string): number {
  const body = mutableCode(code, "javascript");
  const values = new Function(`${body}\nreturn [a, b, c[0], c[1]];`)() as number[];
  const target = [1.3, 0.7, 0.4, 0.6];
  return -values.reduce((sum, v, i) => sum + (v - target[i]!) ** 2, 0);
}

function messagesFor(code: string, type: PatchType, rng: Random, others: string[] = []) {
  return fullPatchTools.buildMessages({
    patch_type: type,
    task: task(),
    parent: program(code, { id: "parent" }),
    archive_inspirations: [],
    top_k_inspirations: others.map((o, i) => program(o, { id: `other${i}` })),
    crossover_partner: type === "cross" ? program(others[0]!, { id: "partner" }) : undefined,
    recommendation: undefined,
    use_text_feedback: false,
    rng,
  });
}

describe("offline mutation operator", () => {
  it("finds the literals inside the blocks, skipping strings and index expressions", () => {
    const texts = literals(TOY, "javascript").map((l) => l.text);
    expect(texts).toEqual(["0.5", "2.0", "0.1", "0.9", "4"]);
  });

  it("answers diff and full requests in the tagged protocol, changing only block literals", async () => {
    const rng = new Random(11);
    for (const type of ["diff", "full", "diff", "full", "diff", "full"] as const) {
      const reply = offlineMutationReply(messagesFor(TOY, type, rng), rng);
      expect(reply).toMatch(/<NAME>\w+<\/NAME>/);
      expect(reply).toContain(type === "diff" ? "<DIFF>" : "<CODE>");
      const out = await applyPatch(TOY, reply, type, "javascript", { syntaxCheck: false });
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      expect(out.code).not.toBe(TOY);
      const shape = (code: string) => code.replace(/\d+(\.\d+)?(e-?\d+)?/g, "#");
      expect(shape(out.code)).toBe(shape(TOY));
      expect(out.code.split("\n")[0]).toBe(TOY.split("\n")[0]);
      expect(out.code).toContain('"v1.5"');
    }
  });

  it("recombines with a partner of the same shape: every literal comes from one of the two", async () => {
    const partner = TOY.replace("0.5", "1.5").replace("2.0", "3.0").replace("0.1", "0.2").replace("0.9", "0.8");
    let crossed = 0;
    const rng = new Random(5);
    for (let i = 0; i < 40; i++) {
      const reply = offlineMutationReply(messagesFor(TOY, "cross", rng, [partner]), rng);
      if (!reply.includes("offline_crossover")) continue;
      crossed++;
      const out = await applyPatch(TOY, reply, "cross", "javascript", { syntaxCheck: false });
      expect(out.ok).toBe(true);
      if (!out.ok) continue;
      const mine = literals(TOY, "javascript").map((l) => l.text);
      const theirs = literals(partner, "javascript").map((l) => l.text);
      literals(out.code, "javascript").forEach((l, k) => expect([mine[k], theirs[k]]).toContain(l.text));
    }
    expect(crossed).toBeGreaterThan(3);
  });

  it("improves a toy program in a short seeded hill climb", async () => {
    const rng = new Random(2024);
    let best = TOY;
    let bestScore = score(TOY);
    const initial = bestScore;
    const population = [TOY];
    for (let step = 0; step < 120; step++) {
      const type: PatchType = step % 3 === 0 ? "full" : "diff";
      const others = population.filter((p) => p !== best).slice(-2);
      const reply = offlineMutationReply(messagesFor(best, type, rng, others), rng);
      const out = await applyPatch(best, reply, type, "javascript", { syntaxCheck: false });
      if (!out.ok) continue;
      const s = score(out.code);
      population.push(out.code);
      if (s > bestScore) {
        best = out.code;
        bestScore = s;
      }
    }
    expect(initial).toBeCloseTo(-(0.8 ** 2 + 1.3 ** 2 + 0.3 ** 2 + 0.3 ** 2), 10);
    // From a loss of 2.51 to a small fraction of it.
    expect(bestScore).toBeGreaterThan(initial * 0.1);
  });

  it("the same seed gives the same reply", () => {
    const a = offlineMutationReply(messagesFor(TOY, "diff", new Random(9)), new Random(3));
    const b = offlineMutationReply(messagesFor(TOY, "diff", new Random(9)), new Random(3));
    expect(a).toBe(b);
  });
});
