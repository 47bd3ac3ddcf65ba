import type { PrismaClient } from "../db/generated/client";
import { LoupeError, notFound } from "../errors";
import { getBatchProgressWithParts, type BatchProgress } from "./get-batch-progress";

/** A batch's family: its parent (when it is a part, or is itself the parent) and every part of it, in order. */
export async function getRelatedBatches(db: PrismaClient, batchId: string) {
  const batch = await db.batch.findUnique({ where: { id: batchId }, select: { id: true, kind: true, parentBatchId: true } });
  if (!batch) throw notFound("That batch");
  const parentId = batch.kind === "parent" ? batch.id : batch.parentBatchId;
  if (!parentId) return { batchId, parent: null, parts: [] };
  const [parent, parts] = await Promise.all([
    db.batch.findUniqueOrThrow({ where: { id: parentId }, select: { id: true, name: true, status: true, totalParts: true, createdAt: true } }),
    db.batch.findMany({
      where: { parentBatchId: parentId },
      orderBy: { sequence: "asc" },
      select: { id: true, name: true, sequence: true, status: true, totalImages: true, succeededCount: true, failedCount: true, cancelledCount: true, queuedCount: true, processingCount: true },
    }),
  ]);
  return { batchId, parent, parts };
}

/** A parent's aggregated progress with each part's own; 404 for an unknown id, 400 for a batch that is not a parent. */
export async function getParentStatus(db: PrismaClient, parentId: string): Promise<BatchProgress & { parts: BatchProgress[] }> {
  const progress = await getBatchProgressWithParts(db, parentId);
  if (progress.kind !== "parent") throw new LoupeError(400, "not_a_parent", "That batch is not the parent of a split CSV; use GET /api/v1/batches/{id} for its progress.");
  return progress;
}
