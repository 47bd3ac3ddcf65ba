import type pg from "pg";
import { sql } from "../db/sql";
import type { JobEngine } from "../jobs/definitions";

/** A delivery handed to the job engine that has not run this long after it was due is handed again. */
const LOST_AFTER_SECONDS = 60;

/**
 * The worker's tick: deliveries that are due (new events, retries whose delayed job was lost, posts whose worker died and
 * whose lease ran out) go to the job engine as webhook.deliver jobs, marked so the next tick does not hand them twice.
 */
export async function enqueueDueDeliveries(pool: pg.Pool, jobs: JobEngine, limit = 500): Promise<number> {
  const { rows } = await pool.query<{ id: string }>(sql`
    UPDATE webhook_deliveries SET enqueued_at = now()
    WHERE id IN (
      SELECT id FROM webhook_deliveries
      WHERE ((status = 'pending' AND next_attempt_at <= now()) OR (status = 'delivering' AND lease_until < now()))
        AND (enqueued_at IS NULL OR enqueued_at < now() - make_interval(secs => ${LOST_AFTER_SECONDS}) OR (status = 'delivering' AND enqueued_at < lease_until))
      ORDER BY next_attempt_at LIMIT ${limit} FOR UPDATE SKIP LOCKED)
    RETURNING id`);
  if (rows.length) await jobs.enqueueMany("webhook.deliver", rows.map((row) => ({ deliveryId: row.id })));
  return rows.length;
}
