import type pg from "pg";
import { sql } from "../db/sql";

/** How long a hold counts unless the process that took it extends it: a worker killed with -9 blocks a budget no longer. */
export const DEFAULT_HOLD_TTL_MS = 5 * 60_000;

export interface HoldRequest {
  batchId: string;
  /** The batch whose cap applies: the batch itself, or a part's parent. */
  scopeBatchId: string;
  /** The start of the call's Pacific day. */
  day: Date;
  /** GEMINI_DAILY_BUDGET_USD in micros; null: no daily cap. */
  dayCapMicros: bigint | null;
  micros: number;
  ttlMs: number;
}

export type HoldOutcome = { held: true; holdId: string } | { held: false; refusedBy: "batch" | "day"; capMicros: bigint; spentMicros: bigint; heldMicros: bigint };

/**
 * Takes a hold in one statement (loupe_hold_spend, prisma/migrations/20261203010000_spend_ledger): under the scope's and
 * the day's locks, only if spent + unexpired holds + this estimate stays within each cap. Atomic across processes.
 */
export async function holdSpend(pool: pg.Pool, request: HoldRequest): Promise<HoldOutcome> {
  const { rows } = await pool.query<{ out_hold_id: string | null; out_refused_by: "batch" | "day" | null; out_cap: string | null; out_spent: string | null; out_held: string | null }>(sql`
    SELECT * FROM loupe_hold_spend(${request.batchId}::uuid, ${request.scopeBatchId}::uuid, ${request.day}::timestamptz,
      ${request.dayCapMicros === null ? null : request.dayCapMicros.toString()}::bigint, ${Math.ceil(request.micros)}::bigint, ${request.ttlMs}::float8)`);
  const row = rows[0];
  if (row?.out_hold_id) return { held: true, holdId: row.out_hold_id };
  return { held: false, refusedBy: row?.out_refused_by ?? "batch", capMicros: BigInt(row?.out_cap ?? 0), spentMicros: BigInt(row?.out_spent ?? 0), heldMicros: BigInt(row?.out_held ?? 0) };
}

/**
 * What Google billed becomes spend, on the batch, on its scope (a part's parent) and on the day, in the same statement that
 * drops the hold. It counts even when the hold had already expired (the call was made and billed all the same).
 */
export async function settleSpend(pool: pg.Pool, hold: { holdId: string; batchId: string; scopeBatchId: string; day: Date }, actualMicros: number) {
  const micros = Math.max(0, Math.round(actualMicros));
  await pool.query(sql`
    WITH dropped AS (DELETE FROM spend_holds WHERE id = ${hold.holdId}::bigint),
    batches_billed AS (
      INSERT INTO batch_spend AS s (batch_id, spent_micros, calls, updated_at)
      SELECT b.id, ${micros}::bigint, 1, now() FROM batches b WHERE b.id IN (${hold.batchId}::uuid, ${hold.scopeBatchId}::uuid)
      ON CONFLICT (batch_id) DO UPDATE SET spent_micros = s.spent_micros + excluded.spent_micros, calls = s.calls + 1, updated_at = now()
    )
    INSERT INTO daily_spend AS d (day, spent_micros, calls, updated_at) VALUES (${hold.day}::timestamptz, ${micros}::bigint, 1, now())
    ON CONFLICT (day) DO UPDATE SET spent_micros = d.spent_micros + excluded.spent_micros, calls = d.calls + 1, updated_at = now()`);
}

/** Nothing was billed (the call was refused or never made): the hold goes back. */
export async function releaseSpend(pool: pg.Pool, holdId: string) {
  await pool.query(sql`DELETE FROM spend_holds WHERE id = ${holdId}::bigint`);
}

/** Pushes the expiry of holds this process still has out by another TTL (a call may wait long for a key). */
export async function extendHolds(pool: pg.Pool, holdIds: string[], ttlMs: number) {
  if (holdIds.length === 0) return;
  await pool.query(sql`UPDATE spend_holds SET expires_at = clock_timestamp() + make_interval(secs => ${ttlMs}::float8 / 1000) WHERE id = ANY(${holdIds}::bigint[])`);
}
