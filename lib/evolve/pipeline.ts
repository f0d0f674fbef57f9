// The asynchronous pipeline (evolve.md §2, §13). A job is one generation ID: it is claimed
// (the claim persists the next ID first, so an ID is never handed out twice, even across a crash),
// proposed, then evaluated and stored. At most `max_proposal_jobs` jobs are in flight from claim
// to storage, and at most `max_evaluation_jobs` of them evaluate at once; with both at 1 the run is
// the sequential loop in which every proposal sees every earlier result.

export interface PipelineJobs<C> {
  /** The next generation ID, or null when none may start (cap, budget). Called synchronously. */
  claim(): number | null;
  /** Produces a candidate, or null for a terminal failed proposal (recorded by the callee). */
  propose(generation: number): Promise<C | null>;
  /** Evaluates and stores a candidate. */
  evaluate(candidate: C): Promise<void>;
  /** An unexpected error in a job; the job is dropped and the run goes on. */
  onError(generation: number, stage: "propose" | "evaluate", error: unknown): void;
}

export interface PipelineLimits {
  max_proposal_jobs: number;
  max_evaluation_jobs: number;
}

/** A counting semaphore; waiters are served first come, first served. */
export class Semaphore {
  private readonly waiters: (() => void)[] = [];
  constructor(private free: number) {}

  async acquire(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    await new Promise<void>((resolve) => this.waiters.push(resolve));
  }

  release(): void {
    const next = this.waiters.shift();
    if (next) next();
    else this.free += 1;
  }
}

export class Pipeline<C> {
  private stopping = false;
  private readonly running = new Set<Promise<void>>();
  private readonly evaluationSlots: Semaphore;
  private inFlight = 0;
  private evaluating = 0;

  constructor(
    private readonly jobs: PipelineJobs<C>,
    private readonly limits: PipelineLimits,
  ) {
    if (!(limits.max_proposal_jobs >= 1) || !(limits.max_evaluation_jobs >= 1)) {
      throw new RangeError("max_proposal_jobs and max_evaluation_jobs must be >= 1");
    }
    this.evaluationSlots = new Semaphore(limits.max_evaluation_jobs);
  }

  /** Jobs between claim and storage. */
  get jobsInFlight(): number {
    return this.inFlight;
  }

  get evaluationsRunning(): number {
    return this.evaluating;
  }

  get stopped(): boolean {
    return this.stopping;
  }

  /** Stop claiming new generations; jobs in flight finish (drain). */
  stop(): void {
    this.stopping = true;
  }

  /**
   * Runs until no job may start and every job has finished. `pending` candidates (proposed before a
   * crash, never stored) are evaluated first; they count against the in-flight limit like any job.
   */
  async run(pending: C[] = []): Promise<void> {
    const queue = [...pending];
    for (;;) {
      while (this.inFlight < this.limits.max_proposal_jobs && !this.stopping) {
        const resumed = queue.shift();
        if (resumed !== undefined) {
          this.start(this.evaluateJob(resumed));
          continue;
        }
        const generation = this.jobs.claim();
        if (generation === null) break;
        this.start(this.proposeJob(generation));
      }
      if (this.running.size === 0) return;
      await Promise.race(this.running);
    }
  }

  private start(job: Promise<void>): void {
    this.inFlight += 1;
    const tracked = job.finally(() => {
      this.inFlight -= 1;
      this.running.delete(tracked);
    });
    this.running.add(tracked);
  }

  private async proposeJob(generation: number): Promise<void> {
    let candidate: C | null;
    try {
      candidate = await this.jobs.propose(generation);
    } catch (error) {
      this.jobs.onError(generation, "propose", error);
      return;
    }
    if (candidate !== null) await this.evaluateJob(candidate, generation);
  }

  private async evaluateJob(candidate: C, generation = -1): Promise<void> {
    await this.evaluationSlots.acquire();
    this.evaluating += 1;
    try {
      await this.jobs.evaluate(candidate);
    } catch (error) {
      this.jobs.onError(generation, "evaluate", error);
    } finally {
      this.evaluating -= 1;
      this.evaluationSlots.release();
    }
  }
}
