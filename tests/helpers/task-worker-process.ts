// A worker process for the kill -9 test of long operations: the real worker on pg-boss against DATABASE_URL, running the
// batch tasks (delete, cancel, retry) with a short task lease, storage under STORAGE_DIR. Prints "ready"; stops on SIGTERM.
import { batchTaskHandlers } from "../../lib/batches/batch-task-handlers";
import { createPrismaClient } from "../../lib/db/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import { LocalStorage } from "../../lib/storage/local-storage";
import { startWorker } from "../../lib/worker/start-worker";

const databaseUrl = process.env.DATABASE_URL!;
const db = createPrismaClient(databaseUrl, 6);
const analyze: ImageAnalyzer = async () => {
  throw new Error("this worker runs tasks only");
};
const settings = { concurrency: 2, dispatchWindow: 8, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 10, taskLeaseSeconds: 2 };
const storage = new LocalStorage(process.env.STORAGE_DIR!);
const worker = await startWorker(
  db,
  analyze,
  settings,
  (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }),
  (jobs) => batchTaskHandlers({ db, jobs, storage, dispatchWindow: settings.dispatchWindow }),
);
console.log("ready");
process.on("SIGTERM", async () => {
  await worker.stop();
  await db.$disconnect();
  process.exit(0);
});
