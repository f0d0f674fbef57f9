// The kbench harness's compile path and static checks with the local nvcc (skips visibly without it).
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadTask } from "../../lib/kbench/catalogue.js";
import { compileKernel, nvccVersion, parsePtxasResources, resourceViolations } from "../../lib/kbench/compile.js";
import { checkImportedSymbols, kernelParameterCount, sourceChecks, staticChecks } from "../../lib/kbench/static-checks.js";

const cacheDir = mkdtempSync(join(tmpdir(), "kbench-harness-test-"));
afterAll(() => rmSync(cacheDir, { recursive: true, force: true }));
const hasNvcc = nvccVersion() !== null;
const relu = loadTask("relu");

const GOOD = `
extern "C" __global__ void relu(const float* x, float* y, int n) {
  __shared__ float tile[256];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  tile[threadIdx.x] = i < n ? x[i] : 0.f;
  __syncthreads();
  if (i < n) y[i] = fmaxf(tile[threadIdx.x], 0.f);
}
`;

describe.skipIf(!hasNvcc)("compileKernel with nvcc", () => {
  it("compiles to a cubin and parses registers and shared memory per kernel", async () => {
    const r = await compileKernel(GOOD, { task: relu, cacheDir });
    expect(r.ok).toBe(true);
    expect(r.kind).toBe("cubin");
    expect(r.cached).toBe(false);
    const k = r.resources.find((x) => x.kernel === "relu");
    expect(k).toBeDefined();
    expect(k!.registers).toBeGreaterThan(0);
    expect(k!.sharedBytes).toBe(1024);
    expect(k!.spillBytes).toBe(0);
    const checks = staticChecks(GOOD, r, relu);
    expect(checks.filter((c) => !c.passed)).toEqual([]);
    expect(checks.map((c) => c.name)).toEqual(expect.arrayContaining(["compile", "resources", "launch-plan", "kernel-present"]));
  }, 120_000);

  it("hits the cache on identical source and misses on a change", async () => {
    const again = await compileKernel(GOOD, { task: relu, cacheDir });
    expect(again.ok).toBe(true);
    expect(again.cached).toBe(true);
    expect(again.resources.find((x) => x.kernel === "relu")?.sharedBytes).toBe(1024);
    const changed = await compileKernel(`${GOOD}\n// changed\n`, { task: relu, cacheDir });
    expect(changed.cached).toBe(false);
    expect(changed.hash).not.toBe(again.hash);
  }, 120_000);

  it("returns a compile error with the log instead of throwing", async () => {
    const r = await compileKernel(`extern "C" __global__ void relu(const float* x, float* y, int n) { y[0] = undefined_name; }`, { task: relu, cacheDir });
    expect(r.ok).toBe(false);
    expect(r.path).toBe("");
    expect(r.log).toContain("undefined_name");
    expect(r.errors.join("\n")).toMatch(/undefined_name/);
    const checks = staticChecks("", r, relu);
    expect(checks.find((c) => c.name === "compile")?.passed).toBe(false);
  }, 120_000);

  it("kills nvcc at the timeout and says so", async () => {
    const r = await compileKernel(`${GOOD}\n// timeout probe\n`, { task: relu, cacheDir, timeoutMs: 1 });
    expect(r.ok).toBe(false);
    expect(r.errors[0]).toMatch(/timed out/);
  }, 60_000);

  it("rejects a kernel name that is not in the cubin and a wrong parameter count", async () => {
    const mangled = GOOD.replace('extern "C" ', "");
    const r = await compileKernel(mangled, { task: relu, cacheDir });
    expect(r.ok).toBe(true);
    const present = staticChecks(mangled, r, relu).find((c) => c.name === "kernel-present");
    expect(present?.passed).toBe(false);
    const twoArgs = `extern "C" __global__ void relu(const float* x, float* y) { y[threadIdx.x] = x[threadIdx.x]; }`;
    const r2 = await compileKernel(twoArgs, { task: relu, cacheDir });
    const count = staticChecks(twoArgs, r2, relu).find((c) => c.name === "kernel-present");
    expect(count?.passed).toBe(false);
    expect(count?.detail).toMatch(/takes 2 parameters but the launch plan passes 3/);
  }, 120_000);

  it("builds a shared object for tansaku_launch and checks its imports against the allowlist", async () => {
    const allowed = `#include <cuda_runtime.h>
#include "tansaku_kbench.h"
__global__ void relu_k(const float* x, float* y, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x; if (i < n) y[i] = fmaxf(x[i], 0.f); }
extern "C" int tansaku_abi_version(void) { return TANSAKU_KBENCH_ABI_VERSION; }
extern "C" int tansaku_launch(const tansaku_tensor* in, int, tansaku_tensor* out, int, const tansaku_scalar*, int, void*, size_t, cudaStream_t s) {
  int n = (int)(in[0].shape[0] * in[0].shape[1]);
  relu_k<<<(n + 255) / 256, 256, 0, s>>>((const float*)in[0].data, (float*)out[0].data, n);
  return (int)cudaGetLastError();
}`;
    const ok = await compileKernel(allowed, { task: relu, cacheDir });
    expect(ok.ok).toBe(true);
    expect(ok.kind).toBe("so");
    const okChecks = staticChecks(allowed, ok, relu);
    expect(okChecks.find((c) => c.name === "symbol-allowlist")?.passed).toBe(true);
    expect(okChecks.find((c) => c.name === "launcher-abi")?.passed).toBe(true);
    const denied = allowed.replace("relu_k<<<", "cudaStream_t t; cudaStreamCreate(&t); void* p; cudaMalloc(&p, 4);\n  relu_k<<<");
    const bad = await compileKernel(denied, { task: relu, cacheDir });
    expect(bad.ok).toBe(true);
    const symbols = staticChecks(denied, bad, relu).find((c) => c.name === "symbol-allowlist");
    expect(symbols?.passed).toBe(false);
    expect(symbols?.detail).toMatch(/cudaStreamCreate/);
    expect(symbols?.detail).toMatch(/cudaMalloc/);
  }, 240_000);
});

describe("static checks without nvcc", () => {
  it("parses ptxas -v output, including spills and constant memory", () => {
    const log = [
      "ptxas info    : Compiling entry function 'k' for 'sm_90a'",
      "ptxas info    : Function properties for k",
      "    16 bytes stack frame, 8 bytes spill stores, 12 bytes spill loads",
      "ptxas info    : Used 255 registers, used 1 barriers, 232452 bytes smem, 380 bytes cmem[0], 8 bytes cmem[2]",
    ].join("\n");
    const [k] = parsePtxasResources(log);
    expect(k).toEqual({ kernel: "k", registers: 255, spillBytes: 12, sharedBytes: 232452, constBytes: 388, stackBytes: 16 });
    expect(resourceViolations([k!])).toEqual([expect.stringMatching(/232452 bytes of static shared memory/)]);
    expect(resourceViolations([{ ...k!, registers: 256, sharedBytes: 0 }])).toEqual([expect.stringMatching(/256 registers/)]);
  });

  it("allowlists imports: runtime launch symbols pass, streams, cuBLAS, getenv and unknown ones fail", () => {
    const ok = checkImportedSymbols(["__cudaRegisterFatBinary@libcudart.so.13", "cudaLaunchKernel", "cudaGetLastError@libcudart.so.13", "__cxa_atexit@GLIBC_2.2.5"], relu);
    expect(ok.passed).toBe(true);
    const bad = checkImportedSymbols(["cudaLaunchKernel", "cublasSgemm_v2", "getenv@GLIBC_2.2.5", "mystery_symbol"], relu);
    expect(bad.passed).toBe(false);
    expect(bad.detail).toMatch(/cublasSgemm_v2 \(calls cuBLAS\)/);
    expect(bad.detail).toMatch(/getenv \(reads the environment\)/);
    expect(bad.detail).toMatch(/mystery_symbol \(not in the allowlist\)/);
    const withCublas = checkImportedSymbols(["cublasSgemm_v2"], { policy: { ...relu.policy, allowLibraries: ["cublas"] } });
    expect(withCublas.passed).toBe(true);
  });

  it("counts kernel parameters across templates and nested parentheses", () => {
    expect(kernelParameterCount(`extern "C" __global__ void __launch_bounds__(256) k(const float* __restrict__ a, Pair<int, int> p, int n) {}`, "k")).toBe(3);
    expect(kernelParameterCount(`extern "C" __global__ void k() {}`, "k")).toBe(0);
    expect(kernelParameterCount(`extern "C" __global__ void other(int a) {}`, "k")).toBeNull();
  });

  it("source rules: scratch arrays and counters pass, device pointers, timers, TF32 and forbidden headers fail", () => {
    const names = (src: string) => sourceChecks(src, relu).filter((c) => !c.passed).map((c) => c.name);
    expect(names("__device__ volatile double scratch[1024];\n__device__ unsigned int barrier_count;\n__device__ float helper(float* p) { return *p; }")).toEqual([]);
    expect(names("__device__ const float* last_input;")).toEqual(["no-pointer-state"]);
    expect(names('asm volatile("mov.u64 %0, %%globaltimer;" : "=l"(t));')).toEqual(["no-timer-reads"]);
    expect(names('asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));')).toEqual(["no-tf32"]);
    expect(sourceChecks('asm("cvt.rna.tf32.f32 %0, %1;" : "=r"(r) : "f"(v));', { policy: { ...relu.policy, allowTF32: true } }).every((c) => c.passed)).toBe(true);
    expect(names("#include <thread>\n#include <cublas_v2.h>").sort()).toEqual(["no-forbidden-includes", "no-libraries"]);
    expect(names("// cudaMalloc in a comment is fine\nint x = getenv(\"HOME\") != 0;")).toEqual(["no-environment"]);
  });
});
