import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { inTransaction } from "../db/in-transaction";
import { refreshParentStatusIn } from "./finalize-batch";
import { emitBatchEvent } from "../webhooks/emit-batch-event";

/**
 * The batch pauses itself, once, with what a person must change (every image would meet the same refusal: a model Google
 * does not offer, the budget reached). Queued images are taken back from the job queue as a person's pause does; a
 * second image meeting the same refusal finds the batch paused and only goes back to the queue.
 */
export async function pauseBatchBecause(db: PrismaClient, batchId: string, reason: { code: string; message: string }): Promise<"paused" | "not_running"> {
  // The pause, its parent's status and the batch.paused event commit together.
  const rows = await inTransaction(poolOf(db), async (tx) => {
    const { rows: paused } = await tx.query<{ parent_batch_id: string | null }>(sql`
      UPDATE batches SET status = 'paused', pause_code = ${reason.code}, pause_reason = ${reason.message.slice(0, 2000)}
      WHERE id = ${batchId}::uuid AND status IN ('queued', 'running') RETURNING parent_batch_id`);
    if (paused[0]?.parent_batch_id) await refreshParentStatusIn(tx, paused[0].parent_batch_id);
    if (paused.length) await emitBatchEvent(tx, "batch.paused", batchId);
    return paused;
  });
  // Paused now or before: its queued images (this one too) wait undispatched for the resume.
  const { rows: undispatched } = await poolOf(db).query(sql`
    UPDATE images SET dispatched_at = NULL WHERE batch_id = ${batchId}::uuid AND status = 'queued' AND dispatched_at IS NOT NULL
      AND EXISTS (SELECT 1 FROM batches WHERE id = ${batchId}::uuid AND status = 'paused') RETURNING 1`);
  if (rows.length) return "paused";
  const { rows: current } = await poolOf(db).query<{ status: string }>(sql`SELECT status FROM batches WHERE id = ${batchId}::uuid`);
  return current[0]?.status === "paused" || undispatched.length ? "paused" : "not_running";
}
