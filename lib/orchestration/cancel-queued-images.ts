import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

/**
 * The queued images of cancelled batches become cancelled, counted in the same statement; at most `limit` of them (a
 * million-image batch is cancelled a chunk at a time, never in one long statement). Called when a batch is cancelled,
 * and again when a Batch API job hands back images it held at Google after its batch was cancelled. Returns how many.
 */
export async function cancelQueuedImages(db: PrismaClient, batchIds: string[], limit: number | null = null): Promise<number> {
  const { rows } = await poolOf(db).query<{ n: number }>(sql`
    WITH doomed AS (
      SELECT i.id FROM images i JOIN batches b ON b.id = i.batch_id
      WHERE b.status = 'cancelled' AND i.batch_id = ANY(${batchIds}::uuid[]) AND i.status = 'queued'
      LIMIT ${limit}
    ), cancelled AS (
      UPDATE images i SET status = 'cancelled', dispatched_at = NULL, last_error_code = 'cancelled', last_error_message = 'Cancelled before it was analysed.'
      FROM doomed WHERE i.id = doomed.id AND i.status = 'queued'
      RETURNING i.batch_id
    ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM cancelled GROUP BY batch_id),
    counted AS (
      UPDATE batches b SET queued_count = b.queued_count - per_batch.n, cancelled_count = b.cancelled_count + per_batch.n
      FROM per_batch WHERE b.id = per_batch.batch_id
    )
    SELECT count(*)::int AS n FROM cancelled`);
  return rows[0]?.n ?? 0;
}
