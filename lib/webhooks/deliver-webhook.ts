import type pg from "pg";
import { sql } from "../db/sql";
import { decryptSecret } from "../gemini/key-crypto";
import { postWebhook } from "./post-webhook";
import type { WebhookSettings } from "./schemas";
import { signWebhook } from "./sign-webhook";

/** Retries go on for at least this long after the event (then the delivery is failed; it can still be redelivered). */
export const RETRY_FOR_MS = 24 * 60 * 60 * 1000;
const MAX_DELAY_MS = 6 * 60 * 60 * 1000;

/** The wait before attempt n + 1 after n failed ones: the base, doubling, at most 6 h. */
export const retryDelayMs = (attempts: number, baseMs: number) => Math.min(baseMs * 2 ** Math.max(0, attempts - 1), MAX_DELAY_MS);

interface Claimed {
  id: string;
  payload: string;
  attempts: number;
  created_at: Date;
  url: string;
  sealed_secret: string;
  enabled: boolean;
}

export type DeliveryResult = { outcome: "skipped" } | { outcome: "succeeded" | "failed" | "disabled" } | { outcome: "retry"; nextAttemptAt: Date };

/**
 * One attempt of a delivery, if it is due: claimed with a lease (so two jobs for it never post at once, and a worker killed
 * mid-post leaves a lease that runs out), posted, logged, then succeeded, scheduled again, or failed after a day. A job that
 * finds nothing due does nothing, so delivering the same job twice is harmless.
 */
export async function deliverWebhook(pool: pg.Pool, deliveryId: string, settings: WebhookSettings, now = () => new Date()): Promise<DeliveryResult> {
  const leaseMs = settings.timeoutMs + 5_000;
  const { rows } = await pool.query<Claimed>(sql`
    UPDATE webhook_deliveries d SET status = 'delivering', attempts = d.attempts + 1, lease_until = now() + make_interval(secs => ${leaseMs / 1000})
    FROM webhook_endpoints e
    WHERE d.id = ${deliveryId} AND e.id = d.endpoint_id
      AND ((d.status = 'pending' AND d.next_attempt_at <= now()) OR (d.status = 'delivering' AND d.lease_until < now()))
    RETURNING d.id, d.payload, d.attempts, d.created_at, e.url, e.sealed_secret, e.enabled`);
  const claimed = rows[0];
  if (!claimed) return { outcome: "skipped" };
  if (!claimed.enabled) {
    await pool.query(sql`UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL, attempts = attempts - 1, finished_at = now() WHERE id = ${deliveryId}`);
    await logAttempt(pool, claimed, { statusCode: null, responseExcerpt: null, error: "Not sent: the endpoint is disabled.", durationMs: 0 });
    return { outcome: "disabled" };
  }
  const secret = decryptSecret(settings.authSecret, claimed.sealed_secret);
  const posted = await postWebhook(claimed.url, signWebhook(secret, claimed.id, claimed.payload, now()), claimed.payload, settings);
  await logAttempt(pool, claimed, posted);
  const ok = posted.statusCode !== null && posted.statusCode >= 200 && posted.statusCode < 300;
  if (ok) {
    await pool.query(sql`UPDATE webhook_deliveries SET status = 'succeeded', lease_until = NULL, last_status_code = ${posted.statusCode}, finished_at = now() WHERE id = ${deliveryId}`);
    return { outcome: "succeeded" };
  }
  if (now().getTime() - claimed.created_at.getTime() >= RETRY_FOR_MS) {
    await pool.query(sql`UPDATE webhook_deliveries SET status = 'failed', lease_until = NULL, last_status_code = ${posted.statusCode}, finished_at = now() WHERE id = ${deliveryId}`);
    return { outcome: "failed" };
  }
  const nextAttemptAt = new Date(now().getTime() + retryDelayMs(claimed.attempts, settings.retryBaseMs));
  // The job engine gets a delayed job for the retry (the caller enqueues it); the tick hands it again a minute after
  // nextAttemptAt if that job was lost.
  await pool.query(sql`
    UPDATE webhook_deliveries SET status = 'pending', lease_until = NULL, last_status_code = ${posted.statusCode}, next_attempt_at = ${nextAttemptAt},
      enqueued_at = ${nextAttemptAt} WHERE id = ${deliveryId}`);
  return { outcome: "retry", nextAttemptAt };
}

async function logAttempt(pool: pg.Pool, claimed: Claimed, posted: { statusCode: number | null; responseExcerpt: string | null; error: string | null; durationMs: number }) {
  await pool.query(sql`
    INSERT INTO webhook_attempts (delivery_id, attempt_no, status_code, response_excerpt, error, duration_ms)
    VALUES (${claimed.id}, ${claimed.attempts}, ${posted.statusCode}::int, ${posted.responseExcerpt}, ${posted.error}, ${posted.durationMs})`);
}
