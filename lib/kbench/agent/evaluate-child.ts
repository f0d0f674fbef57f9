// The evaluator child of kernel evolution: `evaluate-child --task NAME --kernel FILE --output FILE
// [--device auto|cuda|none]` runs the harness on one kernel and writes its KbenchResult as JSON.
// The harness runs the kernel itself in its runner child; this process keeps the harness's work
// (nvcc, the runner, their memory) out of the evolution's process.
import { readFileSync, writeFileSync } from "node:fs";
import { parseArgs } from "node:util";
import { evaluateCandidate } from "../evaluate.js";

const { values } = parseArgs({
  options: { task: { type: "string" }, kernel: { type: "string" }, output: { type: "string" }, device: { type: "string", default: "auto" } },
  strict: true,
});
if (!values.task || !values.kernel || !values.output) {
  process.stderr.write("usage: evaluate-child --task NAME --kernel FILE --output FILE [--device auto|cuda|none]\n");
  process.exit(2);
}
const device = values.device as "auto" | "cuda" | "none";
if (!["auto", "cuda", "none"].includes(device)) {
  process.stderr.write(`--device must be auto, cuda or none, got ${values.device}\n`);
  process.exit(2);
}
const result = await evaluateCandidate(values.task, readFileSync(values.kernel, "utf8"), { device });
writeFileSync(values.output, `${JSON.stringify(result)}\n`);
