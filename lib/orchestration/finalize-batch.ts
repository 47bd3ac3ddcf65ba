import type pg from "pg";
import type { PrismaClient } from "../db/generated/client";
import { inTransaction } from "../db/in-transaction";
import { poolOf, sql } from "../db/sql";
import { emitBatchEvent } from "../webhooks/emit-batch-event";

/**
 * A running batch with nothing queued or processing is finished: completed, or completed_with_errors when some images
 * failed. A parent's status follows its parts. Idempotent.
 */
export async function finalizeBatch(db: PrismaClient, batchId: string, { parentOnlyWhenFinished = false } = {}): Promise<string | null> {
  const pool = poolOf(db);
  // After almost every image the batch still has work: one read says so; the change and its event go in one transaction.
  const { rows: finishable } = await pool.query(sql`
    SELECT 1 FROM batches WHERE id = ${batchId}::uuid AND status = 'running' AND queued_count = 0 AND processing_count = 0`);
  const rows = finishable.length
    ? await inTransaction(pool, async (tx) => {
        const { rows: finished } = await tx.query<{ status: string; parent_batch_id: string | null }>(sql`
          UPDATE batches SET
            status = (CASE WHEN failed_count > 0 THEN 'completed_with_errors' ELSE 'completed' END)::"BatchStatus",
            finished_at = now()
          WHERE id = ${batchId}::uuid AND status = 'running' AND queued_count = 0 AND processing_count = 0
          RETURNING status::text, parent_batch_id::text`);
        if (finished.length) await emitBatchEvent(tx, "batch.completed", batchId);
        return finished;
      })
    : [];
  // After one image, a part that is still running leaves its parent as it was: skip the parent's aggregate over its parts.
  if (rows.length === 0 && parentOnlyWhenFinished) return null;
  const parentId =
    rows[0]?.parent_batch_id ??
    (await pool.query<{ parent_batch_id: string | null }>(sql`SELECT parent_batch_id::text FROM batches WHERE id = ${batchId}::uuid`)).rows[0]?.parent_batch_id;
  if (parentId) await refreshParentStatus(db, parentId);
  return rows[0]?.status ?? null;
}

/** Derives a parent's status and finish time from its parts (and announces parent.completed with it, in one transaction). */
export async function refreshParentStatus(db: PrismaClient, parentId: string) {
  await inTransaction(poolOf(db), (tx) => refreshParentStatusIn(tx, parentId));
}

/** refreshParentStatus inside the caller's transaction (a pause or cancel that changes the parts in it). */
export async function refreshParentStatusIn(tx: pg.ClientBase, parentId: string) {
  const { rows } = await tx.query<{ status: string; was: string }>(sql`
    WITH parts AS (
      SELECT
        bool_or(status IN ('running', 'queued')) AS active,
        bool_or(status = 'paused') AS paused,
        bool_and(status = 'cancelled') AS all_cancelled,
        bool_or(status IN ('completed_with_errors', 'failed')) AS errors,
        max(finished_at) AS finished_at,
        min(started_at) AS started_at
      FROM batches WHERE parent_batch_id = ${parentId}::uuid
    )
    UPDATE batches p SET
      status = (CASE
        WHEN parts.active THEN 'running'
        WHEN parts.paused THEN 'paused'
        WHEN parts.all_cancelled THEN 'cancelled'
        WHEN parts.errors THEN 'completed_with_errors'
        ELSE 'completed' END)::"BatchStatus",
      started_at = coalesce(p.started_at, parts.started_at),
      finished_at = CASE WHEN parts.active OR parts.paused THEN NULL ELSE parts.finished_at END
    FROM parts, (SELECT status FROM batches WHERE id = ${parentId}::uuid) before
    WHERE p.id = ${parentId}::uuid AND p.status <> 'draft'
    RETURNING p.status::text, before.status::text AS was`);
  const finished = ["completed", "completed_with_errors"];
  // Every part finished just now: the upload as a whole is done (told once, on the change).
  if (rows[0] && finished.includes(rows[0].status) && !finished.includes(rows[0].was)) await emitBatchEvent(tx, "parent.completed", parentId);
}
