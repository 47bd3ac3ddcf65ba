import { PgBoss } from "pg-boss";
import { jobDefinitions, jobNames, type EnqueueOptions, type JobEngine, type JobHandlers, type JobName, type JobPayload } from "./definitions";
import { logger } from "../log/logger";

export interface PgBossEngineOptions {
  databaseUrl: string;
  /** Start workers for every job in this process (WORKER=on, or `npm run worker`). */
  handlers?: JobHandlers;
  concurrency?: number;
}

const IMAGE_BATCHES = 8;

const retryOptions = (name: JobName) => {
  const { retry } = jobDefinitions[name];
  return { retryLimit: retry.limit, retryDelay: retry.delaySeconds, retryBackoff: retry.backoff };
};

/** pg-boss on Loupe's own PostgreSQL: the embedded default, and it scales across app replicas sharing one database. */
export async function createPgBossEngine(options: PgBossEngineOptions): Promise<JobEngine> {
  // LISTEN/NOTIFY: a worker wakes the moment jobs are created (a batch's first images, or another replica's), instead of
  // at its next poll; polling stays as the backstop (delayed retries, a connection pooler that cannot LISTEN).
  const boss = new PgBoss({ connectionString: options.databaseUrl, max: 6, application_name: "loupe-jobs", useListenNotify: true });
  boss.on("error", (error) => logger().error({ err: error.message }, "pg-boss error"));
  await boss.start();
  for (const name of jobNames) {
    await boss.createQueue(name, { ...retryOptions(name), expireInSeconds: 15 * 60, notify: true });
    await boss.updateQueue(name, { notify: true }); // queues made before notify was used
  }

  if (options.handlers) {
    const concurrency = options.concurrency ?? 16;
    for (const name of jobNames) {
      const handler = options.handlers[name] as (payload: unknown) => Promise<void>;
      // Image jobs are fetched in batches and run side by side; while fetches come back full pg-boss fetches again at
      // once (burst) instead of sleeping a polling interval between batches. A fetched batch is only replaced once all
      // of it has finished, and an image may wait a whole quota window for its slot: with two big batches, the images
      // ready to go when the next window opens were only the stragglers. Eight smaller batches keep the rest coming.
      const parallel = name === "image.analyze" ? concurrency : 2;
      const batchSize = Math.max(1, Math.ceil(parallel / IMAGE_BATCHES));
      await boss.work(
        name,
        { batchSize, localConcurrency: Math.ceil(parallel / batchSize), pollingIntervalSeconds: 0.5, notifyPollingIntervalSeconds: 2, burstWhenBatchFull: batchSize > 1 },
        async (jobs) => {
          const results = await Promise.allSettled(jobs.map((job) => handler(jobDefinitions[name].payload.parse(job.data))));
          const failure = results.find((result) => result.status === "rejected");
          // The handlers are idempotent, so retrying the whole fetched batch is safe.
          if (failure) throw (failure as PromiseRejectedResult).reason;
        },
      );
    }
  }

  return {
    adapter: "pg-boss",
    async enqueue<N extends JobName>(name: N, payload: JobPayload<N>, enqueueOptions?: EnqueueOptions) {
      await boss.send(name, jobDefinitions[name].payload.parse(payload) as object, { ...retryOptions(name), startAfter: enqueueOptions?.startAfter });
    },
    async enqueueMany<N extends JobName>(name: N, payloads: JobPayload<N>[], options?: { priority?: number }) {
      if (payloads.length === 0) return;
      await boss.insert(name, payloads.map((data) => ({ data: data as object, ...retryOptions(name), priority: options?.priority ?? 0 })));
    },
    async status() {
      const stats = await Promise.all(jobNames.map((name) => boss.getQueueStats(name).then((rows) => rows[0]).catch(() => undefined)));
      return {
        adapter: "pg-boss" as const,
        queues: jobNames.map((name, index) => ({
          name,
          queued: stats[index]?.queuedCount ?? 0,
          active: stats[index]?.activeCount ?? 0,
          deferred: stats[index]?.deferredCount ?? 0,
          failed: stats[index]?.failedCount ?? 0,
        })),
      };
    },
    // Queued jobs of a cancelled batch find it cancelled when they run and do nothing.
    async notifyCancelled() {},
    async stop() {
      await boss.stop({ graceful: true, timeout: 15_000 });
    },
  };
}
