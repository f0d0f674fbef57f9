// Simple size and complexity measures of a program (JavaScript, TypeScript, Python), stored with
// each program and usable as archive criteria (e.g. prefer the shorter of two equal scores):
// - loc: lines of code (non-blank, not only a comment);
// - lloc: logical lines (statements: `;`-separated in C-like code, one per code line in Python);
// - cyclomatic: 1 + decision points (if, loops, case, catch, ternary, && / || / ??, and/or in
//   Python, comprehension ifs) counted on code with strings and comments removed: a heuristic,
//   not a parser, so it can be off for unusual code but is cheap and language-agnostic enough;
// - max_nesting: deepest brace nesting (C-like) or indentation depth (Python).

export interface CodeMetrics {
  loc: number;
  lloc: number;
  cyclomatic: number;
  max_nesting: number;
}

type Family = "c" | "python";

function family(language: string): Family {
  const l = language.toLowerCase();
  if (l === "python" || l === "py" || l === "python3") return "python";
  if (["javascript", "js", "mjs", "cjs", "typescript", "ts", "mts", "cuda", "cu", "cpp", "c++"].includes(l)) return "c";
  throw new RangeError(`language: code metrics support JavaScript, TypeScript, CUDA/C++ and Python, got "${language}"`);
}

/** The code with comments removed and string contents blanked (line structure kept). */
function stripCommentsAndStrings(code: string, fam: Family): string {
  let out = "";
  let i = 0;
  while (i < code.length) {
    const c = code[i]!;
    const next = code[i + 1];
    if (fam === "c" && c === "/" && next === "/") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (fam === "c" && c === "/" && next === "*") {
      i += 2;
      while (i < code.length && !(code[i] === "*" && code[i + 1] === "/")) out += code[i++] === "\n" ? "\n" : "";
      i += 2;
    } else if (fam === "python" && c === "#") {
      while (i < code.length && code[i] !== "\n") i++;
    } else if (c === '"' || c === "'" || c === "`") {
      const triple = fam === "python" && code.startsWith(c.repeat(3), i);
      const close = triple ? c.repeat(3) : c;
      i += close.length;
      out += '""';
      while (i < code.length && !code.startsWith(close, i)) {
        if (code[i] === "\\") i++;
        else if (code[i] === "\n") {
          if (!triple && c !== "`") break;
          out += "\n";
        }
        i++;
      }
      i += close.length;
    } else {
      out += c;
      i++;
    }
  }
  return out;
}

const C_DECISIONS = /\b(if|for|while|case|catch)\b|\?(?![.?])|&&|\|\||\?\?/g;
const PY_DECISIONS = /\b(if|elif|for|while|except|and|or|case)\b/g;

export function codeMetrics(code: string, language: string): CodeMetrics {
  const fam = family(language);
  const stripped = stripCommentsAndStrings(code.replace(/\r\n/g, "\n"), fam);
  const lines = stripped.split("\n").filter((l) => l.trim() !== "");
  const loc = lines.length;
  const decisions = (stripped.match(fam === "c" ? C_DECISIONS : PY_DECISIONS) ?? []).length;
  // "else if" is one decision (counted by its `if`); Python's ternary `x if c else y` counts once by `if`.
  let lloc: number;
  let maxNesting = 0;
  if (fam === "c") {
    const statements = stripped.split(/[;{}]/).filter((s) => /[\w)\]]/.test(s)).length;
    lloc = statements;
    let depth = 0;
    for (const ch of stripped) {
      if (ch === "{") maxNesting = Math.max(maxNesting, ++depth);
      else if (ch === "}") depth = Math.max(0, depth - 1);
    }
  } else {
    lloc = lines.filter((l) => !/^\s*[)\]}]+\s*$/.test(l)).reduce((n, l) => n + l.split(";").filter((s) => s.trim() !== "").length, 0);
    const indents = [...new Set(lines.map((l) => /^[ \t]*/.exec(l)![0].replace(/\t/g, "    ").length))].sort((a, b) => a - b);
    maxNesting = Math.max(0, indents.length - 1);
  }
  return { loc, lloc, cyclomatic: 1 + decisions, max_nesting: maxNesting };
}
