#!/usr/bin/env node
// Builds the native addon with cmake-js (offline: package.json has binary.napi_versions).
// Fails early, naming what is missing, when cmake or a C++ compiler is not installed.
// Environment: TANSAKU_CUDA=AUTO|ON|OFF, CMAKE_CUDA_ARCHITECTURES (e.g. "90;100"), TANSAKU_BUILD_JOBS.
import { spawnSync } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");

function has(command, args = ["--version"]) {
  const result = spawnSync(command, args, { stdio: "ignore" });
  return result.status === 0;
}

const missing = [];
if (!has("cmake")) missing.push("cmake (3.25 or newer), e.g. `apt-get install cmake`");
if (!has(process.env.CXX ?? "c++") && !has("g++") && !has("clang++")) {
  missing.push("a C++17 compiler (g++ or clang++), e.g. `apt-get install g++`");
}
if (missing.length > 0) {
  console.error(`tansaku: cannot build the native addon; missing:\n  - ${missing.join("\n  - ")}`);
  process.exit(1);
}

const require = createRequire(import.meta.url);
const cmakeJs = join(dirname(require.resolve("cmake-js/package.json")), "bin", "cmake-js");
const cuda = (process.env.TANSAKU_CUDA ?? "AUTO").toUpperCase();
if (!["AUTO", "ON", "OFF"].includes(cuda)) {
  console.error(`tansaku: TANSAKU_CUDA must be AUTO, ON or OFF, got "${process.env.TANSAKU_CUDA}"`);
  process.exit(1);
}
const architectures = process.env.CMAKE_CUDA_ARCHITECTURES;

// `cmake-js compile` reuses an existing configuration, so a changed option needs a clean rebuild.
function cached(name) {
  const cache = join(root, "build", "CMakeCache.txt");
  if (!existsSync(cache)) return undefined;
  const line = readFileSync(cache, "utf8").split("\n").find((l) => l.startsWith(`${name}:`));
  return line?.slice(line.indexOf("=") + 1);
}
const stale = cached("TANSAKU_CUDA") !== cuda || (architectures && cached("CMAKE_CUDA_ARCHITECTURES") !== architectures);
const args = [cmakeJs, stale ? "rebuild" : "compile", "--out", "build", `--CDTANSAKU_CUDA=${cuda}`];
if (architectures) args.push(`--CDCMAKE_CUDA_ARCHITECTURES=${architectures}`);
if (process.env.TANSAKU_BUILD_JOBS) args.push("--parallel", process.env.TANSAKU_BUILD_JOBS);

const result = spawnSync(process.execPath, args, { cwd: root, stdio: "inherit" });
if (result.status !== 0) {
  console.error("tansaku: the native build failed (see the compiler output above)");
  process.exit(result.status ?? 1);
}
