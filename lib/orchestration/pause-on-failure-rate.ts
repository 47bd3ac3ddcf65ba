import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { pauseBatchBecause } from "./pause-batch-because";

/** The rate is judged over this many finished images (the batch's recent_outcomes), once at least MIN_SAMPLE finished. */
export const FAILURE_RATE_WINDOW = 200;
const MIN_SAMPLE = 50;

/**
 * After an image failed: when more than `maxRate` of the batch's last 200 finished images failed (rate limits never
 * count), the batch pauses itself with the reason and the most frequent error, instead of failing the rest the same way.
 * One read of the batch's row; returns whether it paused the batch now.
 */
export async function pauseOnFailureRate(db: PrismaClient, batchId: string, maxRate: number): Promise<boolean> {
  if (maxRate >= 1) return false;
  const pool = poolOf(db);
  const { rows } = await pool.query<{ recent: string }>(sql`SELECT recent_outcomes AS recent FROM batches WHERE id = ${batchId}::uuid AND status = 'running'`);
  const recent = rows[0]?.recent ?? "";
  if (recent.length < MIN_SAMPLE) return false;
  const failed = recent.split("").filter((outcome) => outcome === "f").length;
  if (failed / recent.length <= maxRate) return false;
  const { rows: top } = await pool.query<{ code: string; message: string; n: number }>(sql`
    SELECT last_error_code AS code, min(last_error_message) AS message, count(*)::int AS n FROM (
      SELECT last_error_code, last_error_message FROM images WHERE batch_id = ${batchId}::uuid AND status = 'failed' ORDER BY id DESC LIMIT ${FAILURE_RATE_WINDOW}
    ) latest GROUP BY last_error_code ORDER BY n DESC LIMIT 1`);
  const percent = Math.round((failed / recent.length) * 100);
  const cause = top[0] ? ` Most of them: ${top[0].code.replaceAll("_", " ")} (${top[0].message}).` : "";
  const message =
    `${failed} of the last ${recent.length} finished images failed (${percent}%, more than the ${Math.round(maxRate * 100)}% AUTO_PAUSE_FAILURE_RATE allows), ` +
    `so Loupe paused the batch instead of failing the rest the same way.${cause} Fix the cause and resume (the failed images can be retried), or cancel.`;
  return (await pauseBatchBecause(db, batchId, { code: "failure_rate", message })) === "paused";
}
