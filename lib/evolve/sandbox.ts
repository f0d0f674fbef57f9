// Runs untrusted commands (candidate programs, task evaluators) in a child process with limits.
//
// What is enforced depends on what this OS lets an unprivileged process do; `sandboxCapabilities()`
// probes once and says. On Linux with unprivileged user namespaces (the usual case):
// - its own process group, and its own PID namespace: on timeout the group gets SIGTERM, then SIGKILL
//   after the grace period; killing the namespace's first process takes every descendant with it,
//   including ones that called setsid() to leave the group;
// - memory: RLIMIT_DATA through `prlimit --data`: private writable memory, which is what an allocation
//   bomb grows. RLIMIT_AS would be the classic choice but node cannot start under any modest one: V8
//   and WebAssembly reserve many GiB of address space up front (measured here: plain node needs more
//   than 512 MiB of it, node with tsx's WebAssembly lexer more than 3 GiB). Node children should also
//   get --max-old-space-size from their callers, so V8 fails with a clear message first;
// - processes: RLIMIT_NPROC, counted per user namespace, so it bounds this sandbox alone. The kernel
//   does not apply it to root, so when tansaku runs as root the child runs as `nobody` instead;
// - no network: a fresh network namespace holds only a downed loopback device;
// - writes: every mount is remounted read-only in a private mount namespace except the scratch
//   directory and the declared writable paths, and a second user namespace locks those read-only
//   flags so the candidate cannot remount them.
// Without user namespaces the command still gets a process group kill and RLIMIT_DATA, and the
// capabilities report says which of the rest are missing.
import { spawn, spawnSync } from "node:child_process";
import {
  accessSync,
  chmodSync,
  chownSync,
  constants,
  createWriteStream,
  existsSync,
  mkdirSync,
  mkdtempSync,
  rmSync,
  statSync,
  type WriteStream,
} from "node:fs";
import { tmpdir } from "node:os";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";

export interface SandboxOptions {
  command: string;
  args?: readonly string[];
  /** The scratch directory: the working directory, HOME and TMPDIR (created if missing). */
  cwd: string;
  /** Added to a minimal environment (PATH, LANG, HOME, TMPDIR); the parent's secrets are not passed. */
  env?: Readonly<Record<string, string>>;
  timeout_ms: number;
  /** RLIMIT_DATA in MiB; 0 or undefined = unlimited. */
  memory_mb?: number;
  /** Processes and threads of this sandbox (RLIMIT_NPROC); default 256. */
  max_processes?: number;
  /** false (default): no network where the OS allows it. */
  network?: boolean;
  /** Other directories the command may write to (it may write to cwd in any case). */
  writable_paths?: readonly string[];
  /** Between SIGTERM and SIGKILL (default 2000). */
  kill_grace_ms?: number;
  /** How much of the end of stdout and stderr to keep (default 16 KiB each). */
  tail_bytes?: number;
  /** Full logs, streamed as they come (Shinka's job_log.out / job_log.err). */
  stdout_path?: string;
  stderr_path?: string;
}

export type KilledReason = "timeout" | "memory" | "processes" | "signal";

export interface SandboxResult {
  exit_code: number | null;
  signal: string | null;
  timed_out: boolean;
  /** Why it died, when it did not exit on its own; memory/processes are read from its last words. */
  killed_reason: KilledReason | null;
  stdout_tail: string;
  stderr_tail: string;
  seconds: number;
  isolation: SandboxCapabilities;
}

export interface SandboxCapabilities {
  /** "namespace": a private network namespace; "none": the host network is reachable. */
  network: "namespace" | "none";
  /** "read-only-mounts": everything but the scratch and writable paths is read-only. */
  filesystem: "read-only-mounts" | "none";
  /** RLIMIT_NPROC per sandbox (user namespace), or not limited. */
  processes: "limited" | "not-limited";
  memory: "rlimit-data" | "not-limited";
  /** Kill reaches descendants that left the process group. */
  pid_namespace: boolean;
  /** The uid the command runs as on the host (nobody when tansaku runs as root). */
  run_as_uid: number | null;
  notes: string[];
}

const NOBODY = 65534;

// Runs inside the first user+mount namespace: $1 = number of writable paths, then the paths, then the
// command. It binds each writable path onto itself (a mount of its own, which the loop below skips),
// remounts every other mount read-only, then enters a second user+mount namespace, in which the
// kernel locks those read-only flags.
const CONFINE_SCRIPT = `
count=$1; shift
keep=""
i=0
while [ "$i" -lt "$count" ]; do
  mount --bind "$1" "$1" || { echo "sandbox: cannot bind $1" >&2; exit 125; }
  keep="$keep
$1"
  shift; i=$((i + 1))
done
for mp in $(awk '{print $5}' /proc/self/mountinfo | sort -u); do
  case "$mp" in /proc|/proc/*|/sys|/sys/*) continue;; esac
  if printf '%s\\n' "$keep" | grep -qxF "$mp"; then continue; fi
  mount -o remount,bind,ro "$mp" 2>/dev/null || [ "$mp" != / ] || { echo "sandbox: cannot make / read-only" >&2; exit 125; }
done
cd "$PWD" || exit 125
exec unshare -rm "$@"
`;

let probed: SandboxCapabilities | undefined;

function works(command: string, args: string[], options: { uid?: number; gid?: number; cwd?: string } = {}): boolean {
  const result = spawnSync(command, args, { stdio: "ignore", timeout: 10_000, ...options });
  return result.status === 0;
}

/** Probes once what this machine enforces for an unprivileged child (see the file's comment). */
export function sandboxCapabilities(): SandboxCapabilities {
  if (probed) return probed;
  const notes: string[] = [];
  const isRoot = typeof process.getuid === "function" && process.getuid() === 0;
  const ids = isRoot ? { uid: NOBODY, gid: NOBODY } : {};
  const prlimit = works("prlimit", ["--version"]);
  if (!prlimit) notes.push("prlimit not found: no memory or process limits");
  // TANSAKU_SANDBOX_NAMESPACES=0 turns namespaces off: for machines where they misbehave, and to test
  // the fallback.
  const namespacesAllowed = process.env.TANSAKU_SANDBOX_NAMESPACES !== "0";
  if (!namespacesAllowed) notes.push("namespaces turned off by TANSAKU_SANDBOX_NAMESPACES=0");
  const netns = namespacesAllowed && works("unshare", ["-rn", "true"], ids);
  const pidns = netns && works("unshare", ["-rn", "-p", "--fork", "--kill-child", "true"], ids);
  let mountns = false;
  if (pidns) {
    const probe = mkdtempSync(join(tmpdir(), "tansaku-sandbox-probe-"));
    // A directory anyone may write to: only the mounts can stop the write into it.
    const outside = mkdtempSync(join(tmpdir(), "tansaku-sandbox-probe-outside-"));
    try {
      chmodSync(probe, 0o755);
      chmodSync(outside, 0o777);
      if (isRoot) chownSync(probe, NOBODY, NOBODY);
      const confined = (command: string[]) =>
        works("unshare", ["-rnm", "--propagation", "private", "sh", "-c", CONFINE_SCRIPT, "sh", "1", probe, ...command], { ...ids, cwd: probe });
      const inside = confined(["touch", join(probe, "ok")]);
      // The write outside must fail, even after trying to undo the read-only mounts.
      confined(["sh", "-c", `mount -o remount,bind,rw / 2>/dev/null; touch '${join(outside, "escaped")}' 2>/dev/null`]);
      mountns = inside && existsSync(join(probe, "ok")) && !existsSync(join(outside, "escaped"));
    } finally {
      rmSync(probe, { recursive: true, force: true });
      rmSync(outside, { recursive: true, force: true });
    }
  }
  if (!netns && namespacesAllowed) notes.push("unprivileged user namespaces are unavailable (unshare -rn failed): the command can reach the network, write wherever its user may, and RLIMIT_NPROC would count every process of the user so it is not set");
  else if (!mountns) notes.push("mount namespaces are unavailable: writes are not confined to the scratch directory");
  if (isRoot) notes.push("tansaku runs as root: the command runs as nobody (65534), since the kernel exempts root from RLIMIT_NPROC");
  probed = {
    network: netns ? "namespace" : "none",
    filesystem: mountns ? "read-only-mounts" : "none",
    processes: prlimit && netns ? "limited" : "not-limited",
    memory: prlimit ? "rlimit-data" : "not-limited",
    pid_namespace: pidns,
    run_as_uid: isRoot ? NOBODY : typeof process.getuid === "function" ? process.getuid() : null,
    notes,
  };
  return probed;
}

/** The program `command` names for us: a path, or the first executable of that name on PATH. */
function resolveCommand(command: string, path: string | undefined): string | undefined {
  if (command.includes("/")) return resolve(command);
  for (const dir of (path ?? "").split(":")) {
    if (!dir) continue;
    const candidate = join(dir, command);
    try {
      accessSync(candidate, constants.X_OK);
      if (statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return undefined;
}

/**
 * The first of the command, the files its arguments name and the writable paths that nobody cannot
 * reach, if any. Arguments count when they are existing absolute paths or file: URLs, alone or as
 * the value of a `--flag=value` (e.g. node's `--import=file:///.../tsx/...`).
 */
function unreachableForNobody(
  command: string,
  args: readonly string[],
  writable: string[],
  path: string | undefined,
): string | undefined {
  const program = resolveCommand(command, path);
  if (program && !reachableByOthers(program)) return program;
  const named = args.map(pathNamedBy).filter((file): file is string => file !== undefined);
  return [...named, ...writable].find((file) => !reachableByOthers(file));
}

/** The existing absolute path an argument names, if any. */
function pathNamedBy(arg: string): string | undefined {
  const value = arg.startsWith("--") && arg.includes("=") ? arg.slice(arg.indexOf("=") + 1) : arg;
  let file: string | undefined;
  if (value.startsWith("file://")) {
    try {
      file = fileURLToPath(value);
    } catch {
      return undefined;
    }
  } else if (isAbsolute(value)) {
    file = value;
  }
  return file !== undefined && existsSync(file) ? file : undefined;
}

/** Whether every directory above `path` lets other users through (mode o+x). */
function reachableByOthers(path: string): boolean {
  for (let dir = dirname(path); ; dir = dirname(dir)) {
    const stat = statSync(dir);
    if ((stat.mode & 0o001) === 0 && stat.uid !== NOBODY) return false;
    if (dirname(dir) === dir) return true;
  }
}

/** Keeps the last `limit` bytes of a stream. */
class Tail {
  private chunks: Buffer[] = [];
  private size = 0;
  constructor(private readonly limit: number) {}
  push(chunk: Buffer): void {
    this.chunks.push(chunk);
    this.size += chunk.length;
    while (this.size - (this.chunks[0]?.length ?? 0) >= this.limit && this.chunks.length > 1) {
      this.size -= this.chunks.shift()!.length;
    }
  }
  text(): string {
    const all = Buffer.concat(this.chunks);
    return all.subarray(Math.max(0, all.length - this.limit)).toString("utf8");
  }
}

function checkOptions(options: SandboxOptions): void {
  if (typeof options.command !== "string" || options.command === "") throw new TypeError("command must be a non-empty string");
  if (typeof options.cwd !== "string" || options.cwd === "") throw new TypeError("cwd must be a non-empty string");
  if (!Number.isFinite(options.timeout_ms) || options.timeout_ms <= 0) throw new RangeError(`timeout_ms must be > 0, got ${options.timeout_ms}`);
  if (options.memory_mb !== undefined && (!Number.isFinite(options.memory_mb) || options.memory_mb < 0)) {
    throw new RangeError(`memory_mb must be >= 0, got ${options.memory_mb}`);
  }
  if (options.max_processes !== undefined && (!Number.isInteger(options.max_processes) || options.max_processes < 1)) {
    throw new RangeError(`max_processes must be an integer >= 1, got ${options.max_processes}`);
  }
}

const MEMORY_WORDS = /heap out of memory|Array buffer allocation failed|MemoryError|Cannot allocate memory|std::bad_alloc|out of memory/i;
const FORK_WORDS = /Cannot fork|Resource temporarily unavailable|EAGAIN|can't start new thread|fork: retry/i;

/** The command line that applies the limits, and the uid/gid to spawn it as. */
function wrap(options: SandboxOptions, caps: SandboxCapabilities, writable: string[]): { file: string; argv: string[] } {
  const inner: string[] = [];
  const memory = options.memory_mb ? Math.round(options.memory_mb * 1024 * 1024) : 0;
  const nproc = options.max_processes ?? 256;
  if (caps.memory === "rlimit-data") {
    const limits = [];
    if (memory > 0) limits.push(`--data=${memory}`);
    if (caps.processes === "limited") limits.push(`--nproc=${nproc}`);
    if (limits.length) inner.push("prlimit", ...limits, "--");
  }
  inner.push(options.command, ...(options.args ?? []));
  if (caps.network === "none") return { file: inner[0]!, argv: inner.slice(1) };
  const outer = options.network ? ["-r"] : ["-rn"];
  if (caps.pid_namespace) outer.push("-p", "--fork", "--kill-child");
  if (caps.filesystem === "read-only-mounts") {
    return {
      file: "unshare",
      argv: [...outer, "-m", "--propagation", "private", "sh", "-c", CONFINE_SCRIPT, "sh", String(writable.length), ...writable, ...inner],
    };
  }
  return { file: "unshare", argv: [...outer, ...inner] };
}

/** Runs the command with the limits; resolves (never rejects for the command's own behaviour). */
export async function runSandboxed(options: SandboxOptions): Promise<SandboxResult> {
  checkOptions(options);
  const caps = sandboxCapabilities();
  const cwd = resolve(options.cwd);
  const tmp = join(cwd, ".tmp");
  mkdirSync(tmp, { recursive: true });
  const writable = [cwd, ...(options.writable_paths ?? []).map((path) => resolve(path))];
  for (const path of writable) mkdirSync(path, { recursive: true });
  let effective = caps;
  let dropToNobody = caps.run_as_uid === NOBODY && process.getuid?.() === 0;
  const hidden = dropToNobody ? unreachableForNobody(options.command, options.args ?? [], writable, options.env?.PATH ?? process.env.PATH) : undefined;
  if (hidden) {
    // nobody could not reach its own directory or a file its arguments name, or would run another
    // program than the one named (a python3 under /root, say): run as root, and say what that costs.
    dropToNobody = false;
    effective = {
      ...caps,
      processes: "not-limited",
      run_as_uid: 0,
      notes: [...caps.notes, `${hidden} is not reachable by nobody, so the command runs as root without a process limit`],
    };
  }
  if (dropToNobody) for (const path of [...writable, tmp]) chownSync(path, NOBODY, NOBODY);

  const env: Record<string, string> = {
    PATH: process.env.PATH ?? "/usr/local/bin:/usr/bin:/bin",
    LANG: process.env.LANG ?? "C.UTF-8",
    ...options.env,
    HOME: cwd,
    TMPDIR: tmp,
  };
  const { file, argv } = wrap(options, effective, writable);
  const started = performance.now();
  const stdoutTail = new Tail(options.tail_bytes ?? 16_384);
  const stderrTail = new Tail(options.tail_bytes ?? 16_384);
  const logs: WriteStream[] = [];
  const openLog = (path: string | undefined) => {
    if (!path) return undefined;
    const stream = createWriteStream(path);
    stream.on("error", () => {}); // a log that cannot be written must not take the run down
    logs.push(stream);
    return stream;
  };
  const stdoutLog = openLog(options.stdout_path);
  const stderrLog = openLog(options.stderr_path);

  return await new Promise<SandboxResult>((resolvePromise) => {
    let timedOut = false;
    let settled = false;
    let spawnError: Error | undefined;
    const child = spawn(file, argv, {
      cwd,
      env,
      detached: true, // its own process group, so the whole group can be signalled
      stdio: ["ignore", "pipe", "pipe"],
      ...(dropToNobody ? { uid: NOBODY, gid: NOBODY } : {}),
    });
    const killGroup = (signal: NodeJS.Signals) => {
      if (child.pid === undefined) return;
      try {
        process.kill(-child.pid, signal);
      } catch {
        // the group is already gone
      }
    };
    child.stdout.on("data", (chunk: Buffer) => {
      stdoutTail.push(chunk);
      stdoutLog?.write(chunk);
    });
    child.stderr.on("data", (chunk: Buffer) => {
      stderrTail.push(chunk);
      stderrLog?.write(chunk);
    });
    let graceTimer: NodeJS.Timeout | undefined;
    let closeTimer: NodeJS.Timeout | undefined;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup("SIGTERM");
      graceTimer = setTimeout(() => killGroup("SIGKILL"), options.kill_grace_ms ?? 2000);
    }, options.timeout_ms);

    const finish = (code: number | null, signal: NodeJS.Signals | null) => {
      if (settled) return;
      settled = true;
      clearTimeout(timer);
      clearTimeout(graceTimer);
      clearTimeout(closeTimer);
      // Whatever is left of the group (a daemonised grandchild) goes with its leader.
      killGroup("SIGKILL");
      for (const log of logs) log.end();
      const stderr = stderrTail.text() + (spawnError ? `\nsandbox: cannot start ${options.command}: ${spawnError.message}` : "");
      let killedReason: KilledReason | null = null;
      if (timedOut) killedReason = "timeout";
      else if (code !== 0 && MEMORY_WORDS.test(stderr)) killedReason = "memory";
      else if (code !== 0 && FORK_WORDS.test(stderr)) killedReason = "processes";
      else if (signal) killedReason = "signal";
      resolvePromise({
        exit_code: code,
        signal,
        timed_out: timedOut,
        killed_reason: killedReason,
        stdout_tail: stdoutTail.text(),
        stderr_tail: stderr,
        seconds: (performance.now() - started) / 1000,
        isolation: effective,
      });
    };
    child.on("error", (error) => {
      spawnError = error;
      finish(null, null);
    });
    child.on("exit", (code, signal) => {
      // Pipes held open by an escaped descendant must not keep us waiting: give them a moment to drain.
      closeTimer = setTimeout(() => {
        child.stdout.destroy();
        child.stderr.destroy();
        finish(code, signal);
      }, 500);
      child.once("close", () => finish(code, signal));
    });
  });
}
