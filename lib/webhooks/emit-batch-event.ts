import type pg from "pg";
import { trySavepoint } from "../db/in-transaction";
import { sql } from "../db/sql";
import { logger } from "../log/logger";
import { emitWebhookEvent } from "./emit-webhook-event";
import type { WebhookEventType } from "./schemas";

interface BatchRow {
  id: string;
  name: string;
  kind: string;
  status: string;
  parent_batch_id: string | null;
  total_images: number;
  succeeded: number;
  failed: number;
  cancelled: number;
  cost_micros: string;
  pause_code: string | null;
  pause_reason: string | null;
  started_at: string | null;
  finished_at: string | null;
}

const EXPORT_FORMATS = ["csv", "json", "jsonl", "xlsx"] as const;

/** Where a batch's results download (absolute when PUBLIC_URL is set). */
function exportLinks(batchId: string) {
  const base = (process.env.PUBLIC_URL ?? "").replace(/\/$/, "");
  return Object.fromEntries(EXPORT_FORMATS.map((format) => [format, `${base}/api/v1/batches/${batchId}/export?format=${format}`]));
}

/**
 * A batch event with the batch as it is now: id, name, kind, status, parent, counts, cost, pause reason, times. A batch
 * (or a split upload's parent) that finished also announces export.ready with its download links. Recorded inside the
 * transaction (`tx`) that changed the batch's status, so both commit or neither does. Never throws.
 */
export async function emitBatchEvent(tx: pg.ClientBase, type: Extract<WebhookEventType, "batch.completed" | "batch.cancelled" | "batch.paused" | "parent.completed">, batchId: string) {
  await trySavepoint(tx, () => recordBatchEvent(tx, type, batchId), (error) => logger().error({ err: (error as Error).message, type, batchId }, "could not record a batch webhook event"));
}

async function recordBatchEvent(tx: pg.ClientBase, type: Parameters<typeof emitBatchEvent>[1], batchId: string) {
  const { rows } = await tx.query<BatchRow>(sql`
    SELECT id::text, name, kind::text, status::text, parent_batch_id::text, total_images, succeeded_count AS succeeded, failed_count AS failed,
           cancelled_count AS cancelled, cost_micros::text, pause_code, pause_reason,
           to_char(started_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS started_at,
           to_char(finished_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS finished_at
    FROM batches WHERE id = ${batchId}::uuid`);
  const batch = rows[0];
  if (!batch) return;
  const { cost_micros, ...rest } = batch;
  const data = { batch_id: batch.id, ...rest, cost_usd: Number(cost_micros) / 1_000_000 };
  await emitWebhookEvent(tx, type, data);
  const finishedWhole = (type === "batch.completed" && batch.kind !== "part") || type === "parent.completed";
  if (finishedWhole) await emitWebhookEvent(tx, "export.ready", { batch_id: batch.id, name: batch.name, status: batch.status, total_images: batch.total_images, exports: exportLinks(batch.id) });
}
