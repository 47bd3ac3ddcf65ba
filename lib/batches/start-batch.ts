import type { PrismaClient } from "../db/generated/client";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { finalizeBatch, refreshParentStatus } from "../orchestration/finalize-batch";

/**
 * queued → running, then hand the first window of images to the job engine (a number, or each batch's fair share of
 * the worker's window: lib/orchestration/fair-windows.ts). A parent starts all its parts.
 */
export async function startBatch(db: PrismaClient, jobs: JobEngine, batchId: string, dispatchWindow: number | ((batchId: string) => Promise<number>)) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { kind: true, parentBatchId: true } });
  if (!batch) return;
  if (batch.kind === "parent") {
    const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
    for (const part of parts) await startBatch(db, jobs, part.id, dispatchWindow);
    return;
  }
  await markBatchRunning(db, batchId, batch.parentBatchId);
  await dispatchBatch(db, jobs, batchId, typeof dispatchWindow === "number" ? dispatchWindow : await dispatchWindow(batchId));
  await finalizeBatch(db, batchId); // an empty batch finishes at once
}

/** queued → running (and the parent's status follows). */
export async function markBatchRunning(db: PrismaClient, batchId: string, parentBatchId: string | null) {
  await db.$executeRaw`UPDATE batches SET status = 'running', started_at = coalesce(started_at, now()) WHERE id = ${batchId}::uuid AND status = 'queued'`;
  if (parentBatchId) await refreshParentStatus(db, parentBatchId);
}
