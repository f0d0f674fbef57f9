// tansaku gridworld conform | bench: MiniGrid conformance replay and throughput.
import { writeFileSync } from "node:fs";
import { Command } from "commander";
import { EpisodeFileError, envIds, envSpec, makeVecEnv, miniGridBaseline, readEpisodes, replayEpisodes, runGridBench } from "../../gridworld/index.js";
import { DEVICES, type Device, resolveDevice } from "../../native/index.js";
import { CheckFailed, numberOption, UsageError } from "../errors.js";

function deviceOption(text: string): Device {
  if (!DEVICES.includes(text as Device)) throw new UsageError(`--device must be one of ${DEVICES.join(", ")}, got "${text}"`);
  return text as Device;
}

const OBS_KINDS = [
  "partial",
  "symbolic",
  "rgb-partial",
  "rgb-full",
  "navix-symbolic",
  "navix-symbolic-first-person",
  "navix-categorical",
  "navix-categorical-first-person",
  "none",
] as const;
type ObsKind = (typeof OBS_KINDS)[number];

function obsOption(text: string): ObsKind {
  if (!(OBS_KINDS as readonly string[]).includes(text)) {
    throw new UsageError(`--obs must be one of ${OBS_KINDS.join(", ")}, got "${text}"`);
  }
  return text as ObsKind;
}

function semanticsOption(text: string): "minigrid" | "navix" {
  if (text !== "minigrid" && text !== "navix") throw new UsageError(`--semantics must be minigrid or navix, got "${text}"`);
  return text;
}

function baselineOption(text: string): "minigrid" {
  if (text !== "minigrid") throw new UsageError(`--baseline must be minigrid, got "${text}"`);
  return text;
}

// The MiniGrid id a benchmark compares against: the id itself, or a Navix id's MiniGrid twin.
function miniGridTwin(id: string): string | null {
  if (envSpec(id).source === "minigrid") return id;
  const twin = id.replace(/^Navix-/, "MiniGrid-");
  return envIds().includes(twin) ? twin : null;
}

function conformCommand(): Command {
  return new Command("conform")
    .description("replay MiniGrid episodes (JSON lines, gzipped or not) and compare every step; exit 1 on any mismatch")
    .argument("<file>", "episodes file, e.g. test/fixtures/minigrid/episodes.jsonl.gz")
    .option("--device <device>", "cpu, cuda or auto", deviceOption, "cpu" as Device)
    .option("--json", "print JSON")
    .action((file: string, options: { device: Device; json?: boolean }) => {
      const device = resolveDevice(options.device);
      let episodes;
      try {
        episodes = readEpisodes(file);
      } catch (error) {
        if (error instanceof EpisodeFileError) throw new UsageError(error.message);
        throw error;
      }
      const report = replayEpisodes(episodes, { device });
      if (options.json) {
        console.log(JSON.stringify(report));
      } else {
        console.log(
          `${report.episodes} episodes, ${report.steps} steps: ${report.mismatched_steps} mismatched steps in ` +
            `${report.mismatched_episodes} episodes`,
        );
        for (const [id, entry] of Object.entries(report.by_env)) {
          if (entry.mismatched_steps > 0) console.log(`  ${id}: ${entry.mismatched_steps} of ${entry.steps} steps differ`);
        }
        if (report.first_mismatch) console.log(`  first mismatch: ${JSON.stringify(report.first_mismatch)}`);
      }
      if (report.mismatched_steps > 0 || report.mismatched_episodes > 0) {
        throw new CheckFailed(`${report.mismatched_steps} mismatched steps`);
      }
    });
}

function benchCommand(): Command {
  return new Command("bench")
    .description("random-action steps per second of a batch, observations written every step")
    .requiredOption("--env <id>", "environment id, e.g. MiniGrid-DoorKey-8x8-v0")
    .option("--envs <n>", "batch size", numberOption("--envs", { integer: true, min: 1 }), 4096)
    .option("--steps <t>", "steps per environment", numberOption("--steps", { integer: true, min: 1 }), 100)
    .option("--device <device>", "cpu, cuda or auto", deviceOption, "cpu" as Device)
    .option("--threads <k>", "CPU threads (0 = all)", numberOption("--threads", { integer: true, min: 0 }), 0)
    .option("--obs <kind>", `${OBS_KINDS.join(", ")} (rgb tile 8)`, obsOption, "partial" as const)
    .option("--semantics <name>", "minigrid or navix (every NAVIX deviation on); default: the id's own (navix for Navix-* ids)", semanticsOption)
    .option("--baseline <name>", "also run MiniGrid itself (python3; MINIGRID_PYTHONPATH may point at its sources) and report the per-core ratio", baselineOption)
    .option("--baseline-steps <n>", "random steps of the MiniGrid baseline", numberOption("--baseline-steps", { integer: true, min: 1 }), 5000)
    .option("--json", "print JSON")
    .action(
      async (options: {
        env: string;
        envs: number;
        steps: number;
        device: Device;
        threads: number;
        obs: ObsKind;
        semantics?: "minigrid" | "navix";
        baseline?: "minigrid";
        baselineSteps: number;
        json?: boolean;
      }) => {
        if (!envIds().includes(options.env)) throw new UsageError(`unknown --env "${options.env}" (ids look like MiniGrid-DoorKey-8x8-v0 or Navix-DoorKey-8x8-v0)`);
        const result = await runGridBench(options);
        const { seconds: _seconds, ...reported } = result;
        let comparison: Record<string, unknown> = {};
        let line = "";
        if (options.baseline === "minigrid") {
          const twin = miniGridTwin(options.env);
          const baseline = twin ? miniGridBaseline(twin, options.baselineSteps) : { available: false as const, env: options.env, reason: "MiniGrid has no such environment" };
          if (baseline.available) {
            // Per core: our steps/s over the threads used (one device counts as one), against one MiniGrid process.
            const ratio = result.steps_per_sec / Math.max(1, result.threads) / baseline.steps_per_sec;
            comparison = { minigrid_env: baseline.env, minigrid_steps_per_sec: baseline.steps_per_sec, ratio_per_core_vs_minigrid: ratio, minigrid_version: baseline.minigrid_version };
            line = `; MiniGrid ${baseline.minigrid_version} (python3, 1 env): ${baseline.steps_per_sec.toExponential(3)} steps/s, ${ratio.toFixed(0)}x per core`;
          } else {
            comparison = { minigrid_env: baseline.env, minigrid_steps_per_sec: null, ratio_per_core_vs_minigrid: null, minigrid_unavailable: baseline.reason };
            line = `; MiniGrid baseline unavailable: ${baseline.reason}`;
          }
        }
        if (options.json) console.log(JSON.stringify({ ...reported, ...comparison }));
        else {
          console.log(
            `${result.env} on ${result.device} (${result.threads} threads): ${result.envs} envs x ${result.steps} steps, ` +
              `obs ${result.obs}: ${result.steps_per_sec.toExponential(3)} steps/s${line}`,
          );
        }
      },
    );
}

function renderCommand(): Command {
  return new Command("render")
    .description("draw a freshly generated layout to a PNG, the cells the agent sees highlighted")
    .requiredOption("--env <id>", "environment id, e.g. MiniGrid-DoorKey-8x8-v0")
    .requiredOption("--out <file>", "PNG file to write")
    .option("--seed <n>", "layout seed", numberOption("--seed", { integer: true, min: 0 }), 0)
    .option("--tile <pixels>", "pixels per cell", numberOption("--tile", { integer: true, min: 1 }), 32)
    .action((options: { env: string; out: string; seed: number; tile: number }) => {
      if (!envIds().includes(options.env)) throw new UsageError(`unknown --env "${options.env}" (ids look like MiniGrid-DoorKey-8x8-v0 or Navix-DoorKey-8x8-v0)`);
      const env = makeVecEnv(options.env, { numEnvs: 1, seed: options.seed });
      env.reset();
      try {
        writeFileSync(options.out, env.render(0, { tile: Math.min(options.tile, 256) }));
      } catch (error) {
        throw new UsageError(`cannot write ${options.out}: ${(error as NodeJS.ErrnoException).code ?? (error as Error).message}`);
      }
      console.log(`${options.env} seed ${options.seed}: ${env.mission(0)} -> ${options.out}`);
    });
}

export function gridworldCommand(): Command {
  return new Command("gridworld")
    .description("batched MiniGrid-compatible gridworlds: conformance replay, benchmarks, pictures")
    .addCommand(conformCommand())
    .addCommand(benchCommand())
    .addCommand(renderCommand());
}
