// A worker process for the multi-process test: the real worker on pg-boss against DATABASE_URL, with an analyzer that
// signs each attempt with this process's pid. Prints "ready" once it takes jobs; stops on SIGTERM.
import { createPrismaClient } from "../../lib/db/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import { startWorker } from "../../lib/worker/start-worker";

const databaseUrl = process.env.DATABASE_URL!;
const db = createPrismaClient(databaseUrl, 6);
const analyze: ImageAnalyzer = async (image, { onAttempt }) => {
  await new Promise((r) => setTimeout(r, 3 + Math.random() * 6));
  await onAttempt({ keyId: `pid-${process.pid}`, httpStatus: 200, errorCode: null, errorMessage: null, durationMs: 5, inputTokens: 258, outputTokens: 20 });
  return { result: { caption: `about ${image.name}` }, cached: false, inputTokens: 258, outputTokens: 20, costMicros: 127, model: "test", templateVersionId: null };
};
const settings = { concurrency: 6, dispatchWindow: 60, leaseSeconds: 300, maxRuns: 3, retryBaseMs: 50, retryCapMs: 200, tickMs: 300, deadAfterSeconds: 10 };
const worker = await startWorker(db, analyze, settings, (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }));
console.log("ready");
process.on("SIGTERM", async () => {
  await worker.stop();
  await db.$disconnect();
  process.exit(0);
});
