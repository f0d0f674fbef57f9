// Loads build/Release/tansaku.node once, checks its ABI handshake, and explains how to fix failures.
import { existsSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { packageRoot } from "../paths.js";
import { ABI_VERSION, NATIVE_FUNCTIONS, type NativeBinding } from "./binding.js";

export class NativeLoadError extends Error {
  readonly code = "ERR_TANSAKU_NATIVE";
}

/** Where the addon is looked for; TANSAKU_ADDON overrides (e.g. the node-gyp build). */
export function addonPath(): string {
  return process.env.TANSAKU_ADDON ?? join(packageRoot(), "build", "Release", "tansaku.node");
}

let cached: NativeBinding | undefined;

export function loadNative(): NativeBinding {
  if (cached) return cached;
  const path = addonPath();
  if (!existsSync(path)) {
    throw new NativeLoadError(
      `the tansaku native addon is not built (looked for ${path}). Run \`npm run build:native\` ` +
        "(needs cmake and a C++ compiler; nvcc on PATH adds CUDA).",
    );
  }
  let module: Partial<NativeBinding>;
  try {
    module = createRequire(import.meta.url)(path) as Partial<NativeBinding>;
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    const hint = /GLIBCXX|CXXABI/.test(reason)
      ? " The addon needs a newer C++ runtime than this system has: rebuild it here with `npm run build:native`."
      : " Rebuild it with `npm run build:native`.";
    throw new NativeLoadError(`cannot load the tansaku native addon at ${path}: ${reason}.${hint}`);
  }
  const version = typeof module.abiVersion === "function" ? module.abiVersion() : undefined;
  if (version !== ABI_VERSION) {
    throw new NativeLoadError(
      `the tansaku native addon at ${path} is stale (ABI ${String(version)}, this code needs ${ABI_VERSION}). ` +
        "Rebuild it with `npm run build:native`.",
    );
  }
  const missing = NATIVE_FUNCTIONS.filter((name) => typeof module[name] !== "function");
  if (missing.length > 0) {
    throw new NativeLoadError(`the tansaku native addon at ${path} lacks ${missing.join(", ")}: rebuild it.`);
  }
  cached = module as NativeBinding;
  return cached;
}
