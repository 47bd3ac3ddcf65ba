import { randomBytes } from "node:crypto";
import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { logger } from "../log/logger";
import type { WebhookEventType } from "./schemas";

/**
 * Records one event as a delivery for every enabled endpoint subscribed to it, in one statement; the worker's tick hands
 * new deliveries to the job engine. Each delivery has its own id (the webhook-id) and the exact body it will sign and send:
 * `{ type, timestamp, data }`. Never throws: a webhook must not stop a batch from finishing.
 */
export async function emitWebhookEvent(db: PrismaClient, type: WebhookEventType, data: Record<string, unknown>, at = new Date()) {
  try {
    const body = JSON.stringify({ type, timestamp: at.toISOString(), data });
    const { rowCount } = await poolOf(db).query(sql`
      INSERT INTO webhook_deliveries (id, endpoint_id, event_type, payload)
      SELECT 'msg_' || ${randomBytes(8).toString("hex")} || replace(e.id::text, '-', ''), e.id, ${type}, ${body}
      FROM webhook_endpoints e WHERE e.enabled AND ${type} = ANY(e.events)`);
    return rowCount ?? 0;
  } catch (error) {
    logger().error({ err: (error as Error).message, type }, "could not record a webhook event");
    return 0;
  }
}
