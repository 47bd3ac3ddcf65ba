import type pg from "pg";
import type { LeaseOutcome } from "./key-pool";

/** What a refused call (or probe) teaches about its key and the key's project, written where every process reads it. */
export async function applyLeaseOutcome(db: pg.Pool, target: { keyId: string; project: string }, outcome: Exclude<LeaseOutcome, { kind: "success" }>) {
  if (outcome.kind === "rate_limited") {
    await db.query(`UPDATE gemini_projects SET cooldown_until = greatest(coalesce(cooldown_until, now()), now() + make_interval(secs => $2::float / 1000)) WHERE id = $1`, [target.project, outcome.retryAfterMs]);
    await db.query(`UPDATE gemini_keys SET rate_limited_count = rate_limited_count + 1 WHERE id = $1`, [target.keyId]);
  } else if (outcome.kind === "exhausted_daily") {
    // Quotas are per project: every key of it is out until the reset, not only the one that was told.
    const until = new Date(outcome.until);
    await db.query(`UPDATE gemini_projects SET exhausted_until = greatest(exhausted_until, $2), exhausted_reason = $3 WHERE id = $1`, [target.project, until, outcome.reason.slice(0, 500)]);
    await db.query(
      `UPDATE gemini_keys SET state = 'exhausted', exhausted_until = greatest(exhausted_until, $2), state_reason = 'Daily quota used up',
         rate_limited_count = rate_limited_count + CASE WHEN id = $3 THEN 1 ELSE 0 END
       WHERE project_id = $1 AND state NOT IN ('invalid', 'disabled')`,
      [target.project, until, target.keyId],
    );
  } else if (outcome.kind === "invalid") {
    await db.query(`UPDATE gemini_keys SET state = 'invalid', state_reason = $2, failure_count = failure_count + 1 WHERE id = $1`, [target.keyId, outcome.reason.slice(0, 500)]);
  } else {
    await db.query(`UPDATE gemini_keys SET failure_count = failure_count + 1, success_ewma = success_ewma * 0.9 WHERE id = $1`, [target.keyId]);
  }
}
