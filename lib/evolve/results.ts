// The results directory of a run (evolve.md §3.4). Everything a run needs to resume or to be
// inspected lives here; files that describe state are written atomically (temp file + rename)
// so that a kill at any instant leaves either the old or the new version.
import { existsSync, mkdirSync, readFileSync, renameSync, writeFileSync } from "node:fs";
import { join, resolve } from "node:path";

export const DATABASE_FILE = "programs.sqlite";

export class ResultsDir {
  readonly root: string;

  constructor(root: string) {
    this.root = resolve(root);
  }

  get database(): string {
    return join(this.root, DATABASE_FILE);
  }
  /** The run's configuration, as resolved at its start (resume reads it back). */
  get configFile(): string {
    return join(this.root, "run_config.json");
  }
  get banditState(): string {
    return join(this.root, "bandit_state.json");
  }
  get pricingSnapshot(): string {
    return join(this.root, "pricing_snapshot.json");
  }
  get log(): string {
    return join(this.root, "evolution_run.log");
  }
  get report(): string {
    return join(this.root, "report.html");
  }
  get bestDir(): string {
    return join(this.root, "best");
  }
  generationDir(generation: number): string {
    return join(this.root, `gen_${generation}`);
  }
  /** Where the evaluator writes metrics.json, correct.json and its logs. */
  generationResults(generation: number): string {
    return join(this.generationDir(generation), "results");
  }
  programFile(generation: number, extension: string): string {
    return join(this.generationDir(generation), `main${extension}`);
  }
  /** What the runner needs to evaluate and store a candidate again after a crash. */
  proposalFile(generation: number): string {
    return join(this.generationDir(generation), "proposal.json");
  }
  failureFile(generation: number): string {
    return join(this.generationDir(generation), "failure.json");
  }

  /** True when the directory already holds a run (its database). */
  holdsRun(): boolean {
    return existsSync(this.database);
  }

  create(): void {
    mkdirSync(this.root, { recursive: true });
  }

  appendLog(line: string): void {
    try {
      writeFileSync(this.log, `${new Date().toISOString()} ${line}\n`, { flag: "a" });
    } catch {
      // The log is a convenience; a full disk must not stop the run here (the database write will say so).
    }
  }
}

/** Writes a file so that readers see either the old or the new contents, never a torn one. */
export function writeAtomic(path: string, contents: string): void {
  const temp = `${path}.tmp-${process.pid}`;
  writeFileSync(temp, contents);
  renameSync(temp, path);
}

/** JSON with non-finite numbers as the strings "NaN", "Infinity", "-Infinity" (§3.4 bandit state). */
export function writeJsonAtomic(path: string, value: unknown): void {
  writeAtomic(
    path,
    `${JSON.stringify(value, (_key, v) => (typeof v === "number" && !Number.isFinite(v) ? String(v) : v), 2)}\n`,
  );
}

export function readJsonFile(path: string): unknown {
  return JSON.parse(readFileSync(path, "utf8"));
}
