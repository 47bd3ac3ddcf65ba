import { randomBytes } from "node:crypto";
import os from "node:os";
import { startBatch } from "../batches/start-batch";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import type { JobEngine, JobHandlers } from "../jobs/definitions";
import { fullJitterDelay } from "../gemini/backoff";
import { dispatchBatch, UndeliveredDispatchError } from "../orchestration/dispatch-batch";
import { throttleDispatch } from "../orchestration/throttle-dispatch";
import { fairWindows } from "../orchestration/fair-windows";
import { finalizeBatch } from "../orchestration/finalize-batch";
import { processImage, type ImageAnalyzer, type ProcessImageDeps } from "../orchestration/process-image";
import { recoverImages } from "../orchestration/recover-images";
import { releaseUnsettledImages } from "../orchestration/release-unsettled-images";
import { logger } from "../log/logger";
import { forgetOldIdempotencyKeys } from "../idempotency/forget-old-keys";
import { resumeStaleTasks } from "../tasks/resume-stale-tasks";
import { runTask } from "../tasks/run-task";
import type { TaskHandlers } from "../tasks/task-types";
import { config } from "../config";
import { deliverWebhook } from "../webhooks/deliver-webhook";
import { enqueueDueDeliveries } from "../webhooks/enqueue-due-deliveries";
import { webhookSettings } from "../webhooks/webhook-settings";

const DISPATCH_TOP_UP_MS = 250;

export interface WorkerSettings {
  concurrency: number;
  dispatchWindow: number;
  leaseSeconds: number;
  maxRuns: number;
  retryBaseMs: number;
  retryCapMs: number;
  /** How often the worker heart-beats, recovers crashed work and tops up running batches. */
  tickMs: number;
  deadAfterSeconds: number;
  /** A batch pauses itself when more than this share of its last 200 finished images failed (1: never). */
  autoPauseFailureRate?: number;
  /** How long a task run holds its task between two steps before another process may take it over. */
  taskLeaseSeconds?: number;
}

/** A task.run job works on its task this long, then hands the rest to a new job (no job runs for hours). */
const TASK_RUN_MS = 4 * 60_000;

export interface RunningWorker {
  id: string;
  jobs: JobEngine;
  handlers: JobHandlers;
  tick: () => Promise<void>;
  stop: () => Promise<void>;
}

/**
 * A job worker: registers itself (heartbeat), builds the job handlers from the core, and runs the maintenance tick.
 * `createEngine` receives the handlers so the pg-boss adapter can work its queues; the Inngest adapter serves them at
 * /api/inngest instead.
 */
export async function startWorker(
  db: PrismaClient,
  analyze: ImageAnalyzer,
  settings: WorkerSettings,
  createEngine: (handlers: JobHandlers) => Promise<JobEngine>,
  /** The long operations this worker runs (lib/tasks), given the job engine. */
  taskHandlers: (jobs: JobEngine) => TaskHandlers = () => ({}),
): Promise<RunningWorker> {
  const id = `${os.hostname()}-${process.pid}-${randomBytes(3).toString("hex")}`;
  let jobs: JobEngine | null = null;
  const engine = () => {
    if (!jobs) throw new Error("job engine not started");
    return jobs;
  };
  // Images whose job ended in an error (e.g. the database went away mid-run), or that were dispatched with no job: the
  // tick gives them back once the database answers, instead of leaving them held until their lease or re-dispatch delay.
  const unsettled = new Set<bigint>();
  const keepUndelivered = (error: unknown) => {
    if (error instanceof UndeliveredDispatchError) for (const image of error.imageIds) unsettled.add(image);
    throw error;
  };
  // Running batches share the window fairly (between people, then uploads by priority), not a full window each.
  const windowFor = fairWindows(db, settings.dispatchWindow);
  const dispatch = async (batchId: string) => dispatchBatch(db, engine(), batchId, await windowFor(batchId)).catch(keepUndelivered);
  const topUpDispatch = throttleDispatch(DISPATCH_TOP_UP_MS, dispatch, (error) =>
    logger().error({ err: (error as Error)?.message }, "dispatch top-up failed"),
  );
  const deps = (): ProcessImageDeps => ({
    db,
    jobs: engine(),
    analyze,
    workerId: id,
    leaseSeconds: settings.leaseSeconds,
    maxRuns: settings.maxRuns,
    autoPauseFailureRate: settings.autoPauseFailureRate,
    retryDelayMs: (run) => fullJitterDelay(run, settings.retryBaseMs, settings.retryCapMs),
    topUpDispatch,
  });
  // Images being processed here now (an unsettled one is given back only once its job here has ended).
  const inFlight = new Map<bigint, number>();
  const handlers: JobHandlers = {
    "batch.start": async ({ batchId }) => startBatch(db, engine(), batchId, windowFor).catch(keepUndelivered),
    "image.analyze": async ({ imageId, batchId }) => {
      const image = BigInt(imageId);
      inFlight.set(image, (inFlight.get(image) ?? 0) + 1);
      try {
        await processImage(deps(), image, batchId);
        unsettled.delete(image);
      } catch (error) {
        unsettled.add(image);
        throw error;
      } finally {
        if (inFlight.get(image) === 1) inFlight.delete(image);
        else inFlight.set(image, inFlight.get(image)! - 1);
      }
    },
    "batch.finalize": async ({ batchId }) => {
      await finalizeBatch(db, batchId);
    },
    "task.run": async ({ taskId }) => {
      tasks ??= taskHandlers(engine());
      const outcome = await runTask(db, tasks, taskId, { workerId: id, leaseSeconds: taskLease, deadline: Date.now() + TASK_RUN_MS });
      if (outcome === "yielded") await engine().enqueue("task.run", { taskId });
    },
    "webhook.deliver": async ({ deliveryId }) => {
      const delivered = await deliverWebhook(poolOf(db), deliveryId, webhookSettings(config()));
      if (delivered.outcome === "retry") await engine().enqueue("webhook.deliver", { deliveryId }, { startAfter: delivered.nextAttemptAt });
    },
  };
  let tasks: TaskHandlers | null = null;
  const taskLease = settings.taskLeaseSeconds ?? 30;

  await db.$executeRaw`INSERT INTO workers (id, hostname, pid, adapter, concurrency) VALUES (${id}, ${os.hostname()}, ${process.pid}, 'starting', ${settings.concurrency})`;
  jobs = await createEngine(handlers);
  await db.$executeRaw`UPDATE workers SET adapter = ${jobs.adapter} WHERE id = ${id}`;

  let ticking = false;
  const tick = async () => {
    if (ticking) return;
    ticking = true;
    try {
      // An upsert: a worker that stalled long enough to be declared dead (and its row removed) comes back to life.
      await poolOf(db).query(sql`
        INSERT INTO workers (id, hostname, pid, adapter, concurrency) VALUES (${id}, ${os.hostname()}, ${process.pid}, ${engine().adapter}, ${settings.concurrency})
        ON CONFLICT (id) DO UPDATE SET heartbeat_at = now()`);
      const idle = [...unsettled].filter((image) => !inFlight.has(image));
      await releaseUnsettledImages(db, id, idle, settings.maxRuns);
      for (const image of idle) unsettled.delete(image);
      await recoverImages(db, { deadAfterSeconds: settings.deadAfterSeconds });
      await forgetOldIdempotencyKeys(poolOf(db));
      await resumeStaleTasks(db, engine(), taskLease);
      await enqueueDueDeliveries(poolOf(db), engine());
      const { rows: running } = await poolOf(db).query<{ id: string }>(sql`SELECT id::text FROM batches WHERE status = 'running' AND kind <> 'parent'`);
      for (const batch of running) {
        await dispatch(batch.id);
        await finalizeBatch(db, batch.id);
      }
    } catch (error) {
      logger().error({ err: (error as Error).message }, "worker tick failed");
    } finally {
      ticking = false;
    }
  };
  await tick();
  const timer = setInterval(() => void tick(), settings.tickMs);
  timer.unref();

  return {
    id,
    jobs,
    handlers,
    tick,
    stop: async () => {
      clearInterval(timer);
      topUpDispatch.cancel();
      await engine().stop();
      topUpDispatch.cancel(); // ones its last jobs scheduled
      await db.$executeRaw`DELETE FROM workers WHERE id = ${id}`.catch(() => {});
    },
  };
}
