// Static checks on a compiled candidate, decided without running anything (spec §7A, §6.3):
// device resource limits, the launch plan (valid for every configuration of the task, kernel
// present in the cubin with the right parameter count), the imported symbols of a shared object
// against an allowlist, and source regexes in the spirit of KernelBench's static checker (streams,
// allocation, libraries, events, graphs, threads, processes, environment, file/network I/O, timer
// reads, TF32, state kept between calls).
import { spawnSync } from "node:child_process";
import { resourceViolations, stripComments, type CompileResult } from "./compile.js";
import { expandConfigs } from "./configs.js";
import { parseCandidateLaunch, resolveLaunch, type PlanLike } from "./launch-plan.js";
import type { KbenchTask } from "./manifest.js";

export interface Check {
  name: string;
  passed: boolean;
  detail: string;
}

type Compiled = Pick<CompileResult, "ok" | "errors" | "resources"> & Partial<Pick<CompileResult, "kind" | "path">>;

/** A forbidden source construct: check name, pattern, and why it is forbidden. */
interface SourceRule {
  check: string;
  pattern: RegExp;
  why: string;
  /** A library name that, in task.policy.allowLibraries, lifts the rule. */
  library?: string;
  /** Lifted when the task allows TF32. */
  tf32?: boolean;
}

const SOURCE_RULES: SourceRule[] = [
  { check: "no-streams", pattern: /\bcudaStream(Create\w*|Destroy|WaitEvent|Synchronize|BeginCapture\w*)\b|\bcudaStreamPerThread\b|\bcudaStreamNonBlocking\b|\bcuStream\w+/, why: "work on another stream escapes the harness's timing" },
  { check: "no-allocation", pattern: /\bcuda(Malloc\w*|Free\w*|HostAlloc|MallocHost)\b|\bcuMem(Alloc|Free)\w*|(?<![\w.])malloc\s*\(/, why: "the harness allocates every output and workspace" },
  { check: "no-events", pattern: /\bcudaEvent\w+|\bcuEvent\w+/, why: "the runner owns timing" },
  { check: "no-graphs", pattern: /\bcudaGraph\w+|\bcuGraph\w+/, why: "graphs can defer work outside the timed window" },
  { check: "no-device-control", pattern: /\bcuda(DeviceSynchronize|DeviceReset|SetDevice|DeviceSetLimit|DeviceSetCacheConfig|CtxResetPersistingL2Cache)\b|\bcudaLimitPersistingL2CacheSize\b|\baccessPolicyWindow\b/, why: "device-wide control (sync, reset, L2 persistence) belongs to the harness" },
  { check: "no-libraries", pattern: /\bcublas\w*/i, why: "cuBLAS is not allowed for this task", library: "cublas" },
  { check: "no-libraries", pattern: /\bcudnn\w*/i, why: "cuDNN is not allowed for this task", library: "cudnn" },
  { check: "no-libraries", pattern: /\b(cufft|cusparse|cusolver|curand)\w*/i, why: "CUDA math libraries are not allowed for this task" },
  { check: "no-libraries", pattern: /\b(at|torch|c10)::|\bcutlass::|\bcute::/, why: "framework or template-library code is not allowed for this task", library: "cutlass" },
  { check: "no-threads", pattern: /\bstd::(thread|async|jthread)\b|\bpthread_\w+|#\s*pragma\s+omp\b/, why: "host threads can do work outside the timed stream" },
  { check: "no-processes", pattern: /(?<![\w.])(fork|vfork|execv\w*|execl\w*|system|popen|posix_spawn\w*|dlopen|dlsym)\s*\(/, why: "candidates may not start processes or load code" },
  { check: "no-environment", pattern: /\b(secure_)?getenv\s*\(|\bsetenv\s*\(|\benviron\b/, why: "the environment can tell a candidate it is being checked" },
  { check: "no-io", pattern: /(?<![\w.])(fopen|freopen|open|openat|creat|socket|connect|bind|sendto|recvfrom|mmap)\s*\(|\bstd::[io]?fstream\b/, why: "file and network I/O are not part of a kernel" },
  { check: "no-timer-reads", pattern: /%globaltimer|%clock64|\bclock_gettime\b|\bgettimeofday\b|\bstd::chrono\b|__globaltimer/, why: "a kernel that reads timers can behave differently when timed" },
  { check: "no-tf32", pattern: /\.tf32\b|\btf32\b|__float_to_tf32|wmma::precision::tf32/i, why: "TF32 lowers fp32 precision and is not declared by the task", tf32: true },
  // Global scratch arrays and counters are legitimate (cross-block reductions, grid barriers; the GPU checks
  // catch value caches with fresh inputs); a global device *pointer* exists to remember addresses between calls.
  { check: "no-pointer-state", pattern: /^[ \t]*(static[ \t]+)?__(device|managed)__[ \t]+[^;{}()=]*\*[^;{}()]*;/m, why: "a global device pointer remembers input addresses between calls (pointer-keyed output caches)" },
];

const FORBIDDEN_INCLUDES = /#\s*include\s*[<"]\s*(cublas\w*|cudnn\w*|cufft\w*|curand\w*|cusparse\w*|cusolver\w*|torch\/[\w/.]*|ATen\/[\w/.]*|c10\/[\w/.]*|thread|future|fstream|filesystem|pthread\.h|unistd\.h|fcntl\.h|dlfcn\.h|sys\/\w+\.h|netinet\/\w+\.h|arpa\/\w+\.h|cuda\.h|nvrtc\.h|cupti\w*\.h|cuda_profiler_api\.h)\s*[>"]/g;

const LIBRARY_HEADERS: Record<string, RegExp> = { cublas: /^cublas/, cudnn: /^cudnn/, cutlass: /^cutlass|^cute/ };

/** Source regexes: one failed check per kind of violation (a passing summary when none). */
export function sourceChecks(source: string, task: Pick<KbenchTask, "policy">): Check[] {
  const code = stripComments(source);
  const allowed = new Set(task.policy.allowLibraries.map((l) => l.toLowerCase()));
  const failures = new Map<string, string[]>();
  const fail = (check: string, detail: string) => failures.set(check, [...(failures.get(check) ?? []), detail]);
  for (const rule of SOURCE_RULES) {
    if (rule.library && allowed.has(rule.library)) continue;
    if (rule.tf32 && task.policy.allowTF32) continue;
    const m = rule.pattern.exec(code);
    if (m) fail(rule.check, `"${m[0].trim().slice(0, 60)}": ${rule.why}`);
  }
  for (const m of code.matchAll(FORBIDDEN_INCLUDES)) {
    const header = m[1]!;
    const lib = Object.keys(LIBRARY_HEADERS).find((l) => LIBRARY_HEADERS[l]!.test(header));
    if (lib && allowed.has(lib)) continue;
    fail("no-forbidden-includes", `#include <${header}> is not allowed`);
  }
  if (failures.size === 0) return [{ name: "source-rules", passed: true, detail: `none of ${SOURCE_RULES.length} source rules or the header denylist matched` }];
  return [...failures].map(([name, details]) => ({ name, passed: false, detail: details.join("; ") }));
}

// Imports a shared object may have: CUDA runtime registration and launch, error queries, attribute
// and occupancy queries, async memset/memcpy on the given stream, and benign C/C++ runtime symbols.
const ALLOWED_SYMBOLS: RegExp[] = [
  /^__cuda(RegisterFatBinary|RegisterFatBinaryEnd|UnregisterFatBinary|RegisterFunction|RegisterVar|RegisterManagedVar|PushCallConfiguration|PopCallConfiguration|GetKernel|LaunchKernel|InitModule)$/,
  /^cuda(LaunchKernel|LaunchKernelExC|GetLastError|PeekAtLastError|GetErrorString|GetErrorName|FuncSetAttribute|FuncGetAttributes|OccupancyMaxActiveBlocksPerMultiprocessor\w*|OccupancyMaxPotentialBlockSize\w*|OccupancyAvailableDynamicSMemPerBlock|MemsetAsync|Memset2DAsync|MemcpyAsync|Memcpy2DAsync|GetDevice|DeviceGetAttribute)(_v\d+)?$/,
  /^__cxa_\w+$/, /^__gxx_personality_v0$/, /^_Unwind_\w+$/, /^__gmon_start__$/, /^_ITM_\w+$/, /^__stack_chk_fail$/, /^__assert_fail$/,
  /^(memcpy|memset|memmove|memcmp|strlen|strcmp|strncmp|abort)$/,
  /^_Zn[wa]m(St11align_val_t)?$/, /^_Zd[la]Pv\w*$/, /^_ZSt\d+__throw_\w+$/, /^_ZSt9terminatev$/,
  /^(sqrt|exp|exp2|log|log2|pow|fabs|floor|ceil|fmax|fmin|tanh|erf|sin|cos)f?$/,
];

const DENY_REASONS: [RegExp, string][] = [
  [/^cudaStream|^cuStream/, "creates or controls streams"],
  [/^cudaMalloc|^cudaFree|^cuMem(Alloc|Free)|^cudaHostAlloc/, "allocates device memory"],
  [/^cudaGraph|^cuGraph/, "uses CUDA graphs"],
  [/^cudaEvent|^cuEvent/, "uses events (timing belongs to the runner)"],
  [/^cudaDevice(Synchronize|Reset|SetLimit)|^cudaSetDevice|^cudaCtx/, "controls the device"],
  [/^pthread_|^_ZNSt6thread|^_ZNSt\w*jthread/, "starts host threads"],
  [/^(fork|vfork|exec\w*|system|popen|posix_spawn\w*|clone)$/, "starts processes"],
  [/^(dlopen|dlsym|dlmopen)$/, "loads code at run time"],
  [/^(getenv|secure_getenv|setenv|putenv)$/, "reads the environment"],
  [/^(fopen\w*|freopen\w*|open\w*|creat\w*|fwrite|fread|read|write|socket|connect|bind|send\w*|recv\w*|mmap\w*)$/, "does file or network I/O"],
  [/^cublas/i, "calls cuBLAS"],
  [/^cudnn/i, "calls cuDNN"],
  [/^_ZN2at|^_ZN5torch|^_ZN3c10/, "calls PyTorch/ATen"],
];

/** Checks imported symbol names (`nm -D --undefined-only` output, versions stripped) against the allowlist. */
export function checkImportedSymbols(symbols: readonly string[], task: Pick<KbenchTask, "policy">): Check {
  const allowed = new Set(task.policy.allowLibraries.map((l) => l.toLowerCase()));
  const bad: string[] = [];
  for (const raw of symbols) {
    const sym = raw.replace(/@.*$/, "");
    if (!sym) continue;
    if ((allowed.has("cublas") && /^cublas/i.test(sym)) || (allowed.has("cudnn") && /^cudnn/i.test(sym))) continue;
    const denied = DENY_REASONS.find(([p]) => p.test(sym));
    if (denied) bad.push(`${sym} (${denied[1]})`);
    else if (!ALLOWED_SYMBOLS.some((p) => p.test(sym))) bad.push(`${sym} (not in the allowlist)`);
  }
  return bad.length
    ? { name: "symbol-allowlist", passed: false, detail: `forbidden imports: ${bad.join(", ")}` }
    : { name: "symbol-allowlist", passed: true, detail: `${symbols.length} imported symbols, all allowed` };
}

/** `nm` symbol names of a file (dynamic undefined, dynamic defined, or the ELF symbol table of a cubin). */
export function listSymbols(path: string, which: "undefined" | "defined" | "cubin"): string[] | null {
  const args = which === "undefined" ? ["-D", "--undefined-only", path] : which === "defined" ? ["-D", "--defined-only", path] : [path];
  const r = spawnSync("nm", args, { encoding: "utf8", timeout: 30_000 });
  if (r.status !== 0) return null;
  return r.stdout
    .split("\n")
    .map((l) => l.trim().split(/\s+/))
    .filter((parts) => parts.length >= 2)
    .map((parts) => parts[parts.length - 1]!)
    .filter((s) => s.length > 0);
}

/** The parameter count of `extern "C" __global__ void name(...)` in the source, or null if not found. */
export function kernelParameterCount(source: string, kernel: string): number | null {
  const code = stripComments(source);
  const re = new RegExp(`\\b${kernel}\\s*\\(`, "g");
  let m: RegExpExecArray | null;
  // The declaration whose text since the previous ; or } says __global__ (launch bounds may hold parentheses).
  while ((m = re.exec(code))) {
    const before = code.slice(0, m.index);
    const declStart = Math.max(before.lastIndexOf(";"), before.lastIndexOf("}")) + 1;
    if (/__global__/.test(before.slice(declStart))) break;
  }
  if (!m) return null;
  let depth = 1;
  let i = m.index + m[0].length;
  const start = i;
  for (; i < code.length && depth > 0; i++) {
    if (code[i] === "(") depth++;
    else if (code[i] === ")") depth--;
  }
  const params = code.slice(start, i - 1);
  if (/^\s*(void)?\s*$/.test(params)) return 0;
  let count = 1;
  depth = 0;
  for (const ch of params) {
    if (ch === "(" || ch === "<" || ch === "[") depth++;
    else if (ch === ")" || ch === ">" || ch === "]") depth--;
    else if (ch === "," && depth === 0) count++;
  }
  return count;
}

/** The candidate's launch plan: declared in the source, else the task's default. */
export function candidatePlan(source: string, task: Pick<KbenchTask, "launch">): { plan: PlanLike | null; error: string | null; declared: boolean } {
  try {
    const declared = parseCandidateLaunch(source);
    return { plan: declared ?? task.launch, error: null, declared: declared !== null };
  } catch (e) {
    return { plan: null, error: (e as Error).message, declared: true };
  }
}

/** The launch plan resolves for every configuration (hidden ones too): tensors exist, block ≤ 1024, shared ≤ limit. */
export function launchPlanCheck(source: string, task: KbenchTask): Check {
  const { plan, error, declared } = candidatePlan(source, task);
  if (!plan) return { name: "launch-plan", passed: false, detail: error ?? "no launch plan" };
  const problems: string[] = [];
  for (const config of expandConfigs(task, { includeHidden: true })) {
    try {
      resolveLaunch({ ...plan, kernel: plan.kernel ?? task.launch.kernel }, task, config);
    } catch (e) {
      problems.push((e as Error).message);
    }
  }
  const outputs = new Set(task.outputs.map((o) => o.name));
  if (!plan.args.some((a) => outputs.has(a))) problems.push(`the plan passes no output tensor (${[...outputs].join(", ")})`);
  return problems.length
    ? { name: "launch-plan", passed: false, detail: problems.slice(0, 3).join("; ") }
    : { name: "launch-plan", passed: true, detail: `${declared ? "declared" : "task default"} plan for ${plan.kernel}: valid for every configuration` };
}

/** The plan's kernel is an entry of the cubin (extern "C" name) and takes as many parameters as the plan passes. */
export function kernelPresenceCheck(source: string, compiled: Compiled, task: KbenchTask): Check {
  const { plan } = candidatePlan(source, task);
  if (!plan?.kernel) return { name: "kernel-present", passed: false, detail: "no launch plan names a kernel" };
  const kernel = plan.kernel;
  const symbols = compiled.path ? listSymbols(compiled.path, "cubin") : null;
  const entries = compiled.resources.map((r) => r.kernel);
  const present = symbols ? symbols.includes(kernel) : entries.includes(kernel);
  if (!present) {
    const known = entries.length ? entries.join(", ") : "none";
    return { name: "kernel-present", passed: false, detail: `kernel "${kernel}" is not an entry of the cubin (entries: ${known}); declare it extern "C" __global__` };
  }
  const count = kernelParameterCount(source, kernel);
  if (count !== null && count !== plan.args.length) {
    return { name: "kernel-present", passed: false, detail: `kernel "${kernel}" takes ${count} parameters but the launch plan passes ${plan.args.length}` };
  }
  return { name: "kernel-present", passed: true, detail: `kernel "${kernel}" found${count === null ? "" : ` with ${count} parameters`}` };
}

/** Every static check for a compiled candidate (compile failure short-circuits the artefact checks). */
export function staticChecks(source: string, compiled: Compiled, task: KbenchTask): Check[] {
  if (typeof source !== "string") throw new TypeError("staticChecks: source must be a string");
  const checks: Check[] = [];
  checks.push(compiled.ok
    ? { name: "compile", passed: true, detail: `compiled (${compiled.kind ?? "cubin"})` }
    : { name: "compile", passed: false, detail: compiled.errors.join("; ") || "nvcc failed" });
  checks.push(...sourceChecks(source, task));
  if (!compiled.ok) return checks;
  const over = resourceViolations(compiled.resources);
  checks.push(over.length ? { name: "resources", passed: false, detail: over.join("; ") } : { name: "resources", passed: true, detail: "within device limits (255 registers, 227 KB shared)" });
  if (compiled.kind === "so") {
    checks.push(task.policy.allowHostCode
      ? { name: "host-code-policy", passed: true, detail: "the task allows a host launcher" }
      : { name: "host-code-policy", passed: false, detail: "the task does not allow host code: use a cubin with a launch plan" });
    const undefinedSyms = compiled.path ? listSymbols(compiled.path, "undefined") : null;
    checks.push(undefinedSyms ? checkImportedSymbols(undefinedSyms, task) : { name: "symbol-allowlist", passed: false, detail: "could not list the imports (nm failed)" });
    const defined = compiled.path ? listSymbols(compiled.path, "defined") ?? [] : [];
    const missing = ["tansaku_launch", "tansaku_abi_version"].filter((s) => !defined.includes(s));
    checks.push(missing.length
      ? { name: "launcher-abi", passed: false, detail: `missing extern "C" ${missing.join(", ")} (see tansaku_kbench.h)` }
      : { name: "launcher-abi", passed: true, detail: "tansaku_launch and tansaku_abi_version exported" });
  } else {
    checks.push(launchPlanCheck(source, task));
    checks.push(kernelPresenceCheck(source, compiled, task));
  }
  return checks;
}
