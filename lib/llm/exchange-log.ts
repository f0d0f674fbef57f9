// Record and replay of LLM exchanges as JSONL. Each line holds the request's key (a hash of
// model, kwargs and messages or inputs), the request itself (for people reading the file) and
// the outcome: a reply or the error the call ended with. Replay answers the n-th identical
// request with the n-th recorded outcome, so a run repeats exactly with no network.
import { createHash } from "node:crypto";
import { appendFileSync, mkdirSync, readFileSync } from "node:fs";
import { dirname } from "node:path";
import { z } from "zod";
import { LlmError, type LlmErrorKind } from "./errors.js";

const outcomeSchema = z.union([
  z.object({
    reply: z.object({
      content: z.string().optional(),
      vectors: z.array(z.array(z.number())).optional(),
      input_tokens: z.number().nonnegative(),
      output_tokens: z.number().nonnegative(),
      cost_usd: z.number().nonnegative(),
      cost_known: z.boolean(),
    }),
  }),
  z.object({ error: z.object({ kind: z.string(), message: z.string() }) }),
]);
const lineSchema = z.intersection(
  z.object({ key: z.string().min(1), kind: z.enum(["chat", "embed"]), model: z.string(), request: z.unknown() }),
  outcomeSchema,
);
export type ExchangeOutcome = z.infer<typeof outcomeSchema>;
export type RecordedReply = Extract<ExchangeOutcome, { reply: unknown }>["reply"];

export interface ExchangeRequest {
  kind: "chat" | "embed";
  model: string;
  /** Everything that shapes the answer: kwargs and messages (chat) or input texts (embed). */
  body: unknown;
}

/** Key order must not change the hash: objects are serialised with sorted keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(",")}]`;
  if (value && typeof value === "object") {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonical(v)}`).join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

export function exchangeKey(request: ExchangeRequest): string {
  return createHash("sha256").update(canonical([request.kind, request.model, request.body])).digest("hex");
}

export class ExchangeRecorder {
  constructor(readonly path: string) {
    mkdirSync(dirname(path), { recursive: true });
  }

  /** Appends one line synchronously, so a crash right after a call keeps it. */
  append(request: ExchangeRequest, outcome: ExchangeOutcome): void {
    const line = { key: exchangeKey(request), kind: request.kind, model: request.model, request: request.body, ...outcome };
    appendFileSync(this.path, `${JSON.stringify(line)}\n`);
  }
}

export class ExchangeReplayer {
  private readonly outcomes = new Map<string, ExchangeOutcome[]>();
  private readonly served = new Map<string, number>();

  constructor(readonly path: string) {
    let text: string;
    try {
      text = readFileSync(path, "utf8");
    } catch (error) {
      throw new TypeError(`replay file ${path}: ${(error as Error).message}`);
    }
    text.split("\n").forEach((raw, index) => {
      if (raw.trim() === "") return;
      let parsed: unknown;
      try {
        parsed = JSON.parse(raw);
      } catch {
        throw new TypeError(`replay file ${path}, line ${index + 1}: not JSON`);
      }
      const line = lineSchema.safeParse(parsed);
      if (!line.success) throw new TypeError(`replay file ${path}, line ${index + 1}: ${line.error.issues[0]?.message}`);
      const list = this.outcomes.get(line.data.key) ?? [];
      list.push("reply" in line.data ? { reply: line.data.reply } : { error: line.data.error });
      this.outcomes.set(line.data.key, list);
    });
  }

  /** The next recorded outcome for this request, or LlmError("replay_missing") naming the model. */
  next(request: ExchangeRequest): ExchangeOutcome {
    const key = exchangeKey(request);
    const list = this.outcomes.get(key);
    const served = this.served.get(key) ?? 0;
    const outcome = list?.[served];
    if (!outcome) {
      const what = list ? `only ${list.length} recorded, this is request ${served + 1}` : "no recorded exchange";
      throw new LlmError(
        "replay_missing",
        `replay ${this.path}: ${request.kind} request to model "${request.model}" not found (${what}; key ${key.slice(0, 12)}). ` +
          "The run asked for something the recording never saw: a changed prompt, model, seed or setting.",
        { model: request.model },
      );
    }
    this.served.set(key, served + 1);
    return outcome;
  }
}

/** Rebuilds a recorded error as the LlmError it was. */
export function replayedError(error: { kind: string; message: string }, model: string): LlmError {
  return new LlmError(error.kind as LlmErrorKind, error.message, { model });
}
