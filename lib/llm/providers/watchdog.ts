// A deadline that moves: the first one bounds the wait for the first token, every token then
// pushes it `gap_ms` ahead. When it passes, `onFire` aborts the request and `fired` says why.

export class StallWatchdog {
  private timer: NodeJS.Timeout | undefined;
  private firedReason: string | undefined;
  private tokens = 0;

  constructor(
    private readonly first_ms: number,
    private readonly gap_ms: number,
    private readonly onFire: () => void,
  ) {
    this.arm(first_ms, () => `no reply within the request timeout (${first_ms / 1000} s)`);
  }

  /** Why it fired (undefined while it has not). */
  get fired(): string | undefined {
    return this.firedReason;
  }

  /** Something arrived: the next deadline is gap_ms from now. */
  tick(): void {
    if (this.firedReason !== undefined) return;
    this.tokens++;
    const after = this.tokens;
    this.arm(this.gap_ms, () => `stream stalled: nothing for ${this.gap_ms / 1000} s after ${after} chunk(s)`);
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = undefined;
  }

  private arm(ms: number, reason: () => string): void {
    this.stop();
    this.timer = setTimeout(() => {
      this.firedReason = reason();
      this.onFire();
    }, ms);
  }
}
