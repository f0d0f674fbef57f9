import { Command } from "commander";
import { gpuInfo, loadNative } from "../../native/index.js";
import { addonPath } from "../../native/loader.js";

export function infoCommand(): Command {
  return new Command("info")
    .description("show the native addon, its CUDA support and the devices that answer")
    .option("--json", "print JSON")
    .action((options: { json?: boolean }) => {
      const native = loadNative();
      const gpu = gpuInfo();
      const report = { addon: addonPath(), abiVersion: native.abiVersion(), threads: native.threadCount(), gpu };
      if (options.json) {
        console.log(JSON.stringify(report, null, 2));
        return;
      }
      const version = (v: number) => (v ? `${Math.floor(v / 1000)}.${(v % 1000) / 10}` : "none");
      console.log(`addon        ${report.addon} (ABI ${report.abiVersion}, ${report.threads} CPU threads)`);
      console.log(`CUDA         ${gpu.compiled ? `compiled in (architectures ${gpu.architectures})` : "not compiled in"}`);
      if (gpu.compiled) {
        console.log(`runtime      ${version(gpu.runtimeVersion)}, driver ${version(gpu.driverVersion)}`);
      }
      for (const device of gpu.devices) {
        const gib = (device.totalMemoryBytes / 2 ** 30).toFixed(1);
        console.log(`device ${device.index}     ${device.name}, sm_${device.computeCapability.replace(".", "")}, ${gib} GiB`);
      }
      if (!gpu.available) console.log(`no GPU       ${gpu.error ?? "no device"}; native work runs on the CPU`);
    });
}
