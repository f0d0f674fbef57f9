// What a benchmark ran on, written beside its figures.
import { cpus, totalmem } from "node:os";
import { gpuInfo } from "../lib/native/index.js";

export interface MachineInfo {
  cpu: string;
  cores: number;
  memoryGiB: number;
  node: string;
  gpu: string | null;
  date: string;
}

export function machineInfo(): MachineInfo {
  const gpu = gpuInfo();
  return {
    cpu: cpus()[0]?.model ?? "unknown",
    cores: cpus().length,
    memoryGiB: Math.round(totalmem() / 2 ** 30),
    node: process.version,
    gpu: gpu.available ? (gpu.devices[0]?.name ?? null) : null,
    date: new Date().toISOString(),
  };
}
