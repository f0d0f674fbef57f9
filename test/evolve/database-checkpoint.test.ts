// WAL checkpoints on a worker thread: the log is folded into the file while the writer works, and
// closing leaves one self-contained programs.sqlite.
import { existsSync, mkdtempSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ProgramDatabase } from "../../lib/evolve/database.js";
import { makeProgram } from "./database-fixtures.js";

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe("background WAL checkpoints", () => {
  it("the writer never checkpoints; the worker keeps the WAL from growing; close leaves no WAL behind", async () => {
    const path = join(mkdtempSync(join(tmpdir(), "tansaku-checkpoint-")), "programs.sqlite");
    const db = ProgramDatabase.open(path);
    const big = "x".repeat(20_000);
    const write = (from: number) =>
      db.transaction(() => {
        for (let i = from; i < from + 200; i++) db.insertProgram(makeProgram({ id: `p${i}`, code: big, source_job_id: `job-${i}` }));
      });
    write(0);
    const walAfterFirst = statSync(`${path}-wal`).size;
    expect(walAfterFirst).toBeGreaterThan(4_000_000); // about 4 MB of rows, not checkpointed by the writer
    // The worker copies the log into the file on its own (bounded wait: it checks every second)...
    let copied = false;
    for (let attempt = 0; attempt < 200 && !copied; attempt++) {
      await sleep(100);
      copied = statSync(path).size > 4_000_000;
    }
    expect(copied).toBe(true);
    // ...so the next write starts the log over instead of growing it.
    write(1000);
    expect(statSync(`${path}-wal`).size).toBeLessThanOrEqual(walAfterFirst);
    const count = db.count();
    db.close();
    expect(existsSync(`${path}-wal`)).toBe(false);
    const again = ProgramDatabase.open(path, { readonly: true });
    expect(again.count()).toBe(count);
    expect(again.integrityCheck()).toBe("ok");
    again.close();
  }, 60_000);
});
