import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import type { AttemptRecord } from "../gemini/attempt-record";

export type { AttemptRecord } from "../gemini/attempt-record";

/** One line of an image's attempt history (the key is stored masked, never in full). */
export async function recordAttempt(db: PrismaClient, imageId: bigint, attempt: AttemptRecord) {
  // Numbered in the statement: one image is only ever processed by the worker that holds its claim.
  await poolOf(db).query(sql`
    INSERT INTO image_attempts (image_id, attempt_no, key_id, http_status, error_code, error_message, duration_ms, input_tokens, output_tokens, thoughts_tokens)
    VALUES (${imageId}, (SELECT coalesce(max(attempt_no), 0) + 1 FROM image_attempts WHERE image_id = ${imageId}), ${attempt.keyId}, ${attempt.httpStatus}, ${attempt.errorCode}, ${attempt.errorMessage?.slice(0, 2000) ?? null},
            ${Math.round(attempt.durationMs)}, ${attempt.inputTokens}, ${attempt.outputTokens}, ${attempt.thoughtsTokens ?? 0})`);
}
