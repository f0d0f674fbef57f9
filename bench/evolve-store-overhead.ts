// Engine overhead per candidate of the full store (lib/evolve/db; evolve.md §8 "(beyond)", issue 3
// target < 10 ms): choose (island, parent, inspirations), the novelty check against the parent's
// island, and the insert (archive, best, migration) on a database already holding 1,000 and 10,000
// programs. FullStore (in-memory index over SQLite) against the baseline DatabaseStore
// (lib/evolve/database/evolution-store.ts, the other database part) on a copy of the same database file, in the
// same run.
import { copyFileSync, mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir, totalmem } from "node:os";
import { join } from "node:path";
import { performance } from "node:perf_hooks";
import { resolveEvolveConfig } from "../lib/evolve/config.js";
import { DatabaseStore } from "../lib/evolve/database/evolution-store.js";
import { cosineSimilarity } from "../lib/evolve/db/novelty.js";
import { FullStore } from "../lib/evolve/db/store.js";
import type { EvolutionStore, StoredProgram } from "../lib/evolve/store.js";
import { Random } from "../lib/random.js";
import { machineInfo, type MachineInfo } from "./machine.js";

export interface StoreOverheadRow {
  programs: number;
  store: "full" | "baseline";
  candidates: number;
  mean_ms: number;
  median_ms: number;
  max_ms: number;
  /** Baseline mean over FullStore mean, on the full row. */
  speedup_vs_baseline: number | null;
}

export interface StoreOverheadResult {
  benchmark: "evolve-store-overhead";
  device: string;
  embedding_dims: number;
  code_chars: number;
  rows: StoreOverheadRow[];
  machine: MachineInfo;
}

const SIZES = [1_000, 10_000];
const DIMS = 512; // the local embedder's size
const CODE = "// a candidate program of realistic size\nconst x = 1;\n".repeat(60);
const config = resolveEvolveConfig({});

/** This benchmark needs no addon: a missing or rebuilding one must not lose its figures. */
function machine(): MachineInfo {
  try {
    return machineInfo();
  } catch {
    return { cpu: cpus()[0]?.model ?? "unknown", cores: cpus().length, memoryGiB: Math.round(totalmem() / 2 ** 30), node: process.version, gpu: null, date: new Date().toISOString() } as MachineInfo;
  }
}

function embedding(rng: Random): number[] {
  return Array.from({ length: DIMS }, () => rng.normal());
}

function candidate(g: number, parent: { id: string; island_idx: number }, rng: Random): StoredProgram {
  return {
    id: `bench-${g}`, code: `${CODE}// ${g}`, language: "javascript", parent_id: parent.id || null, archive_inspiration_ids: [],
    top_k_inspiration_ids: [], generation: g, timestamp: 1_000_000 + g, code_diff: "--- a\n+++ b\n", combined_score: rng.uniform(0, 3),
    public_metrics: { sum: 1 }, private_metrics: {}, text_feedback: "", correct: rng.bernoulli(0.8), children_count: 0, complexity: 10,
    embedding: embedding(rng), island_idx: parent.island_idx, metadata: { patch_type: "diff", model_name: "offline-mutation" },
    source_job_id: `gen_${g}`,
  };
}

/** Fills a database with n programs through FullStore; the baseline then opens a copy of the file. */
function populate(path: string, n: number): void {
  const store = new FullStore(path, config);
  const rng = new Random(1);
  store.seed({ ...candidate(0, { id: "", island_idx: 0 }, rng), id: "seed", correct: true });
  for (let g = 1, stored = 1; stored < n; g++) if (store.add(candidate(g, store.choose(rng).parent, rng))) stored += 1;
  store.close();
}

/** Milliseconds per candidate: choose + max cosine against the parent's island + add. */
function measure(store: EvolutionStore, start: number, count: number): number[] {
  const rng = new Random(2);
  const times: number[] = [];
  for (let i = 0; i < count; i++) {
    const t0 = performance.now();
    const choice = store.choose(rng);
    const child = candidate(start + i, choice.parent, rng);
    // Each store's own novelty path (the runner's): noveltySimilarity when it has one.
    let m = Number.NEGATIVE_INFINITY;
    if (store.noveltySimilarity) m = store.noveltySimilarity(choice.island, child.embedding!).similarity ?? m;
    else for (const other of store.islandEmbeddings(choice.island)) m = Math.max(m, cosineSimilarity(child.embedding!, other.embedding));
    if (!(m <= 1.000001)) throw new Error(`similarity out of range: ${m}`);
    store.add(child);
    times.push(performance.now() - t0);
  }
  return times;
}

function summarise(programs: number, kind: StoreOverheadRow["store"], times: number[]): StoreOverheadRow {
  const sorted = [...times].sort((a, b) => a - b);
  return {
    programs, store: kind, candidates: times.length, mean_ms: times.reduce((a, b) => a + b, 0) / times.length,
    median_ms: sorted[sorted.length >> 1]!, max_ms: sorted[sorted.length - 1]!, speedup_vs_baseline: null,
  };
}

/** The measured rows, reported one at a time through onRow. */
export function measureStoreOverhead(sizes: readonly number[] = SIZES, onRow?: (row: StoreOverheadRow) => void): StoreOverheadRow[] {
  const dir = mkdtempSync(join(tmpdir(), "tansaku-bench-store-"));
  const rows: StoreOverheadRow[] = [];
  try {
    for (const n of sizes) {
      const base = join(dir, `base-${n}.sqlite`);
      populate(base, n);
      const copy = (name: string) => {
        const path = join(dir, `${name}-${n}.sqlite`);
        copyFileSync(base, path);
        return path;
      };
      const full = new FullStore(copy("full"), config);
      const fullRow = summarise(n, "full", measure(full, 1_000_000, 200));
      full.close();
      const baseline = new DatabaseStore(copy("baseline"), config);
      const baselineRow = summarise(n, "baseline", measure(baseline, 1_000_000, n >= 10_000 ? 10 : 40));
      baseline.close();
      fullRow.speedup_vs_baseline = baselineRow.mean_ms / fullRow.mean_ms;
      rows.push(fullRow, baselineRow);
      onRow?.(fullRow);
      onRow?.(baselineRow);
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
  return rows;
}

export async function runStoreOverheadBench(): Promise<StoreOverheadResult> {
  const rows = measureStoreOverhead();
  return { benchmark: "evolve-store-overhead", device: "cpu", embedding_dims: DIMS, code_chars: CODE.length, rows, machine: machine() };
}

export function formatStoreOverheadBench(result: StoreOverheadResult): string {
  const lines = [
    `Full store: engine overhead per candidate (choose + novelty check + insert), ${result.embedding_dims}-dim embeddings, ${result.code_chars}-char programs`,
    "  programs  store     candidates  mean ms  median ms  max ms  FullStore speedup",
  ];
  for (const r of result.rows) {
    lines.push(
      `  ${String(r.programs).padStart(8)}  ${r.store.padEnd(8)}  ${String(r.candidates).padStart(10)}  ${r.mean_ms.toFixed(2).padStart(7)}  ${r.median_ms.toFixed(2).padStart(9)}  ${r.max_ms.toFixed(2).padStart(6)}  ${r.speedup_vs_baseline === null ? "" : `${r.speedup_vs_baseline.toFixed(1)}x`}`,
    );
  }
  return lines.join("\n");
}
