import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { finalizeBatch } from "../orchestration/finalize-batch";
import type { TaskStep } from "../tasks/task-types";

const IMAGES_PER_STEP = 5000;

/**
 * "Fail them now": one step fails the next few thousand queued images (dispatched ones too: their jobs claim only queued images, so they find nothing to do) of these batches on an unreachable
 * host (counted as the images' own failures would be); when none are left, the batches may finish.
 */
export function failHostImagesStep(db: PrismaClient): TaskStep {
  return async (task) => {
    const batchIds = task.params.batchIds as string[];
    const host = task.params.host as string;
    const message = `The host ${host} was unreachable; failed on request instead of waiting for it.`;
    const { rows } = await poolOf(db).query<{ n: number }>(sql`
      WITH doomed AS (
        SELECT i.id FROM images i WHERE i.batch_id = ANY(${batchIds}::uuid[]) AND i.status = 'queued' AND i.remote_job_id IS NULL
          AND lower(substring(i.source_url from '^[A-Za-z][A-Za-z0-9+.-]*://(?:[^/?#@]*@)?\\[?([^]/?#:]+)')) = ${host}
        LIMIT ${IMAGES_PER_STEP} FOR UPDATE OF i SKIP LOCKED
      ), failed AS (
        UPDATE images i SET status = 'failed', last_error_code = 'image_unreachable', last_error_message = ${message}, finished_at = now()
        FROM doomed WHERE i.id = doomed.id RETURNING i.batch_id
      ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM failed GROUP BY batch_id),
      counted AS (
        UPDATE batches b SET queued_count = b.queued_count - per_batch.n, failed_count = b.failed_count + per_batch.n FROM per_batch WHERE b.id = per_batch.batch_id
      )
      SELECT count(*)::int AS n FROM failed`);
    const failed = rows[0].n;
    const total = Number(task.state.failed ?? 0) + failed;
    if (failed > 0) return { done: false, progress: failed, state: { failed: total } };
    for (const batchId of batchIds) await finalizeBatch(db, batchId);
    return { done: true, result: { failed: total, host } };
  };
}
