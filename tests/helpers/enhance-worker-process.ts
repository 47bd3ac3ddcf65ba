// A worker process for the enhance crash test: the real worker on pg-boss and the real image analyzer, calling the Gemini
// emulator at GEMINI_BASE_URL with GEMINI_API_KEYS and storing variants under DATA_DIR. The test kills it with SIGKILL
// while variants are being made. Prints "ready" once it takes jobs; stops on SIGTERM.
import { createImageAnalyzer } from "../../lib/analysis/create-image-analyzer";
import { loadConfig } from "../../lib/config";
import { createPrismaClient } from "../../lib/db/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import { startWorker } from "../../lib/worker/start-worker";

const databaseUrl = process.env.DATABASE_URL!;
const config = loadConfig({ DATABASE_URL: databaseUrl, DATA_DIR: process.env.DATA_DIR!, GEMINI_API_KEYS: process.env.GEMINI_API_KEYS!, GEMINI_BASE_URL: process.env.GEMINI_BASE_URL!, RETRY_BASE_MS: "20", RETRY_CAP_MS: "100" });
const db = createPrismaClient(databaseUrl, 6);
const settings = { concurrency: 3, dispatchWindow: 12, leaseSeconds: 60, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 2 };
const worker = await startWorker(db, createImageAnalyzer(config, db), settings, (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }));
console.log("ready");
process.on("SIGTERM", async () => {
  await worker.stop();
  await db.$disconnect();
  process.exit(0);
});
