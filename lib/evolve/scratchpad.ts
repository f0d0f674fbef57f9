// The meta-scratchpad (evolve.md §12): every `interval` evaluated programs (correct or not), three
// LLM steps turn the recent results into (1) short per-program summaries, (2) a running insights
// document (what worked, what did not, implementation lessons, performance analysis; merged with
// the previous one, best program in front, no advice) and (3) a numbered list of recommendations.
// Proposals then get one recommendation each (sampled) or all of them. State goes through a
// get/set callback (the runner passes the database's metadata store), so a resumed run keeps it.
import { z } from "zod";
import type { ChatMessage } from "../llm/types.js";
import type { Random } from "../random.js";

export interface ScratchpadProgram {
  id: string;
  name?: string;
  code: string;
  combined_score: number;
  correct: boolean;
  text_feedback?: string;
  public_metrics?: Record<string, unknown>;
  generation?: number;
}

export type ScratchpadChat = (messages: ChatMessage[]) => Promise<{ content: string; cost_usd: number }>;

export interface ScratchpadStore {
  get(key: string): unknown;
  set(key: string, value: unknown): void;
}

export interface MetaScratchpadOptions {
  chat: ScratchpadChat;
  store: ScratchpadStore;
  /** meta_rec_interval: evaluations between updates (default 10). */
  interval?: number;
  /** meta_max_recommendations (default 5). */
  max_recommendations?: number;
  /** sample_single_meta_rec (default true): one recommendation per proposal. */
  sample_single?: boolean;
  /** Receives meta_<processed_count>.txt after each update. */
  write_file?: (name: string, text: string) => void | Promise<void>;
  /** The task's description, so the model knows what is being optimised. */
  task_description?: string;
}

const CODE_CHARS = 6000;
const STATE_KEY = "meta_scratchpad";

const pendingSchema = z.object({
  id: z.string(),
  name: z.string().optional(),
  code: z.string(),
  combined_score: z.number().nullable().transform((v) => v ?? Number.NaN),
  correct: z.boolean(),
  text_feedback: z.string().optional(),
  public_metrics: z.record(z.string(), z.unknown()).optional(),
  generation: z.number().optional(),
});

const stateSchema = z.object({
  processed_count: z.number().int().nonnegative(),
  pending: z.array(pendingSchema),
  summaries: z.array(z.string()),
  insights: z.string(),
  recommendations: z.array(z.string()),
  cost_usd: z.number().nonnegative(),
  updates: z.number().int().nonnegative(),
});

export type ScratchpadState = z.infer<typeof stateSchema>;

function emptyState(): ScratchpadState {
  return { processed_count: 0, pending: [], summaries: [], insights: "", recommendations: [], cost_usd: 0, updates: 0 };
}

function describe(p: ScratchpadProgram, withCode: boolean): string {
  const lines = [
    `### ${p.name ?? p.id} (id ${p.id}${p.generation !== undefined ? `, generation ${p.generation}` : ""})`,
    `combined_score: ${Number.isFinite(p.combined_score) ? p.combined_score : "n/a"}; ${p.correct ? "correct" : "INCORRECT"}`,
  ];
  if (p.public_metrics && Object.keys(p.public_metrics).length > 0) lines.push(`public metrics: ${JSON.stringify(p.public_metrics).slice(0, 600)}`);
  if (p.text_feedback) lines.push(`evaluator feedback: ${p.text_feedback.slice(0, 800)}`);
  if (withCode) lines.push("```", p.code.slice(0, CODE_CHARS), "```");
  return lines.join("\n");
}

/** Numbered items ("1. ...", "2) ...") of a reply, each with its continuation lines. */
export function parseNumberedList(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split("\n")) {
    const start = /^\s*(?:\*\*)?(\d+)[.)](?:\*\*)?\s+(.*)$/.exec(line);
    if (start) items.push(start[2]!.trim());
    else if (items.length > 0 && line.trim() !== "" && !/^\s*#/.test(line)) items[items.length - 1] += ` ${line.trim()}`;
  }
  return items.filter((i) => i !== "");
}

export class MetaScratchpad {
  private state: ScratchpadState;
  private readonly interval: number;
  private readonly maxRecommendations: number;
  private readonly sampleSingle: boolean;
  private inFlight: Promise<number> | null = null;

  constructor(private readonly options: MetaScratchpadOptions) {
    this.interval = options.interval ?? 10;
    this.maxRecommendations = options.max_recommendations ?? 5;
    this.sampleSingle = options.sample_single ?? true;
    if (!Number.isInteger(this.interval) || this.interval < 1) throw new RangeError(`interval: must be an integer >= 1, got ${this.interval}`);
    if (!Number.isInteger(this.maxRecommendations) || this.maxRecommendations < 1) {
      throw new RangeError(`max_recommendations: must be an integer >= 1, got ${this.maxRecommendations}`);
    }
    const saved = options.store.get(STATE_KEY);
    const parsed = saved === undefined || saved === null ? null : stateSchema.safeParse(saved);
    if (parsed && !parsed.success) throw new TypeError(`meta scratchpad state in the store is malformed: ${parsed.error.issues[0]?.message}`);
    this.state = parsed?.data ?? emptyState();
  }

  snapshot(): ScratchpadState {
    return structuredClone(this.state);
  }

  get recommendations(): readonly string[] {
    return this.state.recommendations;
  }

  get insights(): string {
    return this.state.insights;
  }

  get cost_usd(): number {
    return this.state.cost_usd;
  }

  private persist(): void {
    this.options.store.set(STATE_KEY, this.state);
  }

  /** Records one evaluated program; true when enough have been seen for an update. */
  record(program: ScratchpadProgram): boolean {
    this.state.pending.push({ ...program, code: program.code.slice(0, CODE_CHARS) });
    this.persist();
    return this.due();
  }

  due(): boolean {
    return this.state.pending.length >= this.interval;
  }

  /**
   * Runs the three steps if an update is due and none is running; resolves to the cost spent
   * (0 when nothing ran). A failed step leaves the pending programs for the next try.
   */
  maybeUpdate(best: ScratchpadProgram | undefined): Promise<number> {
    if (this.inFlight || !this.due()) return this.inFlight ?? Promise.resolve(0);
    this.inFlight = this.update(best).finally(() => {
      this.inFlight = null;
    });
    return this.inFlight;
  }

  private async ask(system: string, user: string): Promise<{ content: string; cost: number }> {
    const reply = await this.options.chat([
      { role: "system", content: system },
      { role: "user", content: user },
    ]);
    if (reply.content.trim() === "") throw new Error("the meta model returned an empty reply");
    return { content: reply.content.trim(), cost: reply.cost_usd };
  }

  private async update(best: ScratchpadProgram | undefined): Promise<number> {
    const batch = this.state.pending.slice();
    const task = this.options.task_description ? `The task: ${this.options.task_description.trim()}\n\n` : "";
    const system = `${task}You analyse the results of an evolutionary search over programs, where each program is scored by an automatic evaluator (higher combined_score is better).`;

    const summaries = await this.ask(
      system,
      [
        "For each program below, write one or two sentences: what it does, how it differs from a plain approach, how it scored and what the evaluator said. Start each with the program's name in bold.",
        "",
        ...batch.map((p) => describe(p, true)),
      ].join("\n"),
    );
    const insights = await this.ask(
      system,
      [
        "Maintain a concise insights document about this search. Use exactly four sections, each with two to four bullet points:",
        "## Successful algorithmic patterns",
        "## Ineffective approaches",
        "## Implementation insights",
        "## Performance analysis",
        "Merge the previous document with the new evidence (keep what still holds, correct what the new results contradict). Put the best program's approach up front. Describe; do not give advice here.",
        "",
        "# Previous insights",
        this.state.insights || "(none yet)",
        "",
        "# Newly evaluated programs",
        summaries.content,
        "",
        "# Best program so far",
        best ? describe(best, true) : "(none yet)",
      ].join("\n"),
    );
    const recommendations = await this.ask(
      system,
      [
        `Write exactly ${this.maxRecommendations} recommendations for the next programs, as a numbered list (1. ... 2. ...).`,
        "Each must be specific and actionable, follow from the evidence below, and differ from the others. Build on the best program. Never suggest changing, probing or working around the evaluator.",
        "",
        "# Insights",
        insights.content,
        "",
        "# Best program so far",
        best ? describe(best, true) : "(none yet)",
      ].join("\n"),
    );
    const items = parseNumberedList(recommendations.content).slice(0, this.maxRecommendations);
    const cost = summaries.cost + insights.cost + recommendations.cost;

    this.state.processed_count += batch.length;
    this.state.pending = this.state.pending.slice(batch.length);
    this.state.summaries.push(summaries.content);
    this.state.insights = insights.content;
    this.state.recommendations = items.length > 0 ? items : [recommendations.content];
    this.state.cost_usd += cost;
    this.state.updates++;
    this.persist();
    await this.options.write_file?.(
      `meta_${this.state.processed_count}.txt`,
      ["# Program summaries", summaries.content, "", "# Insights", insights.content, "", "# Recommendations", ...this.state.recommendations.map((r, i) => `${i + 1}. ${r}`), ""].join("\n"),
    );
    return cost;
  }

  /** The recommendation text for one proposal: one sampled item, or all (sample_single false). */
  sampleRecommendation(rng: Random): string | undefined {
    const items = this.state.recommendations;
    if (items.length === 0) return undefined;
    if (!this.sampleSingle) return items.map((r, i) => `${i + 1}. ${r}`).join("\n");
    return rng.choice(items);
  }
}
