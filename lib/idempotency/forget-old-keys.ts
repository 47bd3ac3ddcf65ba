import type pg from "pg";
import { sql } from "../db/sql";

/** How long a key's first response is kept and replayed (Stripe's 24 h). */
export const KEEP_HOURS = 24;

/** Forgets Idempotency-Keys past their 24 h (the worker's tick calls this). */
export async function forgetOldIdempotencyKeys(pool: pg.Pool) {
  await pool.query(sql`DELETE FROM idempotency_keys WHERE created_at < now() - make_interval(hours => ${KEEP_HOURS})`);
}
