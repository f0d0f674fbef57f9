// A one-line progress display on stderr: redrawn in place on a terminal, a line every few seconds
// otherwise (CI logs), silent when quiet.
export class ProgressLine {
  private lastPrint = 0;
  private readonly interactive: boolean;

  constructor(
    private readonly quiet: boolean,
    private readonly intervalMs = 5000,
  ) {
    this.interactive = Boolean(process.stderr.isTTY) && !process.env.CI;
  }

  update(fraction: number, text: string): void {
    if (this.quiet) return;
    if (this.interactive) {
      const width = 24;
      const filled = Math.round(Math.min(1, Math.max(0, fraction)) * width);
      process.stderr.write(`\r[${"#".repeat(filled)}${".".repeat(width - filled)}] ${text}\x1b[K`);
      return;
    }
    const now = Date.now();
    if (now - this.lastPrint >= this.intervalMs) {
      this.lastPrint = now;
      process.stderr.write(`${text}\n`);
    }
  }

  done(): void {
    if (!this.quiet && this.interactive) process.stderr.write("\n");
  }
}
