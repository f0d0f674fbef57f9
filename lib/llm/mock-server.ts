// A scriptable mock of an OpenAI-compatible endpoint for offline tests and benchmarks: a real HTTP
// server on 127.0.0.1 (port 0) speaking enough of the OpenAI API (POST /v1/chat/completions,
// POST /v1/embeddings) to drive the real `openai` client. Replies are scripted: a queue consumed
// first, then a handler, then a default. A chat request with `stream: true` is answered with
// server-sent chunks (the usage in a last chunk when stream_options.include_usage asks for it),
// optionally paced slowly or stalled part-way.
// Every request is recorded, so tests can assert what the client actually sent.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { type SsePacing, sseEvent, splitText, writeSse } from "./mock-sse.js";

export interface RecordedRequest {
  method: string;
  path: string;
  headers: Record<string, string | string[] | undefined>;
  /** The parsed JSON body (undefined when it was not JSON). */
  body: any;
  /** Index of this request among all requests the server received, from 0. */
  index: number;
}

/** One scripted answer. Anything left out gets a sensible default. */
export interface ScriptedReply {
  /** HTTP status, default 200. */
  status?: number;
  /** The assistant message content of a chat reply (ignored when `raw` is set). */
  content?: string | null;
  /** Token usage to report; defaults are estimated from text length. `null` omits usage. */
  usage?: { prompt_tokens: number; completion_tokens: number; cached_tokens?: number } | null;
  /** Model name to report; default: the requested model. */
  model?: string;
  /** finish_reason of the first choice, default "stop". */
  finish_reason?: string;
  /** A raw body sent verbatim instead of a well-formed reply (for malformed replies). */
  raw?: string;
  /** Content type of the reply, default application/json. */
  content_type?: string;
  /** Extra response headers, e.g. {"retry-after": "0.01"}. */
  headers?: Record<string, string>;
  /** Wait this long before answering (to trigger client timeouts). */
  delay_ms?: number;
  /** Error message for a non-2xx status (wrapped as OpenAI's {"error": {...}}). */
  error_message?: string;
  /** Embedding vectors to return (embeddings endpoint only); default: deterministic from the text. */
  vectors?: number[][];
  /** Streamed replies: the content pieces, one per chunk (default: the content in three pieces). */
  chunks?: string[];
  /** Streamed replies: pause between events (a slow, steady stream). */
  chunk_delay_ms?: number;
  /** Streamed replies: send this many events, then hold the connection silently (a stall). */
  stall_after_chunks?: number;
}

export type ReplyHandler = (request: RecordedRequest) => ScriptedReply | string | Promise<ScriptedReply | string>;

function estimateTokens(text: string): number {
  return Math.max(1, Math.ceil(text.length / 4));
}

function messagesText(body: any): string {
  const messages: unknown = body?.messages;
  if (!Array.isArray(messages)) return "";
  return messages.map((m) => (typeof m?.content === "string" ? m.content : "")).join("\n");
}

/** A small deterministic vector for a text, so embedding tests need no scripting. */
export function defaultEmbedding(text: string, dimensions = 8): number[] {
  const vector = new Array<number>(dimensions).fill(0);
  for (let i = 0; i < text.length; i++) vector[i % dimensions]! += (text.charCodeAt(i) % 17) - 8;
  const norm = Math.hypot(...vector) || 1;
  return vector.map((v) => v / norm);
}

export class OpenAIMockServer {
  /** Every request received, in arrival order. */
  readonly requests: RecordedRequest[] = [];
  private readonly chatQueue: (ScriptedReply | string)[] = [];
  private readonly embeddingQueue: (ScriptedReply | string)[] = [];
  private chatHandler: ReplyHandler | undefined;
  private embeddingHandler: ReplyHandler | undefined;
  private readonly pending = new Set<ServerResponse>();

  private constructor(
    private readonly server: Server,
    /** The base URL to give the client, ending in /v1. */
    readonly url: string,
  ) {}

  static async start(): Promise<OpenAIMockServer> {
    let instance: OpenAIMockServer | undefined;
    const server = createServer((req, res) => {
      void instance!.handle(req, res);
    });
    await new Promise<void>((resolve, reject) => {
      server.once("error", reject);
      server.listen(0, "127.0.0.1", () => resolve());
    });
    const { port } = server.address() as AddressInfo;
    instance = new OpenAIMockServer(server, `http://127.0.0.1:${port}/v1`);
    return instance;
  }

  /** Chat replies answered in order before the handler is consulted. A string is the content. */
  enqueue(...replies: (ScriptedReply | string)[]): this {
    this.chatQueue.push(...replies);
    return this;
  }

  enqueueEmbeddings(...replies: (ScriptedReply | string)[]): this {
    this.embeddingQueue.push(...replies);
    return this;
  }

  /** Answers chat requests once the queue is empty (default: content "ok"). */
  onChat(handler: ReplyHandler | undefined): this {
    this.chatHandler = handler;
    return this;
  }

  onEmbeddings(handler: ReplyHandler | undefined): this {
    this.embeddingHandler = handler;
    return this;
  }

  /** Requests to one endpoint, e.g. "/v1/chat/completions". */
  requestsTo(path: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path === path);
  }

  get chatRequests(): RecordedRequest[] {
    return this.requestsTo("/v1/chat/completions");
  }

  async close(): Promise<void> {
    for (const res of this.pending) res.destroy();
    this.server.closeAllConnections();
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
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
    const text = Buffer.concat(chunks).toString("utf8");
    let body: any;
    try {
      body = text ? JSON.parse(text) : undefined;
    } catch {
      body = undefined;
    }
    const path = (req.url ?? "").split("?")[0] ?? "";
    const request: RecordedRequest = { method: req.method ?? "", path, headers: req.headers, body, index: this.requests.length };
    this.requests.push(request);

    let scripted: ScriptedReply;
    let kind: "chat" | "embeddings";
    if (req.method === "POST" && path === "/v1/chat/completions") {
      kind = "chat";
      scripted = normalise(this.chatQueue.shift() ?? (await this.chatHandler?.(request)) ?? "ok");
    } else if (req.method === "POST" && path === "/v1/embeddings") {
      kind = "embeddings";
      scripted = normalise(this.embeddingQueue.shift() ?? (await this.embeddingHandler?.(request)) ?? {});
    } else {
      scripted = { status: 404, error_message: `no route for ${req.method} ${path}` };
      kind = "chat";
    }

    if (scripted.delay_ms) {
      await new Promise((resolve) => setTimeout(resolve, scripted.delay_ms));
      if (closed) return; // the client gave up (timeout) while we waited
    }
    const status = scripted.status ?? 200;
    const headers: Record<string, string> = {
      "content-type": scripted.content_type ?? "application/json",
      ...scripted.headers,
    };
    let payload: string;
    if (scripted.raw !== undefined) payload = scripted.raw;
    else if (status >= 400) {
      payload = JSON.stringify({ error: { message: scripted.error_message ?? `status ${status}`, type: "mock_error" } });
    } else if (kind === "chat" && body?.stream === true) {
      const pacing: SsePacing = {
        ...(scripted.chunk_delay_ms !== undefined ? { delay_ms: scripted.chunk_delay_ms } : {}),
        ...(scripted.stall_after_chunks !== undefined ? { stall_after: scripted.stall_after_chunks } : {}),
      };
      await writeSse(res, chatChunks(body, scripted), pacing, () => closed);
      return;
    } else if (kind === "chat") payload = JSON.stringify(chatBody(body, scripted));
    else payload = JSON.stringify(embeddingBody(body, scripted));
    res.writeHead(status, headers);
    res.end(payload);
  }
}

function normalise(reply: ScriptedReply | string): ScriptedReply {
  return typeof reply === "string" ? { content: reply } : reply;
}

function chatBody(request: any, reply: ScriptedReply): unknown {
  const content = reply.content === undefined ? "ok" : reply.content;
  const usage =
    reply.usage === null
      ? undefined
      : {
          prompt_tokens: reply.usage?.prompt_tokens ?? estimateTokens(messagesText(request)),
          completion_tokens: reply.usage?.completion_tokens ?? estimateTokens(content ?? ""),
          total_tokens: 0,
          ...(reply.usage?.cached_tokens !== undefined
            ? { prompt_tokens_details: { cached_tokens: reply.usage.cached_tokens } }
            : {}),
        };
  if (usage) usage.total_tokens = usage.prompt_tokens + usage.completion_tokens;
  return {
    id: "chatcmpl-mock",
    object: "chat.completion",
    created: 0,
    model: reply.model ?? request?.model ?? "unknown",
    choices: [
      { index: 0, message: { role: "assistant", content }, finish_reason: reply.finish_reason ?? "stop", logprobs: null },
    ],
    ...(usage ? { usage } : {}),
  };
}

function embeddingBody(request: any, reply: ScriptedReply): unknown {
  const input: unknown = request?.input;
  const texts = Array.isArray(input) ? input.map(String) : [String(input ?? "")];
  const vectors = reply.vectors ?? texts.map((t) => defaultEmbedding(t));
  const promptTokens = reply.usage?.prompt_tokens ?? texts.reduce((sum, t) => sum + estimateTokens(t), 0);
  return {
    object: "list",
    model: reply.model ?? request?.model ?? "unknown",
    data: vectors.map((embedding, index) => ({ object: "embedding", index, embedding })),
    usage: { prompt_tokens: promptTokens, total_tokens: promptTokens },
  };
}

/** The streamed form of chatBody: role, content pieces, finish_reason, usage (when asked), [DONE]. */
function chatChunks(request: any, reply: ScriptedReply): string[] {
  const whole = chatBody(request, reply) as { model: string; usage?: unknown };
  const content = reply.content === undefined ? "ok" : reply.content;
  const pieces = reply.chunks ?? splitText(content ?? "");
  const chunk = (delta: object, finish: string | null, extra: object = {}) =>
    sseEvent({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 0, model: whole.model, choices: [{ index: 0, delta, finish_reason: finish }], ...extra });
  const events = [chunk({ role: "assistant", content: "" }, null)];
  for (const piece of pieces) events.push(chunk({ content: piece }, null));
  events.push(chunk({}, reply.finish_reason ?? "stop"));
  if (request?.stream_options?.include_usage && whole.usage) {
    events.push(sseEvent({ id: "chatcmpl-mock", object: "chat.completion.chunk", created: 0, model: whole.model, choices: [], usage: whole.usage }));
  }
  events.push("data: [DONE]\n\n");
  return events;
}
