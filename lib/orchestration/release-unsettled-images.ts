import type { PrismaClient } from "../db/generated/client";

/**
 * Images whose job ended in an error the worker could not record (typically: the database went away mid-run, so neither
 * the result nor the failure was written). Once the database answers again they are given back at once instead of
 * waiting out the lease (15 min) or the re-dispatch delay (5 min): an image this worker still holds goes back to the
 * queue (or fails, when its runs are used up, so a persistent fault cannot loop), a dispatched one goes back to the
 * dispatcher. Returns how many images were released.
 */
export async function releaseUnsettledImages(db: PrismaClient, workerId: string, imageIds: bigint[], maxRuns: number): Promise<number> {
  if (imageIds.length === 0) return 0;
  const rows = await db.$queryRaw<{ n: bigint }[]>`
    WITH before AS (
      SELECT id, status AS previous, (status = 'processing' AND attempts >= ${maxRuns}) AS exhausted
      FROM images
      WHERE id = ANY(${imageIds}::bigint[])
        AND ((status = 'processing' AND worker_id = ${workerId}) OR (status = 'queued' AND dispatched_at IS NOT NULL))
      FOR UPDATE
    ), released AS (
      UPDATE images i SET
        status = (CASE WHEN before.exhausted THEN 'failed' ELSE 'queued' END)::"ImageStatus",
        last_error_code = CASE WHEN before.exhausted THEN 'internal' ELSE i.last_error_code END,
        last_error_message = CASE WHEN before.exhausted THEN 'Processing this image broke off ' || ${maxRuns} || ' times (the worker could not record its outcome).' ELSE i.last_error_message END,
        finished_at = CASE WHEN before.exhausted THEN now() ELSE i.finished_at END,
        dispatched_at = NULL, worker_id = NULL, lease_until = NULL
      FROM before WHERE i.id = before.id
      RETURNING i.batch_id, before.previous, before.exhausted
    ), per_batch AS (
      SELECT batch_id,
        count(*) FILTER (WHERE previous = 'processing')::int AS was_processing,
        count(*) FILTER (WHERE previous = 'processing' AND NOT exhausted)::int AS requeued,
        count(*) FILTER (WHERE exhausted)::int AS failed
      FROM released GROUP BY batch_id
    ), counted AS (
      UPDATE batches b SET processing_count = b.processing_count - per_batch.was_processing,
        queued_count = b.queued_count + per_batch.requeued, failed_count = b.failed_count + per_batch.failed
      FROM per_batch WHERE b.id = per_batch.batch_id
    )
    SELECT count(*) AS n FROM released`;
  return Number(rows[0]?.n ?? 0);
}
