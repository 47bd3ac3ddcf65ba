import type { Config } from "../config";
import type { JobEngine, JobHandlers } from "./definitions";

/**
 * The job engine, chosen once from the environment: pg-boss (default) or Inngest (INNGEST_EVENT_KEY / INNGEST_DEV).
 * With handlers, the pg-boss engine also works the queues in this process; Inngest runs them through /api/inngest.
 */
export async function createJobEngine(config: Config, databaseUrl: string, handlers?: JobHandlers): Promise<JobEngine> {
  if (config.jobAdapter === "inngest") {
    const { createInngestEngine } = await import("./inngest");
    return createInngestEngine();
  }
  const { createPgBossEngine } = await import("./pg-boss");
  return createPgBossEngine({ databaseUrl, handlers, concurrency: config.WORKER_CONCURRENCY });
}

const holder = globalThis as unknown as { loupeJobs?: Promise<JobEngine> };

/** The process-wide engine: the worker's when this process runs one, otherwise a producer-only engine. */
export function setJobEngine(engine: Promise<JobEngine>) {
  holder.loupeJobs = engine;
}

export async function getJobEngine(config: Config, databaseUrl: string): Promise<JobEngine> {
  holder.loupeJobs ??= createJobEngine(config, databaseUrl);
  return holder.loupeJobs;
}
