// Proposals (chat calls) per second through LlmClient and the real `openai` client against the
// loopback OpenAI server, at concurrency 1, 4 and 16: once with an instant server (the client
// stack's own overhead) and once with 20 ms of simulated model latency (what concurrency buys),
// each with streamed replies (the default: SSE chunks, stall watchdog) and with whole bodies.
// Ratios are against concurrency 1 of the same series, and streamed against whole, in the same run.
import { LlmClient, resolveLlmConfig } from "../lib/llm/index.js";
import { OpenAIMockServer } from "../lib/llm/mock-server.js";
import { machineInfo, type MachineInfo } from "./machine.js";
import { bestSecondsPerCall } from "./timing.js";

export interface LlmProposalsRow {
  server_latency_ms: number;
  stream: boolean;
  concurrency: number;
  proposals_per_sec: number;
  ratio_vs_concurrency_1: number;
  /** Streamed rows: proposals/s over the whole-body row of the same latency and concurrency. */
  ratio_vs_whole_body?: number;
}

export interface LlmProposalsResult {
  benchmark: "llm-proposals";
  device: string;
  prompt_chars: number;
  reply_chars: number;
  proposals_per_batch: number;
  rows: LlmProposalsRow[];
  machine: MachineInfo;
}

const CONCURRENCY = [1, 4, 16];
const LATENCIES_MS = [0, 20];
const BATCH = 32;
// Sizes like a diff proposal: a prompt holding a parent program and inspirations, a reply
// holding a few SEARCH/REPLACE blocks.
const PROMPT = "// parent program and inspirations\n".repeat(240);
const REPLY = "<<<<<<< SEARCH\nx = 1\n=======\nx = 2\n>>>>>>> REPLACE\n".repeat(40);

async function proposalsPerSecond(client: LlmClient, concurrency: number): Promise<number> {
  let sequence = 0;
  const runBatch = async () => {
    let next = 0;
    const worker = async () => {
      while (next < BATCH) {
        next++;
        // A distinct prompt per call, as in a run (nothing in the stack may cache it).
        const messages = [
          { role: "system" as const, content: "You improve programs." },
          { role: "user" as const, content: `${PROMPT}// proposal ${sequence++}` },
        ];
        await client.chat("gpt-4.1-mini", messages, { temperature: 0.5, max_tokens: 4096 });
      }
    };
    await Promise.all(Array.from({ length: concurrency }, worker));
  };
  const seconds = await bestSecondsPerCall(runBatch, { minSeconds: 0.5, runs: 3 });
  return BATCH / seconds;
}

export async function runLlmProposalsBench(): Promise<LlmProposalsResult> {
  const server = await OpenAIMockServer.start();
  const rows: LlmProposalsRow[] = [];
  try {
    for (const latency of LATENCIES_MS) {
      server.onChat(() => ({ content: REPLY, delay_ms: latency, usage: { prompt_tokens: 2000, completion_tokens: 500 } }));
      const whole = new Map<number, number>();
      for (const stream of [false, true]) {
        const config = resolveLlmConfig({ file: { base_url: server.url, api_key: "bench", max_retries: 0, stream }, env: {} });
        const client = new LlmClient(config);
        let base = 0;
        for (const concurrency of CONCURRENCY) {
          const rate = await proposalsPerSecond(client, concurrency);
          if (concurrency === 1) base = rate;
          if (!stream) whole.set(concurrency, rate);
          rows.push({
            server_latency_ms: latency,
            stream,
            concurrency,
            proposals_per_sec: rate,
            ratio_vs_concurrency_1: rate / base,
            ...(stream ? { ratio_vs_whole_body: rate / whole.get(concurrency)! } : {}),
          });
        }
        server.requests.length = 0; // keep memory flat between series
      }
    }
  } finally {
    await server.close();
  }
  return {
    benchmark: "llm-proposals",
    device: "cpu",
    prompt_chars: PROMPT.length,
    reply_chars: REPLY.length,
    proposals_per_batch: BATCH,
    rows,
    machine: machineInfo(),
  };
}

export function formatLlmProposalsBench(result: LlmProposalsResult): string {
  const lines = [
    `LLM proposals through the openai client against a loopback server (prompt ${result.prompt_chars} chars, reply ${result.reply_chars} chars)`,
    "  server latency  reply     concurrency  proposals/s  vs concurrency 1  streamed vs whole",
  ];
  for (const row of result.rows) {
    const versus = row.ratio_vs_whole_body === undefined ? "" : `${row.ratio_vs_whole_body.toFixed(2).padStart(16)}x`;
    lines.push(
      `  ${`${row.server_latency_ms} ms`.padStart(14)}  ${(row.stream ? "streamed" : "whole").padEnd(8)}  ${String(row.concurrency).padStart(11)}  ${row.proposals_per_sec.toFixed(1).padStart(11)}  ${row.ratio_vs_concurrency_1.toFixed(2).padStart(15)}x  ${versus}`,
    );
  }
  return lines.join("\n");
}
