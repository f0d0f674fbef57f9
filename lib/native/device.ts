// Device selection: "auto" picks CUDA when a device answers, else the CPU. TANSAKU_DEVICE overrides
// the default for "auto".
import type { NativeGpuInfo, ResolvedDevice } from "./binding.js";
import { loadNative } from "./loader.js";

export type Device = "auto" | "cpu" | "cuda";
export const DEVICES: readonly Device[] = ["auto", "cpu", "cuda"];

export type GpuInfo = NativeGpuInfo & { available: boolean };

export function gpuInfo(): GpuInfo {
  const info = loadNative().gpuInfo();
  return { ...info, available: info.compiled && info.devices.length > 0 };
}

export function cudaAvailable(): boolean {
  return gpuInfo().available;
}

export function resolveDevice(device: Device = "auto"): ResolvedDevice {
  if (!DEVICES.includes(device)) {
    throw new RangeError(`device must be one of ${DEVICES.join(", ")}, got ${JSON.stringify(device)}`);
  }
  let wanted = device;
  if (wanted === "auto") {
    const override = process.env.TANSAKU_DEVICE;
    if (override !== undefined && override !== "" && override !== "auto") {
      if (override !== "cpu" && override !== "cuda") {
        throw new RangeError(`TANSAKU_DEVICE must be auto, cpu or cuda, got ${JSON.stringify(override)}`);
      }
      wanted = override;
    }
  }
  if (wanted === "cpu") return "cpu";
  const info = gpuInfo();
  if (wanted === "cuda" && !info.available) {
    const why = info.compiled ? (info.error ?? "no device found") : "this build has no CUDA support";
    throw new RangeError(`device "cuda" is not available: ${why}`);
  }
  return info.available ? "cuda" : "cpu";
}
