// Run health (evolve.md §13 "Timing and health"): a hung job is an evaluation still running past
// its timeout plus the kill grace (and some slack), which means even SIGKILL has not ended it; a
// stuck system is a run in which nothing has completed for stall_timeout_s. Both are reported,
// never acted on here: the runner logs them, records them in generation_event_log and the report.
// The clock is injected so tests need no real waiting.

export interface HealthEvent {
  kind: "hung_job" | "stalled";
  /** The hung job's generation; null for a stall. */
  generation: number | null;
  /** Unix seconds when detected. */
  at: number;
  message: string;
}

export interface HealthMonitorOptions {
  stall_timeout_ms: number;
  /** Milliseconds since the epoch (default Date.now). */
  now?: () => number;
}

export class HealthMonitor {
  private readonly now: () => number;
  private readonly jobs = new Map<number, { started: number; deadline: number; reported: boolean }>();
  private lastProgress: number;
  private lastStallReport = -Infinity;

  constructor(private readonly options: HealthMonitorOptions) {
    if (!(options.stall_timeout_ms > 0)) throw new RangeError(`stall_timeout_ms must be > 0, got ${options.stall_timeout_ms}`);
    this.now = options.now ?? Date.now;
    this.lastProgress = this.now();
  }

  /** An evaluation started; it counts as hung once it runs longer than limit_ms. */
  jobStarted(generation: number, limit_ms: number): void {
    const started = this.now();
    this.jobs.set(generation, { started, deadline: started + limit_ms, reported: false });
  }

  jobEnded(generation: number): void {
    this.jobs.delete(generation);
  }

  /** Something completed (an evaluation stored, a proposal failed): the run is moving. */
  progress(): void {
    this.lastProgress = this.now();
  }

  get inFlight(): number {
    return this.jobs.size;
  }

  /** New findings since the last check: each hung job once, a stall once per stall_timeout. */
  check(): HealthEvent[] {
    const now = this.now();
    const events: HealthEvent[] = [];
    for (const [generation, job] of this.jobs) {
      if (job.reported || now <= job.deadline) continue;
      job.reported = true;
      const seconds = Math.round((now - job.started) / 1000);
      events.push({ kind: "hung_job", generation, at: now / 1000, message: `generation ${generation}: evaluation still running after ${seconds} s, past its timeout and kill grace` });
    }
    const idle = now - this.lastProgress;
    const stall = this.options.stall_timeout_ms;
    if (idle >= stall && now - this.lastStallReport >= stall) {
      this.lastStallReport = now;
      const running = [...this.jobs.keys()].sort((a, b) => a - b);
      events.push({
        kind: "stalled",
        generation: null,
        at: now / 1000,
        message: `no evaluation or proposal completed for ${Math.round(idle / 1000)} s (stall_timeout_s ${stall / 1000}); ${running.length ? `evaluations running: generations ${running.join(", ")}` : "no evaluation running"}`,
      });
    }
    return events;
  }
}
