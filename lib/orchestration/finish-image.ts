import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { decideReview } from "../review/decide-review";
import type { AttemptRecord } from "./record-attempt";

export interface SuccessRecord {
  result: unknown;
  cached: boolean;
  inputTokens: number;
  /** Billed output: candidates + thoughts. */
  outputTokens: number;
  thoughtsTokens?: number;
  cachedTokens?: number;
  costMicros: number;
  model: string | null;
  templateVersionId: string | null;
  sha256?: string | null;
  mimeType?: string | null;
  bytes?: number | null;
  width?: number | null;
  height?: number | null;
  sentBytes?: number | null;
  sentWidth?: number | null;
  sentHeight?: number | null;
  /** The result cache's key for a model's answer: stored with the completion, so the same image never costs a second call. */
  cacheKey?: string | null;
}

/**
 * Records a success exactly once: the UPDATE only matches an image this worker still holds, and the batch counters, tokens
 * and per-minute throughput move in the same statement, with the successful attempt (so history and result commit
 * together) and the result cache's entry (kept even when the image was no longer ours: the answer was paid for).
 * Returns how many of the batch's images are still queued or processing (0: the batch may be finalised), or null when
 * the image was no longer ours (nothing counted, no attempt written).
 */
export async function completeImage(db: PrismaClient, imageId: bigint, workerId: string, record: SuccessRecord, attempt: AttemptRecord | null = null): Promise<number | null> {
  const result = JSON.stringify(record.result ?? null);
  // To a person, or approved by the template's rule: decided before the statement, recorded in it.
  const review = await decideReview(db, imageId, record);
  const { rows } = await poolOf(db).query<{ unfinished: number }>(sql`
    WITH done AS (
      UPDATE images SET
        status = 'succeeded', result = ${result}::jsonb, cached = ${record.cached},
        input_tokens = ${record.inputTokens}, output_tokens = ${record.outputTokens}, cost_micros = ${record.costMicros},
        thoughts_tokens = ${record.thoughtsTokens ?? 0}, cached_tokens = ${record.cachedTokens ?? 0},
        model = ${record.model}, template_version_id = ${record.templateVersionId}::uuid,
        sha256 = coalesce(${record.sha256 ?? null}, sha256), mime_type = coalesce(${record.mimeType ?? null}, mime_type),
        bytes = coalesce(${record.bytes ?? null}::int, bytes), width = coalesce(${record.width ?? null}::int, width),
        height = coalesce(${record.height ?? null}::int, height), sent_bytes = ${record.sentBytes ?? null}::int,
        sent_width = ${record.sentWidth ?? null}::int, sent_height = ${record.sentHeight ?? null}::int,
        finished_at = now(), duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int,
        lease_until = NULL, worker_id = NULL, last_error_code = NULL, last_error_message = NULL,
        review_status = ${review.status}::"ReviewStatus", review_reason = ${review.reason}, review_note = ${review.note},
        reviewed_at = CASE WHEN ${review.status}::text = 'approved' THEN now() ELSE reviewed_at END
      WHERE id = ${imageId} AND status = 'processing' AND worker_id = ${workerId}
      RETURNING batch_id, input_tokens, output_tokens, thoughts_tokens, cached_tokens, cost_micros, cached
    ), counted AS (
      UPDATE batches b SET
        processing_count = b.processing_count - 1, succeeded_count = b.succeeded_count + 1, recent_outcomes = right(b.recent_outcomes || 's', 200),
        cached_count = b.cached_count + CASE WHEN done.cached THEN 1 ELSE 0 END,
        input_tokens = b.input_tokens + done.input_tokens, output_tokens = b.output_tokens + done.output_tokens,
        thoughts_tokens = b.thoughts_tokens + done.thoughts_tokens, cached_tokens = b.cached_tokens + done.cached_tokens,
        cost_micros = b.cost_micros + done.cost_micros
      FROM done WHERE b.id = done.batch_id
      RETURNING b.queued_count + b.processing_count AS unfinished
    ), per_minute AS (
      INSERT INTO batch_minute_stats (batch_id, minute, succeeded, failed, tokens, cost_micros)
      SELECT batch_id, date_trunc('minute', now()), 1, 0, input_tokens + output_tokens, cost_micros FROM done
      ON CONFLICT (batch_id, minute) DO UPDATE SET succeeded = batch_minute_stats.succeeded + 1, tokens = batch_minute_stats.tokens + excluded.tokens,
        cost_micros = batch_minute_stats.cost_micros + excluded.cost_micros
    ), attempt AS (
      INSERT INTO image_attempts (image_id, attempt_no, key_id, http_status, error_code, error_message, duration_ms, input_tokens, output_tokens, thoughts_tokens)
      SELECT ${imageId}, (SELECT coalesce(max(attempt_no), 0) + 1 FROM image_attempts WHERE image_id = ${imageId}), ${attempt?.keyId ?? null}, ${attempt?.httpStatus ?? null}::int,
             NULL, NULL, ${Math.round(attempt?.durationMs ?? 0)}, ${attempt?.inputTokens ?? 0}, ${attempt?.outputTokens ?? 0}, ${attempt?.thoughtsTokens ?? 0}
      FROM done WHERE ${attempt !== null}
    ), cache AS (
      INSERT INTO result_cache (cache_key, result, input_tokens, output_tokens, thoughts_tokens, model)
      SELECT ${record.cacheKey ?? null}::text, ${result}::jsonb, ${record.inputTokens}, ${record.outputTokens}, ${record.thoughtsTokens ?? 0}, ${record.model} WHERE ${record.cacheKey ?? null}::text IS NOT NULL
      ON CONFLICT (cache_key) DO NOTHING
    )
    SELECT unfinished FROM counted`);
  return rows.length ? Number(rows[0].unfinished) : null;
}

/**
 * A permanent failure (or retries used up): counted once, reason kept for people and for "retry all failed (by code)".
 * Returns what completeImage returns.
 */
export async function failImage(db: PrismaClient, imageId: bigint, workerId: string, error: { code: string; message: string }): Promise<number | null> {
  const { rows } = await poolOf(db).query<{ unfinished: number }>(sql`
    WITH done AS (
      UPDATE images SET status = 'failed', last_error_code = ${error.code}, last_error_message = ${error.message.slice(0, 2000)},
        finished_at = now(), duration_ms = (extract(epoch FROM now() - started_at) * 1000)::int, lease_until = NULL, worker_id = NULL
      WHERE id = ${imageId} AND status = 'processing' AND worker_id = ${workerId}
      RETURNING batch_id
    ), counted AS (
      UPDATE batches b SET processing_count = b.processing_count - 1, failed_count = b.failed_count + 1,
        -- Rate limits are not the images' failures: they leave no mark for auto-pause.
        recent_outcomes = right(b.recent_outcomes || CASE WHEN ${error.code} IN ('rate_limited', 'quota_exhausted_daily') THEN '' ELSE 'f' END, 200)
      FROM done WHERE b.id = done.batch_id
      RETURNING b.queued_count + b.processing_count AS unfinished
    ), per_minute AS (
      INSERT INTO batch_minute_stats (batch_id, minute, succeeded, failed, tokens)
      SELECT batch_id, date_trunc('minute', now()), 0, 1, 0 FROM done
      ON CONFLICT (batch_id, minute) DO UPDATE SET failed = batch_minute_stats.failed + 1
    )
    SELECT unfinished FROM counted`);
  return rows.length ? Number(rows[0].unfinished) : null;
}

/** A retryable failure: back to queued with the time of the next attempt; the caller enqueues the delayed job. */
export async function requeueImage(db: PrismaClient, imageId: bigint, workerId: string, error: { code: string; message: string }, retryAt: Date, options: { refundRun?: boolean } = {}): Promise<boolean> {
  const { rows } = await poolOf(db).query<{ n: string }>(sql`
    WITH done AS (
      UPDATE images SET status = 'queued', last_error_code = ${error.code}, last_error_message = ${error.message.slice(0, 2000)},
        attempts = greatest(0, attempts - ${options.refundRun ? 1 : 0}),
        next_attempt_at = ${retryAt}, dispatched_at = now(), lease_until = NULL, worker_id = NULL
      WHERE id = ${imageId} AND status = 'processing' AND worker_id = ${workerId}
      RETURNING batch_id
    ), counted AS (
      UPDATE batches b SET processing_count = b.processing_count - 1, queued_count = b.queued_count + 1 FROM done WHERE b.id = done.batch_id
    )
    SELECT count(*) AS n FROM done`);
  return Number(rows[0]?.n ?? 0) === 1;
}

/**
 * The image's host cools down (its breaker is open): the image goes back to queued, undispatched and with its run given
 * back, so it takes no slot until dispatch hands it out again once the host may be tried (lib/hosts).
 */
export async function parkImage(db: PrismaClient, imageId: bigint, workerId: string, reason: { code: string; message: string }): Promise<boolean> {
  const { rows } = await poolOf(db).query<{ n: string }>(sql`
    WITH done AS (
      UPDATE images SET status = 'queued', attempts = greatest(0, attempts - 1), dispatched_at = NULL, next_attempt_at = NULL, lease_until = NULL, worker_id = NULL,
        last_error_code = ${reason.code}, last_error_message = ${reason.message.slice(0, 2000)}
      WHERE id = ${imageId} AND status = 'processing' AND worker_id = ${workerId}
      RETURNING batch_id
    ), counted AS (
      UPDATE batches b SET processing_count = b.processing_count - 1, queued_count = b.queued_count + 1 FROM done WHERE b.id = done.batch_id
    )
    SELECT count(*) AS n FROM done`);
  return Number(rows[0]?.n ?? 0) === 1;
}
