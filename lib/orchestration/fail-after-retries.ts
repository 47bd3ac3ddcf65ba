import type { PrismaClient } from "../db/generated/client";

/**
 * The reason a person reads when the engine gave up: one line. Prisma's messages open with "Invalid `prisma.…()`
 * invocation:" and the call site, and say what went wrong on their last line.
 */
export function engineFailureReason(error: { message?: string }) {
  const lines = (error.message ?? "").split("\n").map((line) => line.trim()).filter(Boolean);
  const line = /^Invalid `prisma\./.test(lines[0] ?? "") ? lines.at(-1) : lines[0];
  return `The job engine gave up after retries: ${(line ?? "unknown error").slice(0, 500)}`;
}

/**
 * When the job engine itself gives up on an image (Inngest's onFailure after its retries), the image is failed with the
 * engine's reason, wherever it stood (queued or processing), counted once.
 */
export async function failAfterEngineRetries(db: PrismaClient, imageId: bigint, message: string) {
  await db.$executeRaw`
    WITH done AS (
      UPDATE images i SET status = 'failed', last_error_code = 'internal', last_error_message = ${message.slice(0, 2000)},
        finished_at = now(), lease_until = NULL, worker_id = NULL
      FROM (SELECT id, status AS previous FROM images WHERE id = ${imageId} AND status IN ('queued', 'processing') FOR UPDATE) before
      WHERE i.id = before.id RETURNING i.batch_id, before.previous
    )
    UPDATE batches b SET
      queued_count = b.queued_count - CASE WHEN done.previous = 'queued' THEN 1 ELSE 0 END,
      processing_count = b.processing_count - CASE WHEN done.previous = 'processing' THEN 1 ELSE 0 END,
      failed_count = b.failed_count + 1
    FROM done WHERE b.id = done.batch_id`;
}
