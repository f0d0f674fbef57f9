// code-metrics.ts on small programs whose counts are worked out by hand.
import { describe, expect, it } from "vitest";
import { codeMetrics } from "../../lib/evolve/code-metrics.js";

describe("codeMetrics", () => {
  it("counts JavaScript lines, statements, decisions and nesting, ignoring comments and strings", () => {
    const js = [
      "// header comment with if and && inside",
      "function f(xs) {",
      "  let total = 0; const s = 'if || while';",
      "  /* block",
      "     comment for (;;) */",
      "  for (const x of xs) {",
      "    if (x > 0 && x < 10) {",
      "      total += x;",
      "    } else if (x === 0) {",
      "      total += 1;",
      "    }",
      "  }",
      "  return total > 5 ? total : 0;",
      "}",
      "",
    ].join("\n");
    const m = codeMetrics(js, "javascript");
    // Non-blank lines without the header comment; the two-line block comment leaves two empty lines.
    expect(m.loc).toBe(11);
    // for, if, &&, if (else if), ?: five decisions.
    expect(m.cyclomatic).toBe(6);
    expect(m.max_nesting).toBe(3);
    // let, const, for(...), if(...), total += x, else if (...), total += 1, return, function f(xs)
    expect(m.lloc).toBe(9);
  });

  it("counts Python decisions and indentation depth", () => {
    const py = [
      "# if this were code",
      "def f(xs):",
      '    """Docstring with or and if."""',
      "    total = 0",
      "    for x in xs:",
      "        if x > 0 and x < 10:",
      "            total += x",
      "        elif x == 0:",
      "            total += 1",
      "    return total if total > 5 else 0",
      "",
    ].join("\n");
    const m = codeMetrics(py, "python");
    expect(m.loc).toBe(9);
    expect(m.lloc).toBe(9);
    // for, if, and, elif, if (ternary): five decisions.
    expect(m.cyclomatic).toBe(6);
    expect(m.max_nesting).toBe(3);
  });

  it("works for TypeScript and rejects other languages by name", () => {
    expect(codeMetrics("const a: number = 1;\n", "typescript")).toEqual({ loc: 1, lloc: 1, cyclomatic: 1, max_nesting: 0 });
    expect(() => codeMetrics("x", "cobol")).toThrow(/language/);
  });
});
