// Without namespaces (TANSAKU_SANDBOX_NAMESPACES=0, as on a machine that lacks them) the sandbox
// still kills the whole process group at the timeout and still limits memory, and says what it lost.
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";

process.env.TANSAKU_SANDBOX_NAMESPACES = "0";
const { runSandboxed, sandboxCapabilities } = await import("../../lib/evolve/sandbox.js");

let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tansaku-sandbox-fallback-"));
  chmodSync(root, 0o755);
});
afterAll(() => {
  rmSync(root, { recursive: true, force: true });
  delete process.env.TANSAKU_SANDBOX_NAMESPACES;
});
let counter = 0;
function scratch(): string {
  const dir = join(root, `c${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

describe("runSandboxed without namespaces", () => {
  it("reports the network and the filesystem as not isolated", () => {
    const caps = sandboxCapabilities();
    expect(caps.network).toBe("none");
    expect(caps.filesystem).toBe("none");
    expect(caps.pid_namespace).toBe(false);
    expect(caps.notes.join(" ")).toContain("TANSAKU_SANDBOX_NAMESPACES=0");
  });

  it("kills the looping parent and its forked child through the process group", async () => {
    const marker = `tansaku-fallback-${process.pid}-${Date.now()}`;
    const script = `(sh -c 'while :; do :; done' ${marker} &) ; while :; do :; done`;
    const result = await runSandboxed({ command: "sh", args: ["-c", script], cwd: scratch(), timeout_ms: 1000, kill_grace_ms: 500 });
    expect(result.timed_out).toBe(true);
    const left = execFileSync("ps", ["-eo", "args="], { encoding: "utf8" }).split("\n").filter((line) => line.includes(marker));
    expect(left).toEqual([]);
  });

  it("still limits memory", async () => {
    if (sandboxCapabilities().memory !== "rlimit-data") return;
    const result = await runSandboxed({
      command: process.execPath,
      args: ["-e", "const kept = []; for (;;) kept.push(new Float64Array(1 << 20).fill(1));"],
      cwd: scratch(),
      timeout_ms: 60_000,
      memory_mb: 256,
    });
    expect(result.timed_out).toBe(false);
    expect(result.killed_reason).toBe("memory");
  });
});
