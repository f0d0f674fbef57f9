// Engine overhead per candidate, LLM and evaluation excluded (evolve.md §8 "beyond", issue 3
// benchmarks): island + parent selection, inspirations, the novelty check against the parent's
// island and the insert (archive, best, migration), with 1,000 and 10,000 programs already in the
// database. Target: under 10 ms. The baseline in the same run is the same engine working the way
// upstream's database does: every proposal re-reads and parses the rows from SQLite, and novelty
// scans every embedding of the island computing both norms each time.
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { LocalHashEmbedder } from "../lib/llm/embed/local-hash.js";
import { Random } from "../lib/random.js";
import { resolveEvolveConfig } from "../lib/evolve/config.js";
import { DatabaseStore } from "../lib/evolve/database/evolution-store.js";
import { maxSimilarity } from "../lib/evolve/novelty.js";
import type { Program } from "../lib/evolve/program.js";
import { machineInfo, type MachineInfo } from "./machine.js";

/** machineInfo() asks the native addon for a GPU; this benchmark needs neither, so a stale addon must not lose its figures. */
function machine(): MachineInfo {
  try {
    return machineInfo();
  } catch {
    return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, gpu: null, date: new Date().toISOString() };
  }
}

const SIZES = [1_000, 10_000];
const DIMENSIONS = 512; // LocalHashEmbedder's default
const TARGET_MS = 10;

export interface EvolveOverheadRow {
  programs: number;
  candidates: number;
  /** Every candidate, migration events (every 10th generation) included: the run's real average. */
  ms_per_candidate_mean: number;
  /** The same in CPU time (user + system) of this process: what the engine costs when cores are contended. */
  cpu_ms_per_candidate_mean: number;
  cpu_ms_per_candidate_no_migration_mean: number;
  /** Candidates whose insert did not trigger migration. */
  ms_per_candidate_no_migration_mean: number;
  /** Candidates whose insert migrated floor(island size · 0.1) programs per island. */
  ms_per_migration_candidate_mean: number;
  ms_per_candidate_median: number;
  ms_per_candidate_p95: number;
  baseline_candidates: number;
  baseline_ms_per_candidate_mean: number;
  speedup_vs_baseline: number;
  /** Mean CPU time and mean wall time per candidate both under the target. */
  under_target: boolean;
}

export interface EvolveOverheadResult {
  benchmark: "evolve-overhead";
  device: string;
  target_ms: number;
  embedding_dimensions: number;
  rows: EvolveOverheadRow[];
  machine: MachineInfo;
}

function makeProgram(i: number, rng: Random, embedding: number[], island: number): Program {
  return {
    id: `bench-${i}`,
    code: `// EVOLVE-BLOCK-START\nconst radius = ${rng.float()};\n${"x".repeat(1500)}\n// EVOLVE-BLOCK-END\n`,
    language: "javascript",
    parent_id: i > 0 ? `bench-${rng.int(i)}` : null,
    archive_inspiration_ids: [],
    top_k_inspiration_ids: [],
    generation: i,
    timestamp: 1_700_000_000 + i,
    code_diff: null,
    combined_score: rng.float() * 2.6,
    public_metrics: { sum_radii: rng.float() },
    private_metrics: {},
    text_feedback: "",
    correct: rng.float() < 0.8,
    children_count: 0,
    complexity: null,
    embedding,
    island_idx: island,
    metadata: { patch_type: "diff" },
    source_job_id: `job-${i}`,
  };
}

const config = resolveEvolveConfig({ num_islands: 2, seed: 42, migration_interval: 10, migration_rate: 0.1 });

/** Fills a store with n programs (outside the timing), children spread over both islands. */
function populate(store: DatabaseStore, n: number, vectors: number[][], rng: Random): void {
  // One outer transaction: filling is not what is timed.
  store.db.transaction(() => {
    store.seed({ ...makeProgram(0, rng, vectors[0]!, 0), generation: 0, correct: true });
    // Generation IDs not multiples of the interval: populating is not the place to time migration.
    for (let i = 1; i < n; i++) store.add({ ...makeProgram(i, rng, vectors[i % vectors.length]!, i % 2), generation: i % 10 === 0 ? i - 1 : i });
  });
}

/** One candidate: choose, novelty against the parent's island, insert. Returns ms per candidate. */
function timeCandidates(store: DatabaseStore, start: number, count: number, vectors: number[][], fast: boolean): { times: number[]; cpu: number[]; migrating: boolean[] } {
  const rng = new Random(7);
  const times: number[] = [];
  const cpu: number[] = [];
  const migrating: boolean[] = [];
  for (let k = 0; k < count; k++) {
    const embedding = vectors[(start + k * 7) % vectors.length]!;
    const c0 = process.cpuUsage();
    const t0 = performance.now();
    if (!fast) store.db.reload();
    const choice = store.choose(rng);
    const similarity = fast ? store.noveltySimilarity(choice.island, embedding) : maxSimilarity(embedding, store.islandEmbeddings(choice.island));
    if (similarity.similarity !== null && !(similarity.similarity <= 1.0001)) throw new Error("similarity out of range");
    // Consecutive generation IDs: every 10th candidate migrates (§4.3), so its cost is amortised as in a run.
    const generation = start + k;
    store.add({
      ...makeProgram(start + k, rng, embedding, choice.island),
      parent_id: choice.parent.id,
      generation,
      archive_inspiration_ids: choice.archive_inspirations.map((p) => p.id),
      top_k_inspiration_ids: choice.top_k_inspirations.map((p) => p.id),
    });
    times.push(performance.now() - t0);
    const used = process.cpuUsage(c0);
    cpu.push((used.user + used.system) / 1000);
    migrating.push(generation % config.migration_interval === 0);
  }
  return { times, cpu, migrating };
}

const stats = (times: number[]) => {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    mean: times.reduce((a, b) => a + b, 0) / times.length,
    median: sorted[Math.floor(sorted.length / 2)]!,
    p95: sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * 0.95))]!,
  };
};

export async function runEvolveOverheadBench(): Promise<EvolveOverheadResult> {
  const embedder = new LocalHashEmbedder(DIMENSIONS);
  const texts = Array.from({ length: 256 }, (_, i) => `const radius = ${i / 7}; for (let k = 0; k < ${i}; k++) pack(k * ${i % 13});`);
  const vectors = (await embedder.embed(texts)).vectors;
  const rows: EvolveOverheadRow[] = [];
  const dir = mkdtempSync(join(tmpdir(), "tansaku-bench-evolve-"));
  try {
    for (const n of SIZES) {
      const rng = new Random(n);
      const store = new DatabaseStore(join(dir, `db-${n}.sqlite`), config);
      populate(store, n, vectors, rng);
      const candidates = 200;
      timeCandidates(store, n, 20, vectors, true); // warm-up
      const run = timeCandidates(store, n + 20, candidates, vectors, true);
      const ours = stats(run.times);
      const plain = stats(run.times.filter((_, i) => !run.migrating[i]));
      const cpu = stats(run.cpu);
      const cpuPlain = stats(run.cpu.filter((_, i) => !run.migrating[i]));
      const migration = stats(run.times.filter((_, i) => run.migrating[i]));
      const baselineCount = n >= 10_000 ? 10 : 40;
      const base = stats(timeCandidates(store, n + 20 + candidates, baselineCount, vectors, false).times);
      store.close();
      rows.push({
        programs: n,
        candidates,
        ms_per_candidate_mean: ours.mean,
        cpu_ms_per_candidate_mean: cpu.mean,
        cpu_ms_per_candidate_no_migration_mean: cpuPlain.mean,
        ms_per_candidate_no_migration_mean: plain.mean,
        ms_per_migration_candidate_mean: migration.mean,
        ms_per_candidate_median: ours.median,
        ms_per_candidate_p95: ours.p95,
        baseline_candidates: baselineCount,
        baseline_ms_per_candidate_mean: base.mean,
        // Wall-clock ratio: both measured in the same process minutes apart, under the same load.
        speedup_vs_baseline: base.mean / ours.mean,
        under_target: cpu.mean < TARGET_MS && ours.mean < TARGET_MS,
      });
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return { benchmark: "evolve-overhead", device: "cpu", target_ms: TARGET_MS, embedding_dimensions: DIMENSIONS, rows, machine: machine() };
}

export function formatEvolveOverheadBench(result: EvolveOverheadResult): string {
  const lines = [
    `engine overhead per candidate (choose + inspirations + novelty + insert), target < ${result.target_ms} ms of CPU and of wall time, ${result.embedding_dimensions}-d embeddings`,
    "programs  cpu ms (no migration)  wall: mean ms  median ms  p95 ms  no-migration mean  migration-event mean  baseline (re-read per proposal) ms  speedup  under target",
  ];
  for (const r of result.rows) {
    lines.push(
      `${String(r.programs).padStart(8)}  ${r.cpu_ms_per_candidate_mean.toFixed(3).padStart(6)} (${r.cpu_ms_per_candidate_no_migration_mean.toFixed(3)})  ${r.ms_per_candidate_mean.toFixed(3).padStart(7)}  ${r.ms_per_candidate_median.toFixed(3).padStart(9)}  ${r.ms_per_candidate_p95.toFixed(3).padStart(6)}  ${r.ms_per_candidate_no_migration_mean.toFixed(3).padStart(17)}  ${r.ms_per_migration_candidate_mean.toFixed(1).padStart(20)}  ${r.baseline_ms_per_candidate_mean.toFixed(1).padStart(34)}  ${r.speedup_vs_baseline.toFixed(1).padStart(6)}x  ${r.under_target ? "yes" : "NO"}`,
    );
  }
  return lines.join("\n");
}
