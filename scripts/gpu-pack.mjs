#!/usr/bin/env node
// Prepares .gpu/ for a GPU machine that has no Node.js and no package registry (DESIGN.md, "GPU
// checks"): the CUDA build of the addon, the native test and benchmark executables, an xz-compressed
// copy of this Node binary, the TypeScript GPU checks bundled into one file, and run.sh to run all.
// Usage on the GPU machine: `bash .gpu/run.sh` (results under $OUT).
import { execFileSync, spawnSync } from "node:child_process";
import { chmodSync, copyFileSync, cpSync, existsSync, mkdirSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pack = join(root, ".gpu");
const build = join(root, "build");

console.log("building the addon with CUDA (TANSAKU_CUDA=ON)...");
const native = spawnSync(process.execPath, [join(root, "scripts/build-native.mjs")], {
  stdio: "inherit",
  env: { ...process.env, TANSAKU_CUDA: "ON" },
});
if (native.status !== 0) process.exit(native.status ?? 1);

mkdirSync(join(pack, "bin"), { recursive: true });
copyFileSync(join(build, "Release", "tansaku.node"), join(pack, "tansaku.node"));
const executables = readdirSync(build).filter((f) => /^(test_|tansaku-)/.test(f) && statSync(join(build, f)).isFile());
for (const file of executables) copyFileSync(join(build, file), join(pack, "bin", file));

// Compressing Node takes a minute: reuse the copy when it is of this same binary.
const nodeXz = join(pack, "node.xz");
const stamp = join(pack, "node.version");
const version = `${process.version} ${statSync(process.execPath).size}`;
if (!existsSync(nodeXz) || !existsSync(stamp) || readFileSync(stamp, "utf8") !== version) {
  console.log("compressing the Node binary...");
  execFileSync("sh", ["-c", `xz -T2 -6 -c "${process.execPath}" > "${nodeXz}"`]);
  writeFileSync(stamp, version);
}

const { build: esbuild } = await import("esbuild");
await esbuild({
  entryPoints: [join(root, "test/gpu/run-gpu-checks.ts")],
  outfile: join(pack, "gpu-checks.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: "warning",
});

// kbench: the checks bundled on their own, with the task folders, the launcher header and the
// adversarial sources next to the bundle (where the bundled modules look for them).
await esbuild({
  entryPoints: [join(root, "test/gpu/run-kbench-checks.ts")],
  outfile: join(pack, "kbench-checks.mjs"),
  bundle: true,
  platform: "node",
  format: "esm",
  target: "node20",
  banner: { js: "import { createRequire as createRequireForBundle } from 'node:module'; const require = createRequireForBundle(import.meta.url);" },
  logLevel: "warning",
});
// The gridworld checks replay the MiniGrid episodes, looked up next to the bundle.
cpSync(join(root, "test/fixtures/minigrid"), join(pack, "fixtures", "minigrid"), { recursive: true });
for (const [from, to] of [["lib/kbench/tasks", "tasks"], ["lib/kbench/include", "include"], ["test/kbench/adversarial", "adversarial"]]) {
  cpSync(join(root, from), join(pack, to), { recursive: true });
}
// The optional PyTorch eager baseline of the kbench tasks (run only where python3 has torch and CUDA).
copyFileSync(join(root, "bench/kbench_torch_baseline.py"), join(pack, "kbench_torch_baseline.py"));

writeFileSync(
  join(pack, "run.sh"),
  `#!/usr/bin/env bash
# Runs every GPU check and benchmark; results go to $OUT (default ./gpu-out). Prepared by npm run gpu:pack.
set -u
here="$(cd "$(dirname "$0")" && pwd)"
OUT="\${OUT:-$here/../gpu-out}"
mkdir -p "$OUT"
status=0
nvidia-smi --query-gpu=name,driver_version,memory.total --format=csv > "$OUT/nvidia-smi.csv" 2>&1
xz -dc "$here/node.xz" > /tmp/tansaku-node && chmod +x /tmp/tansaku-node
log="$OUT/native-tests.log"
: > "$log"
for test in "$here"/bin/test_*; do
  echo "=== $(basename "$test")" >> "$log"
  "$test" >> "$log" 2>&1
  code=$?
  echo "$(basename "$test"): exit $code" | tee -a "$log"
  if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi  # 77 = skipped (no device)
done
"$here/bin/tansaku-bench_cuda" > "$OUT/bench-cuda-native.json" 2>> "$log"
code=$?; if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi
cat "$OUT/bench-cuda-native.json"
"$here/bin/tansaku-bench_es_cuda" > "$OUT/bench-es-cuda.json" 2>> "$log"
code=$?; if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi
cat "$OUT/bench-es-cuda.json"
"$here/bin/tansaku-bench_merge_cuda" > "$OUT/bench-merge-cuda.json" 2>> "$log"
code=$?; if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi
cat "$OUT/bench-merge-cuda.json"
PATH="$PATH:/usr/local/cuda/bin" TANSAKU_KBENCH_RUNNER="$here/bin/tansaku-kbench-runner" TANSAKU_ADDON="$here/tansaku.node" /tmp/tansaku-node "$here/kbench-checks.mjs" "$OUT"
code=$?; if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi
TANSAKU_ADDON="$here/tansaku.node" /tmp/tansaku-node "$here/gpu-checks.mjs" "$OUT"
code=$?; if [ "$code" -ne 0 ] && [ "$code" -ne 77 ]; then status=1; fi
# Optional PyTorch eager baseline of the kbench tasks: informational, never changes $status.
if command -v python3 > /dev/null; then
  timeout 120 python3 "$here/kbench_torch_baseline.py" "$OUT/kbench-torch-baseline.json" --tasks "$here/tasks" > "$OUT/kbench-torch-baseline.log" 2>&1
  echo "kbench torch baseline: exit $? ($(tail -n 1 "$OUT/kbench-torch-baseline.log"))"
else
  echo '{"skipped": "no python3 on this machine"}' > "$OUT/kbench-torch-baseline.json"
fi
exit $status
`,
);
chmodSync(join(pack, "run.sh"), 0o755);

const du = execFileSync("du", ["-sm", pack], { encoding: "utf8" });
const megabytes = Number(du.split("\t")[0]);
console.log(`.gpu/ is ${megabytes} MB (limit 60): run it with \`bash .gpu/run.sh\` on the GPU machine (carry .gpu)`);
if (megabytes > 60) process.exit(1);
