import type pg from "pg";
import { budgetReachedMessage } from "../../budget/budget-messages";
import { holdSpend, releaseSpend, settleSpend } from "../../budget/hold-spend";
import { usdToMicros } from "../../budget/money";
import { checkoutClient } from "../../db/checkout-client";
import { poolOf, sql } from "../../db/sql";
import { nextPacificMidnight, pacificDayStart } from "../../gemini/pacific-day";
import type { EngineContext } from "./context";
import type { RemoteJobRow } from "./remote-jobs";

// A job's hold lives as long as the job can: Loupe's deadline, Google's 48 h, and time to apply the results.
const HOLD_MARGIN_MS = 50 * 3_600_000;

/**
 * Before a job is created, its most possible cost is held against the batch's cap (a part's: its upload's) and the
 * daily cap, so the Batch API never spends past either. No cap: nothing is held. Returns a refusal message when the
 * caps have no room for it.
 */
export async function holdJobSpend(context: EngineContext, job: RemoteJobRow): Promise<string | null> {
  const pool = poolOf(context.db);
  const { rows } = await pool.query<{ scope: string; is_part: boolean; capped: boolean; hold: string | null; max_cost: string }>(sql`
    SELECT coalesce(b.parent_batch_id, b.id)::text AS scope, b.parent_batch_id IS NOT NULL AS is_part,
           (CASE WHEN b.parent_batch_id IS NULL THEN b.budget_micros ELSE p.budget_micros END) IS NOT NULL AS capped,
           j.spend_hold_id::text AS hold, j.max_cost_micros::text AS max_cost
    FROM gemini_batch_jobs j JOIN batches b ON b.id = j.batch_id LEFT JOIN batches p ON p.id = b.parent_batch_id WHERE j.id = ${job.id}`);
  const row = rows[0];
  const dayCapMicros = context.config.GEMINI_DAILY_BUDGET_USD ? usdToMicros(context.config.GEMINI_DAILY_BUDGET_USD) : null;
  if (!row || row.hold || (!row.capped && dayCapMicros === null)) return null;
  const at = context.now();
  const day = new Date(pacificDayStart(at));
  const ttlMs = context.config.GEMINI_BATCH_DEADLINE_HOURS * 3_600_000 + HOLD_MARGIN_MS;
  const micros = Number(row.max_cost);
  const outcome = await holdSpend(pool, { batchId: job.batchId!, scopeBatchId: row.scope, day, dayCapMicros, micros, ttlMs });
  if (!outcome.held) return budgetReachedMessage({ ...outcome, estimateMicros: micros, scopeBatchId: row.scope, isPart: row.is_part, resetsAtMs: nextPacificMidnight(at), nowMs: at }).replace("the next Gemini call", "this Batch API job");
  await pool.query(sql`UPDATE gemini_batch_jobs SET spend_hold_id = ${outcome.holdId}::bigint, spend_scope_batch_id = ${row.scope}::uuid, spend_day = ${day} WHERE id = ${job.id}`);
  return null;
}

/** Once results are applied: what Google billed for the job's answers becomes spend, in the statement that drops the hold. */
export async function settleJobSpend(context: EngineContext, job: RemoteJobRow) {
  const pool = poolOf(context.db);
  const { rows } = await pool.query<{ hold: string | null; scope: string | null; day: Date | null; billed: string }>(sql`
    SELECT j.spend_hold_id::text AS hold, j.spend_scope_batch_id::text AS scope, j.spend_day AS day,
           (SELECT coalesce(sum(i.cost_micros), 0) FROM images i WHERE i.remote_job_id = j.id AND i.status = 'succeeded')::text AS billed
    FROM gemini_batch_jobs j WHERE j.id = ${job.id}`);
  const row = rows[0];
  if (!row?.hold || !row.scope || !row.day || !job.batchId) return;
  // The hold is taken off the job and settled in one transaction: applying the results again after a crash settles nothing twice.
  const { client, release } = await checkoutClient(pool);
  try {
    await client.query("BEGIN");
    const taken = await client.query(sql`UPDATE gemini_batch_jobs SET spend_hold_id = NULL WHERE id = ${job.id} AND spend_hold_id = ${row.hold}::bigint`);
    if (taken.rowCount) await settleSpend(client as unknown as pg.Pool, { holdId: row.hold, batchId: job.batchId, scopeBatchId: row.scope, day: row.day }, Number(row.billed));
    await client.query("COMMIT");
  } catch (error) {
    await client.query("ROLLBACK").catch(() => {});
    throw error;
  } finally {
    release();
  }
}

/** A job given up or cancelled before its results: its hold goes back. */
export async function releaseJobSpend(context: EngineContext, job: RemoteJobRow) {
  const pool = poolOf(context.db);
  const { rows } = await pool.query<{ hold: string | null }>(sql`
    WITH old AS (SELECT id, spend_hold_id FROM gemini_batch_jobs WHERE id = ${job.id} FOR UPDATE)
    UPDATE gemini_batch_jobs j SET spend_hold_id = NULL FROM old WHERE j.id = old.id RETURNING old.spend_hold_id::text AS hold`);
  if (rows[0]?.hold) await releaseSpend(pool, rows[0].hold);
}
