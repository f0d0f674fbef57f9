// evolve.md §19 behaviour cases 1-14: SEARCH/REPLACE parsing and application.
import { describe, expect, it } from "vitest";
import { applyPatch, applySearchReplace, parseBlocks } from "../../../lib/evolve/patch/index.js";

const PY = ["import math", "", "# EVOLVE-BLOCK-START", "def f(x):", "    y = x + 1", "    return y", "# EVOLVE-BLOCK-END", "", "print(f(1))"].join("\n");

function block(search: string, replace: string): string {
  return `<<<<<<< SEARCH\n${search}\n=======\n${replace}\n>>>>>>> REPLACE`;
}

function apply(code: string, reply: string, language = "python", policy?: "first" | "first-mutable") {
  const parsed = parseBlocks(reply);
  if (!parsed.ok) return parsed;
  return applySearchReplace(code, parsed.blocks, language, policy);
}

describe("SEARCH/REPLACE application (§19 cases 1-14)", () => {
  it("1: replaces a SEARCH that occurs once inside the region, markers unchanged", () => {
    const out = apply(PY, block("    y = x + 1", "    y = x + 5"));
    expect(out).toMatchObject({ ok: true, numApplied: 1 });
    if (!out.ok) return;
    expect(out.code).toBe(PY.replace("x + 1", "x + 5"));
    expect(out.code.split("\n").filter((l) => l.includes("EVOLVE-BLOCK"))).toEqual(["# EVOLVE-BLOCK-START", "# EVOLVE-BLOCK-END"]);
  });

  it("2: re-indents an unindented SEARCH and REPLACE, keeping relative indentation", () => {
    const out = apply(PY, block("y = x + 1\nreturn y", "y = x + 2\nif y > 3:\n    y = 3\nreturn y"));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.code).toContain("    y = x + 2\n    if y > 3:\n        y = 3\n    return y\n# EVOLVE-BLOCK-END");
  });

  it("3: trailing spaces in SEARCH or the original still match, and the output has none", () => {
    const original = PY.replace("    y = x + 1", "    y = x + 1   ");
    const out = apply(original, block("    y = x + 1  \n    return y ", "    y = x + 3\t\n    return y"));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.code).toContain("    y = x + 3\n    return y\n");
    expect(out.code.split("\n").every((l) => l === l.trimEnd())).toBe(true);
  });

  it("4: tab-indented code matches across blank lines after re-indentation; a tab/space mismatch does not", () => {
    const tabbed = ["# EVOLVE-BLOCK-START", "def g():", "\tif True:", "\t\ta = 1", "", "\t\tb = 2", "\treturn a", "# EVOLVE-BLOCK-END"].join("\n");
    const ok = apply(tabbed, block("if True:\n\ta = 1\n\n\tb = 2", "if True:\n\ta = 10\n\n\tb = 20"));
    expect(ok.ok).toBe(true);
    if (ok.ok) expect(ok.code).toContain("\tif True:\n\t\ta = 10\n\n\t\tb = 20");
    const mismatch = apply(tabbed, block("if True:\n    a = 1", "if True:\n    a = 2"));
    expect(mismatch).toMatchObject({ ok: false, code: "SEARCH_NOT_FOUND" });
  });

  it("5: a SEARCH found first outside the region fails by default; first-mutable uses the inside one", () => {
    const code = ["z = 0", "# EVOLVE-BLOCK-START", "z = 0", "# EVOLVE-BLOCK-END"].join("\n");
    const first = apply(code, block("z = 0", "z = 1"));
    expect(first).toMatchObject({ ok: false, code: "EDIT_OUTSIDE_EVOLVE_BLOCK" });
    if (!first.ok) expect(first.error).toContain("outside EVOLVE-BLOCK regions");
    const mutable = apply(code, block("z = 0", "z = 1"), "python", "first-mutable");
    expect(mutable.ok && mutable.code).toBe(["z = 0", "# EVOLVE-BLOCK-START", "z = 1", "# EVOLVE-BLOCK-END"].join("\n"));
  });

  it("6: an absent SEARCH lists similar lines and the nearest window as a labelled diff", () => {
    const out = apply(PY, block("    y = x + 100\n    return y", "    y = 0\n    return y"));
    expect(out).toMatchObject({ ok: false, code: "SEARCH_NOT_FOUND" });
    if (out.ok) return;
    expect(out.error).toContain("Lines similar to it");
    expect(out.error).toContain("line 5");
    expect(out.error).toMatch(/closest 2-line window is lines 5-6 \(editable/);
    expect(out.error).toContain("+    y = x + 100");
    expect(out.error).toContain("-    y = x + 1");
    expect(out.error).toContain("Editable region");
  });

  it("7: a file without markers fails with NO_EVOLVE_BLOCKS", () => {
    expect(apply("x = 1\n", block("x = 1", "x = 2"))).toMatchObject({ ok: false, code: "NO_EVOLVE_BLOCKS" });
  });

  it("8: block 2 may match text block 1 introduced", () => {
    const out = apply(PY, `${block("    y = x + 1", "    y = x + 1\n    w = y * 2")}\n${block("    w = y * 2", "    w = y * 3")}`);
    expect(out).toMatchObject({ ok: true, numApplied: 2 });
    if (out.ok) expect(out.code).toContain("    y = x + 1\n    w = y * 3\n    return y");
  });

  it("9: only the first of two occurrences inside the region changes", () => {
    const code = ["# EVOLVE-BLOCK-START", "a = 1", "a = 1", "# EVOLVE-BLOCK-END"].join("\n");
    const out = apply(code, block("a = 1", "a = 2"));
    expect(out.ok && out.code).toBe(["# EVOLVE-BLOCK-START", "a = 2", "a = 1", "# EVOLVE-BLOCK-END"].join("\n"));
  });

  describe("10: empty SEARCH inserts before the last END marker", () => {
    it("keeps the END marker on its own line with its indentation, and two insertions still parse", async () => {
      const code = ["def f():", "    # EVOLVE-BLOCK-START", "    a = 1", "    # EVOLVE-BLOCK-END", "    return a"].join("\n");
      const reply = `<DIFF>\n<<<<<<< SEARCH\n=======\n    b = 2\n>>>>>>> REPLACE\n<<<<<<< SEARCH\n\n=======\n    c = 3\n>>>>>>> REPLACE\n</DIFF>`;
      const out = await applyPatch(code, reply, "diff", "python");
      expect(out.ok).toBe(true);
      if (out.ok) expect(out.code).toBe(["def f():", "    # EVOLVE-BLOCK-START", "    a = 1", "    b = 2", "    c = 3", "    # EVOLVE-BLOCK-END", "    return a"].join("\n"));
    });

    it("splits code sharing the END marker's line", () => {
      const code = ["# EVOLVE-BLOCK-START", "x = 1  # EVOLVE-BLOCK-END", "print(x)"].join("\n");
      const out = apply(code, "<<<<<<< SEARCH\n=======\ny = 2\n>>>>>>> REPLACE");
      expect(out.ok && out.code).toBe(["# EVOLVE-BLOCK-START", "x = 1", "y = 2", "# EVOLVE-BLOCK-END", "print(x)"].join("\n"));
    });

    it("leaves the code unchanged when REPLACE is empty too", () => {
      const out = apply(PY, "<<<<<<< SEARCH\n=======\n>>>>>>> REPLACE");
      expect(out.ok && out.code).toBe(PY);
    });

    it("works for Wolfram and Markdown block comments", () => {
      const wl = ["(* EVOLVE-BLOCK-START *)", "a = 1;", "(* EVOLVE-BLOCK-END *)"].join("\n");
      const outWl = apply(wl, "<<<<<<< SEARCH\n=======\nb = 2;\n>>>>>>> REPLACE", "wolfram");
      expect(outWl.ok && outWl.code).toBe(["(* EVOLVE-BLOCK-START *)", "a = 1;", "b = 2;", "(* EVOLVE-BLOCK-END *)"].join("\n"));
      const md = ["# Title", "<!-- EVOLVE-BLOCK-START -->", "text", "<!-- EVOLVE-BLOCK-END -->"].join("\n");
      const outMd = apply(md, "<<<<<<< SEARCH\n=======\nmore\n>>>>>>> REPLACE", "markdown");
      expect(outMd.ok && outMd.code).toBe(["# Title", "<!-- EVOLVE-BLOCK-START -->", "text", "more", "<!-- EVOLVE-BLOCK-END -->"].join("\n"));
    });
  });

  it("11: marker lines copied into SEARCH or REPLACE are removed first", () => {
    const out = apply(PY, block("# EVOLVE-BLOCK-START\ndef f(x):", "# EVOLVE-BLOCK-START\ndef f(x, scale=2):"));
    expect(out.ok).toBe(true);
    if (out.ok) expect(out.code.split("\n").slice(2, 4)).toEqual(["# EVOLVE-BLOCK-START", "def f(x, scale=2):"]);
  });

  it("12: a missing divider or REPLACE line is MALFORMED_BLOCK; the compact empty-body forms are accepted", () => {
    expect(parseBlocks("<<<<<<< SEARCH\na = 1\n=======\na = 2\n")).toMatchObject({ ok: false, code: "MALFORMED_BLOCK" });
    expect(parseBlocks("<<<<<<< SEARCH\na = 1\n>>>>>>> REPLACE")).toMatchObject({ ok: false, code: "MALFORMED_BLOCK" });
    const nested = parseBlocks("<<<<<<< SEARCH\na\n<<<<<<< SEARCH\nb\n=======\nc\n>>>>>>> REPLACE");
    expect(nested).toMatchObject({ ok: false, code: "MALFORMED_BLOCK" });
    if (!nested.ok) expect(nested.error).toContain("line 3");
    expect(parseBlocks("no blocks at all")).toMatchObject({ ok: false, code: "NO_DIFF_BLOCKS" });
    const insertion = parseBlocks("<<<<<<< SEARCH\n=======\nz = 9\n>>>>>>> REPLACE");
    expect(insertion).toEqual({ ok: true, blocks: [{ search: "", replace: "z = 9" }] });
    const deletion = parseBlocks("<<<<<<< SEARCH\n    y = x + 1\n=======\n>>>>>>> REPLACE");
    expect(deletion).toEqual({ ok: true, blocks: [{ search: "    y = x + 1", replace: "" }] });
    if (deletion.ok) {
      const out = applySearchReplace(PY, deletion.blocks, "python");
      expect(out.ok && out.code.includes("y = x + 1")).toBe(false);
    }
  });

  it("13: nested and sequential blocks use stack-matched ranges; an unmatched marker fails", () => {
    const code = ["// EVOLVE-BLOCK-START", "let a = 1;", "// EVOLVE-BLOCK-START", "let b = 2;", "// EVOLVE-BLOCK-END", "// EVOLVE-BLOCK-END", "const fixed = 0;", "// EVOLVE-BLOCK-START", "let c = 3;", "// EVOLVE-BLOCK-END"].join("\n");
    const inner = apply(code, block("let b = 2;", "let b = 20;"), "javascript");
    expect(inner.ok && inner.code.includes("let b = 20;")).toBe(true);
    const second = apply(code, block("let c = 3;", "let c = 30;"), "javascript");
    expect(second.ok && second.code.includes("let c = 30;")).toBe(true);
    expect(apply(code, block("const fixed = 0;", "const fixed = 1;"), "javascript")).toMatchObject({ ok: false, code: "EDIT_OUTSIDE_EVOLVE_BLOCK" });
    const unmatched = ["// EVOLVE-BLOCK-START", "let a = 1;", "// EVOLVE-BLOCK-END", "// EVOLVE-BLOCK-END"].join("\n");
    expect(apply(unmatched, block("let a = 1;", "let a = 2;"), "javascript")).toMatchObject({ ok: false, code: "MARKER_VALIDATION_FAILED" });
  });

  it("14: CRLF files keep CRLF; non-ASCII text round-trips", () => {
    const code = ["# EVOLVE-BLOCK-START", "name = 'café ∑ 円'", "n = 1", "# EVOLVE-BLOCK-END", ""].join("\r\n");
    const out = apply(code, block("n = 1", "n = 2  # größer"));
    expect(out.ok).toBe(true);
    if (!out.ok) return;
    expect(out.code).toBe(["# EVOLVE-BLOCK-START", "name = 'café ∑ 円'", "n = 2  # größer", "# EVOLVE-BLOCK-END", ""].join("\r\n"));
    expect(Buffer.from(out.code, "utf8").toString("utf8")).toBe(out.code);
  });
});
