// WAL checkpoints on a worker thread. A checkpoint copies the write-ahead log into the database
// file and fsyncs it; done by the writer (SQLite's default), it stalls whichever insert crosses the
// threshold, and a migration event, which rewrites hundreds of rows, crosses it often. A PASSIVE
// checkpoint from a second connection never blocks the writer (evolve.md §3.1: one writer; this
// connection only moves pages), so the engine's inserts never wait for the disk.
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";

// Plain JavaScript, run with eval so that it works the same from sources (tsx) and from dist/.
const WORKER = `
const { workerData, parentPort } = require("node:worker_threads");
const Database = require(workerData.driver);
const state = new Int32Array(workerData.state);
let db;
try {
  db = new Database(workerData.path, { fileMustExist: true });
  db.pragma("busy_timeout = 60000");
} catch (error) {
  Atomics.store(state, 0, 2);
  Atomics.notify(state, 0);
  throw error;
}
const checkpoint = () => {
  try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
};
const timer = setInterval(checkpoint, workerData.interval_ms);
parentPort.on("message", (message) => {
  if (message !== "close") return;
  clearInterval(timer);
  try { db.close(); } catch {}
  Atomics.store(state, 0, 1);
  Atomics.notify(state, 0);
  process.exit(0);
});
`;

/** Seconds the owner waits at close for a checkpoint in progress (a large one can take a while). */
const CLOSE_WAIT_MS = 30_000;

export class BackgroundCheckpointer {
  private readonly worker: Worker;
  /** [0]: 0 running, 1 closed, 2 failed to open. */
  private readonly state = new Int32Array(new SharedArrayBuffer(4));
  private closed = false;

  constructor(path: string, interval_ms = 1000) {
    const driver = createRequire(import.meta.url).resolve("better-sqlite3");
    this.worker = new Worker(WORKER, { eval: true, workerData: { path, driver, interval_ms, state: this.state.buffer } });
    this.worker.on("error", () => {
      // Checkpoints then fall back to the closing writer; nothing is lost.
    });
    this.worker.unref();
  }

  /**
   * Closes the worker's connection and waits for it, so that the writer closing after it is the
   * last connection and SQLite folds the WAL into the file and deletes it.
   */
  close(): void {
    if (this.closed) return;
    this.closed = true;
    if (Atomics.load(this.state, 0) !== 0) return;
    this.worker.postMessage("close");
    Atomics.wait(this.state, 0, 0, CLOSE_WAIT_MS);
  }
}
