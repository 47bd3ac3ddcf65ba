import type { PrismaClient } from "../db/generated/client";
import { conflict, notFound } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { refreshParentStatus } from "../orchestration/finalize-batch";
import { createTask } from "../tasks/create-task";
import { runTask } from "../tasks/run-task";
import type { TaskStep } from "../tasks/task-types";

const IMAGES_PER_STEP = 5000;

/**
 * Failed images of these batches (optionally only one error code, or one image) back to queued, at most `limit` of them
 * in one statement; the batch runs again.
 */
async function requeueFailed(db: PrismaClient, batchIds: string[], filter: { errorCode?: string; imageId?: bigint }, limit = IMAGES_PER_STEP): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    WITH picked AS (
      SELECT id FROM images
      WHERE batch_id = ANY(${batchIds}::uuid[]) AND status = 'failed'
        AND (${filter.errorCode ?? null}::text IS NULL OR last_error_code = ${filter.errorCode ?? null})
        AND (${filter.imageId ?? null}::bigint IS NULL OR id = ${filter.imageId ?? null})
      LIMIT ${limit}
    ), retried AS (
      UPDATE images i SET status = 'queued', dispatched_at = NULL, next_attempt_at = NULL, finished_at = NULL
      FROM picked WHERE i.id = picked.id AND i.status = 'failed'
      RETURNING i.batch_id
    ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM retried GROUP BY batch_id),
    counted AS (
      UPDATE batches b SET failed_count = b.failed_count - per_batch.n, queued_count = b.queued_count + per_batch.n,
        status = CASE WHEN b.status = 'paused' THEN b.status ELSE 'running' END, finished_at = NULL
      FROM per_batch WHERE b.id = per_batch.batch_id
    )
    SELECT count(*) AS n FROM retried`;
  return Number(rows[0]?.n ?? 0);
}

async function afterRetry(db: PrismaClient, jobs: JobEngine, batchIds: string[], dispatchWindow: number) {
  for (const id of batchIds) await dispatchBatch(db, jobs, id, dispatchWindow);
  const parents = await db.batch.findMany({ where: { id: { in: batchIds }, parentBatchId: { not: null } }, select: { parentBatchId: true }, distinct: ["parentBatchId"] });
  for (const parent of parents) await refreshParentStatus(db, parent.parentBatchId!);
}

export async function retryImage(db: PrismaClient, jobs: JobEngine, imageId: bigint, dispatchWindow: number) {
  const image = await db.image.findUnique({ where: { id: imageId }, select: { batchId: true, status: true } });
  if (!image) throw notFound("That image");
  if (image.status !== "failed") throw conflict("image_not_failed", `Only a failed image can be retried; this one is ${image.status}.`);
  await requeueFailed(db, [image.batchId], { imageId });
  await afterRetry(db, jobs, [image.batchId], dispatchWindow);
  return { retried: 1, batchId: image.batchId };
}

/** Begins "retry all failed" of a batch (a parent: every part) as a task that requeues its failed images in chunks. */
export async function beginRetryFailed(db: PrismaClient, batchId: string, errorCode: string | undefined, createdById: string | null = null): Promise<string> {
  const batch = await db.batch.findUnique({ where: { id: batchId, deletedAt: null }, select: { kind: true, status: true, failedCount: true } });
  if (!batch) throw notFound("That batch");
  if (batch.status === "cancelled") throw conflict("batch_cancelled", "A cancelled batch cannot be retried; re-run it as a new batch instead.");
  const parts = batch.kind === "parent" ? await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true, failedCount: true } }) : [{ id: batchId, failedCount: batch.failedCount }];
  return createTask(db, {
    kind: "batch.retry_failed",
    target: { type: "batch", id: batchId },
    params: { batchIds: parts.map((part) => part.id), errorCode: errorCode ?? null },
    progressTotal: parts.reduce((sum, part) => sum + part.failedCount, 0),
    createdById,
  });
}

/** One step of "retry all failed": a few thousand failed images back to queued; the first step already dispatches. */
export function retryFailedStep(db: PrismaClient, jobs: JobEngine, dispatchWindow: number): TaskStep {
  return async (task) => {
    const batchIds = task.params.batchIds as string[];
    const errorCode = (task.params.errorCode as string | null) ?? undefined;
    const retried = await requeueFailed(db, batchIds, { errorCode });
    const total = Number(task.state.retried ?? 0) + retried;
    if (retried === IMAGES_PER_STEP) {
      if (!task.state.dispatched) await afterRetry(db, jobs, batchIds, dispatchWindow);
      return { done: false, progress: retried, state: { retried: total, dispatched: true } };
    }
    if (total > 0) await afterRetry(db, jobs, batchIds, dispatchWindow);
    return { done: true, result: { retried: total } };
  };
}

export async function retryFailedImages(db: PrismaClient, jobs: JobEngine, batchId: string, errorCode: string | undefined, dispatchWindow: number) {
  const taskId = await beginRetryFailed(db, batchId, errorCode);
  await runTask(db, { "batch.retry_failed": retryFailedStep(db, jobs, dispatchWindow) }, taskId, { workerId: `inline-${process.pid}`, leaseSeconds: 60 });
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { result: true } });
  return task.result as { retried: number };
}
