// Behaviour cases 1-21 of evolve.md §19 (diff patches and full rewrites), plus the diff and
// similarity helpers they rely on.
import { describe, expect, it } from "vitest";
import { applyPatch, applySearchReplace, EditError, extractFencedCode, mergeRewrite, mutableCode, parseSearchReplace, similarityRatio, unifiedDiff } from "../../lib/evolve/edit/index.js";

const PY = ["import math", "", "# EVOLVE-BLOCK-START", "def f(x):", "    y = x + 1", "    return y * 2", "# EVOLVE-BLOCK-END", "", "print(f(3))", ""].join("\n");

function sr(search: string, replace: string): string {
  return `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
}

async function diff(code: string, reply: string, language = "python", options = {}) {
  return applyPatch(code, `<NAME>t</NAME><DESCRIPTION>d</DESCRIPTION><DIFF>\n${reply}\n</DIFF>`, "diff", language, options);
}

function errorCode(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof EditError) return error.code;
    throw error;
  }
  return "none";
}

describe("diff patches (§19 cases 1-14)", () => {
  it("1: replaces a SEARCH found once inside the region, markers unchanged", async () => {
    const result = await diff(PY, sr("    y = x + 1", "    y = x + 2"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.num_applied).toBe(1);
    expect(result.code).toBe(PY.replace("x + 1", "x + 2"));
    expect(result.name).toBe("t");
    expect(result.diff).toContain("-    y = x + 1\n+    y = x + 2");
  });

  it("2: unindented SEARCH matches 4-space code; REPLACE re-indented with relative indentation kept", async () => {
    const result = await diff(PY, sr("y = x + 1\nreturn y * 2", "if x > 0:\n    y = x + 1\nreturn y * 2"));
    expect(result.ok && result.code).toBe(PY.replace("    y = x + 1\n", "    if x > 0:\n        y = x + 1\n"));
  });

  it("3: trailing spaces in SEARCH or original still match; output has none", async () => {
    const original = PY.replace("    y = x + 1", "    y = x + 1   ");
    const result = await diff(original, sr("    y = x + 1  \n    return y * 2 ", "    y = x + 5   "));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toContain("    y = x + 5\n# EVOLVE");
    expect(result.code.split("\n").every((l) => l === l.trimEnd())).toBe(true);
  });

  it("4: tabs re-indent when consistent; a tab/space mismatch is SEARCH_NOT_FOUND", async () => {
    const tabbed = ["# EVOLVE-BLOCK-START", "def g(a):", "\tif a:", "\t\tb = 1", "", "\t\treturn b", "# EVOLVE-BLOCK-END", ""].join("\n");
    const ok = await diff(tabbed, sr("if a:\n\tb = 1\n\n\treturn b", "if a:\n\tb = 2\n\n\treturn b"));
    expect(ok.ok && ok.code).toBe(tabbed.replace("b = 1", "b = 2"));
    const bad = await diff(tabbed, sr("\tif a:\n        b = 1", "\tif a:\n        b = 3"));
    expect(bad.ok).toBe(false);
    if (!bad.ok) expect(bad.code).toBe("SEARCH_NOT_FOUND");
  });

  it("5: first occurrence outside the region is rejected; first-mutable uses the inside one", async () => {
    const code = ["x = 1", "# EVOLVE-BLOCK-START", "x = 1", "# EVOLVE-BLOCK-END", ""].join("\n");
    const first = await diff(code, sr("x = 1", "x = 2"));
    expect(first.ok).toBe(false);
    if (!first.ok) {
      expect(first.code).toBe("EDIT_OUTSIDE_EVOLVE_BLOCK");
      expect(first.error).toContain("outside EVOLVE-BLOCK regions");
    }
    const mutable = await diff(code, sr("x = 1", "x = 2"), "python", { match_policy: "first-mutable" });
    expect(mutable.ok && mutable.code).toBe(["x = 1", "# EVOLVE-BLOCK-START", "x = 2", "# EVOLVE-BLOCK-END", ""].join("\n"));
  });

  it("6: an absent SEARCH lists similar lines and the closest window as a labelled diff", async () => {
    const result = await diff(PY, sr("    y = x + 10\n    return y * 3", "    y = 0"));
    expect(result.ok).toBe(false);
    if (result.ok) return;
    expect(result.code).toBe("SEARCH_NOT_FOUND");
    expect(result.error).toContain("does not occur");
    expect(result.error).toMatch(/line 5 \(0\.\d+\): y = x \+ 1/);
    expect(result.error).toContain("editable) differs from your SEARCH text");
    expect(result.error).toContain("+    y = x + 1");
    expect(result.error).toContain("Editable region 1");
  });

  it("6b: the closest window outside the blocks is labelled immutable", async () => {
    const result = await diff(PY, sr("print(f(4))", "print(f(5))"));
    expect(!result.ok && result.error).toContain("immutable: outside the EVOLVE-BLOCK regions");
  });

  it("7: a file without markers is NO_EVOLVE_BLOCKS", async () => {
    const result = await diff("x = 1\n", sr("x = 1", "x = 2"));
    expect(!result.ok && result.code).toBe("NO_EVOLVE_BLOCKS");
  });

  it("8: block 2 may match text block 1 introduced", async () => {
    const result = await diff(PY, `${sr("    y = x + 1", "    y = x + 1\n    z = y")}\n${sr("    z = y", "    z = y + y")}`);
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.num_applied).toBe(2);
      expect(result.code).toContain("    y = x + 1\n    z = y + y\n    return");
    }
  });

  it("9: only the first of two occurrences inside the region changes", () => {
    const code = ["# EVOLVE-BLOCK-START", "a = 1", "a = 1", "# EVOLVE-BLOCK-END"].join("\n");
    const result = applySearchReplace(code, parseSearchReplace(sr("a = 1", "a = 2")), "python");
    expect(result.code).toBe(["# EVOLVE-BLOCK-START", "a = 2", "a = 1", "# EVOLVE-BLOCK-END"].join("\n"));
  });

  it("10: empty SEARCH inserts before the last END marker, twice, and splits a shared END line", async () => {
    const code = ["# EVOLVE-BLOCK-START", "def f():", "    return 1", "    # EVOLVE-BLOCK-END", "print(f())", ""].join("\n");
    const twice = await diff(code, `${sr("", "def g():\n    return 2")}\n${sr("", "def h():\n    return 3")}`);
    expect(twice.ok && twice.code).toBe(
      ["# EVOLVE-BLOCK-START", "def f():", "    return 1", "def g():", "    return 2", "def h():", "    return 3", "    # EVOLVE-BLOCK-END", "print(f())", ""].join("\n"),
    );
    const shared = ["# EVOLVE-BLOCK-START", "y = 0", "x = 1  # EVOLVE-BLOCK-END", "print(x)"].join("\n");
    const split = await diff(shared, sr("", "z = 2"));
    expect(split.ok && split.code).toBe(["# EVOLVE-BLOCK-START", "y = 0", "x = 1", "z = 2", "# EVOLVE-BLOCK-END", "print(x)"].join("\n"));
    const noop = await diff(code, "<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE");
    expect(noop.ok && noop.code).toBe(code);
    const wolfram = ["(* EVOLVE-BLOCK-START *)", "f[x_] := x", "(* EVOLVE-BLOCK-END *)", ""].join("\n");
    const wl = await diff(wolfram, sr("", "g[x_] := 2 x"), "wolfram");
    expect(wl.ok && wl.code).toBe(["(* EVOLVE-BLOCK-START *)", "f[x_] := x", "g[x_] := 2 x", "(* EVOLVE-BLOCK-END *)", ""].join("\n"));
    const markdown = ["# Title", "<!-- EVOLVE-BLOCK-START -->", "text", "<!-- EVOLVE-BLOCK-END -->", ""].join("\n");
    const md = await diff(markdown, sr("", "more"), "markdown");
    expect(md.ok && md.code).toBe(["# Title", "<!-- EVOLVE-BLOCK-START -->", "text", "more", "<!-- EVOLVE-BLOCK-END -->", ""].join("\n"));
  });

  it("11: marker lines copied into SEARCH and REPLACE are dropped", async () => {
    const result = await diff(PY, sr("# EVOLVE-BLOCK-START\ndef f(x):", "# EVOLVE-BLOCK-START\ndef f(x, k=1):"));
    expect(result.ok && result.code).toBe(PY.replace("def f(x):", "def f(x, k=1):"));
  });

  it("12: missing REPLACE or divider is MALFORMED_BLOCK; compact empty bodies are accepted", async () => {
    expect(errorCode(() => parseSearchReplace("<<<<<<< SEARCH\na\n=======\nb\n"))).toBe("MALFORMED_BLOCK");
    expect(errorCode(() => parseSearchReplace("<<<<<<< SEARCH\na\n>>>>>>> REPLACE"))).toBe("MALFORMED_BLOCK");
    expect(errorCode(() => parseSearchReplace("<<<<<<< SEARCH\na\n<<<<<<< SEARCH\n"))).toBe("MALFORMED_BLOCK");
    expect(errorCode(() => parseSearchReplace("just prose"))).toBe("NO_DIFF_BLOCKS");
    try {
      parseSearchReplace("intro\n<<<<<<< SEARCH\na\n=======\nb\n");
    } catch (error) {
      expect((error as Error).message).toMatch(/block 1 \(starting on line 2\).*no >>>>>>> REPLACE/);
    }
    expect(parseSearchReplace("<<<<<<< SEARCH\n=======\nnew\n>>>>>>> REPLACE")).toEqual([{ search: "", replace: "new", line: 1 }]);
    const deletion = await diff(PY, "<<<<<<< SEARCH\n    y = x + 1\n=======\n>>>>>>> REPLACE");
    expect(deletion.ok && deletion.code).toBe(PY.replace("    y = x + 1\n", "\n"));
  });

  it("13: nested and sequential pairs form stack-based ranges; an unmatched marker fails validation", async () => {
    const code = ["// EVOLVE-BLOCK-START", "let a = 1;", "// EVOLVE-BLOCK-START", "let b = 2;", "// EVOLVE-BLOCK-END", "// EVOLVE-BLOCK-END", "const c = 3;", "// EVOLVE-BLOCK-START", "let d = 4;", "// EVOLVE-BLOCK-END", ""].join("\n");
    const inner = await diff(code, sr("let b = 2;", "let b = 5;"), "javascript");
    expect(inner.ok && inner.code).toBe(code.replace("b = 2", "b = 5"));
    const second = await diff(code, sr("let d = 4;", "let d = 6;"), "javascript");
    expect(second.ok).toBe(true);
    const outside = await diff(code, sr("const c = 3;", "const c = 4;"), "javascript");
    expect(!outside.ok && outside.code).toBe("EDIT_OUTSIDE_EVOLVE_BLOCK");
    const unmatched = await diff("// EVOLVE-BLOCK-START\nlet a = 1;\n", sr("let a = 1;", "let a = 2;"), "javascript");
    expect(!unmatched.ok && unmatched.code).toBe("MARKER_VALIDATION_FAILED");
  });

  it("14: CRLF is kept and non-ASCII text round-trips", async () => {
    const code = PY.replace("y = x + 1", "y = x + 1  # café ✓").replace(/\n/g, "\r\n");
    const result = await diff(code, sr("    y = x + 1  # café ✓", "    y = x + 2  # naïve π"));
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    expect(result.code).toBe(code.replace("y = x + 1  # café ✓", "y = x + 2  # naïve π"));
    expect(result.code.includes("\r\n")).toBe(true);
  });
});

describe("full rewrites (§19 cases 15-21)", () => {
  it("15: fences tagged py, golang, md, jl extract for their languages; no matching fence fails", () => {
    expect(extractFencedCode("```py\nx = 1\n```", "python")).toBe("x = 1");
    expect(extractFencedCode("```js\nno\n```\n```golang\npackage main\n```", "go")).toBe("package main");
    expect(extractFencedCode("```md\n# hi\n```", "markdown")).toBe("# hi");
    expect(extractFencedCode("```jl\nf(x) = x\n```", "julia")).toBe("f(x) = x");
    expect(() => extractFencedCode("```rust\nfn main() {}\n```", "python")).toThrow(/Could not extract code/);
  });

  it("16: a patch with both markers changes only region contents", async () => {
    const patch = PY.replace("import math", "import os").replace("    y = x + 1", "    y = x - 1").replace("print(f(3))", "print('hacked')");
    const result = await applyPatch(PY, `<NAME>Flip Sign</NAME>\n<CODE>\n\`\`\`python\n${patch}\`\`\`\n</CODE>`, "full", "python");
    expect(result.ok).toBe(true);
    if (result.ok) {
      expect(result.code).toBe(PY.replace("    y = x + 1", "    y = x - 1"));
      expect(result.name).toBe("flip_sign");
    }
  });

  it("17: a full file without markers and without a final newline is split by prefix and suffix", () => {
    const patch = ["import math", "", "def f(x):", "    return x", "", "print(f(3))"].join("\n");
    expect(mergeRewrite(PY, patch, "python").code).toBe(["import math", "", "# EVOLVE-BLOCK-START", "def f(x):", "    return x", "# EVOLVE-BLOCK-END", "", "print(f(3))", ""].join("\n"));
  });

  it("18: a bare payload goes between the markers, each on its own line", () => {
    expect(mergeRewrite(PY, "def f(x):\n    return 0", "python").code).toBe(
      ["import math", "", "# EVOLVE-BLOCK-START", "def f(x):", "    return 0", "# EVOLVE-BLOCK-END", "", "print(f(3))", ""].join("\n"),
    );
  });

  it("19: no markers and two regions is AMBIGUOUS_REGIONS", () => {
    const two = `${PY}# EVOLVE-BLOCK-START\nz = 1\n# EVOLVE-BLOCK-END\n`;
    expect(errorCode(() => mergeRewrite(two, "def f(x):\n    return 0", "python"))).toBe("AMBIGUOUS_REGIONS");
  });

  it("20: only START or only END trims the header or footer; with two regions it fails", () => {
    const onlyStart = "import math\n# EVOLVE-BLOCK-START\ndef f(x):\n    return 7\n\nprint(f(3))\n";
    expect(mergeRewrite(PY, onlyStart, "python").code).toBe(PY.replace("    y = x + 1\n    return y * 2", "    return 7"));
    const onlyEnd = "import math\n\ndef f(x):\n    return 8\n# EVOLVE-BLOCK-END\nprint('ignored')\n";
    expect(mergeRewrite(PY, onlyEnd, "python").code).toBe(PY.replace("    y = x + 1\n    return y * 2", "    return 8"));
    const two = `${PY}# EVOLVE-BLOCK-START\nz = 1\n# EVOLVE-BLOCK-END\n`;
    expect(errorCode(() => mergeRewrite(two, onlyStart, "python"))).toBe("AMBIGUOUS_REGIONS");
  });

  it("21: a Wolfram or Markdown marker missing its closing delimiter fails marker validation", async () => {
    const wolfram = ["(* EVOLVE-BLOCK-START *)", "f[x_] := x", "(* EVOLVE-BLOCK-END *)", ""].join("\n");
    const wl = await diff(wolfram, sr("f[x_] := x", "f[x_] := x\n(* EVOLVE-BLOCK-END"), "wolfram");
    expect(!wl.ok && wl.code).toBe("MARKER_VALIDATION_FAILED");
    const markdown = ["<!-- EVOLVE-BLOCK-START -->", "text", "<!-- EVOLVE-BLOCK-END -->", ""].join("\n");
    const md = await applyPatch(markdown, "```md\n<!-- EVOLVE-BLOCK-START -->\nnew <!-- EVOLVE-BLOCK-START\n<!-- EVOLVE-BLOCK-END -->\n```", "full", "markdown");
    expect(!md.ok && md.code).toBe("MARKER_VALIDATION_FAILED");
  });
});

describe("checks on the result", () => {
  it("rejects a patch that does not parse, with the checker's message", async () => {
    const js = ["// EVOLVE-BLOCK-START", "function f(x) {", "  return x + 1;", "}", "// EVOLVE-BLOCK-END", "export { f };", ""].join("\n");
    const broken = await diff(js, sr("  return x + 1;", "  return (x + 1;"), "javascript");
    expect(!broken.ok && broken.code).toBe("SYNTAX_ERROR");
    const fine = await diff(js, sr("  return x + 1;", "  return x + 2;"), "javascript");
    expect(fine.ok).toBe(true);
    const ts = js.replace("function f(x) {", "function f(x: number): number {");
    const tsBroken = await diff(ts, sr("  return x + 1;", "  return x +;"), "typescript");
    expect(!tsBroken.ok && tsBroken.code).toBe("SYNTAX_ERROR");
    const pyBroken = await diff(PY, sr("    y = x + 1", "    y = (x + 1"));
    expect(!pyBroken.ok && pyBroken.code).toBe("SYNTAX_ERROR");
  });

  it("mutableCode returns the block contents, for JS and Python markers alike", () => {
    expect(mutableCode(PY)).toBe("def f(x):\n    y = x + 1\n    return y * 2");
    expect(mutableCode("a\n// EVOLVE-BLOCK-START\nb\n// EVOLVE-BLOCK-END\n")).toBe("b");
  });

  it("similarityRatio matches difflib's 2M/T", () => {
    expect(similarityRatio("abcd", "bcde")).toBeCloseTo(0.75, 12);
    expect(similarityRatio("", "")).toBe(1);
    expect(similarityRatio("abc", "xyz")).toBe(0);
    // difflib.SequenceMatcher(None, "private Thread currentThread;", "private volatile Thread currentThread;").ratio()
    expect(similarityRatio("private Thread currentThread;", "private volatile Thread currentThread;")).toBeCloseTo(0.8656716417910447, 12);
  });

  it("unifiedDiff writes diff -u hunks", () => {
    expect(unifiedDiff("a\nb\nc", "a\nB\nc")).toBe("--- original\n+++ main\n@@ -1,3 +1,3 @@\n a\n-b\n+B\n c\n");
    expect(unifiedDiff("same", "same")).toBe("");
  });
});

describe("edit artifacts", async () => {
  const { editArtifacts } = await import("../../lib/evolve/edit/index.js");
  it("names the files of §11.3 step 7 and §11.5 step 5", () => {
    expect(Object.keys(editArtifacts("diff", "a\n", "R", "b\n", ".py")).sort()).toEqual(["edit.diff", "main.py", "original.py", "search_replace.txt"]);
    const full = editArtifacts("full", "a\n", "R", "b\n", "mjs");
    expect(full["rewrite.txt"]).toBe("R");
    expect(full["edit.diff"]).toContain("--- original.mjs\n+++ main.mjs\n");
  });
});
