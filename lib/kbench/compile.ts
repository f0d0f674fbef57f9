// Compiles a kbench candidate with the nvcc command line (no NVRTC), in its own temp directory and
// child process group, with a wall-clock timeout. Two paths (spec §7A): a cubin launched from a
// declarative launch plan (preferred: no candidate host code runs), or a shared object when the
// source defines `tansaku_launch` (its imports are checked later against an allowlist).
// Results are cached by sha256(source, flags, arch, nvcc version). A bad candidate is never an
// exception: the result says ok=false with the compiler's log.
import { spawn, spawnSync } from "node:child_process";
import { createHash } from "node:crypto";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { KbenchTask } from "./manifest.js";

export interface KernelResources {
  kernel: string;
  registers: number;
  spillBytes: number;
  sharedBytes: number;
  constBytes: number;
  stackBytes: number;
}

export interface CompileResult {
  ok: boolean;
  kind: "cubin" | "so";
  /** The cached artefact ("" when compilation failed). */
  path: string;
  hash: string;
  cached: boolean;
  log: string;
  errors: string[];
  seconds: number;
  resources: KernelResources[];
}

export interface CompileOptions {
  task: Pick<KbenchTask, "policy">;
  /** Default sm_90a (H100/H200). */
  arch?: string;
  cacheDir?: string;
  /** Wall-clock limit for nvcc (default 120 s). */
  timeoutMs?: number;
  /** The compiler (default "nvcc" on PATH, or $TANSAKU_NVCC). */
  nvcc?: string;
}

/** Device limits checked before anything runs (H100: 255 registers, 227 KB shared per block). */
export const DEVICE_LIMITS = { registers: 255, sharedBytes: 227 * 1024 } as const;

const here = dirname(fileURLToPath(import.meta.url));

/** The folder holding tansaku_kbench.h (the shared-object path's C ABI). */
export function kbenchIncludeDir(): string {
  const candidates = [join(here, "include"), resolve(here, "../../../lib/kbench/include")];
  return candidates.find((d) => existsSync(join(d, "tansaku_kbench.h"))) ?? candidates[0]!;
}

export function defaultCacheDir(): string {
  return process.env.TANSAKU_KBENCH_CACHE ?? join(tmpdir(), "tansaku-kbench-cache");
}

/** True when the source takes the shared-object path (it defines tansaku_launch). */
export function definesHostLauncher(source: string): boolean {
  return /\btansaku_launch\s*\(/.test(stripComments(source)) && /extern\s+"C"/.test(source);
}

/** Removes // and /* *\/ comments (string literals are rare in kernels; good enough for checks). */
export function stripComments(source: string): string {
  return source.replace(/\/\*[\s\S]*?\*\//g, " ").replace(/\/\/[^\n]*/g, "");
}

const versions = new Map<string, string>();

/** `nvcc --version`'s last line, or null when nvcc cannot be run. */
export function nvccVersion(nvcc = process.env.TANSAKU_NVCC ?? "nvcc"): string | null {
  const known = versions.get(nvcc);
  if (known !== undefined) return known || null;
  const r = spawnSync(nvcc, ["--version"], { encoding: "utf8", timeout: 30_000 });
  const line = r.status === 0 ? r.stdout.trim().split("\n").pop() ?? "" : "";
  versions.set(nvcc, line);
  return line || null;
}

let libraryDir: string | null | undefined;

/** The toolkit's library folder (libcudart.so for shared-object candidates), next to nvcc's bin/. */
export function cudaLibraryDir(nvcc = process.env.TANSAKU_NVCC ?? "nvcc"): string | null {
  if (libraryDir !== undefined) return libraryDir;
  const r = spawnSync("sh", ["-c", 'command -v "$1"', "sh", nvcc], { encoding: "utf8", timeout: 10_000 });
  const bin = r.status === 0 ? r.stdout.trim() : "";
  const near = bin ? [resolve(dirname(bin), "../lib64"), resolve(dirname(bin), "../targets/x86_64-linux/lib")] : [];
  const home = process.env.CUDA_HOME ?? process.env.CUDA_PATH;
  const candidates = [...near, ...(home ? [join(home, "lib64")] : []), "/usr/local/cuda/lib64"];
  libraryDir = candidates.find((d) => existsSync(join(d, "libcudart.so")) || existsSync(join(d, "libcudart.so.13"))) ?? null;
  return libraryDir;
}

/** The nvcc flags for a path and policy (the same for every candidate and any CUDA baseline). */
export function nvccFlags(kind: "cubin" | "so", arch: string, policy: { fastMath: boolean }): string[] {
  const common = [`-arch=${arch}`, "-O3", "-Xptxas", "-v", "-I", kbenchIncludeDir()];
  if (policy.fastMath) common.push("--use_fast_math");
  return kind === "cubin" ? ["-cubin", ...common] : ["-shared", "-Xcompiler", "-fPIC", "-cudart", "shared", ...common];
}

/** Per-kernel resources from `-Xptxas -v` output. */
export function parsePtxasResources(log: string): KernelResources[] {
  const out: KernelResources[] = [];
  let current: KernelResources | undefined;
  for (const line of log.split("\n")) {
    const entry = /Compiling entry function '([^']+)'/.exec(line) ?? /Function properties for (\S+)/.exec(line);
    if (entry) {
      const name = entry[1]!;
      current = out.find((r) => r.kernel === name);
      if (!current) {
        if (/Function properties/.test(line)) continue; // a device function, not an entry
        current = { kernel: name, registers: 0, spillBytes: 0, sharedBytes: 0, constBytes: 0, stackBytes: 0 };
        out.push(current);
      }
      continue;
    }
    if (!current) continue;
    const stack = /(\d+) bytes stack frame, (\d+) bytes spill stores, (\d+) bytes spill loads/.exec(line);
    if (stack) {
      current.stackBytes = Number(stack[1]);
      current.spillBytes = Math.max(Number(stack[2]), Number(stack[3]));
    }
    const used = /Used (\d+) registers/.exec(line);
    if (used) {
      current.registers = Number(used[1]);
      const smem = /(\d+) bytes smem/.exec(line);
      if (smem) current.sharedBytes = Number(smem[1]);
      current.constBytes = [...line.matchAll(/(\d+) bytes cmem\[\d+\]/g)].reduce((s, m) => s + Number(m[1]), 0);
    }
  }
  return out;
}

/** Kernels over the device limits, one message each (rejected before running). */
export function resourceViolations(resources: readonly KernelResources[]): string[] {
  const out: string[] = [];
  for (const r of resources) {
    if (r.registers > DEVICE_LIMITS.registers) out.push(`${r.kernel}: ${r.registers} registers, more than ${DEVICE_LIMITS.registers}`);
    if (r.sharedBytes > DEVICE_LIMITS.sharedBytes) out.push(`${r.kernel}: ${r.sharedBytes} bytes of static shared memory, more than ${DEVICE_LIMITS.sharedBytes}`);
  }
  return out;
}

/** The error lines of an nvcc log. */
export function compileErrors(log: string): string[] {
  return log
    .split("\n")
    .filter((l) => /\berror\b/i.test(l))
    .map((l) => l.trim())
    .slice(0, 50);
}

export interface ChildOutcome {
  code: number | null;
  signal: string | null;
  timedOut: boolean;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** Runs a trusted tool (nvcc, nm) in its own process group; on timeout the whole group is SIGKILLed. */
export function runInGroup(command: string, args: string[], opts: { cwd: string; timeoutMs: number; env?: NodeJS.ProcessEnv }): Promise<ChildOutcome> {
  const started = performance.now();
  return new Promise((done) => {
    const child = spawn(command, args, { cwd: opts.cwd, env: opts.env ?? process.env, detached: true, stdio: ["ignore", "pipe", "pipe"] });
    let stdout = "";
    let stderr = "";
    const cap = (s: string, chunk: Buffer) => (s.length < 1 << 20 ? s + chunk.toString("utf8") : s);
    child.stdout.on("data", (c: Buffer) => (stdout = cap(stdout, c)));
    child.stderr.on("data", (c: Buffer) => (stderr = cap(stderr, c)));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      killGroup(child.pid);
    }, opts.timeoutMs);
    const finish = (code: number | null, signal: string | null) => {
      clearTimeout(timer);
      killGroup(child.pid); // leftovers of the group (a backgrounded grandchild) go too
      done({ code, signal, timedOut, stdout, stderr, seconds: (performance.now() - started) / 1000 });
    };
    child.on("error", (e) => {
      stderr += `${e.message}\n`;
      finish(null, null);
    });
    child.on("close", finish);
  });
}

/** SIGKILL to a process group (ignores a group that is already gone). */
export function killGroup(pid: number | undefined): void {
  if (!pid) return;
  try {
    process.kill(-pid, "SIGKILL");
  } catch {
    /* already gone */
  }
}

/** Compiles a candidate (cubin, or shared object when it defines tansaku_launch); never throws for a bad candidate. */
export async function compileKernel(source: string, opts: CompileOptions): Promise<CompileResult> {
  if (typeof source !== "string") throw new TypeError("compileKernel: source must be a string");
  if (!opts?.task?.policy) throw new TypeError("compileKernel: opts.task (a kbench task) is required");
  const started = performance.now();
  const arch = opts.arch ?? "sm_90a";
  if (!/^sm_\d+[a-z]?$/.test(arch)) throw new RangeError(`compileKernel: arch "${arch}" is not sm_<number>`);
  const nvcc = opts.nvcc ?? process.env.TANSAKU_NVCC ?? "nvcc";
  const kind = definesHostLauncher(source) ? "so" : "cubin";
  const flags = nvccFlags(kind, arch, { fastMath: opts.task.policy.fastMath });
  const version = nvccVersion(nvcc);
  const hash = createHash("sha256").update(JSON.stringify([source, flags.filter((f) => f !== kbenchIncludeDir()), arch, version])).digest("hex");
  const failed = (log: string, errors: string[]): CompileResult => ({
    ok: false, kind, path: "", hash, cached: false, log, errors, seconds: (performance.now() - started) / 1000, resources: [],
  });
  if (!version) return failed(`nvcc not found (${nvcc})`, [`nvcc not found (${nvcc}): install the CUDA toolkit or set TANSAKU_NVCC`]);

  const cacheDir = resolve(opts.cacheDir ?? defaultCacheDir());
  mkdirSync(cacheDir, { recursive: true });
  const artefact = join(cacheDir, `${hash}.${kind}`);
  const meta = join(cacheDir, `${hash}.json`);
  if (existsSync(artefact) && existsSync(meta)) {
    try {
      const saved = JSON.parse(readFileSync(meta, "utf8")) as { log: string; resources: KernelResources[] };
      return { ok: true, kind, path: artefact, hash, cached: true, log: saved.log, errors: [], seconds: (performance.now() - started) / 1000, resources: saved.resources };
    } catch {
      /* a broken cache entry is rebuilt */
    }
  }

  const work = mkdtempSync(join(cacheDir, "build-"));
  try {
    writeFileSync(join(work, "candidate.cu"), source);
    const out = `candidate.${kind}`;
    const r = await runInGroup(nvcc, [...flags, "candidate.cu", "-o", out], { cwd: work, timeoutMs: opts.timeoutMs ?? 120_000 });
    const log = `${r.stdout}${r.stderr}`;
    if (r.timedOut) return failed(log, [`nvcc timed out after ${opts.timeoutMs ?? 120_000} ms (process group killed)`]);
    if (r.code !== 0 || !existsSync(join(work, out))) {
      const errors = compileErrors(log);
      return failed(log, errors.length ? errors : [`nvcc exited with ${r.code ?? r.signal}`]);
    }
    const resources = parsePtxasResources(log);
    writeFileSync(meta, JSON.stringify({ log, resources }));
    renameSync(join(work, out), artefact);
    return { ok: true, kind, path: artefact, hash, cached: false, log, errors: [], seconds: (performance.now() - started) / 1000, resources };
  } finally {
    rmSync(work, { recursive: true, force: true });
  }
}
