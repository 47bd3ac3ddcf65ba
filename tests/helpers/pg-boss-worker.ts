import type { PrismaClient } from "../../lib/db/generated/client";
import { createPgBossEngine } from "../../lib/jobs/pg-boss";
import type { ImageAnalyzer } from "../../lib/orchestration/process-image";
import { startWorker, type RunningWorker } from "../../lib/worker/start-worker";

/** A worker in this process on pg-boss over the test's database, running `analyze` for each image. */
export function startPgBossWorker(db: PrismaClient, databaseUrl: string, analyze: ImageAnalyzer, settings: Parameters<typeof startWorker>[2]): Promise<RunningWorker> {
  return startWorker(db, analyze, settings, (handlers) => createPgBossEngine({ databaseUrl, handlers, concurrency: settings.concurrency }));
}
