#!/usr/bin/env node
// Builds the CPU-only addon from binding.gyp with node-gyp, in build-gyp/ so it never touches the
// cmake-js build in build/, then loads it and runs a smoke test. CI runs this so binding.gyp (and
// its source list) cannot drift from CMakeLists.txt.
import { spawnSync } from "node:child_process";
import { mkdirSync, readdirSync, readFileSync, rmSync, symlinkSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const stage = join(root, "build-gyp");

// Every core and addon source must be listed in binding.gyp (except the CUDA-only ones).
const gyp = readFileSync(join(root, "binding.gyp"), "utf8");
const sources = [
  ...readdirSync(join(root, "native/core")).filter((f) => f.endsWith(".cpp")).map((f) => `native/core/${f}`),
  ...readdirSync(join(root, "native/addon")).filter((f) => f.endsWith(".cc")).map((f) => `native/addon/${f}`),
];
const unlisted = sources.filter((source) => !gyp.includes(`"${source}"`));
if (unlisted.length > 0) {
  console.error(`binding.gyp does not list: ${unlisted.join(", ")}`);
  process.exit(1);
}

rmSync(stage, { recursive: true, force: true });
mkdirSync(stage);
for (const entry of ["binding.gyp", "native", "node_modules", "package.json"]) {
  symlinkSync(join(root, entry), join(stage, entry));
}
// npm puts its bundled node-gyp on PATH for scripts and passes nodedir, so this works offline.
const nodeGyp = process.env.npm_config_node_gyp;
const command = nodeGyp ? [process.execPath, [nodeGyp, "rebuild"]] : ["node-gyp", ["rebuild"]];
const build = spawnSync(command[0], command[1], { cwd: stage, stdio: "inherit" });
if (build.status !== 0) {
  console.error("node-gyp build failed");
  process.exit(build.status ?? 1);
}

const addon = join(stage, "build", "Release", "tansaku.node");
const smoke = spawnSync(
  process.execPath,
  [
    "--input-type=module",
    "-e",
    `
    import { loadNative, gpuInfo } from "${join(root, "dist/lib/native/index.js")}";
    import { validatePackings, packingEnergy } from "${join(root, "dist/lib/circles/index.js")}";
    const native = loadNative();
    if (gpuInfo().compiled) throw new Error("the node-gyp build must be CPU-only");
    const v = await validatePackings(new Float64Array([0.25, 0.5, 0.75, 0.5]), new Float64Array([0.25, 0.25]), 2);
    if (v.valid[0] !== 1 || v.sumRadii[0] !== 0.5) throw new Error("validation smoke test failed");
    const e = await packingEnergy(new Float32Array([0.5, 0.5]), new Float32Array([0.6]), 1, { weight: 1 });
    if (Math.abs(e.energy[0] - (-0.6 + 4 * 0.01)) > 1e-6) throw new Error("energy smoke test failed: " + e.energy[0]);
    console.log("node-gyp addon OK: ABI " + native.abiVersion() + ", " + native.threadCount() + " threads");
    `,
  ],
  { stdio: "inherit", env: { ...process.env, TANSAKU_ADDON: addon } },
);
process.exit(smoke.status ?? 1);
