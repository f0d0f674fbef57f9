// Runs `tansaku kbench ...` from sources in a child process, asynchronously, so that a loopback
// server in the test process can answer it.
import { spawn } from "node:child_process";

const CLI = ["--import", "tsx", "lib/cli/main.ts", "kbench"];

export function tansaku(...args: string[]): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [...CLI, ...args], { env: { ...process.env, CI: "1", OPENAI_API_KEY: "test-key" } });
    let stdout = "";
    let stderr = "";
    child.stdout.on("data", (d: Buffer) => (stdout += d.toString()));
    child.stderr.on("data", (d: Buffer) => (stderr += d.toString()));
    child.on("close", (code) => resolve({ code, stdout, stderr }));
  });
}
