// The meta-scratchpad (evolve.md §12): every `interval` evaluated programs (correct or not), three
// LLM steps through a chat callback: (1) short summaries of the programs evaluated since the last
// update, (2) a merged insights scratchpad, (3) numbered recommendations. The state goes through
// get/set callbacks (the runner passes the database's metadata store), so a resumed run keeps it.
import { z } from "zod";
import type { ChatMessage } from "../../llm/types.js";
import type { Random } from "../../random.js";
import type { StoredProgram } from "../store.js";

export type ScratchpadChat = (messages: ChatMessage[]) => Promise<{ content: string; cost_usd?: number }>;

const stateSchema = z.object({
  processed_count: z.number().int().min(0),
  /** Programs evaluated since the last update, as short records. */
  pending: z.array(z.string()),
  summaries: z.array(z.string()),
  insights: z.string(),
  recommendations: z.array(z.string()),
  cost_usd: z.number().min(0),
  updates: z.number().int().min(0),
});

export type ScratchpadState = z.infer<typeof stateSchema>;

export interface MetaScratchpadOptions {
  /** meta_rec_interval: evaluated programs between updates. */
  interval: number;
  /** meta_max_recommendations. */
  max_recommendations: number;
  chat: ScratchpadChat;
  load: () => unknown;
  save: (state: ScratchpadState) => void;
  /** The task's description, so the model knows what is being optimised. */
  task_description?: string;
  /** Called with each update's text (e.g. to write meta_<count>.txt). */
  on_update?: (processed_count: number, text: string) => void;
  /** false: every recommendation in each prompt (sample_single_meta_rec = false). */
  single_recommendation?: boolean;
}

const EMPTY: ScratchpadState = { processed_count: 0, pending: [], summaries: [], insights: "", recommendations: [], cost_usd: 0, updates: 0 };

function describe(program: StoredProgram): string {
  const name = typeof program.metadata.patch_name === "string" ? program.metadata.patch_name : program.id;
  const what = typeof program.metadata.patch_description === "string" ? program.metadata.patch_description : "";
  const error = typeof program.metadata.error === "string" ? ` error: ${program.metadata.error.slice(0, 300)}` : "";
  return [
    `Program ${name} (generation ${program.generation}): combined_score ${program.combined_score}, ${program.correct ? "valid" : "invalid"}.${error}`,
    what ? `Intended change: ${what.slice(0, 500)}` : "",
    program.text_feedback ? `Feedback: ${program.text_feedback.slice(0, 500)}` : "",
    program.code_diff ? `Diff:\n${program.code_diff.slice(0, 1500)}` : "",
  ]
    .filter(Boolean)
    .join("\n");
}

/** Numbered items ("1. ...", "2) ...") of a reply, continuation lines joined. */
export function parseNumbered(text: string): string[] {
  const items: string[] = [];
  for (const line of text.split("\n")) {
    const start = /^\s*(\d+)[.)]\s+(.*)$/.exec(line);
    if (start) items.push(start[2]!.trim());
    else if (items.length > 0 && line.trim() !== "") items[items.length - 1] += ` ${line.trim()}`;
  }
  return items.filter((item) => item !== "");
}

export class MetaScratchpad {
  private state: ScratchpadState;
  private running: Promise<void> = Promise.resolve();
  private best: StoredProgram | undefined;

  constructor(private readonly options: MetaScratchpadOptions) {
    if (!Number.isInteger(options.interval) || options.interval < 1) throw new RangeError("interval must be an integer >= 1");
    if (!Number.isInteger(options.max_recommendations) || options.max_recommendations < 1) throw new RangeError("max_recommendations must be an integer >= 1");
    const saved = stateSchema.safeParse(options.load());
    this.state = saved.success ? saved.data : { ...EMPTY };
  }

  snapshot(): ScratchpadState {
    return structuredClone(this.state);
  }

  recommendations(): string[] {
    return [...this.state.recommendations];
  }

  /** One uniformly chosen recommendation (all of them when single_recommendation is false). */
  sampleRecommendation(rng: Random): string | undefined {
    const recs = this.state.recommendations;
    if (recs.length === 0) return undefined;
    if (this.options.single_recommendation === false) return recs.map((r, i) => `${i + 1}. ${r}`).join("\n");
    return recs[rng.int(recs.length)];
  }

  sample(rng: Random): string | undefined {
    return this.sampleRecommendation(rng);
  }

  /** Records one evaluated program; every `interval`-th starts an update (awaited by the caller or flush()). */
  onEvaluated(program: StoredProgram): Promise<void> {
    if (program.correct && (!this.best || program.combined_score > this.best.combined_score)) this.best = program;
    this.state.pending.push(describe(program));
    this.state.processed_count += 1;
    this.options.save(this.snapshot());
    if (this.state.processed_count % this.options.interval !== 0) return this.running;
    this.running = this.running.then(() => this.update());
    return this.running;
  }

  flush(): Promise<void> {
    return this.running;
  }

  private async ask(system: string, user: string): Promise<string> {
    const reply = await this.options.chat([
      { role: "system", content: system },
      { role: "user", content: user },
    ]);
    this.state.cost_usd += reply.cost_usd ?? 0;
    return reply.content.trim();
  }

  private async update(): Promise<void> {
    const pending = this.state.pending.slice();
    if (pending.length === 0) return;
    const role = `You keep the research notes of an automated search that evolves programs.${this.options.task_description ? `\nThe task:\n${this.options.task_description.trim()}` : ""}`;
    const best = this.best ? `\n\nThe best valid program so far:\n${describe(this.best)}\n\`\`\`\n${this.best.code.slice(0, 6000)}\n\`\`\`` : "";
    const summaries = await this.ask(
      role,
      `Summarise each program below in one or two sentences: its name, what it implements, how it scored, and what the evaluator said.\n\n${pending.join("\n\n")}`,
    );
    const insights = await this.ask(
      role,
      [
        "Update the notes below with the new summaries. Keep four sections, each with two to four bullet points:",
        "## Successful algorithmic patterns\n## Ineffective approaches\n## Implementation insights\n## Performance analysis",
        "Merge the previous notes rather than dropping them, give the best program prominence, and do not write recommendations here.",
        `Previous notes:\n${this.state.insights || "(none yet)"}`,
        `New summaries:\n${summaries}${best}`,
      ].join("\n\n"),
    );
    const recommendations = await this.ask(
      role,
      [
        `From the notes below, write exactly ${this.options.max_recommendations} numbered recommendations for the next changes to try.`,
        "Each must be specific and actionable, grounded in the evidence, different from the others, and informed by the best program. Never suggest changing the evaluator or how the score is computed.",
        `Notes:\n${insights}${best}`,
      ].join("\n\n"),
    );
    const parsed = parseNumbered(recommendations).slice(0, this.options.max_recommendations);
    this.state = {
      ...this.state,
      pending: this.state.pending.slice(pending.length),
      summaries: [...this.state.summaries, summaries].slice(-20),
      insights,
      recommendations: parsed.length > 0 ? parsed : this.state.recommendations,
      updates: this.state.updates + 1,
    };
    this.options.save(this.snapshot());
    this.options.on_update?.(this.state.processed_count, `# Summaries\n${summaries}\n\n# Insights\n${insights}\n\n# Recommendations\n${recommendations}\n`);
  }
}
