// The local scheduler's settings for an evaluator process (evolve.md §14): numeric thread caps in
// its environment, and an optional environment to activate first (a script to source, or a conda
// environment), never both. The process itself runs in the sandbox (sandbox.ts), whose timeout
// signals the whole process group with SIGTERM, then SIGKILL after the grace period.

export interface LocalSchedulerOptions {
  /** OMP/OPENBLAS/MKL/NUMEXPR/... threads for the evaluator (Shinka's numeric_threads_per_job). */
  numeric_threads_per_job?: number;
  /** A shell script sourced before the evaluator runs (e.g. a virtualenv's bin/activate). */
  activate_script?: string | null;
  /** A conda environment the evaluator runs in (`conda run -n ENV`). */
  conda_env?: string | null;
}

/** Every common numeric library's thread variable, so one evaluation uses the cores it was given. */
export const THREAD_VARIABLES = [
  "OMP_NUM_THREADS",
  "OPENBLAS_NUM_THREADS",
  "MKL_NUM_THREADS",
  "NUMEXPR_NUM_THREADS",
  "NUMEXPR_MAX_THREADS",
  "VECLIB_MAXIMUM_THREADS",
  "BLIS_NUM_THREADS",
] as const;

/** Throws a TypeError/RangeError naming the setting when the options cannot be honoured. */
export function checkSchedulerOptions(options: LocalSchedulerOptions): void {
  const threads = options.numeric_threads_per_job;
  if (threads !== undefined && !(Number.isInteger(threads) && threads >= 1)) {
    throw new RangeError(`numeric_threads_per_job must be an integer >= 1, got ${threads}`);
  }
  if (options.activate_script && options.conda_env) {
    throw new TypeError("activate_script and conda_env are mutually exclusive: set one of them, not both");
  }
  for (const key of ["activate_script", "conda_env"] as const) {
    const value = options[key];
    if (value !== undefined && value !== null && (typeof value !== "string" || value === "")) throw new TypeError(`${key} must be a non-empty string or null`);
  }
}

export function threadCapEnv(threads = 1): Record<string, string> {
  const value = String(threads);
  return Object.fromEntries(THREAD_VARIABLES.map((name) => [name, value]));
}

/** The conda executable: CONDA_EXE, which `conda init` exports, else conda from PATH. */
export function condaExecutable(env: NodeJS.ProcessEnv = process.env): string {
  return env.CONDA_EXE || "conda";
}

// Sources $1 (failing loudly if it cannot), then replaces itself with the command that follows.
const ACTIVATE = 'script="$1"; shift; . "$script" || { echo "tansaku: cannot source activate_script $script" >&2; exit 126; }; exec "$@"';

/** The command line that runs `command args` inside the configured environment. */
export function activatedCommand(options: LocalSchedulerOptions, command: string, args: readonly string[]): { command: string; args: string[] } {
  checkSchedulerOptions(options);
  if (options.activate_script) return { command: "bash", args: ["-c", ACTIVATE, "tansaku-activate", options.activate_script, command, ...args] };
  if (options.conda_env) return { command: condaExecutable(), args: ["run", "--no-capture-output", "-n", options.conda_env, command, ...args] };
  return { command, args: [...args] };
}
