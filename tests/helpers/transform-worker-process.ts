// A worker process for the transform crash test: the real worker on pg-boss and the real image analyzer (sharp, storage
// under DATA_DIR). With CRASH_AFTER_OUTPUTS=n it kills itself (SIGKILL: no clean-up runs) right after its n-th output is
// stored and recorded, before the image is marked done. Prints "ready" once it takes jobs; stops on SIGTERM.
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import { startWorker } from "../../lib/worker/start-worker";

const databaseUrl = process.env.DATABASE_URL!;
const crashAfter = Number(process.env.CRASH_AFTER_OUTPUTS ?? 0);
const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: process.env.DATA_DIR! });
const db = createPrismaClient(databaseUrl, 6);
const real = createImageAnalyzer(config, db);
let outputs = 0;
const analyze: ImageAnalyzer = async (image, context) => {
  const record = await real(image, context);
  if (crashAfter && ++outputs >= crashAfter) process.kill(process.pid, "SIGKILL");
  return record;
};
const settings = { concurrency: 3, dispatchWindow: 12, leaseSeconds: 60, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 2 };
const worker = await startWorker(db, analyze, settings, (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }));
console.log("ready");
process.on("SIGTERM", async () => {
  await worker.stop();
  await db.$disconnect();
  process.exit(0);
});
