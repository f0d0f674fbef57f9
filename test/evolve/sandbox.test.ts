// The sandbox contains candidates that hang, crash, allocate or fork without bound, write outside
// their directory or open connections. Each test asserts what this machine actually enforces
// (sandboxCapabilities), and says so when a protection is unavailable here.
import { execFileSync } from "node:child_process";
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { createServer, type Server } from "node:net";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { runSandboxed, sandboxCapabilities } from "../../lib/evolve/sandbox.js";

const caps = sandboxCapabilities();
let root: string;
beforeAll(() => {
  root = mkdtempSync(join(tmpdir(), "tansaku-sandbox-test-"));
  // Results directories are normally enterable by others; mkdtemp's are not (0700).
  chmodSync(root, 0o755);
});
afterAll(() => rmSync(root, { recursive: true, force: true }));

let counter = 0;
function scratch(): string {
  const dir = join(root, `c${counter++}`);
  mkdirSync(dir, { recursive: true });
  return dir;
}

/** Host processes whose command line holds the marker. */
function processesWith(marker: string): string[] {
  const out = execFileSync("ps", ["-eo", "pid=,args="], { encoding: "utf8" });
  return out.split("\n").filter((line) => line.includes(marker) && !line.includes("ps -eo"));
}

describe("runSandboxed", () => {
  it("reports what this machine enforces", () => {
    expect(["namespace", "none"]).toContain(caps.network);
    console.info(`sandbox capabilities here: ${JSON.stringify(caps)}`);
  });

  it("runs a command in its scratch directory with HOME and TMPDIR there and without the parent's secrets", async () => {
    const cwd = scratch();
    process.env.TANSAKU_TEST_SECRET = "do-not-leak";
    try {
      const result = await runSandboxed({
        command: "sh",
        args: ["-c", 'echo "$HOME|$TMPDIR|${TANSAKU_TEST_SECRET:-none}|$EXTRA"; pwd; echo done > out.txt'],
        cwd,
        env: { EXTRA: "given" },
        timeout_ms: 20_000,
      });
      expect(result.exit_code).toBe(0);
      expect(result.timed_out).toBe(false);
      expect(result.stdout_tail).toContain(`${cwd}|${join(cwd, ".tmp")}|none|given`);
      expect(readFileSync(join(cwd, "out.txt"), "utf8")).toBe("done\n");
    } finally {
      delete process.env.TANSAKU_TEST_SECRET;
    }
  });

  it("kills a candidate that loops forever, with its grandchildren, at the timeout", async () => {
    const marker = `tansaku-loop-${process.pid}-${Date.now()}`;
    // A forked child, a grandchild that leaves the process group with setsid, and the parent looping.
    const script = `(sh -c 'while :; do :; done' ${marker}-a &) ; (setsid sh -c 'while :; do sleep 0.05; done' ${marker}-b &) ; while :; do :; done`;
    const result = await runSandboxed({ command: "sh", args: ["-c", script, marker], cwd: scratch(), timeout_ms: 1500, kill_grace_ms: 500 });
    expect(result.timed_out).toBe(true);
    expect(result.killed_reason).toBe("timeout");
    expect(result.exit_code === 0).toBe(false);
    // Killed within timeout + grace + 1 s (spec section 19, case 33); the bound is loose on purpose.
    expect(result.seconds).toBeLessThan(1.5 + 0.5 + 1 + 2);
    expect(processesWith(`${marker}-a`)).toEqual([]);
    if (caps.pid_namespace) expect(processesWith(`${marker}-b`)).toEqual([]);
  });

  it("reports a crash with its exit code and stderr", async () => {
    const result = await runSandboxed({
      command: process.execPath,
      args: ["-e", "console.error('about to fail'); throw new Error('candidate crashed')"],
      cwd: scratch(),
      timeout_ms: 20_000,
    });
    expect(result.exit_code).toBe(1);
    expect(result.timed_out).toBe(false);
    expect(result.killed_reason).toBeNull();
    expect(result.stderr_tail).toContain("about to fail");
    expect(result.stderr_tail).toContain("candidate crashed");
  });

  it("stops a candidate that allocates without bound at the memory limit", async () => {
    const result = await runSandboxed({
      command: process.execPath,
      args: ["-e", "const kept = []; for (;;) kept.push(new Float64Array(1 << 20).fill(1));"],
      cwd: scratch(),
      timeout_ms: 60_000,
      memory_mb: 256,
    });
    expect(result.timed_out).toBe(false);
    expect(result.exit_code === 0).toBe(false);
    if (caps.memory === "rlimit-data") expect(result.killed_reason).toBe("memory");
  });

  it("bounds a fork bomb by the process limit", async () => {
    if (caps.processes !== "limited") {
      console.warn("RLIMIT_NPROC cannot be set per sandbox here: fork-bomb test skipped");
      return;
    }
    const marker = `tansaku-bomb-${process.pid}-${Date.now()}`;
    // 200 sleepers when at most 16 processes are allowed: the shell fails to fork and says so.
    const script = `for i in $(seq 1 200); do sleep 30 & done; echo "all forked"; wait`;
    const result = await runSandboxed({ command: "sh", args: ["-c", script, marker], cwd: scratch(), timeout_ms: 20_000, max_processes: 16 });
    expect(result.timed_out).toBe(false);
    expect(result.stdout_tail).not.toContain("all forked");
    expect(result.killed_reason).toBe("processes");
    expect(processesWith("sleep 30").filter((line) => line.includes(marker))).toEqual([]);
  });

  it("contains a real fork bomb until the timeout, then leaves nothing behind", async () => {
    if (caps.processes !== "limited" || !caps.pid_namespace) {
      console.warn("no per-sandbox process limit or PID namespace here: the recursive fork bomb is not run");
      return;
    }
    const marker = `tansaku-forkbomb-${process.pid}-${Date.now()}`;
    const result = await runSandboxed({
      command: "sh",
      args: ["-c", "bomb() { bomb | bomb & }; bomb; sleep 100", marker],
      cwd: scratch(),
      timeout_ms: 2000,
      kill_grace_ms: 500,
      max_processes: 32,
    });
    expect(result.timed_out).toBe(true);
    expect(result.stderr_tail).toContain("Cannot fork");
    expect(processesWith(marker)).toEqual([]);
  });

  it("confines writes to its own directory and the declared writable paths", async () => {
    const cwd = scratch();
    const sibling = scratch();
    const allowed = scratch();
    const outsideTmp = join(tmpdir(), `tansaku-escape-${process.pid}-${Date.now()}`);
    const script = [
      `echo inside > inside.txt`,
      `echo sibling > ${join(sibling, "escaped.txt")}`,
      `echo tmp > ${outsideTmp}`,
      `echo allowed > ${join(allowed, "ok.txt")}`,
      // Undoing the read-only mounts from inside must fail too.
      `mount -o remount,bind,rw / 2>/dev/null; echo again > ${join(sibling, "escaped2.txt")}`,
      `head -c 10 /etc/passwd > read.txt`,
    ].join("; ");
    const result = await runSandboxed({ command: "sh", args: ["-c", script], cwd, timeout_ms: 20_000, writable_paths: [allowed] });
    try {
      expect(readFileSync(join(cwd, "inside.txt"), "utf8")).toBe("inside\n");
      expect(readFileSync(join(allowed, "ok.txt"), "utf8")).toBe("allowed\n");
      // Not prevented anywhere: reading files its user can read.
      expect(readFileSync(join(cwd, "read.txt"), "utf8")).toHaveLength(10);
      if (caps.filesystem === "read-only-mounts") {
        expect(existsSync(join(sibling, "escaped.txt"))).toBe(false);
        expect(existsSync(join(sibling, "escaped2.txt"))).toBe(false);
        expect(existsSync(outsideTmp)).toBe(false);
        expect(result.stderr_tail).toContain("Read-only file system");
      } else {
        console.warn(`writes outside the scratch directory are not confined here (${caps.notes.join("; ")})`);
      }
    } finally {
      rmSync(outsideTmp, { force: true });
    }
  });

  describe("network", () => {
    let server: Server;
    let port = 0;
    beforeAll(async () => {
      server = createServer((socket) => socket.end("hello\n"));
      await new Promise<void>((done) => server.listen(0, "127.0.0.1", done));
      port = (server.address() as { port: number }).port;
    });
    afterAll(() => new Promise<void>((done) => server.close(() => done())));

    const connect = (p: number) =>
      `require("net").connect(${p}, "127.0.0.1").on("data", (d) => console.log("got " + d)).on("error", (e) => console.log("error " + e.code))`;

    it("cannot reach a server on the host's loopback", async () => {
      const result = await runSandboxed({ command: process.execPath, args: ["-e", connect(port)], cwd: scratch(), timeout_ms: 20_000 });
      if (caps.network === "namespace") {
        expect(result.stdout_tail).toMatch(/error (ECONNREFUSED|ENETUNREACH|EADDRNOTAVAIL)/);
        expect(result.stdout_tail).not.toContain("got hello");
      } else {
        console.warn("no network namespace here: the candidate can reach the network");
      }
    });

    it("reaches it when network is allowed", async () => {
      const result = await runSandboxed({ command: process.execPath, args: ["-e", connect(port)], cwd: scratch(), timeout_ms: 20_000, network: true });
      expect(result.stdout_tail).toContain("got hello");
    });
  });

  it("keeps only the tail of a long output", async () => {
    const result = await runSandboxed({
      command: process.execPath,
      args: ["-e", "for (let i = 0; i < 5000; i++) console.log('line ' + i)"],
      cwd: scratch(),
      timeout_ms: 20_000,
      tail_bytes: 100,
    });
    expect(result.stdout_tail.length).toBeLessThanOrEqual(100);
    expect(result.stdout_tail).toContain("line 4999");
  });

  it("rejects bad options", async () => {
    await expect(runSandboxed({ command: "", cwd: scratch(), timeout_ms: 10 })).rejects.toThrow(TypeError);
    await expect(runSandboxed({ command: "true", cwd: scratch(), timeout_ms: 0 })).rejects.toThrow(RangeError);
  });

  it("still runs, and says what it gave up, under a directory others cannot enter", async () => {
    const hidden = mkdtempSync(join(root, "private-"));
    const result = await runSandboxed({ command: "sh", args: ["-c", "echo ok > ok.txt; cat ok.txt"], cwd: join(hidden, "c"), timeout_ms: 20_000 });
    expect(result.exit_code).toBe(0);
    expect(result.stdout_tail).toBe("ok\n");
    if (caps.run_as_uid === 65534) {
      expect(result.isolation.processes).toBe("not-limited");
      expect(result.isolation.notes.join(" ")).toContain("is not reachable by nobody");
    }
  });

  it("runs the very program named even when it lives where nobody cannot go (a python3 under /root)", async () => {
    const hidden = mkdtempSync(join(root, "private-bin-"));
    const program = join(hidden, "hello");
    writeFileSync(program, "#!/bin/sh\necho hello from $0\n", { mode: 0o755 });
    const result = await runSandboxed({ command: "hello", cwd: scratch(), timeout_ms: 20_000, env: { PATH: `${hidden}:/usr/bin:/bin` } });
    expect(result.exit_code).toBe(0);
    expect(result.stdout_tail).toBe(`hello from ${program}\n`);
    if (caps.run_as_uid === 65534) expect(result.isolation.notes.join(" ")).toContain(`${program} is not reachable by nobody`);
  });

  it("reads the files its arguments name even where nobody cannot go (a repository in a 0700 folder)", async () => {
    const hidden = mkdtempSync(join(root, "private-lib-"));
    const script = join(hidden, "script.sh");
    writeFileSync(script, "echo from the script\n");
    for (const arg of [script, `--file=${pathToFileURL(script).href}`]) {
      const result = await runSandboxed({
        command: "sh",
        args: ["-c", `. "${script}"`, "sh", arg],
        cwd: scratch(),
        timeout_ms: 20_000,
      });
      expect(result.exit_code).toBe(0);
      expect(result.stdout_tail).toBe("from the script\n");
      if (caps.run_as_uid === 65534) expect(result.isolation.notes.join(" ")).toContain(`${script} is not reachable by nobody`);
    }
  });

  it("reports a command that does not exist", async () => {
    const result = await runSandboxed({ command: "tansaku-no-such-command", cwd: scratch(), timeout_ms: 20_000 });
    expect(result.exit_code === 0).toBe(false);
    expect(result.timed_out).toBe(false);
  });
});
