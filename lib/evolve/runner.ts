// The evolution loop (evolve.md §2): generation 0, then proposals through the async pipeline
// (§13), each one: choose a model (bandit), parent and inspirations, ask for a patch, apply it
// (one Reflexion retry budget), reject it when not novel, write its generation directory, evaluate
// it in the sandbox and store it. Every generation ID is claimed and persisted before its
// proposal starts, so none is handed out twice, and none at or above num_generations. A
// candidate's directory holds proposal.json before it is evaluated, so a run killed mid-way can
// evaluate it again on resume: nothing evaluated is lost.
import { existsSync, mkdirSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { randomUUID } from "node:crypto";
import { join } from "node:path";
import { LlmError } from "../llm/errors.js";
import type { ModelSampler } from "../llm/bandit/sampler.js";
import type { Embedder } from "../llm/embed/embedder.js";
import type { ChatMessage, LlmReply } from "../llm/types.js";
import { Random } from "../random.js";
import { exportBest } from "./best.js";
import type { EvolveConfig } from "./config.js";
import { codeMetrics } from "./code-metrics.js";
import { embeddingMap } from "./embedding-map.js";
import { evaluateCandidate, type EvaluationResult } from "./evaluate.js";
import { type HealthEvent, HealthMonitor } from "./health.js";
import type { Mutator } from "./mutator.js";
import type { PatchTools, PatchType } from "./patch-tools.js";
import { chatJudge, checkNovelty, maxSimilarity } from "./novelty.js";
import { Pipeline } from "./pipeline.js";
import { buildReportData } from "./report-data.js";
import { renderReport } from "./report.js";
import { ResultsDir, writeAtomic, writeJsonAtomic } from "./results.js";
import type { EvolutionStore, ParentChoice, StoredProgram } from "./store.js";
import type { Task } from "./task.js";

/** The candidate handed from proposal to evaluation; also what proposal.json holds. */
export interface Candidate {
  generation: number;
  source_job_id: string;
  parent_id: string;
  island: number;
  archive_inspiration_ids: string[];
  top_k_inspiration_ids: string[];
  code: string;
  code_diff: string;
  embedding: number[] | null;
  metadata: Record<string, unknown>;
  /** When the proposal started (ms since the epoch), for pipeline_seconds. */
  started_ms: number;
}

export interface Progress {
  generation: number;
  num_generations: number;
  evaluations: number;
  valid_evaluations: number;
  failed_proposals: number;
  best_score: number | null;
  initial_score: number | null;
  cost_usd: number;
  in_flight: number;
}

export interface RunSummary {
  initial_score: number | null;
  best_score: number | null;
  best_program: string | null;
  evaluations: number;
  valid_evaluations: number;
  results_dir: string;
  failed_proposals: number;
  total_cost_usd: number;
  generations_handed_out: number;
  stop_reason: "generations" | "budget" | "interrupted";
}

export interface RunnerParts {
  task: Task;
  config: EvolveConfig;
  results: ResultsDir;
  store: EvolutionStore;
  mutator: Mutator;
  sampler: ModelSampler;
  embedder: Embedder;
  patches: PatchTools;
  /** Realised LLM cost so far and the budget check (§15). */
  costs: {
    total_usd(): number;
    exhausted(): boolean;
    by_model(): Record<string, { calls: number; input_tokens: number; output_tokens: number; cost_usd: number }>;
    /** Persists the cost totals (resume restores them). */
    save(): void;
  };
  /** The meta-scratchpad (§12): told of every stored program, asked for one recommendation per proposal. */
  scratchpad?: Scratchpad;
  onProgress?: (progress: Progress) => void;
  log?: (line: string) => void;
}

export interface Scratchpad {
  /** Called after each stored program; may run its LLM steps (the runner does not wait for them). */
  onEvaluated(program: StoredProgram): Promise<void> | void;
  /** One recommendation for a prompt, or undefined when there is none yet. */
  sample(rng: Random): string | undefined;
  /** Waits for work in progress (end of run). */
  flush?(): Promise<void>;
}

class TerminalFailure extends Error {
  constructor(
    readonly stage: "llm" | "patch" | "novelty" | "budget",
    message: string,
    readonly details: Record<string, unknown> = {},
  ) {
    super(message);
  }
}

const META = {
  next: "next_generation",
  failures: "failed_proposals",
  initial: "initial_score",
  evaluations: "evaluation_order",
  embeddingMap: "embedding_map",
  health: "health_events",
} as const;

/** Beyond timeout + kill grace, how long an evaluation may take to go before it counts as hung. */
const HUNG_SLACK_MS = 10_000;

/** The embedding map is recomputed after this many evaluations, or a tenth of the database if more. */
export const EMBEDDING_MAP_INTERVAL = 50;

/** A per-generation stream: the same seed and generation draw the same numbers, resume or not. */
export function generationRandom(seed: number, generation: number, stream = 0): Random {
  return new Random(seed * 2 ** 20 + generation * 8 + stream);
}

export class EvolutionRunner {
  private readonly pipeline: Pipeline<Candidate>;
  private stopReason: RunSummary["stop_reason"] = "generations";
  private evaluations: number;
  private validEvaluations: number;
  private failures: number;
  private sinceReport = 0;
  private activeProposals = 0;
  private proposalCosts: number[] = [];
  /** Evaluations when the embedding map was last computed. */
  private mappedAt: number;
  private readonly health: HealthMonitor;

  constructor(private readonly parts: RunnerParts) {
    const { config, store } = parts;
    this.pipeline = new Pipeline<Candidate>(
      {
        claim: () => this.claim(),
        propose: (g) => this.propose(g),
        evaluate: async (c) => {
          await this.evaluateAndStore(c);
        },
        onError: (g, stage, error) => this.unexpected(g, stage, error),
      },
      { max_proposal_jobs: config.max_proposal_jobs, max_evaluation_jobs: config.max_evaluation_jobs },
    );
    const programs = store.all().filter((p) => !p.metadata._is_island_copy);
    this.evaluations = programs.length;
    this.validEvaluations = programs.filter((p) => p.correct).length;
    this.failures = store.getMeta<number>(META.failures) ?? 0;
    this.mappedAt = store.getMeta<{ evaluations?: number }>(META.embeddingMap)?.evaluations ?? 0;
    // A run_config.json saved before these settings existed has none: the spec's defaults.
    this.health = new HealthMonitor({ stall_timeout_ms: (config.stall_timeout_s ?? 900) * 1000 });
  }

  /** Stop proposing; in-flight work drains. */
  stop(reason: RunSummary["stop_reason"] = "interrupted"): void {
    this.stopReason = reason;
    this.pipeline.stop();
  }

  get nextGeneration(): number {
    return this.parts.store.getMeta<number>(META.next) ?? 0;
  }

  async run(): Promise<RunSummary> {
    const { store, results } = this.parts;
    const pending = this.pendingCandidates();
    // A tenth of the stall timeout between health checks (at most 30 s); unref: never keeps the process alive.
    const healthTimer = setInterval(() => this.checkHealth(), Math.min(30_000, Math.max(500, (this.parts.config.stall_timeout_s ?? 900) * 100)));
    healthTimer.unref();
    try {
      if (this.nextGeneration === 0) await this.generationZero();
      else if (pending[0]?.generation === 0) {
        // Killed while generation 0 was evaluated: it runs alone, before anything else (it seeds the islands).
        const first = pending.shift()!;
        await this.evaluateAndStore(first);
      }
      if (pending.length > 0) this.log(`resume: evaluating ${pending.length} candidate(s) proposed before the interruption`);
      this.progress(this.nextGeneration);
      await this.pipeline.run(pending);
      await this.parts.scratchpad?.flush?.();
    } finally {
      clearInterval(healthTimer);
    }
    this.refreshEmbeddingMap(true);
    this.refreshOutputs();
    writeJsonAtomic(results.banditState, this.parts.sampler.toJSON());
    const best = store.best();
    const summary: RunSummary = {
      initial_score: store.getMeta<number | null>(META.initial) ?? null,
      best_score: best && best.correct ? best.combined_score : null,
      best_program: best && best.correct && existsSync(results.bestDir) ? join(results.bestDir, `main${this.parts.task.extension}`) : null,
      evaluations: this.evaluations,
      valid_evaluations: this.validEvaluations,
      results_dir: results.root,
      failed_proposals: this.failures,
      total_cost_usd: this.parts.costs.total_usd(),
      generations_handed_out: this.nextGeneration,
      stop_reason: this.stopReason,
    };
    this.log(`run ended (${summary.stop_reason}): ${JSON.stringify(summary)}`);
    return summary;
  }

  // ---- generation 0 ------------------------------------------------------------------------

  private async generationZero(): Promise<void> {
    const { task, results, store, sampler } = this.parts;
    // Claim 0 first: a crash during its evaluation leaves proposal.json, and resume evaluates it.
    const claimed = this.claim();
    if (claimed !== 0) throw new Error("generation 0 could not be claimed");
    const code = readFileSync(task.initial_program_path, "utf8");
    const candidate: Candidate = {
      generation: 0,
      source_job_id: `gen_0`,
      parent_id: "",
      island: 0,
      archive_inspiration_ids: [],
      top_k_inspiration_ids: [],
      code,
      code_diff: "",
      embedding: await this.embed(code),
      metadata: { patch_type: "init", patch_name: "initial_program", model_name: "initial", api_costs: 0 },
      started_ms: Date.now(),
    };
    this.writeCandidate(candidate, code, undefined);
    const program = await this.evaluateAndStore(candidate);
    this.log(`generation 0: ${program?.correct ? `score ${program.combined_score}` : `incorrect (${program?.metadata.error ?? "?"})`}`);
  }

  // ---- claiming IDs ------------------------------------------------------------------------

  private committedCost(): number {
    // §15: realised cost plus the active proposals at the running mean cost per proposal.
    const mean = this.proposalCosts.length ? this.proposalCosts.reduce((a, b) => a + b, 0) / this.proposalCosts.length : 0;
    return this.parts.costs.total_usd() + this.activeProposals * mean;
  }

  private claim(): number | null {
    const { config, store } = this.parts;
    const next = this.nextGeneration;
    if (next >= config.num_generations) return null;
    if (next > 0) {
      const budget = config.max_api_costs;
      if (this.parts.costs.exhausted() || (budget !== null && this.committedCost() >= budget)) {
        if (this.stopReason !== "interrupted") this.stopReason = "budget";
        return null;
      }
    }
    // Persisted before the proposal starts: after a crash this ID is a gap, never a duplicate.
    store.setMeta(META.next, next + 1);
    return next;
  }

  // ---- one proposal ------------------------------------------------------------------------

  private async propose(generation: number): Promise<Candidate | null> {
    const { config, mutator, sampler, store, patches, task } = this.parts;
    const started = Date.now();
    const rng = generationRandom(config.seed, generation);
    const model = sampler.select(rng);
    const kwargs = mutator.sampleKwargs(model, rng);
    this.activeProposals += 1;
    let cost = 0;
    let lastReply: LlmReply | undefined;
    try {
      let lastCandidate:
        | { choice: ParentChoice; code: string; applied: AppliedPatch; embedding: number[] | null; similarity: number; explanation: string }
        | undefined;
      let noveltyCost = 0;
      for (let novelty = 0; novelty < config.max_novelty_attempts; novelty++) {
        let found: { choice: ParentChoice; applied: AppliedPatch } | undefined;
        let lastError = "no patch was proposed";
        for (let resample = 0; resample < config.max_patch_resamples && !found; resample++) {
          const choice = store.choose(rng);
          const inspirations = [...choice.archive_inspirations, ...choice.top_k_inspirations];
          const patchType: PatchType = choice.fix_mode ? "fix" : patches.samplePatchType(config, inspirations.length > 0, rng);
          const partner = patchType === "cross" && inspirations.length > 0 ? rng.choice(inspirations) : undefined;
          const messages: ChatMessage[] = patches.buildMessages({
            patch_type: patchType,
            task,
            parent: choice.parent,
            archive_inspirations: choice.archive_inspirations,
            top_k_inspirations: choice.top_k_inspirations,
            crossover_partner: partner,
            recommendation: this.recommendation(rng),
            use_text_feedback: config.use_text_feedback,
            rng,
            prompt_budget_tokens: mutator.promptBudget?.(model, kwargs),
            warn: (message) => this.log(`generation ${generation}: ${model}: ${message}`),
          });
          for (let attempt = 0; attempt < config.max_patch_attempts; attempt++) {
            let reply: LlmReply;
            try {
              reply = await mutator.chat(model, messages, kwargs, rng);
            } catch (error) {
              if (error instanceof LlmError && error.kind === "budget") throw new TerminalFailure("budget", error.message);
              if (error instanceof LlmError) throw new TerminalFailure("llm", `${error.kind}: ${error.message}`, { kind: error.kind });
              throw error;
            }
            lastReply = reply;
            cost += reply.cost_usd;
            const applied = await patches.apply(choice.parent.code, reply.content, patchType, task);
            if (applied.ok && applied.code === choice.parent.code) {
              lastError = "the patch produced no change to the program";
            } else if (applied.ok) {
              found = { choice, applied: { ...applied, patch_type: patchType, reply } };
              break;
            } else {
              lastError = applied.error;
            }
            messages.push({ role: "assistant", content: reply.content }, { role: "user", content: patches.retryMessage(lastError) });
          }
        }
        if (!found) throw new TerminalFailure("patch", lastError);
        const { choice, applied } = found;
        const embedding = await this.embed(applied.code);
        const decision = embedding
          ? await this.noveltyDecision(applied.code, embedding, choice.island, rng)
          : { accepted: true, max_similarity: null, explanation: "no embedding", cost_usd: 0 };
        noveltyCost += decision.cost_usd;
        const similarity = decision.max_similarity ?? 0;
        lastCandidate = { choice, code: applied.code, applied, embedding, similarity, explanation: decision.explanation };
        if (decision.accepted) break;
        this.log(`generation ${generation}: candidate rejected as not novel (${decision.explanation})`);
        if (novelty === config.max_novelty_attempts - 1 && config.novelty_exhausted_policy === "fail") {
          throw new TerminalFailure("novelty", `not novel after ${config.max_novelty_attempts} attempts (max similarity ${similarity.toFixed(4)})`);
        }
      }
      const { choice, applied, embedding, similarity, explanation } = lastCandidate!;
      sampler.updateCost(model, cost);
      this.proposalCosts.push(cost);
      const candidate: Candidate = {
        generation,
        source_job_id: `gen_${generation}`,
        parent_id: choice.parent.id,
        island: choice.island,
        archive_inspiration_ids: choice.archive_inspirations.map((p) => p.id),
        top_k_inspiration_ids: choice.top_k_inspirations.map((p) => p.id),
        code: applied.code,
        code_diff: applied.diff,
        embedding,
        metadata: {
          patch_type: applied.patch_type,
          patch_name: applied.name,
          patch_description: applied.description,
          model_name: model,
          llm_kwargs: applied.reply.kwargs,
          api_costs: cost,
          embed_cost: 0,
          novelty_cost: noveltyCost,
          max_similarity: similarity,
          novelty_explanation: explanation,
          sampling_seconds: (Date.now() - started) / 1000,
        },
        started_ms: started,
      };
      this.writeCandidate(candidate, choice.parent.code, applied);
      return candidate;
    } catch (error) {
      if (!(error instanceof TerminalFailure)) throw error;
      sampler.updateCost(model, cost);
      this.proposalCosts.push(cost);
      this.recordFailure(generation, error.stage, error.message, { model, cost_usd: cost, ...error.details }, lastReply);
      if (error.stage === "budget") this.stop("budget");
      return null;
    } finally {
      this.activeProposals -= 1;
    }
  }

  private recommendation(rng: Random): string | undefined {
    return this.parts.scratchpad?.sample(rng);
  }

  private notifyScratchpad(program: StoredProgram): void {
    const pad = this.parts.scratchpad;
    if (!pad) return;
    // In the background: proposals never wait for the scratchpad's LLM steps (§2).
    void Promise.resolve()
      .then(() => pad.onEvaluated(program))
      .catch((error: unknown) => this.log(`meta-scratchpad update failed: ${(error as Error).message}`));
  }

  private async embed(code: string): Promise<number[] | null> {
    const text = this.parts.config.novelty_embed_scope === "mutable" ? this.parts.patches.mutableCode(code) : code.slice(0, 10_000);
    try {
      const { vectors } = await this.parts.embedder.embed([text]);
      return vectors[0] ?? null;
    } catch (error) {
      this.log(`embedding failed (${(error as Error).message}); novelty check skipped`);
      return null;
    }
  }

  /** §8: cosine against the parent's island; above the threshold, the judge (if configured) decides. */
  private async noveltyDecision(
    code: string,
    embedding: number[],
    island: number,
    rng: Random,
  ): Promise<{ accepted: boolean; max_similarity: number | null; explanation: string; cost_usd: number }> {
    const { config, store, mutator } = this.parts;
    const similarity = store.noveltySimilarity
      ? store.noveltySimilarity(island, embedding)
      : maxSimilarity(
          embedding,
          store.islandEmbeddings(island).filter((o) => o.embedding.length === embedding.length),
        );
    let cost = 0;
    const judgeModel = config.novelty_llm_models.length > 0 ? rng.choice(config.novelty_llm_models) : undefined;
    const judge = judgeModel
      ? chatJudge(async (messages) => {
          const reply = await mutator.chat(judgeModel, messages, mutator.sampleKwargs(judgeModel, rng), rng);
          cost += reply.cost_usd;
          return reply;
        })
      : undefined;
    const decision = await checkNovelty({
      candidate: { code, embedding },
      similarity,
      threshold: config.code_embed_sim_threshold,
      ...(judge ? { judge } : {}),
      lookup: (id) => store.get(id),
    });
    return { accepted: decision.accepted, max_similarity: decision.max_similarity, explanation: decision.explanation, cost_usd: cost };
  }

  // ---- generation directories --------------------------------------------------------------

  private writeCandidate(candidate: Candidate, parentCode: string, applied: AppliedPatch | undefined): void {
    const { results, task } = this.parts;
    const dir = results.generationDir(candidate.generation);
    mkdirSync(dir, { recursive: true });
    writeFileSync(results.programFile(candidate.generation, task.extension), candidate.code);
    writeFileSync(join(dir, `original${task.extension}`), parentCode);
    if (applied) {
      writeFileSync(join(dir, "edit.diff"), applied.diff);
      writeFileSync(join(dir, "llm_response.txt"), applied.reply.content);
      writeFileSync(join(dir, applied.patch_type === "diff" ? "search_replace.txt" : "rewrite.txt"), applied.reply.content);
    }
    // Last: its presence means the candidate is complete and can be evaluated again after a crash.
    writeJsonAtomic(results.proposalFile(candidate.generation), candidate);
  }

  private recordFailure(generation: number, stage: string, error: string, details: Record<string, unknown>, reply?: LlmReply): void {
    const { results, store } = this.parts;
    const dir = results.generationDir(generation);
    mkdirSync(dir, { recursive: true });
    if (reply) writeFileSync(join(dir, "llm_response.txt"), reply.content);
    writeJsonAtomic(results.failureFile(generation), { generation, stage, error, ...details, timestamp: Date.now() / 1000 });
    store.logAttempt(generation, stage, "failed", { error, ...details });
    this.failures += 1;
    this.health.progress();
    store.setMeta(META.failures, this.failures);
    this.parts.costs.save();
    this.log(`generation ${generation}: failed at ${stage}: ${error.split("\n")[0]}`);
    this.progress(generation);
  }

  /** Candidates written before a crash and never stored: evaluate them again (resume). */
  private pendingCandidates(): Candidate[] {
    const { results, store } = this.parts;
    const pending: Candidate[] = [];
    for (const entry of readdirSync(results.root)) {
      const match = /^gen_(\d+)$/.exec(entry);
      if (!match) continue;
      const generation = Number(match[1]);
      const file = results.proposalFile(generation);
      if (!existsSync(file) || existsSync(results.failureFile(generation))) continue;
      const candidate = JSON.parse(readFileSync(file, "utf8")) as Candidate;
      if (!store.hasJob(candidate.source_job_id)) pending.push(candidate);
    }
    return pending.sort((a, b) => a.generation - b.generation);
  }

  // ---- evaluation and storage --------------------------------------------------------------

  private async evaluateAndStore(candidate: Candidate): Promise<StoredProgram | undefined> {
    const { task, config, results, store, sampler } = this.parts;
    const evalStarted = Date.now();
    const programPath = results.programFile(candidate.generation, task.extension);
    if (!existsSync(programPath)) writeFileSync(programPath, candidate.code);
    const timeoutMs = config.eval_timeout_s ? config.eval_timeout_s * 1000 : task.timeout_ms;
    const killGraceMs = (config.kill_grace_s ?? 2) * 1000;
    this.health.jobStarted(candidate.generation, timeoutMs + killGraceMs + HUNG_SLACK_MS);
    let result: EvaluationResult;
    try {
      result = await evaluateCandidate({
        task,
        program_path: programPath,
        results_dir: results.generationResults(candidate.generation),
        timeout_ms: timeoutMs,
        ...(config.eval_memory_mb ? { memory_mb: config.eval_memory_mb } : {}),
        // The local scheduler (§14); absent from run configs saved before these settings existed.
        numeric_threads: config.numeric_threads_per_job ?? 1,
        activate_script: config.activate_script ?? null,
        conda_env: config.conda_env ?? null,
        kill_grace_ms: killGraceMs,
      });
    } finally {
      this.health.jobEnded(candidate.generation);
    }
    const evaluationSeconds = (Date.now() - evalStarted) / 1000;
    const metrics = codeMetrics(candidate.code, task.language);
    const program: StoredProgram = {
      id: randomUUID(),
      code: candidate.code,
      language: task.language,
      parent_id: candidate.parent_id || null,
      archive_inspiration_ids: candidate.archive_inspiration_ids,
      top_k_inspiration_ids: candidate.top_k_inspiration_ids,
      generation: candidate.generation,
      timestamp: Date.now() / 1000,
      code_diff: candidate.code_diff || null,
      combined_score: result.combined_score,
      public_metrics: result.public,
      private_metrics: result.private,
      text_feedback: result.text_feedback,
      correct: result.correct,
      children_count: 0,
      complexity: metrics.cyclomatic,
      embedding: candidate.embedding,
      island_idx: candidate.island,
      metadata: {
        ...candidate.metadata,
        ...(result.error ? { error: result.error } : {}),
        code_analysis_metrics: { ...metrics, complexity: metrics.cyclomatic, nesting: metrics.max_nesting },
        evaluation_seconds: evaluationSeconds,
        pipeline_seconds: (Date.now() - candidate.started_ms) / 1000,
        stdout_log: result.stdout_tail.slice(-config.max_stdout_log_chars),
      },
      source_job_id: candidate.source_job_id,
    };
    let inserted: boolean;
    if (candidate.generation === 0) {
      if (store.hasJob(candidate.source_job_id)) return store.best();
      store.seed(program);
      const initial = program.correct ? program.combined_score : null;
      store.setMeta(META.initial, initial);
      sampler.setBaseline(initial ?? 0);
      inserted = true;
    } else {
      let retried = false;
      inserted = await this.withRetries(
        () => store.add(program),
        () => (retried = true),
      );
      // A write that failed after it landed: the retry found it there, and it is ours.
      if (!inserted && retried && store.hasJob(candidate.source_job_id)) inserted = true;
    }
    if (!inserted) return undefined;
    this.health.progress();
    this.evaluations += 1;
    if (program.correct) this.validEvaluations += 1;
    const order = store.getMeta<number>(META.evaluations) ?? 0;
    store.setMeta(META.evaluations, order + 1);
    if (candidate.generation > 0) {
      const parent = store.get(candidate.parent_id);
      const model = String(candidate.metadata.model_name);
      if (sampler.models.includes(model)) {
        sampler.update(model, program.correct ? program.combined_score : null, parent?.correct ? parent.combined_score : null);
      }
      writeJsonAtomic(results.banditState, sampler.toJSON());
    }
    this.notifyScratchpad(program);
    this.parts.costs.save();
    this.refreshEmbeddingMap(false);
    this.sinceReport += 1;
    if (this.sinceReport >= config.report_interval || candidate.generation === 0) this.refreshOutputs();
    this.progress(candidate.generation);
    return program;
  }

  /**
   * A database write retried like upstream's db_retry (5 tries, 0.1 s doubling). The write is
   * idempotent on source_job_id, so a retry after a write that did land stores nothing twice. If
   * every try fails, the error propagates; the candidate's proposal.json stays, and resume
   * evaluates and stores it again.
   */
  private async withRetries<T>(write: () => T, onFailure: () => void): Promise<T> {
    let delay = 100;
    for (let attempt = 1; ; attempt++) {
      try {
        return write();
      } catch (error) {
        onFailure();
        if (attempt >= 5) throw error;
        this.log(`database write failed (${(error as Error).message}); retry ${attempt} in ${delay} ms`);
        await new Promise((resolve) => setTimeout(resolve, delay));
        delay *= 2;
      }
    }
  }

  /**
   * PCA (2-D, 3-D) and k-means clusters of the embeddings into the database's derived columns (§2:
   * at the end of a run, and periodically). The interval grows with the database, so the cost per
   * evaluation stays bounded (about 0.5 s for 1,000 512-d embeddings on one core).
   */
  private refreshEmbeddingMap(force: boolean): void {
    const { store, config } = this.parts;
    if (!store.setEmbeddingMap) return;
    const due = this.mappedAt + Math.max(EMBEDDING_MAP_INTERVAL, Math.floor(this.mappedAt / 10));
    if (!force && this.evaluations < due) return;
    if (force && this.mappedAt === this.evaluations && store.getMeta(META.embeddingMap) !== undefined) return;
    try {
      const started = performance.now();
      const map = embeddingMap(store.all(), { seed: config.seed });
      store.setEmbeddingMap(map.entries);
      this.mappedAt = this.evaluations;
      const seconds = (performance.now() - started) / 1000;
      store.setMeta(META.embeddingMap, {
        evaluations: this.evaluations,
        programs: map.entries.length,
        skipped: map.skipped,
        explained_variance_ratio: map.explained_variance_ratio,
        seconds,
      });
      this.log(`embedding map: ${map.entries.length} programs, PCA explains ${map.explained_variance_ratio.map((r) => r.toFixed(3)).join("/")}, ${seconds.toFixed(2)} s`);
    } catch (error) {
      this.log(`embedding map failed: ${(error as Error).message}`);
    }
  }

  /** §13: hung evaluations and a stuck run, into the log, generation_event_log and the report. */
  private checkHealth(): void {
    const events = this.health.check();
    if (events.length === 0) return;
    const { store } = this.parts;
    try {
      for (const event of events) {
        this.log(`health: ${event.kind}: ${event.message}`);
        store.logEvent?.(event.generation ?? -1, event.kind, event.generation === null ? null : `gen_${event.generation}`, { message: event.message });
      }
      const earlier = store.getMeta<HealthEvent[]>(META.health) ?? [];
      store.setMeta(META.health, [...earlier, ...events].slice(-100));
    } catch (error) {
      this.log(`health report failed: ${(error as Error).message}`);
    }
    this.refreshOutputs();
  }

  private refreshOutputs(): void {
    this.sinceReport = 0;
    const { results, store, task } = this.parts;
    try {
      const best = store.best();
      const svg = best ? exportBest(results, best, task) : undefined;
      const data = buildReportData(this.parts, { best_svg: svg, next_generation: this.nextGeneration });
      writeAtomic(results.report, renderReport(data));
    } catch (error) {
      this.log(`report refresh failed: ${(error as Error).message}`);
    }
  }

  private unexpected(generation: number, stage: string, error: unknown): void {
    const message = error instanceof Error ? (error.stack ?? error.message) : String(error);
    if (stage === "evaluate") {
      // Not a failed proposal: the candidate is intact in its directory and resume stores it.
      this.log(`generation ${generation}: could not be stored (${message.split("\n")[0]}); resume will evaluate it again`);
      return;
    }
    try {
      this.recordFailure(generation, stage, `internal error: ${message}`, {});
    } catch {
      this.log(`generation ${generation}: internal error at ${stage}: ${message}`);
    }
  }

  private progress(generation: number): void {
    const best = this.parts.store.best();
    this.parts.onProgress?.({
      generation,
      num_generations: this.parts.config.num_generations,
      evaluations: this.evaluations,
      valid_evaluations: this.validEvaluations,
      failed_proposals: this.failures,
      best_score: best && best.correct ? best.combined_score : null,
      initial_score: this.parts.store.getMeta<number | null>(META.initial) ?? null,
      cost_usd: this.parts.costs.total_usd(),
      in_flight: this.pipeline.jobsInFlight,
    });
  }

  private log(line: string): void {
    this.parts.results.appendLog(line);
    this.parts.log?.(line);
  }
}

interface AppliedPatch {
  code: string;
  name: string;
  description: string;
  diff: string;
  patch_type: PatchType;
  reply: LlmReply;
}

