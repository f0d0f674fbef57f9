// What the runner needs from the program database and the selection rules, in one narrow
// interface. engine.ts implements it over the database part's ProgramDatabase and its islands,
// archive, selection, inspirations and migration.
import type { Random } from "../random.js";
import type { Program } from "./program.js";

/** A stored program as the runner sees it: the database's record (§3.2). */
export type StoredProgram = Program;

export interface ParentChoice {
  island: number;
  parent: StoredProgram;
  archive_inspirations: StoredProgram[];
  top_k_inspirations: StoredProgram[];
  /** No correct program on the island: the parent is an incorrect one to repair (§10.3). */
  fix_mode: boolean;
}

export interface EvolutionStore {
  /** Programs stored (island copies excluded). */
  evaluatedCount(): number;
  /** Every stored program (island copies included), oldest first. */
  all(): StoredProgram[];
  get(id: string): StoredProgram | undefined;
  /** The best program (§3.3), or undefined when none is stored. */
  best(): StoredProgram | undefined;
  /** True when a program with this idempotency key is stored. */
  hasJob(source_job_id: string): boolean;
  /** Stores generation 0 and seeds the islands with its copies (§4.1). */
  seed(initial: StoredProgram): void;
  /**
   * Stores an evaluated child: idempotent on source_job_id (false when already there); on insert,
   * the parent's children_count, the archive, the best program and migration are updated.
   */
  add(program: StoredProgram): boolean;
  /** Island, parent and inspirations for one proposal (§4.2, §6, §7). */
  choose(rng: Random): ParentChoice;
  /** Embeddings of every program on an island (for novelty, §8). */
  islandEmbeddings(island: number): { id: string; embedding: number[] }[];
  /** Optional fast path for novelty: the max cosine similarity to an island's programs. */
  noveltySimilarity?(island: number, embedding: ArrayLike<number>): { similarity: number | null; most_similar_id: string | null };
  /** Stores the embedding map's derived columns (§3.2: embedding_pca_2d/3d, embedding_cluster_id). */
  setEmbeddingMap?(entries: readonly { id: string; pca_2d: number[]; pca_3d: number[]; cluster_id: number }[]): void;
  getMeta<T = unknown>(key: string): T | undefined;
  setMeta(key: string, value: unknown): void;
  /** A run event (failure, stop, health finding) into generation_event_log. */
  logEvent?(generation: number, status: string, source_job_id: string | null, details: Record<string, unknown>): void;
  /** A terminal failed proposal (§2) into attempt_log. */
  logAttempt(generation: number, stage: string, status: string, details: Record<string, unknown>): void;
  close(): void;
}
