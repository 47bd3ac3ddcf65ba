import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

/**
 * Crash recovery, run by every live worker: images held by a worker that stopped heart-beating (kill -9) or whose lease
 * ran out go back to the queue; images whose job a dead worker may have taken, or dispatched long ago and never run, are
 * dispatched again.
 * Returns how many images were returned to the queue.
 */
export async function recoverImages(db: PrismaClient, { deadAfterSeconds = 20, redispatchAfterSeconds = 300 } = {}): Promise<number> {
  // On the plain pg pool, as every few seconds' statement of an idle worker is: through Prisma each cost several times more.
  const pool = poolOf(db);
  const { rows: recovered } = await pool.query<{ n: string }>(sql`
    WITH stale AS (
      UPDATE images i SET status = 'queued', dispatched_at = NULL, worker_id = NULL, lease_until = NULL, remote_job_id = NULL
      WHERE i.status = 'processing'
        -- An image at Google in a Batch API job has no worker: its job's lease and watchdog answer for it (the lease is the backstop).
        AND (i.lease_until < now() OR (i.remote_job_id IS NULL AND NOT EXISTS (
          SELECT 1 FROM workers w WHERE w.id = i.worker_id AND w.heartbeat_at > now() - make_interval(secs => ${deadAfterSeconds}::float8))))
      RETURNING i.batch_id
    ), per_batch AS (
      SELECT batch_id, count(*)::int AS n FROM stale GROUP BY batch_id
    ), counted AS (
      UPDATE batches b SET processing_count = b.processing_count - per_batch.n, queued_count = b.queued_count + per_batch.n
      FROM per_batch WHERE b.id = per_batch.batch_id
    )
    SELECT count(*) AS n FROM stale`);
  // A worker found dead may have fetched jobs it never started (they sit "active" in the engine until it expires them),
  // or marked images dispatched and died before their jobs were written: hand out again every image dispatched until it
  // was surely dead (its last heartbeat and the time it takes to be found dead; it may have dispatched in between).
  // Harmless for images whose job does arrive (claims are idempotent). The dead worker's row goes, so this happens once
  // per death.
  await pool.query(sql`
    WITH dead AS (
      DELETE FROM workers WHERE heartbeat_at < now() - make_interval(secs => ${deadAfterSeconds}::float8) RETURNING heartbeat_at
    )
    UPDATE images SET dispatched_at = NULL
    WHERE status = 'queued' AND dispatched_at IS NOT NULL
      AND dispatched_at <= (SELECT max(heartbeat_at) FROM dead) + make_interval(secs => ${deadAfterSeconds}::float8)`);
  await pool.query(sql`
    UPDATE images SET dispatched_at = NULL
    WHERE dispatched_at IS NOT NULL AND status = 'queued'
      AND dispatched_at < now() - make_interval(secs => ${redispatchAfterSeconds}::float8)
      AND (next_attempt_at IS NULL OR next_attempt_at < now() - make_interval(secs => ${redispatchAfterSeconds}::float8))`);
  return Number(recovered[0]?.n ?? 0);
}
