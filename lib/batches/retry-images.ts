import type { PrismaClient } from "../db/generated/client";
import { conflict, notFound } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { refreshParentStatus } from "../orchestration/finalize-batch";

/** Failed images of these batches (optionally only one error code, or one image) back to queued; the batch runs again. */
async function requeueFailed(db: PrismaClient, batchIds: string[], filter: { errorCode?: string; imageId?: bigint }): Promise<number> {
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    WITH retried AS (
      UPDATE images SET status = 'queued', dispatched_at = NULL, next_attempt_at = NULL, finished_at = NULL
      WHERE batch_id = ANY(${batchIds}::uuid[]) AND status = 'failed'
        AND (${filter.errorCode ?? null}::text IS NULL OR last_error_code = ${filter.errorCode ?? null})
        AND (${filter.imageId ?? null}::bigint IS NULL OR id = ${filter.imageId ?? null})
      RETURNING batch_id
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

export async function retryFailedImages(db: PrismaClient, jobs: JobEngine, batchId: string, errorCode: string | undefined, dispatchWindow: number) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { kind: true, status: true } });
  if (!batch) throw notFound("That batch");
  if (batch.status === "cancelled") throw conflict("batch_cancelled", "A cancelled batch cannot be retried; re-run it as a new batch instead.");
  const ids = batch.kind === "parent" ? (await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true } })).map((b) => b.id) : [batchId];
  const retried = await requeueFailed(db, ids, { errorCode });
  if (retried > 0) await afterRetry(db, jobs, ids, dispatchWindow);
  return { retried };
}
