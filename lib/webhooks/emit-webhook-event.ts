import { randomBytes } from "node:crypto";
import type pg from "pg";
import { trySavepoint } from "../db/in-transaction";
import { sql } from "../db/sql";
import { logger } from "../log/logger";
import type { WebhookEventType } from "./schemas";

/**
 * Records one event as a delivery for every enabled endpoint subscribed to it, in one statement, inside the caller's
 * transaction (`tx`): the change it announces and the event commit together, so a crash between them cannot lose it. The
 * worker's tick hands new deliveries to the job engine. Each delivery has its own id (the webhook-id) and the exact body it
 * will sign and send: `{ type, timestamp, data }`. Never throws, and a failure leaves the transaction usable: a webhook
 * must not stop a batch from finishing.
 */
export async function emitWebhookEvent(tx: pg.ClientBase, type: WebhookEventType, data: Record<string, unknown>, at = new Date()) {
  let recorded = 0;
  await trySavepoint(
    tx,
    async () => {
      const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
      const { rowCount } = await tx.query(sql`
        INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
        SELECT 'msg_' || ${randomBytes(8).toString("hex")} || replace(e.id::text, '-', ''), e.id, ${type}, ${body}
        FROM webhook_endpoints e WHERE e.enabled AND ${type} = ANY(e.events)`);
      recorded = rowCount ?? 0;
    },
    (error) => logger().error({ err: (error as Error).message, type }, "could not record a webhook event"),
  );
  return recorded;
}
