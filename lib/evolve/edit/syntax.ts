// Syntax checks of a patched program, in a child process so nothing the model wrote runs here:
// `node --check` for JavaScript, TypeScript's parser (transpile diagnostics) for TypeScript, and
// `python3 -m py_compile` for Python when python3 exists. Other languages are not checked.
import { execFile } from "node:child_process";
import { mkdtemp, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { languageInfo } from "./languages.js";

const TIMEOUT_MS = 20_000;

function run(command: string, args: string[]): Promise<{ code: number | null; output: string; missing: boolean }> {
  return new Promise((resolve) => {
    execFile(command, args, { timeout: TIMEOUT_MS, maxBuffer: 1 << 20 }, (error, stdout, stderr) => {
      const missing = (error as NodeJS.ErrnoException | null)?.code === "ENOENT";
      const code = error ? (typeof error.code === "number" ? error.code : 1) : 0;
      resolve({ code, output: `${stdout}${stderr}`.trim(), missing });
    });
  });
}

// TypeScript is parsed by a small script run with node: it reports syntactic diagnostics only
// (type errors are the evaluator's business).
const TS_CHECK = `
const ts = require(process.argv[2]);
const source = require("node:fs").readFileSync(process.argv[1], "utf8");
const out = ts.transpileModule(source, { reportDiagnostics: true, fileName: "main.ts", compilerOptions: { target: 99, module: 99 } });
const errors = (out.diagnostics || []).filter((d) => d.category === 1);
for (const d of errors) {
  const pos = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : null;
  console.error((pos ? "line " + (pos.line + 1) + ":" + (pos.character + 1) + ": " : "") + ts.flattenDiagnosticMessageText(d.messageText, "\\n"));
}
process.exit(errors.length > 0 ? 1 : 0);
`;

function typescriptPath(): string | null {
  try {
    return import.meta.resolve("typescript").replace(/^file:\/\//, "");
  } catch {
    return null;
  }
}

/** null when the code parses (or no checker exists for the language); otherwise the checker's message. */
export async function checkSyntax(code: string, language: string): Promise<string | null> {
  const name = languageInfo(language).name;
  if (name !== "python" && name !== "javascript" && name !== "typescript") return null;
  const dir = await mkdtemp(join(tmpdir(), "tansaku-syntax-"));
  try {
    const file = join(dir, name === "python" ? "main.py" : name === "javascript" ? "main.mjs" : "main.ts");
    await writeFile(file, code, "utf8");
    let result;
    if (name === "python") result = await run("python3", ["-m", "py_compile", file]);
    else if (name === "javascript") result = await run(process.execPath, ["--check", file]);
    else {
      const ts = typescriptPath();
      if (!ts) return null;
      result = await run(process.execPath, ["-e", TS_CHECK, file, ts]);
    }
    if (result.missing || result.code === 0) return null;
    return result.output.split(dir).join("").slice(0, 4000) || "the syntax check failed";
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}
