import type { PrismaClient } from "../db/generated/client";
import { poolOf, sql } from "../db/sql";
import { notFound } from "../errors";
import { requestRemoteCancel } from "../execution/gemini-batch/cancel-job";
import { refreshParentStatus } from "../orchestration/finalize-batch";
import { createTask } from "../tasks/create-task";
import { runTask } from "../tasks/run-task";
import type { TaskStep } from "../tasks/task-types";

/** What deleting needs of storage (local disk or S3): removing a file by its key. */
export interface DeletableStorage {
  delete(sha256: string): Promise<void>;
}

const IMAGES_PER_STEP = 5000;
const FILES_PER_STEP = 500;

/**
 * Begins deleting a batch (a parent with its parts): in one short statement it leaves every list and stops (its running
 * parts are cancelled, so no image of it is claimed again); a task then removes its images, stored files and rows in
 * chunks (deleteBatchStep). A batch already being deleted answers its task. Returns the task's id.
 */
export async function beginBatchDelete(db: PrismaClient, batchId: string, createdById: string | null = null): Promise<string> {
  const pool = poolOf(db);
  const { rows } = await pool.query<{ id: string; parent_batch_id: string | null; total_images: number; deleted: boolean }>(sql`
    WITH family AS (
      SELECT id, parent_batch_id, total_images, deleted_at IS NOT NULL AS deleted FROM batches WHERE id = ${batchId}::uuid OR parent_batch_id = ${batchId}::uuid
    ), marked AS (
      UPDATE batches b SET deleted_at = coalesce(b.deleted_at, now()),
        status = CASE WHEN b.status IN ('queued', 'running', 'paused') THEN 'cancelled'::"BatchStatus" ELSE b.status END,
        finished_at = coalesce(b.finished_at, now())
      FROM family WHERE b.id = family.id
    )
    SELECT id::text, parent_batch_id::text, total_images, deleted FROM family ORDER BY parent_batch_id NULLS LAST, id`);
  const self = rows.find((row) => row.id === batchId);
  if (!self) throw notFound("That batch");
  if (self.deleted) {
    const existing = await db.task.findFirst({ where: { kind: "batch.delete", targetId: batchId }, orderBy: { createdAt: "desc" }, select: { id: true } });
    if (existing) return existing.id;
  }
  // Parts first, the parent last: a part's rows never outlive the parent's.
  const ids = rows.map((row) => row.id);
  // Remote Batch API jobs are cancelled and their files deleted by the engine, which keeps their rows after the batch goes.
  await requestRemoteCancel(db, ids);
  const total = rows.filter((row) => row.id !== batchId || rows.length === 1).reduce((sum, row) => sum + row.total_images, 0);
  return createTask(db, { kind: "batch.delete", target: { type: "batch", id: batchId }, params: { batchIds: ids, parentBatchId: self.parent_batch_id }, progressTotal: total, createdById });
}

/**
 * One step of a delete: the next few thousand images of one batch (their stored files noted in the same statement), then
 * the stored files no other image uses, then the batches' rows. Each step stands alone; a crash repeats at most one.
 */
export function deleteBatchStep(db: PrismaClient, storage: DeletableStorage): TaskStep {
  const pool = poolOf(db);
  return async (task) => {
    const batchIds = task.params.batchIds as string[];
    const state = { phase: "images", index: 0, deletedFiles: 0, ...task.state } as { phase: "images" | "files" | "rows"; index: number; deletedFiles: number };
    if (state.phase === "images") {
      const batchId = batchIds[state.index];
      if (batchId === undefined) return { done: false, state: { ...state, phase: "files" } };
      const { rows } = await pool.query<{ n: number }>(sql`
        WITH doomed AS (
          SELECT id FROM images WHERE batch_id = ${batchId}::uuid ORDER BY id LIMIT ${IMAGES_PER_STEP}
        ), gone AS (
          DELETE FROM images i USING doomed WHERE i.id = doomed.id RETURNING i.sha256
        ), noted AS (
          INSERT INTO task_files (task_id, sha256) SELECT DISTINCT ${task.id}::uuid, sha256 FROM gone WHERE sha256 IS NOT NULL ON CONFLICT DO NOTHING
        )
        SELECT count(*)::int AS n FROM gone`);
      const deleted = rows[0].n;
      return { done: false, progress: deleted, state: deleted < IMAGES_PER_STEP ? { ...state, index: state.index + 1 } : state };
    }
    if (state.phase === "files") {
      const { rows } = await pool.query<{ sha256: string; used: boolean }>(sql`
        SELECT f.sha256, EXISTS (SELECT 1 FROM images i WHERE i.sha256 = f.sha256) AS used
        FROM task_files f WHERE f.task_id = ${task.id}::uuid ORDER BY f.sha256 LIMIT ${FILES_PER_STEP}`);
      const orphaned = rows.filter((row) => !row.used).map((row) => row.sha256);
      for (const sha256 of orphaned) await storage.delete(sha256);
      await pool.query(sql`DELETE FROM task_files WHERE task_id = ${task.id}::uuid AND sha256 = ANY(${rows.map((row) => row.sha256)}::text[])`);
      const next = { ...state, deletedFiles: state.deletedFiles + orphaned.length };
      return { done: false, state: rows.length < FILES_PER_STEP ? { ...next, phase: "rows" } : next };
    }
    await pool.query(sql`DELETE FROM batches WHERE id = ANY(${batchIds}::uuid[])`);
    const parentId = task.params.parentBatchId as string | null;
    if (parentId) await refreshParentStatus(db, parentId);
    return { done: true, result: { deletedBatches: batchIds.length, deletedFiles: state.deletedFiles } };
  };
}

/** Deletes a batch completely before returning (scripts and tests; the API answers at once and lets a job finish it). */
export async function deleteBatch(db: PrismaClient, storage: DeletableStorage, batchId: string) {
  const taskId = await beginBatchDelete(db, batchId);
  const outcome = await runTask(db, { "batch.delete": deleteBatchStep(db, storage) }, taskId, { workerId: `inline-${process.pid}`, leaseSeconds: 60 });
  const task = await db.task.findUniqueOrThrow({ where: { id: taskId }, select: { result: true, errorMessage: true } });
  if (outcome !== "succeeded") throw new Error(`The delete did not finish: ${task.errorMessage ?? outcome}`);
  return task.result as { deletedBatches: number; deletedFiles: number };
}
