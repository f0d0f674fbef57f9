import { spawn } from "node:child_process";
import { existsSync, mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, it } from "vitest";
import { ProgramDatabase } from "../../lib/evolve/database.js";
import { withRetry } from "../../lib/evolve/database/retry.js";
import { makeProgram } from "./database-fixtures.js";

const dirs: string[] = [];
const tempDb = () => {
  const dir = mkdtempSync(join(tmpdir(), "tansaku-db-"));
  dirs.push(dir);
  return join(dir, "programs.sqlite");
};
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

describe("ProgramDatabase", () => {
  it("round-trips every field through a re-open from disk", () => {
    const path = tempDb();
    const db = ProgramDatabase.open(path);
    const p = makeProgram({
      id: "a1",
      parent_id: "root",
      archive_inspiration_ids: ["i1", "i2"],
      top_k_inspiration_ids: ["t1"],
      generation: 7,
      timestamp: 1234.5,
      code_diff: "--- a\n+++ b\n",
      combined_score: 2.635,
      public_metrics: { sum: 2.635, nested: { ok: true } },
      private_metrics: { secret: 1 },
      text_feedback: "fine",
      correct: true,
      children_count: 2,
      complexity: 4.5,
      embedding: [0.1, -0.2, 0.3],
      embedding_pca_2d: [1, 2],
      embedding_pca_3d: [1, 2, 3],
      embedding_cluster_id: 3,
      island_idx: 1,
      migration_history: [{ generation: 10, from: 0, to: 1, timestamp: 99 }],
      system_prompt_id: "sp",
      metadata: { patch_type: "diff", model_name: "m" },
      source_job_id: "job-a1",
    });
    expect(db.insertProgram(p)).toBe(true);
    expect(db.getProgram("a1")).toEqual(p);
    db.close();
    const again = ProgramDatabase.open(path);
    expect(again.getProgram("a1")).toEqual(p);
    expect(again.count()).toBe(1);
    expect(again.integrityCheck()).toBe("ok");
    again.close();
  });

  it("is idempotent on source_job_id, also across a re-open (crash between evaluation and insert)", () => {
    const path = tempDb();
    const db = ProgramDatabase.open(path);
    expect(db.insertProgram(makeProgram({ id: "x", source_job_id: "job-1", combined_score: 1 }))).toBe(true);
    expect(db.insertProgram(makeProgram({ id: "y", source_job_id: "job-1", combined_score: 2 }))).toBe(false);
    db.close();
    const again = ProgramDatabase.open(path);
    expect(again.hasJob("job-1")).toBe(true);
    expect(again.insertProgram(makeProgram({ id: "z", source_job_id: "job-1" }))).toBe(false);
    expect(again.programs().map((p) => p.id)).toEqual(["x"]);
    expect(again.getByJob("job-1")?.combined_score).toBe(1);
    // Programs without a key are always inserted; a reused id is an error.
    expect(again.insertProgram(makeProgram({ id: "n1" }))).toBe(true);
    expect(() => again.insertProgram(makeProgram({ id: "n1" }))).toThrow(/UNIQUE/);
    again.close();
  });

  it("a second connection inserting the same key first makes ours return false", () => {
    const path = tempDb();
    const a = ProgramDatabase.open(path);
    const b = ProgramDatabase.open(path);
    expect(b.insertProgram(makeProgram({ id: "from-b", source_job_id: "shared" }))).toBe(true);
    expect(a.insertProgram(makeProgram({ id: "from-a", source_job_id: "shared" }))).toBe(false);
    a.reload();
    expect(a.programs().map((p) => p.id)).toEqual(["from-b"]);
    a.close();
    b.close();
  });

  it("stores NaN and ±Infinity inside JSON as null and a non-finite score as NULL read back as 0", () => {
    const path = tempDb();
    const db = ProgramDatabase.open(path);
    db.insertProgram(makeProgram({ id: "nan", combined_score: Number.NaN, public_metrics: { a: Number.NaN, b: Number.POSITIVE_INFINITY, c: 1 }, embedding: [1, Number.NEGATIVE_INFINITY] }));
    db.setMeta("bandit", { best: Number.NEGATIVE_INFINITY });
    db.close();
    const again = ProgramDatabase.open(path);
    const p = again.getProgram("nan")!;
    expect(p.combined_score).toBe(0);
    expect(p.public_metrics).toEqual({ a: null, b: null, c: 1 });
    expect(p.embedding).toEqual([1, null]);
    expect(again.getMeta("bandit")).toEqual({ best: null });
    again.close();
  });

  it("uses WAL, the §3.1 pragmas and the §3.2 indices", async () => {
    const path = tempDb();
    const db = ProgramDatabase.open(path);
    db.close();
    const Database = (await import("better-sqlite3")).default;
    const raw = new Database(path);
    expect(raw.pragma("journal_mode", { simple: true })).toBe("wal");
    const indices = (raw.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND tbl_name = 'programs' AND name LIKE 'idx_%'").pluck().all() as string[]).sort();
    expect(indices).toEqual(
      ["children_count", "complexity", "generation", "island_idx", "parent_id", "system_prompt_id", "timestamp"].map((c) => `idx_programs_${c}`),
    );
    const tables = raw.prepare("SELECT name FROM sqlite_master WHERE type = 'table' ORDER BY name").pluck().all();
    expect(tables).toEqual(expect.arrayContaining(["archive", "attempt_log", "generation_event_log", "metadata_store", "programs"]));
    raw.close();
  });

  it("queries by island and correctness, counts, children, archive, metadata, logs and best", () => {
    const db = ProgramDatabase.open(tempDb());
    const a = makeProgram({ id: "a", island_idx: 0, combined_score: 1 });
    const b = makeProgram({ id: "b", island_idx: 1, combined_score: 3, parent_id: "a" });
    const c = makeProgram({ id: "c", island_idx: 1, combined_score: 9, correct: false });
    const copy = makeProgram({ id: "a-copy", island_idx: 1, metadata: { _is_island_copy: true } });
    for (const p of [a, b, c, copy]) db.insertProgram(p);
    expect(db.programs({ island: 1 }).map((p) => p.id)).toEqual(["b", "c", "a-copy"]);
    expect(db.programs({ island: 1, correct_only: true }).map((p) => p.id)).toEqual(["b", "a-copy"]);
    expect(db.count({ exclude_island_copies: true })).toBe(3);
    expect(db.islands()).toEqual([0, 1]);
    expect(db.best()?.id).toBe("b");
    db.incrementChildren("a");
    db.incrementChildren("a");
    expect(db.getProgram("a")!.children_count).toBe(2);
    db.addToArchive("a");
    db.addToArchive("b");
    db.removeFromArchive("a");
    expect(db.archiveIds()).toEqual(["b"]);
    expect(db.noteBest(db.getProgram("a")!)).toBe(false);
    expect(db.noteBest(db.getProgram("b")!)).toBe(true);
    expect(db.getMeta("best_score_ever")).toBe(3);
    db.logAttempt(4, "novelty", "rejected", { max_similarity: 0.99 });
    db.logEvent(5, "eval_failed", "job-5", { error: "timeout" });
    expect(db.attempts()).toMatchObject([{ generation: 4, stage: "novelty", status: "rejected", details: { max_similarity: 0.99 } }]);
    expect(db.events()).toMatchObject([{ generation: 5, status: "eval_failed", source_job_id: "job-5", details: { error: "timeout" } }]);
    db.moveToIsland("b", { generation: 10, from: 1, to: 0, timestamp: 7 });
    db.updateDerived("a", { embedding: [1, 2], complexity: 3 });
    const path = db.path;
    db.close();
    const again = ProgramDatabase.open(path);
    expect(again.getProgram("a")).toMatchObject({ children_count: 2, embedding: [1, 2], complexity: 3 });
    expect(again.getProgram("b")).toMatchObject({ island_idx: 0, migration_history: [{ generation: 10, from: 1, to: 0, timestamp: 7 }] });
    expect(again.archiveIds()).toEqual(["b"]);
    expect(again.getMeta("best_program_id")).toBe("b");
    expect(again.getMeta("missing")).toBeUndefined();
    again.close();
  });

  it("a failed transaction leaves neither the file nor the memory copy changed", () => {
    const db = ProgramDatabase.open(tempDb());
    expect(() =>
      db.transaction(() => {
        db.insertProgram(makeProgram({ id: "t1", source_job_id: "job-t1" }));
        db.addToArchive("t1");
        throw new Error("boom");
      }),
    ).toThrow("boom");
    expect(db.getProgram("t1")).toBeUndefined();
    expect(db.hasJob("job-t1")).toBe(false);
    expect(db.archiveIds()).toEqual([]);
    expect(db.insertProgram(makeProgram({ id: "t1", source_job_id: "job-t1" }))).toBe(true);
    db.close();
  });

  it("rejects bad input with errors that name the argument", () => {
    const db = ProgramDatabase.open(":memory:");
    expect(() => db.insertProgram(makeProgram({ id: "" }))).toThrow(TypeError);
    expect(() => db.insertProgram(makeProgram({ generation: -1 }))).toThrow(/generation/);
    expect(() => db.insertProgram(makeProgram({ island_idx: 1.5 }))).toThrow(/island_idx/);
    expect(() => db.incrementChildren("nope")).toThrow(RangeError);
    expect(() => ProgramDatabase.open("")).toThrow(TypeError);
    db.close();
  });
});

describe("busy retry (§3.1)", () => {
  it("retries SQLITE_BUSY/LOCKED 5 times, 0.1 s doubling, then gives up", () => {
    const delays: number[] = [];
    let calls = 0;
    const busy = Object.assign(new Error("database is locked"), { code: "SQLITE_BUSY" });
    expect(() =>
      withRetry(() => {
        calls++;
        throw busy;
      }, 5, 100, (ms) => delays.push(ms)),
    ).toThrow(busy);
    expect(calls).toBe(6);
    expect(delays).toEqual([100, 200, 400, 800, 1600]);
    let n = 0;
    expect(withRetry(() => (++n < 3 ? (() => { throw Object.assign(new Error(), { code: "SQLITE_LOCKED" }); })() : "ok"), 5, 100, () => {})).toBe("ok");
    let other = 0;
    expect(() => withRetry(() => { other++; throw Object.assign(new Error("x"), { code: "SQLITE_CONSTRAINT" }); }, 5, 100, () => {})).toThrow("x");
    expect(other).toBe(1);
  });
});

describe("crash safety", () => {
  it("survives a writer SIGKILLed mid-write: committed rows intact, integrity ok", async () => {
    const path = tempDb();
    const child = spawn(process.execPath, ["--import", "tsx", "test/evolve/database-writer.ts", path], { stdio: ["ignore", "pipe", "pipe"] });
    const committed: string[] = [];
    let stderr = "";
    child.stderr.on("data", (d) => (stderr += d));
    await new Promise<void>((resolve, reject) => {
      let buffer = "";
      child.stdout.on("data", (chunk: Buffer) => {
        buffer += chunk.toString();
        const lines = buffer.split("\n");
        buffer = lines.pop()!;
        committed.push(...lines);
        if (committed.length >= 300 && child.exitCode === null && !child.killed) {
          child.kill("SIGKILL");
          resolve();
        }
      });
      child.on("exit", (code, signal) => (signal === "SIGKILL" ? resolve() : reject(new Error(`writer exited ${code}: ${stderr}`))));
    });
    await new Promise((r) => child.once("close", r));
    expect(existsSync(`${path}-wal`)).toBe(true);
    const db = ProgramDatabase.open(path);
    expect(db.integrityCheck()).toBe("ok");
    for (const id of committed) expect(db.getProgram(id), id).toBeDefined();
    const n = db.count();
    expect(n).toBeGreaterThanOrEqual(committed.length);
    // Each transaction is all-or-nothing: every program has its archive row, and the IDs are contiguous.
    expect(db.archiveIds().length).toBe(n);
    expect(db.programs().map((p) => p.id)).toEqual(Array.from({ length: n }, (_, i) => `w${i}`));
    expect(db.getMeta("last_iteration")).toBe(n - 1);
    expect(db.getProgram(`w${n - 1}`)!.code.length).toBeGreaterThan(20_000);
    expect(db.insertProgram(makeProgram({ id: "after", source_job_id: `job-${n - 1}` }))).toBe(false);
    db.close();
  });
});
