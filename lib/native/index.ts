export type { FloatArray, NativeBinding, NativeGpuDevice, ResolvedDevice } from "./binding.js";
export { ABI_VERSION } from "./binding.js";
export { cudaAvailable, DEVICES, type Device, type GpuInfo, gpuInfo, resolveDevice } from "./device.js";
export { addonPath, loadNative, NativeLoadError } from "./loader.js";
