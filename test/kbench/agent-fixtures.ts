// A tiny kbench task for the agent tests (y = 2x), scripted kernel replies, and the mock endpoint's
// LLM config.
import { resolveLlmConfig } from "../../lib/llm/config.js";
import type { AgentTask } from "../../lib/kbench/agent/index.js";

export const TINY_REFERENCE = `extern "C" __global__ void scale_ref(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 2.0f * x[i];
}
`;

export const TINY_TASK: AgentTask = {
  name: "tiny-scale",
  family: "activation",
  pass: "forward",
  description: "Multiply every element of x (N) by two: y = 2 x.",
  inputs: [{ name: "x", dtype: "f32", shape: ["N"], init: "normal" }],
  outputs: [{ name: "y", dtype: "f32", shape: ["N"] }],
  launch: { kernel: "scale", grid: ["ceil_div(N,256)"], block: [256], shared: "0", args: ["x", "y", "i32:N"] },
  reference: { kernel: "scale_ref", launch: { kernel: "scale_ref", grid: ["ceil_div(N,256)"], block: [256], shared: "0", args: ["x", "y", "i32:N"] } },
  referenceSource: TINY_REFERENCE,
  tolerance: { atol: 1e-6, rtol: 1e-6 },
  shapes: ["N=1000"],
};

export function kernelReply(name: string, code: string, thought = "a plain elementwise kernel"): string {
  return `<NAME>${name}</NAME>\n<THOUGHT>${thought}</THOUGHT>\n<CODE>\n\`\`\`cuda\n${code}\`\`\`\n</CODE>\n`;
}

/** A correct kernel whose unroll factor makes each variant a different file. */
export function scaleKernel(unroll: number): string {
  return `extern "C" __global__ void scale(const float* __restrict__ x, float* __restrict__ y, int n) {
  int i = (blockIdx.x * blockDim.x + threadIdx.x);
  #pragma unroll ${unroll}
  for (int k = 0; k < 1; ++k) {
    if (i < n) y[i] = 2.0f * x[i];
  }
}
`;
}

/** Does not compile: an undeclared identifier. */
export const BROKEN_KERNEL = `extern "C" __global__ void scale(const float* x, float* y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = 2.0f * x[i] + undeclared_offset;
}
`;

export function mockLlmConfig(url: string, models: string[] = ["mock-coder"]) {
  return resolveLlmConfig({
    file: {
      models: models.map((name) => ({ name, max_tokens: 1000, temperatures: [0.5] })),
      prices: Object.fromEntries(models.map((m) => [m, { input: 1, output: 2 }])),
      request_timeout_s: 5,
      max_retries: 1,
      retry_base_delay_s: 0,
      retry_max_delay_s: 0,
    },
    cli: { base_url: url, api_key: "test-key" },
    env: {},
  });
}
