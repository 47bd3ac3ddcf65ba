import type { PrismaClient } from "../../db/generated/client";
import { poolOf, sql } from "../../db/sql";
import type { ClaimedImage } from "../../orchestration/claim-image";

/** The worker id an image in a remote job is held by: no live worker has it, so crash recovery leaves the image alone. */
export const remoteHolder = (jobId: bigint | string) => `gemini-batch:${jobId}`;

/**
 * Takes up to `limit` of a running batch's queued images into a remote job: processing, held by the job, leased until
 * past the job's deadline (the watchdog hands them back long before). Counters move in the same statement.
 */
export async function attachImages(db: PrismaClient, jobId: bigint, batchId: string, limit: number, leaseSeconds: number): Promise<number> {
  const { rows } = await poolOf(db).query<{ n: number }>(sql`
    WITH picked AS (
      SELECT i.id FROM images i
      WHERE i.batch_id = ${batchId}::uuid AND i.status = 'queued' AND i.dispatched_at IS NULL AND NOT i.interactive_fallback
        AND (i.next_attempt_at IS NULL OR i.next_attempt_at <= now())
        AND EXISTS (SELECT 1 FROM batches b WHERE b.id = ${batchId}::uuid AND b.status = 'running')
      ORDER BY i.id LIMIT ${limit}
      FOR UPDATE OF i SKIP LOCKED
    ), taken AS (
      UPDATE images i SET status = 'processing', attempts = i.attempts + 1, worker_id = ${remoteHolder(jobId)}, remote_job_id = ${jobId},
        dispatched_at = now(), lease_until = now() + make_interval(secs => ${leaseSeconds}), started_at = now(), next_attempt_at = NULL
      FROM picked WHERE i.id = picked.id RETURNING i.id
    ), counted AS (
      UPDATE batches b SET queued_count = b.queued_count - (SELECT count(*) FROM taken), processing_count = b.processing_count + (SELECT count(*) FROM taken),
        started_at = coalesce(b.started_at, now())
      WHERE b.id = ${batchId}::uuid AND (SELECT count(*) FROM taken) > 0
    )
    SELECT count(*)::int AS n FROM taken`);
  return rows[0]?.n ?? 0;
}

/**
 * Hands a job's images (all still held, or only `ids`) back to the queue: for a later job, or (fallback) for interactive
 * calls. `refundRun` gives back the run they were taken with (a pause or a cancelled job is not their fault).
 */
export async function releaseImages(db: PrismaClient, jobId: bigint, options: { fallback: boolean; refundRun: boolean; ids?: bigint[]; error?: { code: string; message: string }; notBefore?: Date }): Promise<number> {
  const ids = options.ids?.map(String) ?? null;
  const { rows } = await poolOf(db).query<{ n: number }>(sql`
    WITH released AS (
      UPDATE images i SET status = 'queued', worker_id = NULL, remote_job_id = NULL, dispatched_at = NULL, lease_until = NULL, next_attempt_at = ${options.notBefore ?? null}::timestamptz,
        interactive_fallback = i.interactive_fallback OR ${options.fallback}, attempts = greatest(0, i.attempts - ${options.refundRun ? 1 : 0}),
        last_error_code = coalesce(${options.error?.code ?? null}, i.last_error_code), last_error_message = coalesce(${options.error?.message.slice(0, 2000) ?? null}, i.last_error_message)
      WHERE i.remote_job_id = ${jobId} AND i.status = 'processing' AND i.worker_id = ${remoteHolder(jobId)}
        AND (${ids}::bigint[] IS NULL OR i.id = ANY(${ids}::bigint[]))
      RETURNING i.batch_id
    ), per_batch AS (SELECT batch_id, count(*)::int AS n FROM released GROUP BY batch_id)
    UPDATE batches b SET processing_count = b.processing_count - per_batch.n, queued_count = b.queued_count + per_batch.n
    FROM per_batch WHERE b.id = per_batch.batch_id RETURNING per_batch.n`);
  return rows.reduce((sum, row) => sum + row.n, 0);
}

/** An image a job holds: what a worker's claim gives, read for the job. */
export type JobImage = ClaimedImage;

/** The images a job still holds, in id order, a page at a time. */
export async function heldImages(db: PrismaClient, jobId: bigint, afterId: bigint, limit: number): Promise<JobImage[]> {
  const { rows } = await poolOf(db).query<Omit<JobImage, "id"> & { id: string }>(sql`
    SELECT i.id::text, i.batch_id AS "batchId", i.name, i.source_url AS "sourceUrl", i.sha256, i.mime_type AS "mimeType", i.attempts,
           b.template_version_id AS "templateVersionId", b.model
    FROM images i JOIN batches b ON b.id = i.batch_id
    WHERE i.remote_job_id = ${jobId} AND i.status = 'processing' AND i.worker_id = ${remoteHolder(jobId)} AND i.id > ${afterId}
    ORDER BY i.id LIMIT ${limit}`);
  return rows.map((row) => ({ ...row, id: BigInt(row.id) }));
}

/** What the written request knew of each image (stored at write time, read back when its answer is applied). */
export async function recordSentImages(db: PrismaClient, sent: { id: bigint; sha256: string; mimeType: string | null; bytes: number; width: number; height: number; sentBytes: number; sentWidth: number; sentHeight: number }[]) {
  if (!sent.length) return;
  await poolOf(db).query(sql`
    UPDATE images i SET sha256 = t.sha256, mime_type = coalesce(t.mime_type, i.mime_type), bytes = t.bytes, width = t.width, height = t.height,
      sent_bytes = t.sent_bytes, sent_width = t.sent_width, sent_height = t.sent_height
    FROM unnest(${sent.map((s) => String(s.id))}::bigint[], ${sent.map((s) => s.sha256)}::text[], ${sent.map((s) => s.mimeType)}::text[], ${sent.map((s) => s.bytes)}::int[],
                ${sent.map((s) => s.width)}::int[], ${sent.map((s) => s.height)}::int[], ${sent.map((s) => s.sentBytes)}::int[], ${sent.map((s) => s.sentWidth)}::int[], ${sent.map((s) => s.sentHeight)}::int[])
         AS t(id, sha256, mime_type, bytes, width, height, sent_bytes, sent_width, sent_height)
    WHERE i.id = t.id`);
}
