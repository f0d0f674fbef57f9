// §10 prompt assembly: section order, recommendation placement, what is shown and hidden, the
// five full-rewrite variants, fix mode, and the retry turn.
import { describe, expect, it } from "vitest";
import type { PatchType, PromptRequest } from "../../../lib/evolve/patch-tools.js";
import { FULL_VARIANTS, fullPatchTools } from "../../../lib/evolve/patch/index.js";
import { Random } from "../../../lib/random.js";
import { program, task } from "./fixtures.js";

const CODE = "// EVOLVE-BLOCK-START\nconst a = 0.5;\n// EVOLVE-BLOCK-END\nexport const run = () => a;";

function request(patch_type: PatchType, extra: Partial<PromptRequest> = {}): PromptRequest {
  return {
    patch_type,
    task: task(),
    parent: program(CODE, { id: "parent", combined_score: 0.75, public_metrics: { sum: 0.75 }, private_metrics: { secret_value: 123 }, text_feedback: "FEEDBACK-TEXT" }),
    archive_inspirations: [program(CODE.replace("0.5", "0.6"), { id: "arch", combined_score: 0.7 })],
    top_k_inspirations: [program(CODE.replace("0.5", "0.7"), { id: "top", combined_score: 0.9 })],
    crossover_partner: program(CODE.replace("0.5", "0.8"), { id: "partner", combined_score: 0.8 }),
    recommendation: "RECOMMENDATION-TEXT",
    use_text_feedback: false,
    rng: new Random(1),
    ...extra,
  };
}

describe("prompt assembly (§10.3)", () => {
  it("orders the system turn: task message, recommendation, format", () => {
    const [system, user] = fullPatchTools.buildMessages(request("diff"));
    expect(system!.role).toBe("system");
    const s = system!.content;
    expect(s.indexOf("TOY TASK")).toBeLessThan(s.indexOf("RECOMMENDATION-TEXT"));
    expect(s.indexOf("RECOMMENDATION-TEXT")).toBeLessThan(s.indexOf("<DIFF>"));
    expect(s).toContain("<<<<<<< SEARCH");
    expect(user!.content).toContain("const a = 0.5;");
    expect(user!.content).toContain("const a = 0.6;");
    expect(user!.content).toContain("const a = 0.7;");
    expect(user!.content).toContain("combined_score: 0.75");
  });

  it("never shows private metrics; text feedback only when enabled (§19 case 32)", () => {
    for (const type of ["diff", "full", "cross", "fix"] as const) {
      const text = fullPatchTools.buildMessages(request(type)).map((m) => m.content).join("\n");
      expect(text).not.toContain("secret_value");
      expect(text).not.toContain("123");
    }
    expect(fullPatchTools.buildMessages(request("diff")).map((m) => m.content).join("\n")).not.toContain("FEEDBACK-TEXT");
    expect(fullPatchTools.buildMessages(request("diff", { use_text_feedback: true })).map((m) => m.content).join("\n")).toContain("FEEDBACK-TEXT");
  });

  it("crossover shows parent and partner, asks for <CODE>, and carries no recommendation", () => {
    const [system, user] = fullPatchTools.buildMessages(request("cross"));
    expect(system!.content).not.toContain("RECOMMENDATION-TEXT");
    expect(system!.content).toContain("<CODE>");
    expect(system!.content).toContain("```javascript");
    expect(user!.content).toContain("const a = 0.5;");
    expect(user!.content).toContain("const a = 0.8;");
  });

  it("draws each of the five full-rewrite variants", () => {
    const seen = new Set<string>();
    for (let seed = 0; seed < 60; seed++) {
      const user = fullPatchTools.buildMessages(request("full", { rng: new Random(seed) }))[1]!.content;
      const variant = FULL_VARIANTS.find((v) => user.includes(v.ask));
      expect(variant).toBeDefined();
      seen.add(variant!.id);
    }
    expect(seen.size).toBe(5);
  });

  it("fix mode shows the failing program and its error output", () => {
    const failing = program(CODE, { id: "bad", correct: false, metadata: { error: "TypeError: boom at line 2" } });
    const [system, user] = fullPatchTools.buildMessages(request("fix", { parent: failing }));
    expect(system!.content).toContain("<CODE>");
    expect(user!.content).toContain("TypeError: boom at line 2");
    expect(user!.content).toContain("INVALID");
  });

  it("the retry turn carries the exact error", () => {
    expect(fullPatchTools.retryMessage("SEARCH_NOT_FOUND: details here")).toContain("SEARCH_NOT_FOUND: details here");
  });

  it("samples patch types by their probabilities and drops cross without inspirations", () => {
    const config = { patch_types: ["diff", "full", "cross"] as ("diff" | "full" | "cross")[], patch_type_probs: [0.6, 0.3, 0.1] };
    const rng = new Random(7);
    const counts = { diff: 0, full: 0, cross: 0, fix: 0 };
    for (let i = 0; i < 4000; i++) counts[fullPatchTools.samplePatchType(config, true, rng)]++;
    expect(counts.diff / 4000).toBeGreaterThan(0.55);
    expect(counts.diff / 4000).toBeLessThan(0.65);
    expect(counts.cross).toBeGreaterThan(300);
    for (let i = 0; i < 500; i++) expect(fullPatchTools.samplePatchType(config, false, rng)).not.toBe("cross");
  });
});
