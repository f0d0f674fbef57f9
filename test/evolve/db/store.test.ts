// FullStore over SQLite (evolve.md §3-§7): schema and pragmas, round trip, idempotent insert,
// seeding with copies, archive cap, best program, migration with history, choose(), reopen, and a
// writer SIGKILLed mid-run.
import Database from "better-sqlite3";
import { spawn } from "node:child_process";
import { mkdtempSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { withBusyRetry } from "../../../lib/evolve/db/sqlite.js";
import { FullStore } from "../../../lib/evolve/db/store.js";
import type { StoredProgram } from "../../../lib/evolve/store.js";
import { Random } from "../../../lib/random.js";
import { config, program } from "./fixtures.js";

const dbPath = () => join(mkdtempSync(join(tmpdir(), "tansaku-db-")), "programs.sqlite");

function seeded(overrides: Record<string, unknown> = {}, initial: Partial<StoredProgram> = {}) {
  const path = dbPath();
  const store = new FullStore(path, config(overrides));
  const seed = program(1, { generation: 0, source_job_id: "gen_0", embedding: [1, 0], ...initial });
  store.seed(seed);
  return { path, store, seed };
}

describe("FullStore storage (§3)", () => {
  it("creates every table and index with the WAL pragmas", () => {
    const { store } = seeded();
    const names = (type: string) => (store.db.prepare("SELECT name FROM sqlite_master WHERE type = ?").all(type) as { name: string }[]).map((r) => r.name);
    expect(names("table")).toEqual(expect.arrayContaining(["programs", "archive", "metadata_store", "generation_event_log", "attempt_log"]));
    const indexed = (store.db.prepare("SELECT sql FROM sqlite_master WHERE type = 'index' AND tbl_name = 'programs' AND sql IS NOT NULL").all() as { sql: string }[]).map((r) => r.sql);
    for (const column of ["generation", "timestamp", "complexity", "parent_id", "children_count", "island_idx", "system_prompt_id"]) {
      expect(indexed.some((sql) => sql.includes(`(${column})`))).toBe(true);
    }
    expect(store.db.pragma("journal_mode", { simple: true })).toBe("wal");
    expect(store.db.pragma("foreign_keys", { simple: true })).toBe(1);
    expect(store.db.pragma("synchronous", { simple: true })).toBe(1);
    expect(store.db.pragma("cache_size", { simple: true })).toBe(-65536);
    expect(store.db.pragma("busy_timeout", { simple: true })).toBe(60000);
    store.close();
  });

  it("round-trips every field, stores NaN/Infinity inside JSON as null, and inserts idempotently on source_job_id", () => {
    const { store, seed } = seeded();
    const child = program(Number.NaN, {
      parent_id: seed.id, generation: 1, archive_inspiration_ids: ["a"], top_k_inspiration_ids: ["b"], code_diff: "--- a\n+++ b",
      public_metrics: { sum: 2.5, bad: Number.POSITIVE_INFINITY }, private_metrics: { secret: 1 }, text_feedback: "ok",
      correct: false, complexity: 3, embedding: [0.5, 0.25], metadata: { patch_type: "diff", nan: Number.NaN },
    });
    expect(store.add(child)).toBe(true);
    expect(store.add({ ...child, id: "another-id" })).toBe(false);
    expect(store.hasJob(child.source_job_id!)).toBe(true);
    const back = store.get(child.id)!;
    expect(back).toEqual({ ...child, migration_history: [], combined_score: 0, public_metrics: { sum: 2.5, bad: null }, metadata: { patch_type: "diff", nan: null } });
    const raw = store.db.prepare("SELECT public_metrics FROM programs WHERE id = ?").get(child.id) as { public_metrics: string };
    expect(raw.public_metrics).toBe('{"sum":2.5,"bad":null}');
    expect(store.get(seed.id)!.children_count).toBe(1);
    expect(store.evaluatedCount()).toBe(2);
    store.close();
  });

  it("retries SQLITE_BUSY 5 times from 0.1 s doubling, then gives up; other errors are not retried", () => {
    const delays: number[] = [];
    let calls = 0;
    const busy = () => {
      calls += 1;
      throw Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    };
    expect(() => withBusyRetry(busy, (ms) => delays.push(ms))).toThrow(/locked/);
    expect(calls).toBe(6);
    expect(delays).toEqual([100, 200, 400, 800, 1600]);
    let n = 0;
    expect(withBusyRetry(() => (++n < 3 ? busy() : "done"), () => {})).toBe("done");
    calls = 0;
    expect(() => withBusyRetry(() => { calls += 1; throw new Error("constraint"); }, () => {})).toThrow(/constraint/);
    expect(calls).toBe(1);
  });

  it("logs attempts and events, keeps metadata as JSON, and reopens with everything in place", () => {
    const { path, store, seed } = seeded();
    store.logAttempt(3, "patch", "failed", { error: "no match" });
    store.logEvent(4, "stopped", "gen_4", { reason: "SIGTERM" });
    store.setMeta("next_generation", 7);
    store.add(program(5, { parent_id: seed.id, generation: 1 }));
    store.close();
    const again = new FullStore(path, config());
    expect(again.getMeta("next_generation")).toBe(7);
    expect(again.best()!.combined_score).toBe(5);
    expect(again.evaluatedCount()).toBe(2);
    expect(again.hasJob("gen_0")).toBe(true);
    const attempt = again.db.prepare("SELECT generation, stage, status, details FROM attempt_log").get();
    expect(attempt).toEqual({ generation: 3, stage: "patch", status: "failed", details: '{"error":"no match"}' });
    const event = again.db.prepare("SELECT generation, status, source_job_id FROM generation_event_log").get();
    expect(event).toEqual({ generation: 4, status: "stopped", source_job_id: "gen_4" });
    again.close();
  });
});

describe("FullStore islands, archive and best (§4, §5)", () => {
  it("seeds islands with copies (new ids, _is_island_copy, _original_program_id) that enter the archive", () => {
    const { store, seed } = seeded({ num_islands: 3 });
    const all = store.all();
    expect(all).toHaveLength(3);
    expect(all.map((p) => p.island_idx).sort()).toEqual([0, 1, 2]);
    const copies = all.filter((p) => p.metadata._is_island_copy === true);
    expect(copies).toHaveLength(2);
    for (const c of copies) {
      expect(c.id).not.toBe(seed.id);
      expect(c.metadata._original_program_id).toBe(seed.id);
      expect(c.code).toBe(seed.code);
    }
    expect(store.archiveIds().sort()).toEqual(all.map((p) => p.id).sort());
    expect(store.evaluatedCount()).toBe(1);
    expect(store.best()!.id).toBe(seed.id);
    store.seed(seed); // idempotent
    expect(store.all()).toHaveLength(3);
    store.close();
  });

  it("caps the archive, keeps incorrect programs out, replaces the worst with a better newcomer, and tracks the best", () => {
    const { store, seed } = seeded({ num_islands: 1, archive_size: 3 });
    const a = program(5, { parent_id: seed.id, generation: 1 });
    const b = program(3, { parent_id: seed.id, generation: 2 });
    const wrong = program(100, { parent_id: seed.id, generation: 3, correct: false });
    const worse = program(0.5, { parent_id: seed.id, generation: 4 });
    const better = program(4, { parent_id: seed.id, generation: 5 });
    for (const p of [a, b, wrong, worse]) store.add(p);
    expect(store.archiveIds().sort()).toEqual([seed.id, a.id, b.id].sort());
    store.add(better);
    expect(store.archiveIds().sort()).toEqual([a.id, b.id, better.id].sort());
    expect(store.best()!.id).toBe(a.id);
    expect(store.getMeta("best_score_ever")).toBe(5);
    expect(store.getMeta("best_score_generation")).toBe(1);
    store.close();
  });

  it("migrates at generation 10: migrants move with one history entry each, the island best and generation 0 stay", () => {
    const { store, seed } = seeded({ num_islands: 2, migration_interval: 10, migration_rate: 0.1, archive_size: 100 });
    const island0 = Array.from({ length: 22 }, (_, i) => program(i + 2, { parent_id: seed.id, generation: 1, island_idx: 0 }));
    for (const p of island0) store.add(p);
    const before = store.all();
    const trigger = program(0.5, { parent_id: seed.id, generation: 10, island_idx: 0 });
    store.add(trigger);
    const after = store.all();
    expect(after).toHaveLength(before.length + 1);
    const moved = after.filter((p) => p.island_idx !== (before.find((q) => q.id === p.id)?.island_idx ?? p.island_idx));
    // Island 0 holds 24 programs (the seed, 22 children, the trigger): floor(24 · 0.1) = 2 migrants.
    expect([seed, ...island0, trigger]).toHaveLength(24);
    expect(moved).toHaveLength(2);
    const bestOnZero = island0[island0.length - 1]!;
    for (const p of moved) {
      expect(p.island_idx).toBe(1);
      expect([seed.id, bestOnZero.id]).not.toContain(p.id);
      const history = store.migrationHistory(p.id);
      expect(history).toHaveLength(1);
      expect(store.get(p.id)).toMatchObject({ migration_history: history });
      expect(history[0]).toMatchObject({ generation: 10, from: 0, to: 1 });
    }
    // Archive membership is unchanged by migration; the index follows the database.
    expect(store.islandEmbeddings(1).length).toBeGreaterThanOrEqual(1);
    expect(store.getMeta("last_migration_generation")).toBe(10);
    store.close();
  });
});

describe("FullStore choose (§4.1, §6, §7)", () => {
  it("fix mode when no island is initialized: an incorrect parent, no inspirations", () => {
    const { store, seed } = seeded({ num_islands: 2 }, { correct: false });
    const choice = store.choose(new Random(1));
    expect(choice.fix_mode).toBe(true);
    expect(choice.parent.correct).toBe(false);
    expect(choice.parent.code).toBe(seed.code);
    expect(choice.archive_inspirations).toEqual([]);
    store.close();
  });

  it("some islands initialized: the uninitialized island's initial program, no inspirations", () => {
    const { store, seed } = seeded({ num_islands: 2 }, { correct: false });
    store.add(program(2, { parent_id: seed.id, generation: 1, island_idx: 0 }));
    for (let s = 0; s < 10; s++) {
      const choice = store.choose(new Random(s));
      expect(choice.island).toBe(1);
      expect(choice.parent.generation).toBe(0);
      expect(choice.parent.metadata._is_island_copy).toBe(true);
      expect(choice.top_k_inspirations).toEqual([]);
      expect(choice.fix_mode).toBe(true);
    }
    store.close();
  });

  it("takes parent and inspirations from the sampled island only, never the parent, ascending, and is seeded", () => {
    const { store, seed } = seeded({ num_islands: 2, num_archive_inspirations: 3, num_top_k_inspirations: 2, archive_size: 100 });
    for (let i = 0; i < 20; i++) store.add(program(i, { parent_id: seed.id, generation: i + 1, island_idx: i % 2 }));
    for (let s = 0; s < 20; s++) {
      const choice = store.choose(new Random(s));
      const shown = [...choice.archive_inspirations, ...choice.top_k_inspirations];
      expect(choice.parent.island_idx).toBe(choice.island);
      expect(choice.parent.correct).toBe(true);
      for (const p of shown) {
        expect(p.island_idx).toBe(choice.island);
        expect(p.id).not.toBe(choice.parent.id);
      }
      expect(choice.archive_inspirations).toHaveLength(3);
      expect(choice.top_k_inspirations).toHaveLength(2);
      const scores = choice.archive_inspirations.map((p) => p.combined_score);
      expect(scores).toEqual([...scores].sort((a, b) => a - b));
      expect(store.choose(new Random(s))).toEqual(choice);
    }
    store.close();
  });

  it("beam search persists its lock in metadata_store and follows it for num_beams children", () => {
    const { store, seed } = seeded({ num_islands: 1, parent_selection_strategy: "beam_search", num_beams: 2 });
    const first = store.choose(new Random(1)).parent;
    expect(first.id).toBe(seed.id);
    expect(store.getMeta("beam_search_parent_id")).toBe(seed.id);
    store.add(program(9, { parent_id: seed.id, generation: 1 }));
    expect(store.choose(new Random(2)).parent.id).toBe(seed.id);
    const best = program(10, { parent_id: seed.id, generation: 2 });
    store.add(best);
    expect(store.choose(new Random(3)).parent.id).toBe(best.id);
    expect(store.getMeta("beam_search_parent_id")).toBe(best.id);
    store.close();
  });

  it("novelty: the most similar embedding on an island", () => {
    const { store, seed } = seeded({ num_islands: 1 });
    store.add(program(2, { parent_id: seed.id, generation: 1, embedding: [0, 1] }));
    const near = store.mostSimilarOnIsland(0, [0.1, 1]);
    expect(near.similarity).toBeCloseTo(1 / Math.sqrt(1.01), 6);
    expect(store.mostSimilarOnIsland(0, [1, 0.01]).id).toBe(seed.id);
    expect(store.islandEmbeddings(0)).toHaveLength(2);
    expect(store.noveltySimilarity(0, [1, 0.01]).most_similar_id).toBe(seed.id);
    expect(store.noveltySimilarity(5, [1, 0])).toEqual({ similarity: null, most_similar_id: null });
    store.close();
  });
});

describe("crash safety (§3.1)", () => {
  it("reopens after the writer is SIGKILLed: integrity ok, every committed row intact, the index rebuilt", async () => {
    const path = dbPath();
    const child = spawn(process.execPath, ["--import", "tsx", join(import.meta.dirname, "writer-child.ts"), path], { stdio: ["ignore", "pipe", "inherit"] });
    const committed: string[] = [];
    let buffer = "";
    await new Promise<void>((resolve, reject) => {
      child.on("error", reject);
      child.on("exit", () => resolve());
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        committed.push(...lines);
        if (committed.length >= 60 && child.exitCode === null && !child.killed) child.kill("SIGKILL");
      });
    });
    expect(child.signalCode).toBe("SIGKILL");
    const raw = new Database(path);
    expect(raw.pragma("integrity_check", { simple: true })).toBe("ok");
    raw.close();
    const store = new FullStore(path, config({ migration_interval: 3 }));
    for (const id of committed.filter((line) => line.startsWith("child-"))) {
      const p = store.get(id)!;
      expect(p.code.length).toBeGreaterThan(20_000);
      expect(store.hasJob(`gen_${id.slice(6)}`)).toBe(true);
    }
    const all = store.all();
    expect(new Set(all.map((p) => p.source_job_id)).size).toBe(all.length);
    // The parent's children_count matches the children stored (same transaction as each insert).
    const children = all.filter((p) => p.parent_id === "seed").length;
    expect(store.get("seed")!.children_count).toBe(children);
    const archived = store.archiveIds();
    expect(archived.length).toBeGreaterThan(0);
    for (const id of archived) expect(store.get(id)!.correct).toBe(true);
    expect(store.choose(new Random(1)).parent.correct).toBe(true);
    store.close();
  }, 60_000);
});
