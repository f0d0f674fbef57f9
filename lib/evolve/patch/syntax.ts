// The syntax check after every applied patch (evolve.md §11.1), in a child process with a time
// limit: node --check for JavaScript, TypeScript's transpile diagnostics for TypeScript,
// python3 -m py_compile for Python. Languages without a checker pass.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { canonicalLanguage } from "./languages.js";

export type SyntaxVerdict = { ok: true; checked: boolean } | { ok: false; error: string };

const TIMEOUT_MS = 20_000;

function run(command: string, args: string[], cwd: string): Promise<{ code: number | null; output: string; missing: boolean }> {
  return new Promise((resolve) => {
    const child = spawn(command, args, { cwd, stdio: ["ignore", "pipe", "pipe"], timeout: TIMEOUT_MS, env: { ...process.env, PYTHONDONTWRITEBYTECODE: "1" } });
    let output = "";
    child.stdout.on("data", (d: Buffer) => (output += d.toString()));
    child.stderr.on("data", (d: Buffer) => (output += d.toString()));
    child.on("error", (error: NodeJS.ErrnoException) => resolve({ code: null, output: error.message, missing: error.code === "ENOENT" }));
    child.on("close", (code) => resolve({ code, output, missing: false }));
  });
}

// Runs in the child: prints the transpiler's syntax diagnostics, exits 1 when there are any.
const TS_CHECK = `
const ts = require(process.argv[1]);
const source = require("node:fs").readFileSync(process.argv[2], "utf8");
const out = ts.transpileModule(source, { reportDiagnostics: true, fileName: "main.ts", compilerOptions: { target: ts.ScriptTarget.ES2022, module: ts.ModuleKind.ESNext } });
const errors = (out.diagnostics || []).filter((d) => d.category === ts.DiagnosticCategory.Error);
for (const d of errors) {
  const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
  console.error((where ? "main.ts:" + (where.line + 1) + ":" + (where.character + 1) + ": " : "") + ts.flattenDiagnosticMessageText(d.messageText, "\\n"));
}
process.exit(errors.length > 0 ? 1 : 0);
`;

/** `extension` picks the file name node sees (".mjs" parses as a module). */
export async function checkSyntax(code: string, language: string, extension?: string): Promise<SyntaxVerdict> {
  const name = canonicalLanguage(language);
  if (name !== "javascript" && name !== "typescript" && name !== "python") return { ok: true, checked: false };
  const dir = mkdtempSync(join(tmpdir(), "tansaku-syntax-"));
  try {
    let result: Awaited<ReturnType<typeof run>>;
    if (name === "javascript") {
      const file = join(dir, `main${extension === ".js" || extension === ".cjs" ? extension : ".mjs"}`);
      writeFileSync(file, code);
      result = await run(process.execPath, ["--check", file], dir);
    } else if (name === "typescript") {
      const file = join(dir, "main.ts");
      writeFileSync(file, code);
      const typescript = createRequire(import.meta.url).resolve("typescript");
      result = await run(process.execPath, ["-e", TS_CHECK, typescript, file], dir);
    } else {
      const file = join(dir, "main.py");
      writeFileSync(file, code);
      result = await run("python3", ["-m", "py_compile", file], dir);
      if (result.missing) return { ok: true, checked: false };
    }
    if (result.code === 0) return { ok: true, checked: true };
    const message = result.output.split(dir).join("").trim() || `checker exited with ${result.code ?? "a timeout"}`;
    return { ok: false, error: message.split("\n").slice(0, 20).join("\n") };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
