// The post-patch syntax check runs in a child process for JavaScript, TypeScript and Python.
import { execFileSync } from "node:child_process";
import { describe, expect, it } from "vitest";
import { checkSyntax, fullPatchTools } from "../../../lib/evolve/patch/index.js";
import { task } from "./fixtures.js";

const hasPython = (() => {
  try {
    execFileSync("python3", ["--version"], { stdio: "ignore" });
    return true;
  } catch {
    return false;
  }
})();

describe("syntax check", () => {
  it("accepts valid and rejects broken JavaScript modules", async () => {
    expect(await checkSyntax("export const a = 1;\n", "javascript", ".mjs")).toEqual({ ok: true, checked: true });
    const bad = await checkSyntax("export const a = (1;\n", "javascript", ".mjs");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toMatch(/SyntaxError/);
  });

  it("reports TypeScript syntax errors from the transpiler", async () => {
    expect(await checkSyntax("export const a: number = 1;\n", "typescript")).toEqual({ ok: true, checked: true });
    const bad = await checkSyntax("export const a: number = ;\n", "typescript");
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.error).toContain("main.ts:1");
  });

  it.skipIf(!hasPython)("uses py_compile for Python", async () => {
    expect(await checkSyntax("x = 1\n", "python")).toEqual({ ok: true, checked: true });
    expect((await checkSyntax("def f(:\n", "python")).ok).toBe(false);
  });

  it("a patch that breaks the syntax fails with SYNTAX_ERROR through the patch tools", async () => {
    const code = "// EVOLVE-BLOCK-START\nconst a = 1;\n// EVOLVE-BLOCK-END\nexport const run = () => a;";
    const out = await fullPatchTools.apply(code, "<DIFF>\n<<<<<<< SEARCH\nconst a = 1;\n=======\nconst a = (1;\n>>>>>>> REPLACE\n</DIFF>", "diff", task());
    expect(out.ok).toBe(false);
    if (!out.ok) expect(out.error).toMatch(/^SYNTAX_ERROR/);
    const good = await fullPatchTools.apply(code, "<NAME>Bigger A</NAME><DESCRIPTION>why</DESCRIPTION>\n<DIFF>\n<<<<<<< SEARCH\nconst a = 1;\n=======\nconst a = 2;\n>>>>>>> REPLACE\n</DIFF>", "diff", task());
    expect(good).toMatchObject({ ok: true, name: "bigger_a", description: "why" });
    if (good.ok) expect(good.diff).toContain("-const a = 1;\n+const a = 2;");
  });
});
