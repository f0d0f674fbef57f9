// evolve.md §19 behaviour cases 15-21: whole-program replies (full, cross, fix).
import { describe, expect, it } from "vitest";
import { applyPatch, applyRewrite, extractFencedCode, validateMarkers } from "../../../lib/evolve/patch/index.js";

const PY = ["import math", "# EVOLVE-BLOCK-START", "def f(x):", "    return x + 1", "# EVOLVE-BLOCK-END", "print(f(1))", ""].join("\n");

describe("full rewrites (§19 cases 15-21)", () => {
  it("15: fences tagged py, golang, md, jl extract for their languages; no matching fence fails", async () => {
    expect(extractFencedCode("text\n```py\nx = 1\n```\n", "python")).toBe("x = 1");
    expect(extractFencedCode("```golang\npackage main\n```", "go")).toBe("package main");
    expect(extractFencedCode("```md\n# t\n```", "markdown")).toBe("# t");
    expect(extractFencedCode("```jl\nx = 1\n```", "julia")).toBe("x = 1");
    expect(extractFencedCode("```javascript\nlet a;\n```\n```python\nb = 2\n```", "python")).toBe("b = 2");
    const out = await applyPatch(PY, "<CODE>\n```rust\nfn main() {}\n```\n</CODE>", "full", "python");
    expect(out).toMatchObject({ ok: false, code: "CODE_EXTRACTION_FAILED" });
    if (!out.ok) expect(out.error).toContain("Could not extract code");
  });

  it("16: with both markers only the region contents change; edits outside are discarded", () => {
    const patch = ["import numpy  # the model edited this", "# EVOLVE-BLOCK-START", "def f(x):", "    return x * 2", "# EVOLVE-BLOCK-END", "print('changed')"].join("\n");
    const out = applyRewrite(PY, patch, "python");
    expect(out.ok && out.code).toBe(["import math", "# EVOLVE-BLOCK-START", "def f(x):", "    return x * 2", "# EVOLVE-BLOCK-END", "print(f(1))", ""].join("\n"));
  });

  it("17: a full file without markers and without its final newline is cut by prefix and suffix", () => {
    const patch = ["import math", "def f(x):", "    return x - 1", "print(f(1))"].join("\n");
    const out = applyRewrite(PY, patch, "python");
    expect(out.ok && out.code).toBe(PY.replace("x + 1", "x - 1"));
  });

  it("18: a bare payload without markers goes between the markers, each on its own line", () => {
    const out = applyRewrite(PY, "def f(x):\n    return 42", "python");
    expect(out.ok && out.code).toBe(["import math", "# EVOLVE-BLOCK-START", "def f(x):", "    return 42", "# EVOLVE-BLOCK-END", "print(f(1))", ""].join("\n"));
  });

  it("19: no markers against two regions is AMBIGUOUS_REGIONS", () => {
    const two = ["# EVOLVE-BLOCK-START", "a = 1", "# EVOLVE-BLOCK-END", "b = 2", "# EVOLVE-BLOCK-START", "c = 3", "# EVOLVE-BLOCK-END"].join("\n");
    const out = applyRewrite(two, "a = 5\nc = 6", "python");
    expect(out).toMatchObject({ ok: false, code: "AMBIGUOUS_REGIONS" });
    if (!out.ok) expect(out.error).toContain("2 EVOLVE-BLOCK regions");
  });

  it("20: only START (or only END) with one region trims the header (footer); two regions fail", () => {
    const onlyStart = ["import whatever", "# EVOLVE-BLOCK-START", "def f(x):", "    return 7"].join("\n");
    expect(applyRewrite(PY, onlyStart, "python")).toMatchObject({ ok: true, code: PY.replace("x + 1", "7") });
    const onlyEnd = ["def f(x):", "    return 8", "# EVOLVE-BLOCK-END", "print('footer the model wrote')"].join("\n");
    expect(applyRewrite(PY, onlyEnd, "python")).toMatchObject({ ok: true, code: PY.replace("x + 1", "8") });
    const two = ["# EVOLVE-BLOCK-START", "a = 1", "# EVOLVE-BLOCK-END", "# EVOLVE-BLOCK-START", "c = 3", "# EVOLVE-BLOCK-END"].join("\n");
    expect(applyRewrite(two, "# EVOLVE-BLOCK-START\na = 9", "python")).toMatchObject({ ok: false, code: "AMBIGUOUS_REGIONS" });
  });

  it("21: a Wolfram or Markdown marker that loses its closing delimiter fails validation", async () => {
    expect(validateMarkers("(* EVOLVE-BLOCK-START\na = 1;\n(* EVOLVE-BLOCK-END *)", "wolfram")).toMatchObject({ ok: false });
    expect(validateMarkers("<!-- EVOLVE-BLOCK-START -->\ntext\n<!-- EVOLVE-BLOCK-END", "markdown")).toMatchObject({ ok: false });
    expect(validateMarkers("(* EVOLVE-BLOCK-START *)\na = 1;\n(* EVOLVE-BLOCK-END *)", "wolfram")).toEqual({ ok: true });
    // Immutable lines (markers included) always come from the original, so a rewrite whose START
    // comment lost its "-->" still yields valid markers.
    const md = "<!-- EVOLVE-BLOCK-START -->\ntext\n<!-- EVOLVE-BLOCK-END -->";
    const out = await applyPatch(md, "<CODE>\n```md\n<!-- EVOLVE-BLOCK-START\nnew text\n<!-- EVOLVE-BLOCK-END -->\n```\n</CODE>", "full", "markdown");
    expect(out).toMatchObject({ ok: true, code: "<!-- EVOLVE-BLOCK-START -->\nnew text\n<!-- EVOLVE-BLOCK-END -->" });
  });
});
