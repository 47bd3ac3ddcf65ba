import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";

export interface ClaimedImage {
  id: bigint;
  batchId: string;
  name: string | null;
  sourceUrl: string | null;
  sha256: string | null;
  mimeType: string | null;
  attempts: number;
  templateVersionId: string | null;
  model: string | null;
}

/**
 * Atomically takes an image for processing: only when its batch is running and the image is queued (or held by a lease
 * that expired). Returns null when another worker has it, it is done, or the batch is paused/cancelled — so a job
 * delivered twice is harmless.
 */
export async function claimImage(db: PrismaClient, imageId: bigint, workerId: string, leaseSeconds: number): Promise<ClaimedImage | null> {
  const { rows } = await poolOf(db).query<Omit<ClaimedImage, "id"> & { id: string }>(sql`
    WITH target AS (
      SELECT i.id, i.status AS previous
      FROM images i JOIN batches b ON b.id = i.batch_id
      WHERE i.id = ${imageId} AND b.status = 'running'
        AND (i.status = 'queued' OR (i.status = 'processing' AND i.lease_until < now()))
      FOR UPDATE OF i SKIP LOCKED
    ), claimed AS (
      UPDATE images i
      SET status = 'processing', attempts = i.attempts + 1, worker_id = ${workerId},
          lease_until = now() + make_interval(secs => ${leaseSeconds}), started_at = now(), next_attempt_at = NULL
      FROM target WHERE i.id = target.id
      RETURNING i.id, i.batch_id, i.name, i.source_url, i.sha256, i.mime_type, i.attempts, target.previous
    ), counted AS (
      UPDATE batches b
      SET queued_count = b.queued_count - 1, processing_count = b.processing_count + 1, started_at = coalesce(b.started_at, now())
      FROM claimed WHERE b.id = claimed.batch_id AND claimed.previous = 'queued'
    )
    SELECT c.id, c.batch_id AS "batchId", c.name, c.source_url AS "sourceUrl", c.sha256, c.mime_type AS "mimeType", c.attempts,
           b.template_version_id AS "templateVersionId", b.model
    FROM claimed c JOIN batches b ON b.id = c.batch_id`);
  return rows[0] ? { ...rows[0], id: BigInt(rows[0].id) } : null;
}
