import type { PrismaClient } from "../db/generated/client";
import { batchInTurn } from "../db/batch-in-turn";
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
  /** The batch's transform run before its analysis template (null: none). */
  transformVersionId?: string | null;
  model: string | null;
}

/**
 * Atomically takes images for processing: each only when its batch is running and the image is queued (or held by a
 * lease that expired). An image another worker has, that is done, or whose batch is paused/cancelled is left out, so a
 * job delivered twice is harmless. One statement for all of them.
 */
export async function claimImages(db: PrismaClient, imageIds: bigint[], workerId: string, leaseSeconds: number): Promise<Map<bigint, ClaimedImage>> {
  const { rows } = await poolOf(db).query<Omit<ClaimedImage, "id"> & { id: string }>(sql`
    WITH target AS (
      SELECT i.id, i.status AS previous
      FROM images i JOIN batches b ON b.id = i.batch_id
      WHERE i.id = ANY(${imageIds.map(String)}::bigint[]) AND b.status = 'running'
        AND (i.status = 'queued' OR (i.status = 'processing' AND i.lease_until < now()))
      ORDER BY i.id
      FOR UPDATE OF i SKIP LOCKED
    ), claimed AS (
      UPDATE images i
      SET status = 'processing', attempts = i.attempts + 1, worker_id = ${workerId},
          lease_until = now() + make_interval(secs => ${leaseSeconds}), started_at = now(), next_attempt_at = NULL
      FROM target WHERE i.id = target.id
      RETURNING i.id, i.batch_id, i.name, i.source_url, i.sha256, i.mime_type, i.attempts, target.previous
    ), counted AS (
      UPDATE batches b
      SET queued_count = b.queued_count - c.n, processing_count = b.processing_count + c.n, started_at = coalesce(b.started_at, now())
      FROM (SELECT batch_id, count(*)::int AS n FROM claimed WHERE previous = 'queued' GROUP BY batch_id) c
      WHERE b.id = c.batch_id
    )
    SELECT c.id, c.batch_id AS "batchId", c.name, c.source_url AS "sourceUrl", c.sha256, c.mime_type AS "mimeType", c.attempts,
           b.template_version_id AS "templateVersionId", b.transform_version_id AS "transformVersionId", b.model
    FROM claimed c JOIN batches b ON b.id = c.batch_id`);
  return new Map(rows.map((row) => [BigInt(row.id), { ...row, id: BigInt(row.id) }]));
}

const claimInTurn = batchInTurn({
  group: ({ workerId, leaseSeconds, batchId }: { workerId: string; leaseSeconds: number; batchId: string }) => `${batchId}\u0000${workerId}\u0000${leaseSeconds}`,
  run: (db: PrismaClient, { workerId, leaseSeconds }, imageIds: bigint[]) => claimImages(db, imageIds, workerId, leaseSeconds),
  firstOnly: true,
});

/**
 * Claims one image (see claimImages), together with the other claims of the same batch made by this worker in the same
 * turn of the event loop: a job engine that hands over forty jobs at once gets them claimed in one statement, not forty.
 * Claims are grouped by batch so that the statement moves one batch's counters (two grouped claims never wait on each
 * other's batch rows). A second claim of the same image in one turn gets null, as it would one statement later.
 */
export async function claimImage(db: PrismaClient, imageId: bigint, workerId: string, leaseSeconds: number, batchId: string): Promise<ClaimedImage | null> {
  return (await claimInTurn(db, { workerId, leaseSeconds, batchId }, imageId)) ?? null;
}
