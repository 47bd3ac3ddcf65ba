import type { PrismaClient } from "../db/generated/client";
import { inTransaction } from "../db/in-transaction";
import { poolOf, sql } from "../db/sql";
import { conflict, notFound } from "../errors";
import type { JobEngine } from "../jobs/definitions";
import { dispatchBatch } from "../orchestration/dispatch-batch";
import { finalizeBatch, refreshParentStatus, refreshParentStatusIn } from "../orchestration/finalize-batch";
import { requestRemoteCancel } from "../execution/gemini-batch/cancel-job";
import { cancelQueuedImages } from "../orchestration/cancel-queued-images";
import { createTask } from "../tasks/create-task";
import { runTask } from "../tasks/run-task";
import type { TaskStep } from "../tasks/task-types";

import { emitBatchEvent } from "../webhooks/emit-batch-event";

const IMAGES_PER_STEP = 5000;

/** The batches a control acts on: the batch itself, or all parts of a parent. */
async function targetIds(db: PrismaClient, batchId: string): Promise<{ ids: string[]; parentId: string | null }> {
  const batch = await db.batch.findUnique({ where: { id: batchId, deletedAt: null }, select: { kind: true, parentBatchId: true } });
  if (!batch) throw notFound("That batch");
  if (batch.kind !== "parent") return { ids: [batchId], parentId: batch.parentBatchId };
  const parts = await db.batch.findMany({ where: { parentBatchId: batchId }, select: { id: true }, orderBy: { sequence: "asc" } });
  return { ids: parts.map((part) => part.id), parentId: batchId };
}

/** Pause: no new image starts; images already processing finish. Queued images are taken back from the job queue. */
export async function pauseBatch(db: PrismaClient, batchId: string) {
  const { ids, parentId } = await targetIds(db, batchId);
  // The pause, the parent's status and the batch.paused event commit together.
  await inTransaction(poolOf(db), async (tx) => {
    const { rowCount } = await tx.query(sql`UPDATE batches SET status = 'paused' WHERE id = ANY(${ids}::uuid[]) AND status IN ('queued', 'running')`);
    if (!rowCount) throw conflict("batch_not_running", "Only a queued or running batch can be paused.");
    if (parentId) await refreshParentStatusIn(tx, parentId);
    await emitBatchEvent(tx, "batch.paused", batchId);
  });
  await db.$executeRaw`UPDATE images SET dispatched_at = NULL WHERE batch_id = ANY(${ids}::uuid[]) AND status = 'queued' AND dispatched_at IS NOT NULL`;
  // Images at Google in Batch API jobs come back too: their jobs are cancelled there (a resume submits new ones).
  await requestRemoteCancel(db, ids);
}

export async function resumeBatch(db: PrismaClient, jobs: JobEngine, batchId: string, dispatchWindow: number) {
  const { ids, parentId } = await targetIds(db, batchId);
  const changed = await db.$executeRaw`UPDATE batches SET status = 'running', finished_at = NULL, pause_code = NULL, pause_reason = NULL, recent_outcomes = '' WHERE id = ANY(${ids}::uuid[]) AND status = 'paused'`;
  if (changed === 0) throw conflict("batch_not_paused", "Only a paused batch can be resumed.");
  if (parentId) await refreshParentStatus(db, parentId);
  for (const id of ids) {
    await dispatchBatch(db, jobs, id, dispatchWindow);
    await finalizeBatch(db, id);
  }
}

/**
 * Begins a cancel: the batch (a parent: every part) is cancelled in one short statement, so no image of it starts again;
 * a task then cancels its queued images a chunk at a time (cancelBatchStep). Returns the task's id.
 */
export async function beginBatchCancel(db: PrismaClient, batchId: string, createdById: string | null = null): Promise<string> {
  const { ids, parentId } = await targetIds(db, batchId);
  // The cancel, the parent's status and the batch.cancelled event commit together.
  const cancelled = await inTransaction(poolOf(db), async (tx) => {
    const { rows } = await tx.query<{ queued: number }>(sql`
      UPDATE batches SET status = 'cancelled', finished_at = now() WHERE id = ANY(${ids}::uuid[]) AND status IN ('queued', 'running', 'paused') RETURNING queued_count AS queued`);
    if (rows.length === 0) throw conflict("batch_finished", "This batch has already finished or been cancelled.");
    if (parentId) await refreshParentStatusIn(tx, parentId);
    await emitBatchEvent(tx, "batch.cancelled", batchId);
    return rows;
  });
  // Batch API jobs are cancelled at Google; their images are cancelled once back (lib/execution/gemini-batch/cancel-job.ts).
  await requestRemoteCancel(db, ids);
  const total = cancelled.reduce((sum, row) => sum + row.queued, 0);
  return createTask(db, { kind: "batch.cancel", target: { type: "batch", id: batchId }, params: { batchIds: ids }, progressTotal: total, createdById });
}

/** One step of a cancel: the next few thousand queued images of the cancelled batches become cancelled. */
export function cancelBatchStep(db: PrismaClient): TaskStep {
  return async (task) => {
    const batchIds = task.params.batchIds as string[];
    const cancelled = await cancelQueuedImages(db, batchIds, IMAGES_PER_STEP);
    if (cancelled > 0) return { done: false, progress: cancelled };
    return { done: true, result: { batchId: task.targetId } };
  };
}

/** Cancel: queued images become cancelled, finished results are kept; images in flight finish and are kept too. */
export async function cancelBatch(db: PrismaClient, batchId: string) {
  const taskId = await beginBatchCancel(db, batchId);
  await runTask(db, { "batch.cancel": cancelBatchStep(db) }, taskId, { workerId: `inline-${process.pid}`, leaseSeconds: 60 });
}
