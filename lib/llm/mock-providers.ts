// Loopback mocks of Anthropic's Messages API (POST /v1/messages) and Google's Gemini API
// (POST /v1beta/models/{model}:generateContent and :streamGenerateContent?alt=sse), real HTTP on
// 127.0.0.1, for tests of the native providers. Replies are scripted like OpenAIMockServer's: a
// queue, then a handler, then "ok"; each can set a status, headers, a raw body, usage, thinking
// text, a delay, and (streams) pacing or a stall. Every request is recorded.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import type { RecordedRequest } from "./mock-server.js";
import { type SsePacing, sseEvent, splitText, writeSse } from "./mock-sse.js";

export interface ProviderScriptedReply {
  status?: number;
  /** The answer text (null: no text block / part). */
  content?: string | null;
  /** Thinking text sent before the answer (a thinking block, or a part marked thought). */
  thinking?: string;
  /** Provider-specific usage fields, sent as they are (e.g. {input_tokens, output_tokens}). */
  usage?: Record<string, number> | null;
  /** stop_reason (Anthropic) or finishReason (Gemini); default end_turn / STOP. */
  stop?: string;
  raw?: string;
  content_type?: string;
  headers?: Record<string, string>;
  delay_ms?: number;
  error_message?: string;
  chunks?: string[];
  chunk_delay_ms?: number;
  stall_after_chunks?: number;
  /** Streams: end without the final event (message_stop / finishReason). */
  truncate?: boolean;
}

export type ProviderReplyHandler = (request: RecordedRequest) => ProviderScriptedReply | string | Promise<ProviderScriptedReply | string>;

type Api = "anthropic" | "gemini";

export class ProviderMockServer {
  readonly requests: RecordedRequest[] = [];
  private readonly queue: (ProviderScriptedReply | string)[] = [];
  private handler: ProviderReplyHandler | undefined;
  private readonly pending = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    readonly api: Api,
    /** The base URL to configure (no /v1). */
    readonly url: string,
  ) {}

  static async start(api: Api): Promise<ProviderMockServer> {
    let instance: ProviderMockServer | undefined;
    const server = createServer((req, res) => void instance!.handle(req, res));
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new ProviderMockServer(server, api, `http://127.0.0.1:${port}`);
    return instance;
  }

  enqueue(...replies: (ProviderScriptedReply | string)[]): this {
    this.queue.push(...replies);
    return this;
  }

  onChat(handler: ProviderReplyHandler | undefined): this {
    this.handler = handler;
    return this;
  }

  async close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private route(method: string, path: string): { stream: boolean } | undefined {
    if (method !== "POST") return undefined;
    if (this.api === "anthropic") return path === "/v1/messages" ? { stream: false } : undefined;
    const match = /^\/v1beta\/models\/[^/:]+:(generateContent|streamGenerateContent)$/.exec(path);
    return match ? { stream: match[1] === "streamGenerateContent" } : undefined;
  }

  private async handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    this.pending.add(res);
    let closed = false;
    res.on("close", () => {
      closed = true;
      this.pending.delete(res);
    });
    const chunks: Buffer[] = [];
    for await (const chunk of req) chunks.push(chunk as Buffer);
    let body: any;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString("utf8"));
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "").split("?")[0] ?? "";
    const request: RecordedRequest = { method: req.method ?? "", path, headers: req.headers, body, index: this.requests.length };
    this.requests.push(request);
    const route = this.route(req.method ?? "", path);
    const next = this.queue.shift() ?? (await this.handler?.(request)) ?? "ok";
    const scripted: ProviderScriptedReply = route ? (typeof next === "string" ? { content: next } : next) : { status: 404, error_message: `no route for ${req.method} ${path}` };
    if (scripted.delay_ms) {
      await new Promise((resolve) => setTimeout(resolve, scripted.delay_ms));
      if (closed) return;
    }
    const status = scripted.status ?? 200;
    const stream = this.api === "anthropic" ? body?.stream === true : route?.stream === true;
    if (scripted.raw === undefined && status < 400 && stream) {
      const pacing: SsePacing = {
        ...(scripted.chunk_delay_ms !== undefined ? { delay_ms: scripted.chunk_delay_ms } : {}),
        ...(scripted.stall_after_chunks !== undefined ? { stall_after: scripted.stall_after_chunks } : {}),
      };
      const events = this.api === "anthropic" ? anthropicEvents(body, scripted) : geminiEvents(scripted);
      await writeSse(res, events, pacing, () => closed);
      return;
    }
    let payload: string;
    if (scripted.raw !== undefined) payload = scripted.raw;
    else if (status >= 400) payload = JSON.stringify(errorBody(this.api, status, scripted.error_message ?? `status ${status}`));
    else payload = JSON.stringify(this.api === "anthropic" ? anthropicMessage(body, scripted) : geminiResponse(scripted));
    res.writeHead(status, { "content-type": scripted.content_type ?? "application/json", ...scripted.headers });
    res.end(payload);
  }
}

function errorBody(api: Api, status: number, message: string): unknown {
  if (api === "anthropic") return { type: "error", error: { type: status === 429 ? "rate_limit_error" : status >= 500 ? "api_error" : "invalid_request_error", message } };
  return { error: { code: status, message, status: status === 429 ? "RESOURCE_EXHAUSTED" : "INVALID_ARGUMENT" } };
}

function textOf(content: string | null | undefined): string | null {
  return content === undefined ? "ok" : content;
}

function anthropicUsage(request: any, reply: ProviderScriptedReply): Record<string, number> {
  const prompt = JSON.stringify(request?.messages ?? "").length + String(request?.system ?? "").length;
  return reply.usage ?? { input_tokens: Math.ceil(prompt / 4), output_tokens: Math.ceil(((textOf(reply.content) ?? "") + (reply.thinking ?? "")).length / 4) };
}

function anthropicMessage(request: any, reply: ProviderScriptedReply): unknown {
  const text = textOf(reply.content);
  const content = [
    ...(reply.thinking ? [{ type: "thinking", thinking: reply.thinking, signature: "sig" }] : []),
    ...(text !== null ? [{ type: "text", text }] : []),
  ];
  return {
    id: "msg_mock",
    type: "message",
    role: "assistant",
    model: request?.model ?? "unknown",
    content,
    stop_reason: reply.stop ?? "end_turn",
    stop_sequence: null,
    ...(reply.usage === null ? {} : { usage: anthropicUsage(request, reply) }),
  };
}

function anthropicEvents(request: any, reply: ProviderScriptedReply): string[] {
  const usage = reply.usage === null ? undefined : anthropicUsage(request, reply);
  const { output_tokens, ...inputUsage } = usage ?? {};
  const events = [
    sseEvent({ type: "message_start", message: { id: "msg_mock", type: "message", role: "assistant", model: request?.model, content: [], stop_reason: null, usage: { ...inputUsage, output_tokens: 1 } } }, "message_start"),
    sseEvent({ type: "ping" }, "ping"),
  ];
  let index = 0;
  if (reply.thinking) {
    events.push(sseEvent({ type: "content_block_start", index, content_block: { type: "thinking", thinking: "" } }, "content_block_start"));
    events.push(sseEvent({ type: "content_block_delta", index, delta: { type: "thinking_delta", thinking: reply.thinking } }, "content_block_delta"));
    events.push(sseEvent({ type: "content_block_delta", index, delta: { type: "signature_delta", signature: "sig" } }, "content_block_delta"));
    events.push(sseEvent({ type: "content_block_stop", index }, "content_block_stop"));
    index++;
  }
  const text = textOf(reply.content);
  if (text !== null) {
    events.push(sseEvent({ type: "content_block_start", index, content_block: { type: "text", text: "" } }, "content_block_start"));
    for (const piece of reply.chunks ?? splitText(text)) {
      events.push(sseEvent({ type: "content_block_delta", index, delta: { type: "text_delta", text: piece } }, "content_block_delta"));
    }
    events.push(sseEvent({ type: "content_block_stop", index }, "content_block_stop"));
  }
  events.push(sseEvent({ type: "message_delta", delta: { stop_reason: reply.stop ?? "end_turn", stop_sequence: null }, ...(usage ? { usage: { output_tokens } } : {}) }, "message_delta"));
  if (!reply.truncate) events.push(sseEvent({ type: "message_stop" }, "message_stop"));
  return events;
}

function geminiUsage(reply: ProviderScriptedReply): Record<string, number> | undefined {
  if (reply.usage === null) return undefined;
  return reply.usage ?? { promptTokenCount: 10, candidatesTokenCount: Math.ceil((textOf(reply.content) ?? "").length / 4) };
}

function geminiResponse(reply: ProviderScriptedReply): unknown {
  const text = textOf(reply.content);
  const parts = [...(reply.thinking ? [{ text: reply.thinking, thought: true }] : []), ...(text !== null ? [{ text }] : [])];
  const usage = geminiUsage(reply);
  return {
    candidates: [{ content: { role: "model", parts }, finishReason: reply.stop ?? "STOP", index: 0 }],
    ...(usage ? { usageMetadata: usage } : {}),
    modelVersion: "mock",
  };
}

function geminiEvents(reply: ProviderScriptedReply): string[] {
  const text = textOf(reply.content);
  const pieces = text === null ? [] : (reply.chunks ?? splitText(text));
  const usage = geminiUsage(reply);
  const events: string[] = [];
  if (reply.thinking) events.push(sseEvent({ candidates: [{ content: { role: "model", parts: [{ text: reply.thinking, thought: true }] }, index: 0 }] }));
  pieces.forEach((piece, i) => {
    const last = i === pieces.length - 1;
    events.push(
      sseEvent({
        candidates: [{ content: { role: "model", parts: [{ text: piece }] }, ...(last && !reply.truncate ? { finishReason: reply.stop ?? "STOP" } : {}), index: 0 }],
        ...(last && usage ? { usageMetadata: usage } : {}),
      }),
    );
  });
  if (pieces.length === 0 && !reply.truncate) {
    events.push(sseEvent({ candidates: [{ content: { role: "model", parts: [] }, finishReason: reply.stop ?? "STOP", index: 0 }], ...(usage ? { usageMetadata: usage } : {}) }));
  }
  return events;
}
