// The compile step the agent tests use: the local nvcc (no device needed).
import { spawnSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { AgentTask, CompileAndCheck } from "../../lib/kbench/agent/index.js";

export function nvccAvailable(): boolean {
  return spawnSync("nvcc", ["--version"], { encoding: "utf8" }).status === 0;
}

/** nvcc to a cubin for sm_90; errors are nvcc's error lines. */
export function compileAndCheckFor(_task: AgentTask): CompileAndCheck {
  return async (source) => {
    const dir = mkdtempSync(join(tmpdir(), "tansaku-agent-nvcc-"));
    try {
      writeFileSync(join(dir, "k.cu"), source);
      const run = spawnSync("nvcc", ["-cubin", "-arch=sm_90", "-o", join(dir, "k.cubin"), join(dir, "k.cu")], { encoding: "utf8" });
      const log = `${run.stdout}${run.stderr}`;
      const errors = log.split("\n").filter((l) => /error/i.test(l));
      void readFileSync;
      return { compile: { ok: run.status === 0, log, errors, resources: [] }, checks: [] };
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  };
}
